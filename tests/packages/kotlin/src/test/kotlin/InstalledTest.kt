import io.saasus.Client
import io.saasus.SaasusException
import io.saasus.models.CreateSaasUserParam
import io.saasus.models.CreateTenantParam
import io.saasus.models.UpdateAuthInfoParam
import io.saasus.testing.SaasusEmulator
import io.saasus.testing.SaasusEmulatorExtension
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith

/** A user's tests against the emulator the jar's native library carries. */
@ExtendWith(SaasusEmulatorExtension::class)
class InstalledTest {
    @Test
    fun `the native library comes from the jar`() {
        assertNull(System.getProperty("jna.library.path"))
        val jar = Client::class.java.protectionDomain.codeSource.location.path
        assertTrue(jar.endsWith(".jar") && "/.m2/" in jar, jar)
    }

    @Test
    fun `a tenant and a sign-in`(client: Client, emulator: SaasusEmulator) = runBlocking {
        client.auth().tenant().createTenant(CreateTenantParam(name = "Acme", attributes = JsonObject(emptyMap()), backOfficeStaffEmail = "ops@acme.example"))
        assertEquals(listOf("Acme"), client.auth().tenant().getTenants().tenants.map { it.name })
        assertThrows<SaasusException.Api> { client.auth().tenant().getTenant("no-such-tenant") }
        client.auth().authInfo().updateAuthInfo(UpdateAuthInfoParam(callbackUrl = "http://localhost:3000/callback"))
        client.auth().saasUser().createSaasUser(CreateSaasUserParam(email = "dev@example.com", signInId = null, password = "Passw0rd-Emulator"))
        val credentials = client.exchangeTempCode(emulator.signInCode("dev@example.com", "Passw0rd-Emulator"))
        assertEquals("dev@example.com", client.authenticate(credentials.idToken).email)
    }
}
