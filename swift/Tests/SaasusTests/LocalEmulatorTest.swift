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
}
