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
        emulator.clearFaults()
        let envs = try await client.auth().env().getEnvs().envs
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
