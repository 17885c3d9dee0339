package io.saasus

import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.request.post
import io.ktor.client.statement.HttpResponse
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpStatusCode
import io.ktor.server.testing.testApplication
import io.saasus.apilog.GetLogsQuery
import io.saasus.docs.saasusRoutes
import io.saasus.models.CreateSaasUserParam
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/** docs/kotlin.md shows io/saasus/docs/QuickStart.kt and Pricing.kt word for word, and that code runs. */
class DocsTest {
    private fun between(text: String, start: String, end: String): String =
        text.substringAfter(start).substringBefore(end).trim('\n')

    /** The page shows `docs/<file>`'s lines between `// START <marker>` and `// END <marker>`, word for word. */
    private fun assertShown(file: String, marker: String) {
        val source = File("src/test/kotlin/io/saasus/docs/$file").readText()
        val page = File("../docs/kotlin.md").readText()
        val snippet = between(source, "// START $marker\n", "// END $marker")
        val shown = between(page, "<!-- $marker: kotlin/src/test/kotlin/io/saasus/docs/$file -->\n```kotlin\n", "```")
        assertEquals(snippet, shown)
    }

    @Test
    fun pageShowsTheQuickStartVerbatim() = assertShown("QuickStart.kt", "quickstart")

    @Test
    fun pageShowsThePricingExampleVerbatim() = assertShown("Pricing.kt", "pricing")

    @Test
    fun pageShowsTheLoggingExampleVerbatim() = assertShown("Logging.kt", "logging")

    @Test
    fun pageShowsThePagesExampleVerbatim() = assertShown("Pages.kt", "pages")

    @Test
    fun pageShowsTheKtorExampleVerbatim() = assertShown("Ktor.kt", "ktor")

    @Test
    fun pageShowsTheAppSessionExampleVerbatim() = assertShown("AppSession.kt", "app")

    @Test
    fun ktorExampleSignsInAndOutInKtorsTestHost() = Emulator().use { emu ->
        val password = "Passw0rd-Emulator"
        val client = emu.client()
        runBlocking { client.auth().saasUser().createSaasUser(CreateSaasUserParam(email = "ktor@example.com", password = password)) }
        Sessions(client, loginUrl = emu.baseUrl.removeSuffix("/v1") + "/login", secure = false).use { sessions ->
            testApplication {
                application { saasusRoutes(sessions) }
                val http = createClient { followRedirects = false }
                val jar = Jar()
                suspend fun visit(path: String, post: Boolean = false): HttpResponse {
                    val r = if (post) http.post(path) { header("Cookie", jar.header) } else http.get(path) { header("Cookie", jar.header) }
                    jar.take(r.headers.getAll(HttpHeaders.SetCookie).orEmpty())
                    return r
                }
                assertEquals(401, visit("/me").status.value)
                val login = visit("/login")
                assertEquals(HttpStatusCode.Found, login.status)
                val state = stateOf(login.headers[HttpHeaders.Location]!!)
                val code = emu.signInCode("ktor@example.com", password, state)
                assertEquals("/me", visit("/callback?code=$code&state=$state").headers[HttpHeaders.Location])
                assertEquals("signed in as ktor@example.com", visit("/me").bodyAsText())
                val forbidden = visit("/tenants/acme/admin")
                assertEquals(403 to "not a member of tenant acme", forbidden.status.value to forbidden.bodyAsText())
                assertEquals(400, visit("/callback?code=a%20b").status.value)
                visit("/logout", post = true)
                assertEquals(emptyMap<String, String>(), jar.cookies)
                assertEquals(401, visit("/me").status.value)
            }
        }
    }

    @Test
    fun pagesExampleRunsAgainstTheEmulator() = Emulator().use { emu ->
        val lines = kotlinx.coroutines.runBlocking { io.saasus.docs.readers(emu.client()) }
        // Users come ordered by id, not email.
        assertEquals((0 until 5).map { "reader-$it@example.com" } + "failed calls: 0", lines.dropLast(1).sorted() + lines.last())
    }

    @Test
    fun loggingExampleRunsAgainstTheEmulator() = Emulator().use { emu ->
        val jul = java.util.logging.Logger.getLogger("saasus")
        val records = java.util.Collections.synchronizedList(mutableListOf<java.util.logging.LogRecord>())
        val handler = object : java.util.logging.Handler() {
            override fun publish(record: java.util.logging.LogRecord) { records += record }
            override fun flush() {}
            override fun close() {}
        }
        jul.level = java.util.logging.Level.FINE
        jul.addHandler(handler)
        try {
            emu.fault("/v1/auth/envs", status = 503, method = "GET")
            val envs = kotlinx.coroutines.runBlocking {
                io.saasus.docs.logged(emu.client()).withOptions(traceId = "t-log").auth().env().getEnvs()
            }
            assertEquals(3, envs.envs.size)
        } finally {
            jul.removeHandler(handler)
        }
        val lines = records.map { "${it.level} ${it.message}" }
        assertEquals(3, lines.size, lines.joinToString("\n"))
        assertTrue(Regex("""^FINE GET auth /envs -> 503 in [\d.]+ ms \(trace t-log\)$""").matches(lines[0]), lines[0])
        assertTrue(lines[1].startsWith("INFO retrying "), lines[1])
        assertTrue(lines[2].startsWith("FINE GET auth /envs -> 200 in "), lines[2])
    }

    @Test
    fun pricingExampleRunsAgainstTheEmulator() = Emulator().use { emu ->
        // The example counts 3 calls "now" and reads today's count back: 3 when the emulator served
        // the write and the read on the same UTC day (its API log says when it served each), none
        // when midnight passed between them.
        val client = emu.client()
        val lines = kotlinx.coroutines.runBlocking { io.saasus.docs.pricingAndMetering(client) }
        val logs = kotlinx.coroutines.runBlocking { client.apilog().apiLog().getLogs(GetLogsQuery(limit = 1000)).apiLogs }
        val written = logs.single { it.requestMethod == "PUT" && it.requestUri.endsWith("/units/api_calls/now") }.createdDate
        val read = logs.single { it.requestMethod == "GET" && it.requestUri.endsWith("/units/api_calls/today") }.createdDate
        val today = if (written == read) 3 else 0
        assertEquals(listOf("base: fixed 3000", "calls: 2 per api_calls", "calls today: $today, on 2024-02-29: 5"), lines)
    }

    @Test
    fun quickStartRunsAgainstTheEmulator() = Emulator().use { emu ->
        // Client.fromEnv() reads the process environment, which a JVM cannot change: a child JVM.
        val java = File(System.getProperty("java.home"), "bin/java").path
        val builder = ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"),
            "io.saasus.docs.QuickStartKt",
        ).redirectErrorStream(true)
        builder.environment().keys.removeIf { it.startsWith("SAASUS_") }
        builder.environment().putAll(emu.env)
        val process = builder.start()
        val lines = process.inputStream.bufferedReader().readLines()
        assertEquals(0, process.waitFor(), lines.joinToString("\n"))
        assertEquals("Acme: 5 seats", lines[0])
        assertTrue(lines[1].startsWith("404 not_found: "), lines[1])
        assertTrue(Regex("""\(trace [^)]+\)$""").containsMatchIn(lines[1]) && !lines[1].endsWith("(trace null)"), lines[1])
        assertEquals("200: 3 envs, trace quick-start, 1 attempt", lines[2])
        assertEquals(3, lines.size, lines.joinToString("\n"))
        assertTrue(emu.requests().any { it.userAgent.orEmpty().endsWith(" acme-billing/2.3.1") }, "the app info in the User-Agent: ${emu.requests()}")
    }
}
