package io.saasus

import io.saasus.models.CreateSaasUserParam
import io.saasus.testing.SaasusEmulator
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.Collections
import java.util.concurrent.TimeUnit

/**
 * A native app's session ([AppSession], no API or secret key on the device) against a backend
 * built with this project's Express helper (tests/app-backend/server.js, started here) in front
 * of the emulator: sign-in, a protected route called with the bearer token across ID-token
 * lifetimes, 50 callers at expiry making one refresh, a revoked refresh token ending in
 * [AppSessionEvent.SIGNED_OUT] (no crash, no loop), and a store and listener that throw.
 */
class AppSessionTest {
    private val password = "Passw0rd-Emulator"

    /** The app's backend, a child process talking to [emu]; stopped by closing its stdin. */
    private class Backend(emu: SaasusEmulator) : AutoCloseable {
        private val process: Process
        val url: String

        init {
            val script = System.getenv("SAASUS_APP_BACKEND")
                ?: error("SAASUS_APP_BACKEND must name tests/app-backend/server.js (tests/kotlin.sh sets it)")
            check(File(script).isFile) { "no backend script at $script" }
            val builder = ProcessBuilder("node", script).redirectError(ProcessBuilder.Redirect.INHERIT)
            builder.environment().putAll(
                mapOf(
                    "SAASUS_API_KEY" to emu.apiKey, "SAASUS_SECRET_KEY" to emu.secretKey,
                    "SAASUS_SAAS_ID" to emu.saasId, "SAASUS_BASE_URL" to emu.baseUrl,
                ),
            )
            process = builder.start()
            val line = process.inputStream.bufferedReader().readLine() ?: error("the backend exited before listening")
            url = line.removePrefix("listening ")
        }

        override fun close() {
            process.outputStream.close()
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
        }
    }

    private class Events : AppSessionListener {
        val seen: MutableList<AppSessionEvent> = Collections.synchronizedList(mutableListOf())

        override fun onEvent(event: AppSessionEvent) {
            seen += event
        }

        fun taken(): List<AppSessionEvent> = synchronized(seen) { seen.toList().also { seen.clear() } }
    }

    private fun withBackend(ttl: Long, body: suspend (SaasusEmulator, Backend) -> Unit) =
        SaasusEmulator(tokenTtlSeconds = ttl).use { emu ->
            runBlocking { emu.client().auth().saasUser().createSaasUser(CreateSaasUserParam(email = "ann@example.com", password = password)) }
            Backend(emu).use { backend -> runBlocking { body(emu, backend) } }
        }

    private fun session(backend: Backend, store: AppTokenStore? = null): Pair<AppSession, Events> {
        val session = AppSession(backendUrl = "${backend.url}/app", loginUrl = "http://127.0.0.1:9/login", store = store)
        val events = Events()
        session.setListener(events)
        return session to events
    }

    /** Waits until the session's ID token has expired, by its own `exp`. */
    private suspend fun untilExpired(session: AppSession) {
        val exp = session.claims()!!.expiresAt
        delay(maxOf(0L, (exp + 1) * 1000 - System.currentTimeMillis()))
    }

    private fun me(backend: Backend, token: String): Pair<Int, String> {
        val request = HttpRequest.newBuilder(URI.create("${backend.url}/me")).header("authorization", "Bearer $token").build()
        val r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        return r.statusCode() to r.body()
    }

    private fun refreshes(emu: SaasusEmulator): Int =
        emu.requests().count { it.path.startsWith("/v1/auth/credentials") && it.status.toInt() == 200 }

    @Test
    fun anAppSignsInCallsItsBackendAcrossTokenLifetimesAndSignsOut() = withBackend(1) { emu, backend ->
        val (session, events) = session(backend)
        assertFalse(session.isSignedIn())
        assertEquals(401, assertThrows<SaasusException.Api> { runBlocking { session.idToken() } }.status)
        val state = stateOf(session.signInUrl())
        val claims = session.completeSignIn("myapp://callback?code=${emu.signInCode("ann@example.com", password)}&state=$state")
        assertEquals("ann@example.com", claims.email)
        val tokens = mutableSetOf<String>()
        repeat(2) {
            untilExpired(session)
            val token = session.idToken()
            assertEquals(200 to """{"email":"ann@example.com"}""", me(backend, token))
            tokens += token
        }
        assertEquals(2, tokens.size)
        assertEquals(listOf(AppSessionEvent.SIGNED_IN, AppSessionEvent.REFRESHED, AppSessionEvent.REFRESHED), events.taken())
        session.signOut()
        assertEquals(listOf(AppSessionEvent.SIGNED_OUT), events.taken())
        assertFalse(session.isSignedIn())
    }

    @Test
    fun fiftyCallersAtExpiryCauseOneRefresh() = withBackend(2) { emu, backend ->
        val (session, events) = session(backend)
        session.completeSignIn(emu.signInCode("ann@example.com", password))
        untilExpired(session)
        val before = refreshes(emu)
        val tokens = coroutineScope { (1..50).map { async(Dispatchers.IO) { session.idToken() } }.awaitAll().toSet() }
        assertEquals(1, tokens.size, "every caller got the one new token")
        assertEquals(1, refreshes(emu) - before)
        assertEquals(listOf(AppSessionEvent.SIGNED_IN, AppSessionEvent.REFRESHED), events.taken())
    }

    @Test
    fun aRevokedRefreshTokenEndsTheSessionOnce() = withBackend(1) { emu, backend ->
        val (session, events) = session(backend)
        val claims = session.completeSignIn(emu.signInCode("ann@example.com", password))
        emu.client().auth().saasUser().deleteSaasUser(claims.userId)
        untilExpired(session)
        val ended = assertThrows<SaasusException.Api> { runBlocking { session.idToken() } }
        assertEquals(401, ended.status)
        assertEquals(listOf(AppSessionEvent.SIGNED_IN, AppSessionEvent.SIGNED_OUT), events.taken())
        assertFalse(session.isSignedIn())
        val seen = emu.requests().size
        assertThrows<SaasusException.Api> { runBlocking { session.idToken() } }
        assertEquals(seen, emu.requests().size, "ended, not retried")
        assertTrue(events.taken().isEmpty())
    }

    /** A store whose every method throws (a locked Keychain, a bug): nothing crashes. */
    private class Throwing : AppTokenStore, AppSessionListener {
        override fun load(): AppTokenPair? = throw IllegalStateException("locked")
        override fun save(tokens: AppTokenPair) = throw IllegalStateException("locked")
        override fun clear() = throw IllegalStateException("locked")
        override fun onEvent(event: AppSessionEvent) = throw IllegalStateException("the UI was gone")
    }

    @Test
    fun aThrowingStoreOrListenerNeverCrashesTheApp() = withBackend(3600) { emu, backend ->
        val broken = Throwing()
        val session = AppSession(backendUrl = "${backend.url}/app", store = broken)
        session.setListener(broken)
        session.completeSignIn(emu.signInCode("ann@example.com", password))
        assertEquals(401, assertThrows<SaasusException.Api> { runBlocking { session.idToken() } }.status, "nothing was kept")
        session.signOut()
    }

    @Test
    fun theStoreKeepsTheTokensAsSecrets() = withBackend(3600) { emu, backend ->
        val kept = mutableListOf<AppTokenPair>()
        val store = object : AppTokenStore {
            override fun load(): AppTokenPair? = kept.lastOrNull()
            override fun save(tokens: AppTokenPair) {
                kept += tokens
            }
            override fun clear() = kept.clear()
        }
        val (session, _) = session(backend, store)
        session.completeSignIn(emu.signInCode("ann@example.com", password))
        assertTrue(kept.single().toString().let { !it.contains(kept.single().idToken.value) && it.contains("***") }, kept.single().toString())
        // A second session over the same store is signed in already (the app's next launch).
        val (relaunched, _) = session(backend, store)
        assertEquals(200, me(backend, relaunched.idToken()).first)
    }

    @Test
    fun theDocsExampleSignsInAndReadsTheProfile() = withBackend(3600) { emu, backend ->
        val session = AppSession(backendUrl = "${backend.url}/app", loginUrl = "http://127.0.0.1:9/login")
        // The login page: signs ann in and redirects to the app with the code and the state it was given.
        val openLoginPage: suspend (String) -> String = { url -> "myapp://callback?code=${emu.signInCode("ann@example.com", password)}&state=${stateOf(url)}" }
        assertEquals("""{"email":"ann@example.com"}""", io.saasus.docs.profile(session, backend.url, openLoginPage))
        assertEquals("""{"email":"ann@example.com"}""", io.saasus.docs.profile(session, backend.url) { error("signed in already") })
    }
}
