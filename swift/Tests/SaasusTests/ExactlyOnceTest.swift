import Foundation
import Saasus
import XCTest

/// Retry safety by meaning: a metering add applied and then answered 502 or 504 is counted once
/// and throws `SaasusError.OutcomeUnknown` saying what was sent; a direct count and reads are sent again.
final class ExactlyOnceTest: EmulatorTestCase {
    private let at: Int64 = 1709168400 // 2024-02-29T01:00:00Z
    private let metering = "/v1/pricing/metering/tenants/*"

    private func setup(_ client: Client) async throws -> String {
        _ = try await client.pricing().metering().createMeteringUnit(
            input: Pricing.CreateMeteringUnitParam(unitName: "api_calls", displayName: "API calls", description: ""))
        return try await client.auth().tenant().createTenant(
            input: CreateTenantParam(name: "Acme", attributes: [:], backOfficeStaffEmail: "ops@example.com")).id
    }

    private func counted(_ client: Client, _ tenant: String) async throws -> Int64 {
        try await client.pricing().metering().getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(
            tenantId: tenant, meteringUnitName: "api_calls", date: "2024-02-29").count
    }

    func testAnAddAppliedAndThenAnswered502Or504IsCountedOnceAndItsOutcomeUnknown() async throws {
        let client = try emulator.client()
        let tenant = try await setup(client)
        var expected: Int64 = 0
        for status in [502, 504] {
            _ = try emulator.local.fault(path: metering, status: Int32(status), method: "PUT", afterApplying: true)
            do {
                _ = try await client.pricing().metering().updateMeteringUnitTimestampCount(
                    tenantId: tenant, meteringUnitName: "api_calls", timestamp: at,
                    input: Pricing.UpdateMeteringUnitTimestampCountParam(method: .add, count: 5))
                XCTFail("\(status): the add succeeded")
            } catch let error as SaasusError {
                guard case .OutcomeUnknown(let operation, let method, let path, let body, let failure, _, let errorType, _) = error else {
                    return XCTFail("\(status): \(error)")
                }
                XCTAssertEqual([operation, method, path], ["UpdateMeteringUnitTimestampCount", "PUT", "/pricing/metering/tenants/\(tenant)/units/api_calls/timestamp/\(at)"])
                XCTAssertEqual(try JSONValue.object(fromJSON: body ?? ""), ["method": "add", "count": 5])
                XCTAssertEqual(errorType, "injected_fault")
                XCTAssertTrue(failure.hasPrefix("\(status) injected_fault"), failure)
                XCTAssertEqual(error.status, Int32(status))
                XCTAssertEqual(error.errorClass, .outcomeUnknown)
                XCTAssertFalse(error.belongs(to: .api), "no answer said whether it was applied")
            }
            expected += 5
            let got = try await counted(client, tenant)
            XCTAssertEqual(got, expected, "\(status): applied once, not sent again")
        }
    }

    func testADirectCountAndReadsAreStillSentAgain() async throws {
        let client = try emulator.client()
        let tenant = try await setup(client)
        let m = client.pricing().metering()
        _ = try emulator.local.fault(path: metering, status: 502, method: "PUT", count: 2, afterApplying: true)
        let direct = try await m.updateMeteringUnitTimestampCount(
            tenantId: tenant, meteringUnitName: "api_calls", timestamp: at, input: Pricing.UpdateMeteringUnitTimestampCountParam(method: .direct, count: 20))
        XCTAssertEqual(direct.count, 20)
        _ = try emulator.local.fault(path: metering, status: 504, method: "GET", count: 2)
        let read = try await counted(client, tenant)
        XCTAssertEqual(read, 20)
        _ = try emulator.local.fault(path: metering, status: 429, method: "PUT")
        let added = try await m.updateMeteringUnitTimestampCount(
            tenantId: tenant, meteringUnitName: "api_calls", timestamp: at, input: Pricing.UpdateMeteringUnitTimestampCountParam(method: .add, count: 1))
        XCTAssertEqual(added.count, 21, "a 429 refused it: sent again")
    }
}
