import Foundation
import Saasus
import XCTest

/// Secrets are hidden wherever a value is printed (description, debugDescription, string
/// interpolation, nested values, arrays) and kept in its fields and its Codable JSON.
final class SecretsTest: EmulatorTestCase {
    private let password = "Passw0rd-Emulator"

    private func assertHidden(_ shown: String, _ secrets: [String], file: StaticString = #filePath, line: UInt = #line) {
        for secret in secrets {
            XCTAssertFalse(shown.contains(secret), "\(secret) is shown in \(shown)", file: file, line: line)
        }
        XCTAssertTrue(shown.contains("\"***\""), shown, file: file, line: line)
    }

    func testTokensKeysAndSessionsAreHiddenWhenPrinted() async throws {
        let client = try emulator.client()
        let saasUser = client.auth().saasUser()
        _ = try await saasUser.createSaasUser(
            input: CreateSaasUserParam(email: "secret@example.com", signInId: nil, password: password))

        let code = try await emulator.signInCode(username: "secret@example.com", password: password)
        let credentials = try await client.exchangeTempCode(code: code)
        let tokens = [credentials.idToken, credentials.accessToken, try XCTUnwrap(credentials.refreshToken)]
        assertHidden(credentials.description, tokens)
        assertHidden(credentials.debugDescription, tokens)
        assertHidden("signed in: \(credentials)", tokens)
        assertHidden(String(describing: [credentials]), tokens)
        assertHidden(String(reflecting: credentials), tokens)
        // Codable keeps every field: a backend hands the tokens to its app.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(credentials)) as? [String: String]
        XCTAssertEqual(json?["id_token"], tokens[0])
        XCTAssertEqual(json?["refresh_token"], tokens[2])

        let challenge = try await saasUser.signIn(
            input: SignInParam(signInFlow: .userSrpAuth, signInParameters: ["USERNAME": "secret@example.com"]))
        let session = try XCTUnwrap(challenge.session)
        assertHidden("\(challenge)", [session])
        let answer = try await saasUser.respondToSignInChallenge(
            input: RespondToSignInChallengeParam(
                challengeName: .passwordVerifier,
                challengeResponses: ["USERNAME": "secret@example.com", "PASSWORD": password], session: session))
        let nested = try XCTUnwrap(answer.credentials)
        assertHidden("\(answer)", [nested.idToken, nested.accessToken])

        try await client.auth().saasusTenant().createApiKey()
        let keys = try await client.auth().saasusTenant().getApiKeys()
        assertHidden("\(keys)", keys.apiKeys)
        let secret = try await client.auth().saasusTenant().getClientSecret()
        assertHidden("\(secret)", [secret.clientSecret])
    }
}
