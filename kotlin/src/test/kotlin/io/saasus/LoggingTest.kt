package io.saasus

import io.saasus.models.CreateSaasUserParam
import io.saasus.models.UpdateAuthInfoParam
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** `Client.withLogger`: which levels reach the logger, and that no record carries a secret. */
class LoggingTest {
    /** The levels a logger at [level] gets for GetEnvs answered 503 three times (two retries, then given up). */
    private fun levelsOfAFailedCall(emu: Emulator, level: LogLevel?): List<LogLevel> {
        emu.fault("/v1/auth/envs", status = 503, method = "GET", count = 3)
        val log = RecordLog()
        val e = assertThrows<SaasusException.Api> { runBlocking { emu.client().withLogger(log, level).auth().env().getEnvs() } }
        assertEquals(503, e.status)
        return log.records.map { it.level }
    }

    @Test
    fun eachAttemptIsDebugEachRetryInfoAndTheGivenUpCallWarn() = Emulator().use { emu ->
        val (d, i, w) = Triple(LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN)
        assertEquals(listOf(d, i, d, i, d, w), levelsOfAFailedCall(emu, null))
        assertEquals(listOf(d, i, d, i, d, w), levelsOfAFailedCall(emu, LogLevel.DEBUG))
        assertEquals(listOf(i, i, w), levelsOfAFailedCall(emu, LogLevel.INFO))
        assertEquals(listOf(w), levelsOfAFailedCall(emu, LogLevel.WARN))
        // A call answered at once: one debug record, nothing at info.
        val log = RecordLog()
        runBlocking { emu.client().withLogger(log, LogLevel.INFO).auth().env().getEnvs() }
        assertEquals(emptyList<LogRecord>(), log.records)
    }

    @Test
    fun noRecordCarriesAKeyATokenOrASignature() = Emulator().use { emu ->
        val log = RecordLog()
        val client = emu.client().withLogger(log)
        val password = "Passw0rd-Emulator"
        val secrets = mutableListOf(emu.secretKey, "SAASUSSIGV1", password)
        runBlocking {
            client.auth().authInfo().updateAuthInfo(UpdateAuthInfoParam(callbackUrl = "http://localhost:3000/callback"))
            client.auth().saasUser().createSaasUser(CreateSaasUserParam(email = "alice@example.com", signInId = null, password = password))
            val code = emu.signInCode("alice@example.com", password)
            val credentials = client.exchangeTempCode(code)
            val refreshed = client.refresh(credentials.refreshToken!!)
            client.authenticate(refreshed.idToken)
            // A refused one too: its error record must not echo the token either.
            emu.fault("/v1/auth/userinfo", status = 503, count = 3)
            assertThrows<SaasusException.Api> { runBlocking { client.authenticate(credentials.idToken) } }
            secrets += listOf(code, credentials.idToken, credentials.accessToken, credentials.refreshToken!!, refreshed.idToken, refreshed.accessToken)
        }
        val operations = log.records.mapNotNull { it.fields["operation"] }.toSet()
        assertTrue(operations.containsAll(listOf("CreateSaasUser", "GetAuthCredentials", "GetUserInfo")), operations.toString())
        assertTrue(log.records.any { it.level == LogLevel.WARN }, log.records.toString())
        for (record in log.records) {
            val text = record.message + " " + record.fields.entries.joinToString(" ") { "${it.key}=${it.value}" }
            for (secret in secrets) assertFalse(text.contains(secret), "a record carries a secret: $text")
        }
    }
}
