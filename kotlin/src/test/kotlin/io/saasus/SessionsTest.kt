package io.saasus

import io.saasus.models.CreateRoleParam
import io.saasus.models.CreateSaasUserParam
import io.saasus.models.CreateTenantParam
import io.saasus.models.CreateTenantUserParam
import io.saasus.models.CreateTenantUserRolesParam
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.net.URI
import java.net.URLDecoder
import java.time.Duration

/** A browser's cookies, kept from Set-Cookie headers (a `Max-Age=0` one removes its cookie). */
class Jar {
    val cookies = sortedMapOf<String, String>()

    fun take(setCookies: List<String>) {
        for (c in setCookies) {
            val pair = c.substringBefore(';')
            val name = pair.substringBefore('=')
            if (c.contains("Max-Age=0")) cookies.remove(name) else cookies[name] = pair.substringAfter('=')
        }
    }

    val header: String get() = cookies.entries.joinToString("; ") { "${it.key}=${it.value}" }
}

/** The `state` query parameter of a sign-in redirect. */
fun stateOf(location: String): String =
    URI.create(location).rawQuery.split('&').first { it.startsWith("state=") }.substringAfter('=').let { URLDecoder.decode(it, "UTF-8") }

/**
 * `Sessions` against the emulator: sign-in bound to the browser, authentication by cookies and
 * bearer tokens, each refusal's status (401, 400, 403, 503), sign-out, the cache sparing
 * GetUserInfo, and the client's logger seeing the authenticator's platform calls.
 */
class SessionsTest {
    private val password = "Passw0rd-Emulator"

    private fun sessions(emu: Emulator, client: Client = emu.client(), userCacheMaxAge: Duration? = null) =
        Sessions(client, loginUrl = emu.baseUrl.removeSuffix("/v1") + "/login", secure = false, userCacheMaxAge = userCacheMaxAge)

    private fun user(client: Client, email: String): String = runBlocking {
        client.auth().saasUser().createSaasUser(CreateSaasUserParam(email = email, signInId = null, password = password)).id
    }

    /** Signs [email] in as a browser would: the redirect's state cookie, the login page's code, the callback. */
    private fun signIn(emu: Emulator, sessions: Sessions, email: String): Jar = runBlocking {
        val jar = Jar()
        val redirect = sessions.beginSignIn()
        jar.take(listOf(redirect.setCookie))
        val state = stateOf(redirect.location)
        val code = emu.signInCode(email, password, state)
        val signedIn = sessions.completeSignIn(code, state, mapOf("Cookie" to listOf(jar.header)))
        jar.take(signedIn.setCookies)
        assertFalse("saasus_login_state" in jar.cookies, "the state cookie is cleared")
        assertTrue("saasus_id_token" in jar.cookies && "saasus_refresh_token" in jar.cookies, jar.cookies.keys.toString())
        jar
    }

    private fun refused(block: suspend () -> Unit): AuthException = assertThrows<AuthException> { runBlocking { block() } }

    @Test
    fun signInWithStateThenTheCookiesAuthenticate() = Emulator().use { emu ->
        val client = emu.client()
        val id = user(client, "alice@example.com")
        sessions(emu).use { sessions ->
            val jar = signIn(emu, sessions, "alice@example.com")
            val auth = runBlocking { sessions.authenticate(mapOf("cookie" to listOf(jar.header))) }
            assertEquals(id, auth.user.id)
            assertEquals("alice@example.com", auth.user.email)
            assertEquals(jar.cookies["saasus_id_token"], auth.idToken)
            assertEquals(emptyList<String>(), auth.setCookies)
            // The same token as a bearer header, and by itself.
            val bearer = runBlocking { sessions.authenticate(listOf("Authorization" to "Bearer ${auth.idToken}")) }
            assertEquals(id, bearer.user.id)
            assertEquals(id, runBlocking { sessions.user(auth.idToken) }.id)
            assertNotNull(sessions.issuer, "learned from the token the platform accepted")
            // No string form shows a token or a cookie.
            val redirect = sessions.beginSignIn()
            for (shown in listOf(auth.toString(), redirect.toString(), HeaderPair("cookie", Secret(jar.header)).toString())) {
                assertFalse(shown.contains(auth.idToken) || shown.contains(stateOf(redirect.location)), shown)
            }
            assertTrue(auth.toString().contains("alice@example.com"), auth.toString())
        }
    }

    @Test
    fun aBadBearerTokenIs401() = Emulator().use { emu ->
        sessions(emu).use { sessions ->
            val e = refused { sessions.authenticate(listOf("authorization" to "Bearer not.a.token")) }
            assertEquals(listOf<Any>(401, "unauthorized", false), listOf(e.status, e.kind, e.isServerError))
            assertNull(e.cause)
            val none = refused { sessions.authenticate(emptyMap()) }
            assertEquals(401, none.status)
            assertEquals("no ID token: sign in first", none.publicMessage)
        }
    }

    @Test
    fun theCallbackRefusesAnotherBrowsersCodeAndAMalformedOne() = Emulator().use { emu ->
        val client = emu.client()
        user(client, "csrf@example.com")
        sessions(emu).use { sessions ->
            val code = emu.signInCode("csrf@example.com", password)
            // No state cookie: this browser started no sign-in.
            val e = refused { sessions.completeSignIn(code, null, emptyMap()) }
            assertEquals(401, e.status)
            assertTrue(e.setCookies.single().startsWith("saasus_login_state=;"), e.setCookies.toString())
            val jar = Jar().apply { take(listOf(sessions.beginSignIn().setCookie)) }
            val cookie = listOf("cookie" to jar.header)
            assertEquals(401, refused { sessions.completeSignIn(code, "someone-elses", cookie) }.status)
            for (bad in listOf(null, "", "a b", "ü")) {
                val malformed = refused { sessions.completeSignIn(bad, null, cookie) }
                assertEquals(400 to "bad_request", malformed.status to malformed.kind, "code $bad")
            }
            assertEquals(0, emu.callsTo("/v1/auth/credentials"))
        }
    }

    @Test
    fun aPlatformOutageIs503AndKeepsTheSession() = Emulator().use { emu ->
        val client = emu.client()
        user(client, "outage@example.com")
        sessions(emu, userCacheMaxAge = Duration.ZERO).use { sessions ->
            val jar = signIn(emu, sessions, "outage@example.com")
            emu.fault("/v1/auth/userinfo", status = 503, count = 3)
            val e = refused { sessions.authenticate(mapOf("Cookie" to listOf(jar.header))) }
            assertEquals(listOf<Any>(503, "unavailable", true), listOf(e.status, e.kind, e.isServerError))
            assertEquals("sign-in is temporarily unavailable; try again shortly", e.publicMessage)
            assertEquals(503, (e.cause as SaasusException.Api).status)
            assertTrue(e.message!!.contains("503"), e.message)
            assertEquals(emptyList<String>(), e.setCookies, "an outage does not sign the user out")
            assertEquals("outage@example.com", runBlocking { sessions.authenticate(mapOf("Cookie" to listOf(jar.header))) }.user.email)
        }
    }

    @Test
    fun guardsAre403AndSignOutClearsTheCookies() = Emulator().use { emu ->
        val client = emu.client()
        val id = user(client, "admin@example.com")
        val tenant = runBlocking {
            val auth = client.auth()
            val tenant = auth.tenant().createTenant(CreateTenantParam("Acme", JsonObject(emptyMap()), "ops@acme.example"))
            auth.role().createRole(CreateRoleParam(roleName = "admin", displayName = "Admin"))
            auth.tenantUser().createTenantUser(tenant.id, CreateTenantUserParam(email = "admin@example.com", attributes = JsonObject(emptyMap())))
            auth.tenantUser().createTenantUserRoles(tenant.id, id, 3L, CreateTenantUserRolesParam(roleNames = listOf("admin")))
            tenant.id
        }
        sessions(emu).use { sessions ->
            val jar = signIn(emu, sessions, "admin@example.com")
            val user = runBlocking { sessions.authenticate(mapOf("Cookie" to listOf(jar.header))) }.user
            sessions.check(user, tenant, listOf("admin"), 3L)
            sessions.check(user, roles = listOf("admin"))
            sessions.check(user)
            val e = assertThrows<AuthException> { sessions.check(user, tenant, listOf("admin"), 1L) }
            assertEquals(403 to "the role admin in env 1 in tenant $tenant is required", e.status to e.publicMessage)
            assertEquals(403, assertThrows<AuthException> { sessions.check(user, tenantId = "other") }.status)
            // Sign-out clears both cookies; the session is gone.
            jar.take(sessions.signOut(mapOf("Cookie" to listOf(jar.header))))
            assertEquals(emptyMap<String, String>(), jar.cookies)
            assertEquals(401, refused { sessions.authenticate(mapOf("Cookie" to listOf(jar.header))) }.status)
        }
    }

    @Test
    fun fiftyRequestsMakeAtMostOneUserInfoCall() = Emulator().use { emu ->
        val client = emu.client()
        user(client, "busy@example.com")
        sessions(emu).use { sessions ->
            val jar = signIn(emu, sessions, "busy@example.com")
            emu.clearRequests()
            runBlocking {
                repeat(50) { assertEquals("busy@example.com", sessions.authenticate(mapOf("Cookie" to listOf(jar.header))).user.email) }
            }
            val calls = emu.callsTo("/v1/auth/userinfo")
            assertTrue(calls <= 1, "$calls GetUserInfo calls for 50 requests")
        }
    }

    @Test
    fun theClientsLoggerSeesTheAuthenticatorsCalls() = Emulator().use { emu ->
        val logger = MessageLog()
        val events = logger.messages
        val client = emu.client()
        user(client, "logged@example.com")
        sessions(emu, client.withLogger(logger, LogLevel.DEBUG)).use { sessions ->
            val jar = signIn(emu, sessions, "logged@example.com")
            runBlocking { sessions.authenticate(mapOf("Cookie" to listOf(jar.header))) }
            assertTrue(events.any { it.startsWith("GET auth /credentials -> 200") }, events.joinToString("\n"))
            assertTrue(events.any { it.startsWith("GET auth /userinfo -> 200") }, events.joinToString("\n"))
            assertFalse(events.any { it.contains(jar.cookies.getValue("saasus_id_token")) }, "no token in the log")
        }
    }

    @Test
    fun aSettingOutOfRangeNamesIt() = Emulator().use { emu ->
        val e = assertThrows<SaasusException.Config> { Sessions(emu.client(), userCacheMaxAge = Duration.ofDays(1)) }
        assertEquals("user_cache_max_age", e.field)
        val noLogin = Sessions(emu.client(), loginUrl = null)
        val refused = assertThrows<AuthException> { noLogin.beginSignIn() }
        assertEquals(500 to "misconfigured", refused.status to refused.kind)
    }
}
