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
 * Every operation of every API through the typed Kotlin surface, from the shared table of steps
 * (tests/fixtures/every_operation.json, wire names): each step's input is built as the
 * operation's generated class (nested records, enums, unions, lists, maps, JsonObject), the
 * suspend method of its tag's object is called, the result must be the documented model class
 * (a union's: one of its known cases) and hold the values the step expects. Reflection only walks
 * the table; what is called is the generated code a user calls.
 */
class EveryOperationTest {
    private val steps = Json.parseToJsonElement(File("../tests/fixtures/every_operation.json").readText())
        .jsonObject.getValue("steps").jsonArray.map { it.jsonObject }
    private val table = operationTable().associateBy { it.api to it.name }

    private fun camel(wire: String) =
        wire.split('_', '-').filter { it.isNotEmpty() }
            .mapIndexed { i, p -> if (i == 0) p.replaceFirstChar(Char::lowercase) else p.replaceFirstChar(Char::uppercase) }
            .joinToString("")

    private fun pascal(wire: String) = camel(wire).replaceFirstChar(Char::uppercase)

    private fun squash(s: String) = s.lowercase().filter { it.isLetterOrDigit() }

    /** A string enum's sealed class has an object per value; a union's has a data class per case. */
    private fun isStringEnum(cls: KClass<*>) = cls.sealedSubclasses.any { it.objectInstance != null }

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
            cls == Map::class -> json.jsonObject.mapValues { (k, v) -> build(v, type.arguments[1].type!!, "$where.$k") }
            cls.isSealed && isStringEnum(cls) -> {
                // A string enum: the variant whose name is the wire value's (SAML → Saml).
                val wire = json.jsonPrimitive.content
                val variant = cls.sealedSubclasses.firstOrNull { it.objectInstance != null && squash(it.simpleName!!) == squash(wire) }
                assertNotNull(variant, "$where: no variant of ${cls.simpleName} for \"$wire\"")
                variant!!.objectInstance
            }
            cls.isSealed -> {
                // A union: the case its discriminator names (tiered_usage → TieredUsage), holding the case's record.
                val kind = json.jsonObject.getValue("type").jsonPrimitive.content
                val case = cls.sealedSubclasses.firstOrNull { it.simpleName == pascal(kind) }
                assertNotNull(case, "$where: no case of ${cls.simpleName} for \"$kind\"")
                val ctor = case!!.primaryConstructor!!
                ctor.call(build(json, ctor.parameters.single().type, where))
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

    private fun resolve(json: JsonElement, saved: Map<String, JsonElement>): JsonElement = when (json) {
        is JsonPrimitive -> if (json.isString && json.content.startsWith("$")) saved.getValue(json.content.drop(1)) else json
        is JsonObject -> JsonObject(json.mapValues { resolve(it.value, saved) })
        is JsonArray -> JsonArray(json.map { resolve(it, saved) })
    }

    /** A union's case stands for the record it holds. */
    private fun unwrap(value: Any?): Any? {
        if (value == null) return null
        val sealed = value::class.supertypes.mapNotNull { it.classifier as? KClass<*> }.firstOrNull { it.isSealed }
        if (sealed == null || isStringEnum(sealed)) return value
        return value::class.memberProperties.singleOrNull()?.getter?.call(value) ?: value
    }

    private fun property(value: Any, wire: String): Any? {
        val v = unwrap(value)!!
        val prop = v::class.memberProperties.firstOrNull { it.name == camel(wire) }
        assertNotNull(prop, "${v::class.simpleName} has no field $wire")
        return prop!!.getter.call(v)
    }

    /** The value at a dotted path of wire names (`credentials.access_token`, `tiers.1.inf`). */
    private fun dig(result: Any, path: String): Any? =
        path.split('.').fold(result as Any?) { value, part ->
            when (value) {
                is List<*> -> value[part.toInt()]
                is Map<*, *> -> value[part]
                is JsonObject -> value[part]
                null -> error("nothing at $path")
                else -> property(value, part)
            }
        }

    /** Whether a Kotlin value is the JSON value: objects and lists whole, fields the JSON leaves out null. */
    private fun matches(value: Any?, json: JsonElement): Boolean {
        val v = unwrap(value)
        if (v is JsonElement) return v == json // free-form JSON: compared as it came
        return when (json) {
            is JsonNull -> v == null
            is JsonPrimitive -> when {
                v == null -> false
                json.isString -> if (v is String) v == json.content else squash(v::class.simpleName ?: "") == squash(json.content)
                v is Boolean -> json.content == v.toString()
                v is Number -> json.content.toDoubleOrNull() == v.toDouble()
                else -> json.content == v.toString()
            }
            is JsonArray -> v is List<*> && v.size == json.size && v.indices.all { matches(v[it], json[it]) }
            is JsonObject -> when (v) {
                is JsonObject -> v == json
                is Map<*, *> -> v.keys == json.keys && json.all { (k, e) -> matches(v[k], e) }
                null -> false
                else -> {
                    val props = v::class.memberProperties.associateBy { it.name }
                    val named = json.keys.map(::camel).toSet()
                    json.all { (k, e) -> props[camel(k)]?.let { matches(it.getter.call(v), e) } ?: false } &&
                        props.filterKeys { it !in named }.values.all { it.getter.call(v) == null }
                }
            }
        }
    }

    /** A saved value, as JSON for later steps' `$name`. */
    private fun json(value: Any?): JsonElement = when (val v = unwrap(value)) {
        null -> JsonNull
        is String -> JsonPrimitive(v)
        is Number -> JsonPrimitive(v)
        is Boolean -> JsonPrimitive(v)
        else -> error("cannot save a ${v::class.simpleName}")
    }

    private suspend fun call(client: Client, api: String, op: String, pathArgs: List<String>, input: JsonObject?): Any? {
        val entry = table.getValue(api to op)
        val apiObject = Client::class.memberFunctions.first { it.name == camel(api) }.call(client)!!
        val group = apiObject::class.memberFunctions.first { it.name == camel(entry.accessor) }.call(apiObject)!!
        val method = group::class.memberFunctions.first { it.name == camel(op) }
        val params = method.parameters.drop(1 + pathArgs.size) // the receiver, the path parameters
        // A path parameter the spec types as an integer is a Long.
        val path = method.parameters.drop(1).take(pathArgs.size).zip(pathArgs).map { (p, text) ->
            if (p.type.classifier == Long::class) text.toLong() else text
        }
        val rest = when {
            params.isEmpty() -> emptyList()
            else -> listOf(build(input ?: JsonObject(emptyMap()), params.single().type, "$api.$op"))
        }
        return try {
            method.callSuspend(group, *path.toTypedArray(), *rest.toTypedArray())
        } catch (e: InvocationTargetException) {
            throw e.targetException
        }
    }

    /**
     * The class a step's `returns` names: Auth's by its name, another API's as its alias in
     * io.saasus.<api> names it (so the aliases a user imports are checked too).
     */
    private fun expectedClass(api: String, returns: String): String {
        if (api == "auth") return returns
        val aliases = File("src/main/kotlin/io/saasus/$api/${pascal(api)}.kt").readText()
        val target = Regex("""^typealias $returns = ([\w.]+)$""", RegexOption.MULTILINE).find(aliases)
        assertNotNull(target, "io.saasus.$api has no alias $returns")
        return target!!.groupValues[1].substringAfterLast('.')
    }

    @Test
    fun theTableCoversEveryOperation() {
        assertEquals(table.keys, steps.map { it.getValue("api").jsonPrimitive.content to it.getValue("op").jsonPrimitive.content }.toSet())
        assertEquals(Specs.counts(), table.keys.groupingBy { it.first }.eachCount())
    }

    @Test
    fun everyOperationThroughTheTypedSurface() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            val saved = mutableMapOf<String, JsonElement>()
            val done = mutableListOf<Pair<String, String>>()
            for (step in steps) {
                val api = step.getValue("api").jsonPrimitive.content
                val op = step.getValue("op").jsonPrimitive.content
                val where = "$api.$op"
                val path = step["path"]?.let { resolve(it, saved) }?.jsonArray?.map { it.jsonPrimitive.content } ?: emptyList()
                val input = step["input"]?.let { resolve(it, saved) }?.jsonObject
                val error = step["error"]
                if (error != null) {
                    val e = runCatching { call(client, api, op, path, input) }.exceptionOrNull()
                    assertTrue(e is SaasusException.Api, "$where: expected an API error, got $e")
                    assertEquals(error.jsonPrimitive.int, (e as SaasusException.Api).status, where)
                    done += api to op
                    continue
                }
                val result = try {
                    call(client, api, op, path, input)
                } catch (e: SaasusException) {
                    throw AssertionError("$where failed: $e", e)
                }
                when (val returns = step.getValue("returns")) {
                    is JsonNull -> assertEquals(Unit, result ?: Unit, where)
                    else -> {
                        val expected = expectedClass(api, returns.jsonPrimitive.content)
                        val cls = result!!::class
                        val sealed = cls.supertypes.mapNotNull { it.classifier as? KClass<*> }.firstOrNull { it.isSealed }
                        if (sealed != null) {
                            // A union's answer: one of its known cases, never Unknown.
                            assertEquals(expected, sealed.simpleName, where)
                            assertTrue(cls.simpleName != "Unknown", "$where: an unknown case: $result")
                        } else {
                            assertEquals(expected, cls.simpleName, where)
                        }
                    }
                }
                step["expect"]?.jsonObject?.forEach { (p, value) ->
                    val want = resolve(value, saved)
                    val got = dig(result!!, p)
                    assertTrue(matches(got, want), "$where: $p is $got, expected $want")
                }
                step["save"]?.jsonObject?.forEach { (name, p) -> saved[name] = json(dig(result!!, p.jsonPrimitive.content)) }
                done += api to op
            }
            assertEquals(steps.size, done.size)
            assertEquals(table.keys, done.toSet())
            assertEquals(steps.flatMap { it["save"]?.jsonObject?.keys ?: emptySet() }.toSet(), saved.keys)
        }
    }
}
