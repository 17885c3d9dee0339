package io.saasus

import io.saasus.models.ChallengeName
import io.saasus.models.CreateSaasUserParam
import io.saasus.models.Credentials
import io.saasus.models.RespondToSignInChallengeParam
import io.saasus.models.SignInFlow
import io.saasus.models.SignInParam
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Secrets are hidden wherever a record is printed (toString, string templates, nested records,
 *  lists) and kept in its fields, against the emulator. */
class SecretsTest {
    private val password = "Passw0rd-Emulator"

    private fun assertHidden(shown: String, secrets: List<String>) {
        for (secret in secrets) assertFalse(shown.contains(secret), "$secret is shown in $shown")
        assertTrue(shown.contains("\"***\""), shown)
    }

    @Test
    fun tokensKeysAndSessionsAreHiddenWhenPrinted() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            val saasUser = client.auth().saasUser()
            saasUser.createSaasUser(CreateSaasUserParam(email = "secret@example.com", signInId = null, password = password))

            val creds = client.exchangeTempCode(emu.signInCode("secret@example.com", password))
            val tokens = listOf(creds.idToken, creds.accessToken, creds.refreshToken!!)
            assertHidden(creds.toString(), tokens)
            assertHidden("signed in: $creds", tokens)
            assertHidden(listOf(creds).toString(), tokens)
            // The fields keep their values: a backend hands them to its app.
            assertEquals(creds, Credentials(tokens[0], tokens[1], tokens[2]))
            assertTrue(creds.idToken.count { it == '.' } == 2)

            val challenge = saasUser.signIn(SignInParam(SignInFlow.UserSrpAuth, mapOf("USERNAME" to "secret@example.com")))
            assertHidden(challenge.toString(), listOf(challenge.session!!))
            val answer = saasUser.respondToSignInChallenge(
                RespondToSignInChallengeParam(ChallengeName.PasswordVerifier,
                    mapOf("USERNAME" to "secret@example.com", "PASSWORD" to password), challenge.session))
            val nested = answer.credentials!!
            assertHidden(answer.toString(), listOf(nested.idToken, nested.accessToken))

            client.auth().saasusTenant().createApiKey()
            val keys = client.auth().saasusTenant().getApiKeys()
            assertHidden(keys.toString(), keys.apiKeys)
            val secret = client.auth().saasusTenant().getClientSecret()
            assertHidden(secret.toString(), listOf(secret.clientSecret))
        }
    }
}
