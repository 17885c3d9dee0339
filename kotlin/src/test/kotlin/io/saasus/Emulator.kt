package io.saasus

import io.saasus.testing.SaasusEmulator
import kotlinx.coroutines.delay
import org.junit.jupiter.api.Assertions.assertTrue
import java.util.Collections

/**
 * The emulator this library serves ([SaasusEmulator]: 127.0.0.1, credentials of its own), started
 * for a test and stopped after it; faults, the request log and the test sign-in act on its state
 * in-process. The suite's shorthands are the extensions below.
 */
typealias Emulator = SaasusEmulator

/** A client for it that signs with [secret] (a wrong one, to see the 401). */
fun SaasusEmulator.client(secret: String): Client = Client(apiKey, secret, saasId, baseUrl)

/** A logger keeping each event's message. */
class MessageLog : SaasusLogger {
    val messages: MutableList<String> = Collections.synchronizedList(mutableListOf())

    override fun log(level: LogLevel, message: String, fields: Map<String, String>) {
        messages += message
    }
}

/** One record the logger was given. */
data class LogRecord(val level: LogLevel, val message: String, val fields: Map<String, String>)

/** A logger keeping each record whole. */
class RecordLog : SaasusLogger {
    val records: MutableList<LogRecord> = Collections.synchronizedList(mutableListOf())

    override fun log(level: LogLevel, message: String, fields: Map<String, String>) {
        records += LogRecord(level, message, fields)
    }
}

/**
 * Returns once every armed fault was taken (a stalled request is in the emulator's hands), polling
 * [SaasusEmulator.faultsLeft]; gives up after 10 s.
 */
suspend fun SaasusEmulator.awaitFaultsTaken() {
    val until = System.nanoTime() + 10_000_000_000
    while (faultsLeft() > 0) {
        assertTrue(System.nanoTime() < until, "no request reached the emulator")
        delay(5)
    }
}

/** How many requests the log holds whose path starts with [prefix]; the log is then forgotten. */
fun SaasusEmulator.callsTo(prefix: String): Int {
    val seen = requests()
    clearRequests()
    return seen.count { it.path.startsWith(prefix) }
}
