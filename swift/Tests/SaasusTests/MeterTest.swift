import Foundation
import Saasus
import XCTest

/// `client.meter()` against the emulator: exact totals from 8 tasks after close, a sum applied
/// then answered 502/504 counted once and reported unknown, the bound, errors naming the field.
final class MeterTest: EmulatorTestCase {
    private let metering = "/v1/pricing/metering/tenants/*"

    private func setup(_ client: Client, _ units: [String] = ["api_calls"]) async throws -> String {
        for unit in units {
            _ = try await client.pricing().metering().createMeteringUnit(
                input: Pricing.CreateMeteringUnitParam(unitName: unit, displayName: unit, description: ""))
        }
        return try await client.auth().tenant().createTenant(
            input: CreateTenantParam(name: "Acme", attributes: [:], backOfficeStaffEmail: "ops@example.com")).id
    }

    /// A tenant's count of a unit on the days the meter wrote for (its requests' timestamps, from
    /// the emulator's request log), not "today": a test running over UTC midnight counts the same.
    private func counted(_ client: Client, _ tenant: String, _ unit: String = "api_calls") async throws -> Int64 {
        let prefix = "/v1/pricing/metering/tenants/\(tenant)/units/\(unit)/timestamp/"
        let days = Set(emulator.local.requests().filter { $0.method == "PUT" && $0.path.hasPrefix(prefix) }.map {
            let seconds = TimeInterval(String($0.path.dropFirst(prefix.count)))!
            return String(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds)).prefix(10))
        })
        var total: Int64 = 0
        for day in days {
            total += try await client.pricing().metering().getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(
                tenantId: tenant, meteringUnitName: unit, date: day).count
        }
        return total
    }

    func testAddsFromEightTasksAreExactAfterClose() async throws {
        let client = try emulator.client()
        let tenant = try await setup(client, ["api_calls", "storage"])
        let meter = try client.meter(flushInterval: 0.1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for n in 0..<12_500 {
                        try meter.add(tenantId: tenant, meteringUnitName: n % 5 == 0 ? "storage" : "api_calls")
                    }
                }
            }
            try await group.waitForAll()
        }
        let report = try await meter.close()
        XCTAssertTrue(report.failures.isEmpty, "\(report.failures)")
        let s = report.stats
        XCTAssertEqual([s.added, s.sent, s.pending, s.failed, s.unknown, s.dropped], [100_000, 100_000, 0, 0, 0, 0])
        XCTAssertLessThan(s.requests, 1_000)
        let (calls, storage) = (try await counted(client, tenant), try await counted(client, tenant, "storage"))
        XCTAssertEqual([calls, storage], [80_000, 20_000])
        XCTAssertThrowsError(try meter.add(tenantId: tenant, meteringUnitName: "api_calls")) { error in
            guard case .InvalidArgument(let field, _) = error as? SaasusError else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "meter")
        }
    }

    func testASumAppliedThenAnswered502Or504IsCountedOnceAndReportedUnknown() async throws {
        let client = try emulator.client()
        let tenant = try await setup(client)
        let meter = try client.meter()
        var expected: Int64 = 0
        for status in [502, 504] {
            _ = try emulator.local.fault(path: metering, status: Int32(status), method: "PUT", afterApplying: true)
            try meter.add(tenantId: tenant, meteringUnitName: "api_calls", count: 5)
            let report = try await meter.flush()
            expected += 5
            let got = try await counted(client, tenant)
            XCTAssertEqual(got, expected, "\(status): applied once, never sent again")
            XCTAssertEqual(report.failures.count, 1)
            let f = report.failures[0]
            XCTAssertEqual(f.outcome, .unknown)
            XCTAssertEqual(f.method, .add)
            XCTAssertEqual(f.count, 5)
            XCTAssertEqual(f.timestamp % 60, 0)
            XCTAssertEqual(f.error?.status, Int32(status))
            XCTAssertEqual(f.error?.errorClass, .outcomeUnknown)
        }
        let s = try await meter.close().stats
        XCTAssertEqual([s.unknown, s.sent, s.requests], [10, 0, 2])
    }

    func testARefusedSumFailsAndTheBoundDropsAndReports() async throws {
        let client = try emulator.client()
        let tenant = try await setup(client)
        let meter = try client.meter(flushInterval: 3600, flushAt: 1, maxPending: 1)
        try meter.add(tenantId: tenant, meteringUnitName: "no_such_unit", count: 2)
        let failed = try await meter.flush().failures
        XCTAssertEqual(failed.map(\.outcome), [.failed])
        XCTAssertEqual(failed.first?.error?.belongs(to: .api), true)
        for n in 0..<500 {
            try meter.add(tenantId: "tenant-\(n)", meteringUnitName: "api_calls")
        }
        let report = try await meter.close()
        let s = report.stats
        XCTAssertEqual(s.added, 502)
        XCTAssertEqual(s.added, s.sent + s.pending + s.failed + s.unknown + s.dropped)
        XCTAssertEqual(s.pending, 0)
        XCTAssertEqual(s.dropped, UInt64(report.failures.filter { $0.outcome == .dropped }.reduce(0) { $0 + $1.count }))
    }

    func testBadCountsAndSettingsNameTheField() async throws {
        let client = try emulator.client()
        func field(_ body: () throws -> Void) -> String? {
            do {
                try body()
            } catch let SaasusError.InvalidArgument(field, _) {
                return field
            } catch {
                return "\(error)"
            }
            return nil
        }
        XCTAssertEqual(field { _ = try client.meter(bucket: 7) }, "bucket")
        XCTAssertEqual(field { _ = try client.meter(flushInterval: 0) }, "flushInterval")
        let meter = try client.meter()
        XCTAssertEqual(field { try meter.add(tenantId: "", meteringUnitName: "u") }, "tenant_id")
        XCTAssertEqual(field { try meter.add(tenantId: "t", meteringUnitName: "u", count: -1) }, "count")
        XCTAssertTrue(meter.description.hasPrefix("Meter(MeterStats(added: 0"), meter.description)
        try await meter.close()
    }
}
