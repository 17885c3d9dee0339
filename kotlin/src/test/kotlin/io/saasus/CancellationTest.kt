package io.saasus

import io.saasus.models.CreateTenantParam
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * A cancelled coroutine ends its call in the core: the Rust future is freed (uniffi's
 * `uniffiRustCallAsync` frees it in `finally`), which aborts the call's task — its request and any
 * retry it would still make. And a logger that throws never fails a call.
 */
class CancellationTest {
    private val tenantsPath = "/v1/auth/tenants"

    /** GetTenants answers 503 with `Retry-After: 1` ten times: a call retries each a second later. */
    private fun unavailable(emu: Emulator) = emu.fault(tenantsPath, status = 503, retryAfter = 1, count = 10)

    private fun seen(emu: Emulator): Int = emu.requests().count { it.path.startsWith(tenantsPath) }

    /** Polls the request log until GetTenants was answered once (the 503), at most 10 s. */
    private suspend fun firstAttempt(emu: Emulator) {
        val until = System.nanoTime() + 10_000_000_000
        while (seen(emu) == 0) {
            assertTrue(System.nanoTime() < until, "no request reached the emulator")
            delay(5)
        }
    }

    /** The log keeps what it held at the cancel for 2.5 s (a retry would come after 1 s). */
    private suspend fun noMoreRequests(emu: Emulator, atCancel: Int) {
        delay(2500)
        assertEquals(atCancel, seen(emu), emu.requests().joinToString("\n"))
        // Nothing is left waiting for the Rust future: its continuation was released.
        assertEquals(0, uniffiContinuationHandleMap.size)
    }

    @Test
    fun aCancelledJobMakesNoRetry() = Emulator().use { emu ->
        unavailable(emu)
        val tenants = emu.client(maxRetries = 10u).auth().tenant()
        runBlocking {
            val job = launch(Dispatchers.Default) { tenants.getTenants() }
            firstAttempt(emu)
            job.cancel()
            job.join()
            assertTrue(job.isCancelled)
            assertEquals(1, seen(emu))
            noMoreRequests(emu, 1)
        }
        // The client is usable afterwards (the faults left are cleared first).
        emu.clearFaults()
        runBlocking { assertTrue(tenants.getTenants().tenants.isEmpty()) }
    }

    @Test
    fun withTimeoutEndsTheCallAndItsRetries() = Emulator().use { emu ->
        unavailable(emu)
        val tenants = emu.client(maxRetries = 10u).auth().tenant()
        runBlocking {
            // The first 503 comes at once; the retry would come at 1 s, after the timeout.
            assertNull(withTimeoutOrNull(700) { tenants.getTenants() })
            val atCancel = seen(emu)
            assertTrue(atCancel <= 1, "$atCancel attempts in 700 ms")
            noMoreRequests(emu, atCancel)
        }
    }

    @Test
    fun aCallInACancelledCoroutineSendsNothing() = Emulator().use { emu ->
        val tenants = emu.client().auth().tenant()
        runBlocking {
            repeat(50) {
                // The call is made by a coroutine cancelled already: it ends at its first suspension.
                val job = launch(Dispatchers.Default) {
                    cancel()
                    tenants.getTenants()
                }
                job.join()
                assertTrue(job.isCancelled)
            }
            noMoreRequests(emu, 0)
        }
    }

    @Test
    fun aLoggerThatThrowsNeverFailsACall() = Emulator().use { emu ->
        val seen = MessageLog()
        // One logger throws an Exception, the other an Error (which uniffi's callback does not catch).
        val throwing = object : SaasusLogger {
            override fun log(level: LogLevel, message: String, fields: Map<String, String>) {
                seen.log(level, message, fields)
                throw IllegalStateException("the logger failed")
            }
        }
        val erring = object : SaasusLogger {
            override fun log(level: LogLevel, message: String, fields: Map<String, String>) {
                throw NotImplementedError("the logger is not written")
            }
        }
        val plain = emu.client()
        runBlocking {
            val created = plain.auth().tenant().createTenant(
                CreateTenantParam(name = "Logged", attributes = JsonObject(mapOf("n" to JsonPrimitive(1))), backOfficeStaffEmail = "a@example.com"),
            )
            for (logger in listOf(throwing, erring)) {
                val tenants = plain.withLogger(logger, LogLevel.DEBUG).auth().tenant()
                repeat(3) {
                    // A retried call logs at debug and info; each event's logger call throws.
                    emu.fault(tenantsPath, status = 503)
                    assertEquals(listOf(created.id), tenants.getTenants().tenants.map { it.id })
                    assertEquals("Logged", tenants.getTenant(created.id).name)
                }
            }
        }
        val events = seen.messages.joinToString("\n")
        assertTrue(events.contains("GET auth /tenants -> 503"), events)
        assertTrue(events.contains("GET auth /tenants -> 200"), events)
    }
}
