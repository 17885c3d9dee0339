package io.saasus

import io.saasus.models.CreateRoleParam
import io.saasus.models.CreateSaasUserParam
import io.saasus.models.CreateTenantParam
import io.saasus.models.CreateTenantUserParam
import io.saasus.models.CreateTenantUserRolesParam
import io.saasus.models.UpdateAuthInfoParam
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The login helpers: temp code → credentials → user info with roles → refresh. */
class LoginTest {
    private val password = "Passw0rd-Emulator"

    @Test
    fun fromTempCodeToRoles() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            val auth = client.auth()
            auth.authInfo().updateAuthInfo(UpdateAuthInfoParam(callbackUrl = "http://localhost:3000/callback"))
            val tenant = auth.tenant().createTenant(CreateTenantParam(name = "Acme", attributes = JsonObject(emptyMap()), backOfficeStaffEmail = "ops@acme.example"))
            val user = auth.saasUser().createSaasUser(CreateSaasUserParam(email = "alice@example.com", signInId = null, password = password))
            auth.role().createRole(CreateRoleParam(roleName = "admin", displayName = "Admin"))
            auth.tenantUser().createTenantUser(tenant.id, CreateTenantUserParam(email = "alice@example.com", signInId = null, attributes = JsonObject(emptyMap())))
            auth.tenantUser().createTenantUserRoles(tenant.id, user.id, 3L, CreateTenantUserRolesParam(roleNames = listOf("admin")))

            val creds = client.exchangeTempCode(emu.signInCode("alice@example.com", password))
            val info = client.authenticate(bearerToken("Bearer ${creds.idToken}")!!)
            assertEquals("alice@example.com", info.email)
            assertTrue(hasRole(info, tenant.id, "admin", 3L))
            assertTrue(hasRole(info, tenant.id, "admin"))
            assertFalse(hasRole(info, tenant.id, "admin", 1L))
            assertNull(bearerToken("Basic abc"))

            val refreshed = client.refresh(creds.refreshToken!!)
            assertEquals(user.id, client.authenticate(refreshed.idToken).id)
            // A refresh token the platform never issued: the 404 its spec documents for
            // GetAuthCredentials, typed, and not echoed.
            val garbage = "emu-refresh.not-issued-0123456789"
            val refused = assertThrows<SaasusException.Api> { runBlocking { client.refresh(garbage) } }
            assertEquals(404 to "not_found", refused.status to refused.errorType)
            assertFalse(refused.toString().contains(garbage), refused.toString())
            val bad = assertThrows<SaasusException.Api> { runBlocking { client.authenticate("forged") } }
            assertEquals(401, bad.status)
            val empty = assertThrows<SaasusException.InvalidArgument> { runBlocking { client.exchangeTempCode(" ") } }
            assertEquals("code", empty.field)
        }
    }
}
