package io.saasus

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.double
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import java.lang.reflect.InvocationTargetException
import kotlin.reflect.KClass
import kotlin.reflect.KType
import kotlin.reflect.full.callSuspend
import kotlin.reflect.full.memberFunctions
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor

/**
 * Every operation through the typed Kotlin surface, from the shared table of steps
 * (tests/fixtures/every_operation.json, wire names): each step's input is built as the
 * operation's generated data class (nested records, enums, lists, JsonObject), the suspend
 * method of its tag's object is called, and the result must be the documented model class.
 * Reflection only walks the table; what is called is the generated code a user calls.
 */
class EveryOperationTest {
    private val allSteps = Json.parseToJsonElement(File("../tests/fixtures/every_operation.json").readText())
        .jsonObject.getValue("steps").jsonArray.map { it.jsonObject }

    // Auth's steps only, until the Kotlin surface has the other APIs: those that use no value another API's step saved.
    private val foreign = allSteps.filter { it.getValue("api").jsonPrimitive.content != "auth" }.flatMap { it["save"]?.jsonObject?.keys ?: emptySet() }
    private val steps = allSteps.filter { s ->
        s.getValue("api").jsonPrimitive.content == "auth" && foreign.none { s.toString().contains("\"\$$it\"") }
    }
    private val table = operationTable().associateBy { it.name }

    private fun camel(wire: String) =
        wire.split('_', '-').filter { it.isNotEmpty() }
            .mapIndexed { i, p -> if (i == 0) p.replaceFirstChar(Char::lowercase) else p.replaceFirstChar(Char::uppercase) }
            .joinToString("")

    private fun squash(s: String) = s.lowercase().filter { it.isLetterOrDigit() }

    /** A JSON value of the table as the Kotlin type the generated code declares. */
    private fun build(json: JsonElement, type: KType, where: String): Any? {
        if (json is JsonNull) return null
        val cls = type.classifier as KClass<*>
        return when {
            cls == JsonObject::class -> json.jsonObject
            cls == String::class -> json.jsonPrimitive.content
            cls == Boolean::class -> json.jsonPrimitive.boolean
            cls == Int::class -> json.jsonPrimitive.int
            cls == Long::class -> json.jsonPrimitive.long
            cls == UInt::class -> json.jsonPrimitive.long.toUInt()
            cls == ULong::class -> json.jsonPrimitive.long.toULong()
            cls == Double::class -> json.jsonPrimitive.double
            cls == Float::class -> json.jsonPrimitive.double.toFloat()
            cls == List::class -> json.jsonArray.mapIndexed { i, e -> build(e, type.arguments[0].type!!, "$where[$i]") }
            cls.isSealed -> {
                // A string enum: the variant whose name is the wire value's (SAML → Saml).
                val wire = json.jsonPrimitive.content
                val variant = cls.sealedSubclasses.firstOrNull { it.objectInstance != null && squash(it.simpleName!!) == squash(wire) }
                assertNotNull(variant, "$where: no variant of ${cls.simpleName} for \"$wire\"")
                variant!!.objectInstance
            }
            cls.isData -> record(json.jsonObject, cls, where)
            else -> error("$where: no conversion to ${cls.qualifiedName}")
        }
    }

    private fun record(json: JsonObject, cls: KClass<*>, where: String): Any {
        val ctor = cls.primaryConstructor!!
        val byName = json.entries.associate { (k, v) -> camel(k) to (k to v) }
        val unknown = byName.keys - ctor.parameters.map { it.name }.toSet()
        assertTrue(unknown.isEmpty(), "$where: ${cls.simpleName} has no fields $unknown")
        val args = ctor.parameters.mapNotNull { p ->
            val given = byName[p.name]
            when {
                given != null -> p to build(given.second, p.type, "$where.${given.first}")
                p.isOptional -> null
                p.type.isMarkedNullable -> p to null
                else -> error("$where: ${cls.simpleName}.${p.name} is required and the table has no value")
            }
        }.toMap()
        return ctor.callBy(args)
    }

    private fun resolve(json: JsonElement, saved: Map<String, String>): JsonElement = when (json) {
        is JsonPrimitive -> if (json.isString && json.content.startsWith("$")) JsonPrimitive(saved.getValue(json.content.drop(1))) else json
        is JsonObject -> JsonObject(json.mapValues { resolve(it.value, saved) })
        is JsonArray -> JsonArray(json.map { resolve(it, saved) })
    }

    /** A dotted path of wire names into a result (`credentials.access_token`, `api_keys.1`). */
    private fun dig(result: Any, path: String): String =
        path.split('.').fold(result) { value, part ->
            if (part.all(Char::isDigit)) (value as List<*>)[part.toInt()]!!
            else value::class.memberProperties.first { it.name == camel(part) }.getter.call(value)!!
        }.toString()

    private suspend fun call(auth: Auth, op: String, pathArgs: List<String>, input: JsonObject?): Any? {
        val entry = table.getValue(op)
        val group = Auth::class.memberFunctions.first { it.name == camel(entry.accessor) }.call(auth)!!
        val method = group::class.memberFunctions.first { it.name == camel(op) }
        val params = method.parameters.drop(1 + pathArgs.size) // the receiver, the path parameters
        val rest = when {
            params.isEmpty() -> emptyList()
            else -> listOf(build(input ?: JsonObject(emptyMap()), params.single().type, op))
        }
        return try {
            method.callSuspend(group, *pathArgs.toTypedArray(), *rest.toTypedArray())
        } catch (e: InvocationTargetException) {
            throw e.targetException
        }
    }

    @Test
    fun theTableCoversEveryOperation() {
        assertEquals(table.keys, steps.map { it.getValue("op").jsonPrimitive.content }.toSet())
        assertEquals(102, table.size)
    }

    @Test
    fun everyOperationThroughTheTypedSurface() = Emulator().use { emu ->
        runBlocking {
            val auth = emu.client().auth()
            val saved = mutableMapOf<String, String>()
            val done = mutableListOf<String>()
            for (step in steps) {
                val op = step.getValue("op").jsonPrimitive.content
                val path = step["path"]?.let { resolve(it, saved) }?.jsonArray?.map { it.jsonPrimitive.content } ?: emptyList()
                val input = step["input"]?.let { resolve(it, saved) }?.jsonObject
                val error = step["error"]
                if (error != null) {
                    val e = runCatching { call(auth, op, path, input) }.exceptionOrNull()
                    assertTrue(e is SaasusException.Api, "$op: expected an API error, got $e")
                    assertEquals(error.jsonPrimitive.int, (e as SaasusException.Api).status, op)
                    done += op
                    continue
                }
                val result = try {
                    call(auth, op, path, input)
                } catch (e: SaasusException) {
                    throw AssertionError("$op failed: $e", e)
                }
                when (val returns = step.getValue("returns")) {
                    is JsonNull -> assertEquals(Unit, result ?: Unit, op)
                    else -> assertEquals(returns.jsonPrimitive.content, result!!::class.simpleName, op)
                }
                step["save"]?.jsonObject?.forEach { (name, p) -> saved[name] = dig(result!!, p.jsonPrimitive.content) }
                done += op
            }
            assertEquals(steps.size, done.size)
            assertEquals(table.keys, done.toSet())
            assertEquals(steps.flatMap { it["save"]?.jsonObject?.keys ?: emptySet() }.toSet(), saved.keys)
        }
    }
}
