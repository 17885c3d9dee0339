import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Saasus
import XCTest

/// `parseEvent` on the emulator's events (what `saasus listen` forwards), and `verifyEvent`.
final class EventsTest: EmulatorTestCase {
    /// The emulator's events, each as its JSON text.
    private func events() async throws -> [String] {
        let origin = String(emulator.baseUrl.dropLast("/v1".count))
        let (data, _) = try await URLSession.shared.data(from: try XCTUnwrap(URL(string: origin + "/_emulator/events")))
        let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [Any])
        return try array.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
    }

    func testEventsAreReadIntoTheirOperationIdsAndBodies() async throws {
        let client = try emulator.client()
        let tenant = try await client.auth().tenant().createTenant(
            input: CreateTenantParam(name: "Acme", attributes: [:], backOfficeStaffEmail: "ops@acme.example"))
        _ = try await client.auth().tenant().updateTenant(
            tenantId: tenant.id, input: UpdateTenantParam(name: "Acme 2", attributes: [:], backOfficeStaffEmail: "ops@acme.example"))
        _ = try await client.auth().tenant().getTenants()
        let texts = try await events()
        XCTAssertEqual(texts.count, 2, "a GET makes no event")
        let created = try parseEvent(body: texts[0])
        let updated = try parseEvent(body: texts[1])
        XCTAssertEqual([created.operation, created.eventType, created.api], ["CreateTenant", "create_tenant", "auth"])
        XCTAssertEqual(created.status, 201)
        XCTAssertEqual(created.response?["id"], .string(tenant.id))
        XCTAssertEqual(updated.operation, "UpdateTenant")
        XCTAssertEqual(updated.pathParams, ["tenant_id": tenant.id])
        XCTAssertEqual(updated.request?["name"], .string("Acme 2"))
        // The bodies as the operation's own types: a switch over what happened.
        guard case .createTenant(let input, let output) = created.body else { return XCTFail("\(created.body)") }
        XCTAssertEqual(input?.name, "Acme")
        XCTAssertEqual(output?.id, tenant.id)
        switch updated.body {
        case .authUpdateTenant(let input): XCTAssertEqual(input?.backOfficeStaffEmail, "ops@acme.example")
        default: XCTFail("\(updated.body)")
        }
        XCTAssertThrowsError(try parseEvent(body: "[]")) { error in
            guard case .InvalidArgument = error as? SaasusError else { return XCTFail("\(error)") }
        }
    }

    func testASignatureIsCheckedForItsAge() {
        XCTAssertThrowsError(try verifyEvent(secret: "whsec_x", header: "t=1000,v1=00", body: Data("{}".utf8))) { error in
            guard case .InvalidArgument(let field, _) = error as? SaasusError else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "saasus-signature")
        }
    }
}
