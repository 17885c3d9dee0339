import Foundation
import Saasus
import XCTest

/// The emulator the library itself serves (no binary): what a Swift user's tests start.
final class LocalEmulatorTest: XCTestCase {
    func testALocalEmulatorServesAClient() async throws {
        let emulator = try LocalEmulator(apiKey: "key-1", secretKey: "secret-value-1", saasId: "saas-1")
        defer { emulator.stop() }
        XCTAssertTrue(emulator.baseUrl().hasPrefix("http://127.0.0.1:"))
        XCTAssertEqual(emulator.secretKey(), "secret-value-1")
        let tenants = try emulator.client().auth().tenant()
        let created = try await tenants.createTenant(
            input: CreateTenantParam(name: "Local", attributes: [:], backOfficeStaffEmail: "ops@local.example"))
        let listed = try await tenants.getTenants()
        XCTAssertEqual(listed.tenants, [created])
        XCTAssertThrowsError(try LocalEmulator(tokenTtl: 0)) { error in
            XCTAssertEqual((error as? SaasusError)?.errorClass, .config)
        }
    }

    /// With `data:`, the state is kept in that file: an emulator started again on it finds it.
    func testADataFileKeepsTheStateAcrossARestart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saasus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("emulator.sqlite").path
        let first = try LocalEmulator(data: data)
        _ = try await first.client().auth().tenant().createTenant(
            input: CreateTenantParam(name: "Kept", attributes: [:], backOfficeStaffEmail: "ops@kept.example"))
        let (apiKey, secretKey, saasId) = (first.apiKey(), first.secretKey(), first.saasId())
        first.stop()
        let second = try LocalEmulator(apiKey: apiKey, secretKey: secretKey, saasId: saasId, data: data)
        defer { second.stop() }
        let names = try await second.client().auth().tenant().getTenants().tenants.map(\.name)
        XCTAssertEqual(names, ["Kept"])
        // Without the file, a fresh emulator starts empty.
        let fresh = try LocalEmulator(apiKey: apiKey, secretKey: secretKey, saasId: saasId)
        defer { fresh.stop() }
        let none = try await fresh.client().auth().tenant().getTenants().tenants
        XCTAssertEqual(none, [])
    }

    /// Faults, the test sign-in and the request log, acting on the emulator's state in-process.
    func testFaultsSignInCodeAndTheRequestLog() async throws {
        let emulator = try LocalEmulator()
        defer { emulator.stop() }
        let client = try emulator.client()
        _ = try emulator.fault(path: "/v1/auth/envs", status: 503, method: "GET", count: 3)
        do {
            _ = try await client.withOptions(maxRetries: 0).auth().env().getEnvs()
            XCTFail("the fault did not answer")
        } catch let error as SaasusError {
            XCTAssertEqual(error.status, 503)
        }
        // Without retries, so that a fault left armed would fail the call.
        emulator.clearFaults()
        XCTAssertEqual(emulator.faultsLeft(), 0)
        let envs = try await client.withOptions(maxRetries: 0).auth().env().getEnvs().envs
        XCTAssertEqual(envs.count, 3, "no fault left armed")
        XCTAssertThrowsError(try emulator.fault(path: "no-slash", status: 503)) { error in
            guard case .InvalidArgument(let field, _) = error as? SaasusError else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "path")
        }

        try await client.auth().authInfo().updateAuthInfo(input: UpdateAuthInfoParam(callbackUrl: "http://localhost:3000/callback"))
        _ = try await client.auth().saasUser().createSaasUser(
            input: CreateSaasUserParam(email: "alice@example.com", signInId: nil, password: "Passw0rd-Emulator"))
        let code = try emulator.signInCode(username: "alice@example.com", password: "Passw0rd-Emulator")
        let credentials = try await client.exchangeTempCode(code: code)
        let user = try await client.authenticate(idToken: credentials.idToken)
        XCTAssertEqual(user.email, "alice@example.com")
        XCTAssertThrowsError(try emulator.signInCode(username: "alice@example.com", password: "wrong"))

        emulator.clearRequests()
        _ = try await client.withOptions(traceId: "t-log").auth().env().getEnvs()
        let seen = emulator.requests()
        XCTAssertEqual(seen.map { [$0.method, $0.path, $0.traceId ?? ""] }, [["GET", "/v1/auth/envs", "t-log"]])
        XCTAssertEqual(seen.first?.status, 200)
    }
}
