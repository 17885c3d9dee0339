import Foundation
import Saasus
import XCTest

/// `Client.withLogger`: which levels reach the logger, and that no record carries a secret.
final class LoggingTest: EmulatorTestCase {
    /// The levels a logger at `level` gets for GetEnvs answered 503 three times (two retries, then given up).
    private func levelsOfAFailedCall(_ level: LogLevel?) async throws -> [LogLevel] {
        _ = try emulator.local.fault(path: "/v1/auth/envs", status: 503, method: "GET", count: 3)
        let log = RecordLog()
        do {
            _ = try await emulator.client().withLogger(logger: log, level: level).auth().env().getEnvs()
            XCTFail("the faults did not answer")
        } catch let error as SaasusError {
            XCTAssertEqual(error.status, 503)
        }
        return log.records.map(\.level)
    }

    func testEachAttemptIsDebugEachRetryInfoAndTheGivenUpCallWarn() async throws {
        let (d, i, w) = (LogLevel.debug, LogLevel.info, LogLevel.warn)
        let all = try await levelsOfAFailedCall(nil)
        XCTAssertEqual(all, [d, i, d, i, d, w])
        let debug = try await levelsOfAFailedCall(.debug)
        XCTAssertEqual(debug, [d, i, d, i, d, w])
        let info = try await levelsOfAFailedCall(.info)
        XCTAssertEqual(info, [i, i, w])
        let warn = try await levelsOfAFailedCall(.warn)
        XCTAssertEqual(warn, [w])
        // A call answered at once: one debug record, nothing at info.
        let log = RecordLog()
        _ = try await emulator.client().withLogger(logger: log, level: .info).auth().env().getEnvs()
        XCTAssertEqual(log.records.count, 0, "\(log.records)")
    }

    func testNoRecordCarriesAKeyATokenOrASignature() async throws {
        let log = RecordLog()
        let client = try emulator.client().withLogger(logger: log)
        let password = "Passw0rd-Emulator"
        var secrets = [emulator.secretKey, "SAASUSSIGV1", password]
        try await client.auth().authInfo().updateAuthInfo(input: UpdateAuthInfoParam(callbackUrl: "http://localhost:3000/callback"))
        _ = try await client.auth().saasUser().createSaasUser(
            input: CreateSaasUserParam(email: "alice@example.com", signInId: nil, password: password))
        let code = try emulator.signInCode(username: "alice@example.com", password: password)
        let credentials = try await client.exchangeTempCode(code: code)
        let refreshToken = try XCTUnwrap(credentials.refreshToken)
        let refreshed = try await client.refresh(refreshToken: refreshToken)
        _ = try await client.authenticate(idToken: refreshed.idToken)
        // A refused one too: its records must not echo the token either.
        _ = try emulator.local.fault(path: "/v1/auth/userinfo", status: 503, count: 3)
        do {
            _ = try await client.authenticate(idToken: credentials.idToken)
            XCTFail("the faults did not answer")
        } catch is SaasusError {
        }
        secrets += [code, credentials.idToken, credentials.accessToken, refreshToken, refreshed.idToken, refreshed.accessToken]
        let operations = Set(log.records.compactMap { $0.fields["operation"] })
        XCTAssertTrue(operations.isSuperset(of: ["CreateSaasUser", "GetAuthCredentials", "GetUserInfo"]), "\(operations)")
        XCTAssertTrue(log.records.contains { $0.level == .warn }, "\(log.records)")
        for record in log.records {
            let text = record.message + " " + record.fields.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            for secret in secrets {
                XCTAssertFalse(text.contains(secret), "a record carries a secret: \(text)")
            }
        }
    }
}
