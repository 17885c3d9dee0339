package io.saasus

import io.saasus.models.CreateTenantParam
import io.saasus.models.TenantDetail
import io.saasus.models.UpdateTenantParam
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.launch
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
import java.time.Duration
import kotlin.reflect.full.memberFunctions

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
        // `..` would resolve to another route (DELETE /users/{id}): refused before anything is sent.
        val dots = assertThrows<SaasusException.InvalidArgument> { runBlocking { emu.client().auth().tenantUser().deleteTenantUser("..", "u") } }
        assertEquals("tenant_id", dots.field)
        val empty = assertThrows<SaasusException.Config> { Client("k", "", "id") }
        assertEquals("secret_key" to "is empty; an empty value was given", empty.field to empty.rule)
        val long = assertThrows<SaasusException.Config> { Client("k", "s", "id", timeout = Duration.ofDays(2)) }
        assertEquals("timeout", long.field)
        val cap = assertThrows<SaasusException.Config> { Client("k", "s", "id", maxResponseBytes = 10uL) }
        assertEquals("max_response_bytes", cap.field)
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
    fun timeoutAndRetriesAreConfigurable() = Emulator().use { emu ->
        // The next request stalls 5 s: a 200 ms timeout gives up first.
        emu.fault("/v1/auth/*", stallMs = 5000)
        val quick = Client(emu.apiKey, emu.secretKey, emu.saasId, emu.baseUrl, timeout = Duration.ofMillis(200), maxRetries = 0u)
        val timedOut = assertThrows<SaasusException.Timeout> { runBlocking { quick.auth().tenant().getTenants() } }
        assertFalse(timedOut.toString().contains(emu.secretKey))

        // One 503: without retries it is the caller's; with the default retries it is absorbed.
        val once = { emu.fault("/v1/auth/tenants", status = 503, method = "GET") }
        once()
        val noRetry = Client(emu.apiKey, emu.secretKey, emu.saasId, emu.baseUrl, maxRetries = 0u)
        val unavailable = assertThrows<SaasusException.Api> { runBlocking { noRetry.auth().tenant().getTenants() } }
        assertEquals(503, unavailable.status)
        once()
        runBlocking { assertTrue(emu.client().auth().tenant().getTenants().tenants.isEmpty()) }
    }

    @Test
    fun maxRetryDelayCapsRetryAfterAndAppInfoIsInTheUserAgent() = Emulator().use { emu ->
        // An hour's Retry-After, capped at 50 ms: the retry's record says it waited 50 ms, not 3600 s.
        emu.fault("/v1/auth/envs", status = 503, method = "GET", retryAfter = 3600)
        val app = AppInfo(name = "acme-billing", version = "2.3.1", url = "https://acme.example")
        val client = Client(emu.apiKey, emu.secretKey, emu.saasId, emu.baseUrl, maxRetryDelay = Duration.ofMillis(50), appInfo = app)
        val log = RecordLog()
        runBlocking { assertEquals(3, client.withLogger(log).auth().env().getEnvs().envs.size) }
        val retry = log.records.single { it.level == LogLevel.INFO }
        assertEquals("50" to "true", retry.fields["backoff_ms"] to retry.fields["retry_after"], retry.toString())
        val agent = Regex("""saasus-uniffi/[^ ]+ acme-billing/2\.3\.1 \(https://acme\.example\)""")
        assertTrue(emu.requests().any { agent.matches(it.userAgent ?: "") }, emu.requests().toString())

        val bad = assertThrows<SaasusException.Config> {
            Client(emu.apiKey, emu.secretKey, emu.saasId, emu.baseUrl, appInfo = AppInfo(name = "acme billing"))
        }
        assertEquals("app_info.name", bad.field)
        val zero = assertThrows<SaasusException.Config> { Client(emu.apiKey, emu.secretKey, emu.saasId, emu.baseUrl, maxRetryDelay = Duration.ZERO) }
        assertEquals("max_retry_delay", zero.field)
    }

    @Test
    fun withOptionsAndWithResponse() = Emulator().use { emu ->
        val client = emu.client()
        val once = { emu.fault("/v1/auth/envs", status = 503, method = "GET") }
        once()
        assertThrows<SaasusException.Api> { runBlocking { client.withOptions(maxRetries = 0u).auth().env().getEnvs() } }
        once()
        val r = runBlocking { client.withOptions(traceId = "trace-r").withResponse { it.auth().env().getEnvs() } }
        assertEquals(listOf(3, 200, 2), listOf(r.value.envs.size, r.status, r.attempts))
        assertEquals("trace-r", r.traceId)
        assertEquals("trace-r", r.headers["x-saasus-trace-id"])
        assertTrue(r.headers.getValue("content-type").startsWith("application/json"), r.headers.toString())
        // The answer of the block's last call; a block that calls nothing is refused.
        assertThrows<SaasusException.InvalidArgument> { runBlocking { client.withResponse { 1 } } }
        val missing = assertThrows<SaasusException.Api> {
            runBlocking { client.withResponse { it.auth().tenant().getTenant("no-such-tenant") } }
        }
        assertEquals(404, missing.status)
        val bad = assertThrows<SaasusException.InvalidArgument> { client.withOptions(maxRetries = 11u) }
        assertEquals("max_retries", bad.field)
        // An empty trace id would send an empty header; `é` would reach the platform garbled.
        val empty = assertThrows<SaasusException.InvalidArgument> { client.withOptions(traceId = "") }
        assertEquals("trace_id", empty.field)
        assertTrue(empty.rule.startsWith("must not be empty"), empty.rule)
        val accented = assertThrows<SaasusException.InvalidArgument> { client.withContext(referer = "https://app.example/caf\u00e9") }
        assertEquals("referer", accented.field)
        assertTrue(accented.rule.contains("non-ASCII"), accented.rule)
        val withCredentials = emu.baseUrl.replace("http://", "http://user:hunter2@")
        val creds = assertThrows<SaasusException.Config> { Client(emu.apiKey, emu.secretKey, emu.saasId, withCredentials) }
        assertEquals("base_url", creds.field)
        assertFalse(creds.toString().contains("hunter2"), creds.toString())
    }

    @Test
    fun cancellingACoroutineAbandonsItsCall() = Emulator().use { emu ->
        // The next request stalls 5 s; the coroutine is cancelled once the emulator holds it, and
        // the call with it: the job ends before the emulator answers (its log is still empty).
        emu.fault("/v1/auth/*", stallMs = 5000)
        val tenants = emu.client().auth().tenant()
        runBlocking {
            val job = launch(Dispatchers.Default) { tenants.getTenants() }
            emu.awaitFaultsTaken()
            job.cancel()
            job.join()
            assertTrue(job.isCancelled)
            assertEquals(emptyList<SeenRequest>(), emu.requests(), "the cancelled call was waited for")
        }
        runBlocking { assertTrue(tenants.getTenants().tenants.isEmpty()) }
    }

    @Test
    fun errorsAndAnswersAlternateOnOneThread() = Emulator().use { emu ->
        // Each thread reuses the status of its last successful FFI call (tools/uniffi.sh):
        // an error in between must neither leak into the next answer nor lose its own details.
        val tenants = emu.client().auth().tenant()
        runBlocking {
            val created = tenants.createTenant(CreateTenantParam(name = "Alt", attributes = attrs, backOfficeStaffEmail = "a@example.com"))
            repeat(5) { i ->
                assertEquals(created.id, tenants.getTenant(created.id).id)
                val e = assertThrows<SaasusException.Api> { runBlocking { tenants.getTenant("missing-$i") } }
                assertEquals(404, e.status)
                assertTrue(e.errorMessage.contains("missing-$i"), e.errorMessage)
                assertThrows<SaasusException.InvalidArgument> { runBlocking { tenants.getTenant("") } }
            }
        }
    }

    /** The part of a generated file from the line starting with [header] to the next line "}". */
    private fun block(text: String, header: String): String {
        val start = text.indexOf("\n$header")
        assertTrue(start >= 0, "no $header")
        return text.substring(start, text.indexOf("\n}", start))
    }

    private fun camel(snake: String) =
        snake.split("_").mapIndexed { i, p -> if (i == 0) p else p.replaceFirstChar(Char::uppercase) }.joinToString("")

    @Test
    fun everyOperationIsGeneratedInKotlinAndSwift() {
        // The library's own table: each API's accessor on Client, each tag's on its API's class,
        // each operation on its tag's class.
        val table = operationTable()
        assertEquals(Specs.counts(), table.groupingBy { it.api }.eachCount())
        val kotlin = File("src/main/kotlin/io/saasus/saasus_uniffi.kt").readText()
        val swift = File("../swift/Sources/Saasus/Saasus.swift").readText()
        val missing = mutableListOf<String>()
        val kotlinClient = block(kotlin, "public interface ClientInterface {")
        val swiftClient = block(swift, "public protocol ClientProtocol:")
        for ((apiClass, rows) in table.groupBy { it.apiClass }) {
            val api = rows.first().api
            if (!kotlinClient.contains("fun `$api`(): $apiClass")) missing += "Kotlin Client.$api()"
            if (!Regex("""func $api\(\)\s+-> $apiClass\b""").containsMatchIn(swiftClient)) missing += "Swift Client.$api()"
            val kotlinApi = block(kotlin, "public interface ${apiClass}Interface {")
            val swiftApi = block(swift, "public protocol ${apiClass}Protocol:")
            for ((group, ops) in rows.groupBy { it.group }) {
                val accessor = camel(ops.first().accessor)
                if (!kotlinApi.contains("fun `$accessor`(): $group")) missing += "Kotlin $apiClass.$accessor()"
                if (!Regex("""func $accessor\(\)\s+-> $group\b""").containsMatchIn(swiftApi)) missing += "Swift $apiClass.$accessor()"
                val kotlinGroup = block(kotlin, "public interface ${group}Interface {")
                val swiftGroup = block(swift, "public protocol ${group}Protocol:")
                for (op in ops) {
                    val name = camel(op.name)
                    if (!kotlinGroup.contains("suspend fun `$name`(")) missing += "Kotlin $group.$name"
                    if (!Regex("""func $name\([^)]*\) async throws""").containsMatchIn(swiftGroup)) missing += "Swift $group.$name"
                }
            }
        }
        assertTrue(missing.isEmpty(), "missing from the generated sources: $missing")
    }

    @Test
    fun constructorsTakeTheCoresSettingsInItsOrder() {
        // The core lists the client's settings once (saasus::options); the uniffi constructors
        // are written out by hand, so they are checked against it here.
        val names = clientOptions().map(::camel)
        val ctor = Client::class.constructors.first { it.parameters.firstOrNull()?.name == "apiKey" }
        assertEquals(names, ctor.parameters.map { it.name })
        val fromEnv = Client.Companion::class.memberFunctions.first { it.name == "fromEnv" }
        assertEquals(names.drop(4), fromEnv.parameters.drop(1).map { it.name })
    }

    @Test
    fun versionIsTheWorkspaces() {
        val cargo = File(System.getProperty("saasus.version.cargo")).readText()
        val workspace = Regex("""\[workspace\.package\][^\[]*?version\s*=\s*"([^"]+)"""").find(cargo)!!.groupValues[1]
        assertEquals(workspace, System.getProperty("saasus.version.pom"))
    }

    /**
     * SaaSus API v1.13.8 renamed SearchTenantUsers' role_id to role_name: a call still naming
     * `roleId` resolves to the generated factory, whose ERROR deprecation fails the build with
     * this message; the factory itself makes the query with the new field.
     */
    @Test
    fun theRenamedRoleIdIsACompileErrorNamingRoleName() {
        val shim = Class.forName("io.saasus.models.RenamedKt").methods.single { it.name == "SearchTenantUsersQuery" }
        val deprecated = shim.getAnnotation(Deprecated::class.java)
        assertEquals(DeprecationLevel.ERROR, deprecated.level)
        assertEquals("roleId was renamed roleName in SaaSus API v1.13.8 (it filters by a role's name); pass roleName instead", deprecated.message)
        val query = shim.invoke(null, "t", null, null, null, 3L, 10L, null, "admin") as io.saasus.models.SearchTenantUsersQuery
        assertEquals(io.saasus.models.SearchTenantUsersQuery(tenantId = "t", envId = 3L, roleName = "admin", limit = 10L), query)
    }
}
