import Foundation
import Saasus
import XCTest

/// The login helpers: temp code → credentials → user info with roles → refresh.
final class LoginTest: EmulatorTestCase {
    private let password = "Passw0rd-Emulator"

    func testFromTempCodeToRoles() async throws {
        let client = try emulator.client()
        let auth = client.auth()
        try await auth.authInfo().updateAuthInfo(input: UpdateAuthInfoParam(callbackUrl: "http://localhost:3000/callback"))
        let tenant = try await auth.tenant().createTenant(
            input: CreateTenantParam(name: "Acme", attributes: [:], backOfficeStaffEmail: "ops@acme.example"))
        let user = try await auth.saasUser().createSaasUser(
            input: CreateSaasUserParam(email: "alice@example.com", signInId: nil, password: password))
        _ = try await auth.role().createRole(input: CreateRoleParam(roleName: "admin", displayName: "Admin"))
        _ = try await auth.tenantUser().createTenantUser(
            tenantId: tenant.id, input: CreateTenantUserParam(email: "alice@example.com", signInId: nil, attributes: [:]))
        try await auth.tenantUser().createTenantUserRoles(
            tenantId: tenant.id, userId: user.id, envId: 3, input: CreateTenantUserRolesParam(roleNames: ["admin"]))

        let code = try emulator.signInCode(username: "alice@example.com", password: password)
        let credentials = try await client.exchangeTempCode(code: code)
        let token = try XCTUnwrap(bearerToken(authorization: "Bearer \(credentials.idToken)"))
        let info = try await client.authenticate(idToken: token)
        XCTAssertEqual(info.email, "alice@example.com")
        XCTAssertEqual(info.id, user.id)
        XCTAssertTrue(hasRole(user: info, tenantId: tenant.id, roleName: "admin", envId: 3))
        XCTAssertTrue(hasRole(user: info, tenantId: tenant.id, roleName: "admin"))
        XCTAssertFalse(hasRole(user: info, tenantId: tenant.id, roleName: "admin", envId: 1))
        XCTAssertNil(bearerToken(authorization: "Basic abc"))

        let refreshed = try await client.refresh(refreshToken: XCTUnwrap(credentials.refreshToken))
        let again = try await client.authenticate(idToken: refreshed.idToken)
        XCTAssertEqual(again.id, user.id)
        // A refresh token the platform never issued: the 404 its spec documents for
        // GetAuthCredentials, typed, and not echoed.
        let garbage = "emu-refresh.not-issued-0123456789"
        do {
            _ = try await client.refresh(refreshToken: garbage)
            XCTFail("a refresh token never issued was accepted")
        } catch let error as SaasusError {
            guard case .Api(let status, let errorType, _, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual([String(status), errorType], ["404", "not_found"])
            XCTAssertFalse("\(error)".contains(garbage), "\(error)")
        }
        do {
            _ = try await client.authenticate(idToken: "forged")
            XCTFail("a forged token was accepted")
        } catch SaasusError.Api(let status, _, _, _, _) {
            XCTAssertEqual(status, 401)
        }
        do {
            _ = try await client.exchangeTempCode(code: " ")
            XCTFail("a blank code was sent")
        } catch SaasusError.InvalidArgument(let field, _) {
            XCTAssertEqual(field, "code")
        }
    }
}
