package io.saasus

import io.saasus.models.CreateRoleParam
import io.saasus.models.CreateSaasUserParam
import io.saasus.models.CreateTenantParam
import io.saasus.models.UpdateAuthInfoParam
import io.saasus.testing.SaasusEmulator
import io.saasus.testing.SaasusEmulatorExtension
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path

/** io.saasus.testing: the emulator the library itself serves, as a user's JUnit 5 tests get it. */
@ExtendWith(SaasusEmulatorExtension::class)
class TestingTest {
    @Test
    fun aClientForAFreshEmulator(client: Client, emulator: SaasusEmulator) = runBlocking {
        val tenants = client.auth().tenant()
        assertTrue(tenants.getTenants().tenants.isEmpty())
        val created = tenants.createTenant(CreateTenantParam("Acme", JsonObject(mapOf("seats" to JsonPrimitive(5))), "ops@acme.example"))
        assertEquals(created.attributes, emulator.client().auth().tenant().getTenant(created.id).attributes)
        assertTrue(emulator.baseUrl.startsWith("http://127.0.0.1:") && emulator.baseUrl.endsWith("/v1"))
    }

    @Test
    fun eachTestGetsItsOwn(client: Client) = runBlocking {
        assertTrue(client.auth().tenant().getTenants().tenants.isEmpty())
    }

    @Test
    fun faultsAndSignIn(emulator: SaasusEmulator) = runBlocking {
        emulator.fault("/v1/auth/tenants", status = 503, method = "GET")
        val unavailable = assertThrows<SaasusException.Api> { runBlocking { emulator.client(maxRetries = 0u).auth().tenant().getTenants() } }
        assertEquals(503, unavailable.status)
        val refused = assertThrows<SaasusException.InvalidArgument> { emulator.fault("no-slash", status = 503) }
        assertEquals("path", refused.field)
        // Applied, then answered 502: the role exists once, and the caller is told the outcome is unknown.
        emulator.fault("/v1/auth/roles", status = 502, method = "POST", afterApplying = true)
        assertThrows<SaasusException.OutcomeUnknown> { runBlocking { emulator.client().auth().role().createRole(CreateRoleParam("admin", "Admin")) } }
        assertEquals(listOf("admin"), emulator.client().auth().role().getRoles().roles.map { it.roleName })

        val client = emulator.client()
        client.auth().authInfo().updateAuthInfo(UpdateAuthInfoParam(callbackUrl = "http://localhost:3000/callback"))
        client.auth().saasUser().createSaasUser(CreateSaasUserParam(email = "alice@example.com", signInId = null, password = "Passw0rd-Emulator"))
        val credentials = client.exchangeTempCode(emulator.signInCode("alice@example.com", "Passw0rd-Emulator"))
        assertEquals("alice@example.com", client.authenticate(credentials.idToken).email)
        assertThrows<SaasusException.InvalidArgument> { emulator.signInCode("alice@example.com", "wrong") }

        // The request log, read and cleared in-process.
        emulator.clearRequests()
        client.withOptions(traceId = "t-log").auth().env().getEnvs()
        val seen = emulator.requests().single()
        assertEquals(listOf("GET", "/v1/auth/envs", "t-log"), listOf(seen.method, seen.path, seen.traceId))
        assertEquals(200.toUShort(), seen.status)
        // Without retries, so that a fault left armed would fail the call.
        emulator.fault("/v1/auth/envs", status = 503, count = 2)
        emulator.clearFaults()
        assertEquals(0L, emulator.faultsLeft())
        assertEquals(3, emulator.client(maxRetries = 0u).auth().env().getEnvs().envs.size, "no fault left armed")
    }

    @Test
    fun aDataFileKeepsTheStateAcrossARestart(@TempDir dir: Path) {
        val data = dir.resolve("emulator.sqlite")
        val credentials = SaasusEmulator(data = data).use { first ->
            runBlocking { first.client().auth().tenant().createTenant(CreateTenantParam("Kept", JsonObject(emptyMap()), "ops@kept.example")) }
            Triple(first.apiKey, first.secretKey, first.saasId)
        }
        val (apiKey, secretKey, saasId) = credentials
        SaasusEmulator(apiKey = apiKey, secretKey = secretKey, saasId = saasId, data = data).use { second ->
            val names = runBlocking { second.client().auth().tenant().getTenants().tenants.map { it.name } }
            assertEquals(listOf("Kept"), names)
        }
        // Without the file, a fresh emulator starts empty.
        SaasusEmulator(apiKey = apiKey, secretKey = secretKey, saasId = saasId).use { fresh ->
            assertTrue(runBlocking { fresh.client().auth().tenant().getTenants().tenants.isEmpty() })
        }
    }

    @Test
    fun settingsAndWhatItShows() {
        SaasusEmulator(apiKey = "key-1", secretKey = "secret-value-1", saasId = "saas-1", tokenTtlSeconds = 60).use { emu ->
            assertEquals(listOf("key-1", "secret-value-1", "saas-1"), listOf(emu.apiKey, emu.secretKey, emu.saasId))
            assertEquals("secret-value-1", emu.env["SAASUS_SECRET_KEY"])
            assertFalse(emu.toString().contains("secret-value-1"))
            runBlocking { assertTrue(emu.client().auth().tenant().getTenants().tenants.isEmpty()) }
            emu.close()
        }
        val refused = assertThrows<SaasusException.Config> { SaasusEmulator(tokenTtlSeconds = 0) }
        assertEquals("token_ttl", refused.field)
    }
}
