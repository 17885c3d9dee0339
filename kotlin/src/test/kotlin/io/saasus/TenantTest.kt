package io.saasus

import io.saasus.models.CreateTenantParam
import io.saasus.models.TenantDetail
import io.saasus.models.UpdateTenantParam
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File

class TenantTest {
    private val attrs = JsonObject(mapOf("plan" to JsonPrimitive("gold"), "seats" to JsonPrimitive(5), "active" to JsonPrimitive(true)))

    @Test
    fun createListGetUpdateDelete() = Emulator().use { emu ->
        runBlocking {
            val tenants = emu.client().auth().tenant()
            assertTrue(tenants.getTenants().tenants.isEmpty())

            val created = tenants.createTenant(CreateTenantParam(name = "Acme", attributes = attrs, backOfficeStaffEmail = "ops@acme.example"))
            assertEquals("Acme", created.name)
            assertEquals("ops@acme.example", created.backOfficeStaffEmail)
            assertEquals(5, created.attributes.getValue("seats").jsonPrimitive.int)
            assertTrue(created.attributes.getValue("active").jsonPrimitive.boolean)
            assertNull(created.planId)

            assertEquals(listOf(created), tenants.getTenants().tenants)

            val detail: TenantDetail = tenants.getTenant(created.id)
            assertEquals(created.id, detail.id)
            assertEquals(attrs, detail.attributes)

            tenants.updateTenant(created.id, UpdateTenantParam(name = "Acme 2", attributes = JsonObject(emptyMap()), backOfficeStaffEmail = "new@acme.example"))
            assertEquals("Acme 2", tenants.getTenant(created.id).name)

            tenants.deleteTenant(created.id)
            val gone = assertThrows<SaasusException.Api> { runBlocking { tenants.getTenant(created.id) } }
            assertEquals(404, gone.status)
        }
    }

    @Test
    fun wrongSecretIsA401WithoutTheSecret() = Emulator().use { emu ->
        val client = emu.client(secret = "wrong-secret-value-1234")
        val e = assertThrows<SaasusException.Api> { runBlocking { client.auth().tenant().getTenants() } }
        assertEquals(401, e.status)
        assertEquals("invalid_signature", e.errorType)
        assertNotNull(e.traceId)
        for (text in listOf(e.toString(), e.message ?: "", client.toString())) {
            assertFalse(text.contains("wrong-secret-value-1234"), text)
            assertFalse(text.contains(emu.secretKey), text)
        }
    }

    @Test
    fun missingTenantIsA404WithTheTraceId() = Emulator().use { emu ->
        val e = assertThrows<SaasusException.Api> { runBlocking { emu.client().auth().tenant().getTenant("no-such-tenant") } }
        assertEquals(404, e.status)
        assertEquals("not_found", e.errorType)
        assertTrue(e.errorMessage.contains("no-such-tenant"))
        assertNotNull(e.traceId)
        val traced = emu.client().withContext(traceId = "trace-kt-1")
        val again = assertThrows<SaasusException.Api> { runBlocking { traced.auth().tenant().deleteTenant("no-such-tenant") } }
        assertEquals("trace-kt-1", again.traceId)
    }

    @Test
    fun badInputIsNamed() = Emulator().use { emu ->
        val e = assertThrows<SaasusException.InvalidArgument> { runBlocking { emu.client().auth().tenant().getTenant("") } }
        assertEquals("tenant_id", e.field)
        val c = assertThrows<SaasusException.Config> { Client("k", "s", "id", "ftp://nowhere") }
        assertEquals("base_url", c.field)
    }

    @Test
    fun concurrentCoroutinesShareOneClient() = Emulator().use { emu ->
        runBlocking {
            val tenants = emu.client().auth().tenant()
            val created = tenants.createTenant(CreateTenantParam(name = "Many", attributes = attrs, backOfficeStaffEmail = "a@example.com"))
            val results = (1..20).map { async { tenants.getTenant(created.id) } }.awaitAll()
            assertEquals(20, results.size)
            assertTrue(results.all { it.id == created.id })
        }
    }

    @Test
    fun everyOperationIsGenerated() {
        // The generated Kotlin declares a suspend function for every operation of the core's table.
        val generated = File("src/main/kotlin/io/saasus/saasus_uniffi.kt").readText()
        val missing = operationNames().filter { name ->
            val camel = name.split("_").mapIndexed { i, p -> if (i == 0) p else p.replaceFirstChar(Char::uppercase) }.joinToString("")
            !generated.contains("suspend fun `$camel`(")
        }
        assertEquals(102, operationNames().size)
        assertTrue(missing.isEmpty(), "operations missing from the Kotlin binding: $missing")
    }

    @Test
    fun versionIsTheWorkspaces() {
        val cargo = File(System.getProperty("saasus.version.cargo")).readText()
        val workspace = Regex("""\[workspace\.package\][^\[]*?version\s*=\s*"([^"]+)"""").find(cargo)!!.groupValues[1]
        assertEquals(workspace, System.getProperty("saasus.version.pom"))
    }
}
