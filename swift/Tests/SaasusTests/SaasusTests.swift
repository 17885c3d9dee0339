import Foundation
import Saasus
import XCTest

/// The Swift binding against a real emulator: each test starts its own and asserts the values
/// that come back.
final class SaasusTests: EmulatorTestCase {
    /// The quick start of docs/swift.md: create a tenant, read it back, a missing one is a 404.
    func testQuickStart() async throws {
        let tenants = try emulator.client().auth().tenant()
        let created = try await tenants.createTenant(
            input: CreateTenantParam(name: "Acme", attributes: ["plan": "gold", "seats": 5, "active": true], backOfficeStaffEmail: "ops@acme.example"))
        XCTAssertEqual(created.name, "Acme")
        XCTAssertEqual(created.backOfficeStaffEmail, "ops@acme.example")
        XCTAssertEqual(created.attributes["seats"]?.intValue, 5)
        XCTAssertEqual(created.attributes["plan"]?.stringValue, "gold")
        XCTAssertEqual(created.attributes["active"]?.boolValue, true)
        XCTAssertNil(created.planId)

        let detail = try await tenants.getTenant(tenantId: created.id)
        XCTAssertEqual(detail.id, created.id)
        XCTAssertEqual(detail.name, "Acme")
        XCTAssertEqual(detail.attributes, ["plan": "gold", "seats": 5, "active": true])
        let listed = try await tenants.getTenants().tenants
        XCTAssertEqual(listed, [created])

        do {
            _ = try await tenants.getTenant(tenantId: "no-such-tenant")
            XCTFail("a missing tenant was found")
        } catch SaasusError.Api(let status, let errorType, let errorMessage, _, let traceId) {
            XCTAssertEqual(status, 404)
            XCTAssertEqual(errorType, "not_found")
            XCTAssertTrue(errorMessage.contains("no-such-tenant"), errorMessage)
            XCTAssertFalse(traceId?.isEmpty ?? true, "no trace id")
        }

        // A trace id set on the client is the one the error carries.
        let traced = try emulator.client().withContext(traceId: "trace-swift-1")
        do {
            try await traced.auth().tenant().deleteTenant(tenantId: "no-such-tenant")
            XCTFail("a missing tenant was deleted")
        } catch SaasusError.Api(let status, _, _, _, let traceId) {
            XCTAssertEqual(status, 404)
            XCTAssertEqual(traceId, "trace-swift-1")
        }
    }

    /// The error hierarchy of the other languages, on Swift's one error enum.
    func testErrorClasses() async throws {
        let client = try emulator.client()
        do {
            _ = try await client.auth().tenant().getTenant(tenantId: "no-such-tenant")
            XCTFail("a missing tenant was found")
        } catch let error as SaasusError {
            XCTAssertEqual(error.errorClass, .notFound)
            XCTAssertTrue(error.belongs(to: .notFound))
            XCTAssertTrue(error.belongs(to: .api))
            XCTAssertFalse(error.belongs(to: .server))
            XCTAssertEqual(error.errorClass.code, "SAASUS_NOT_FOUND")
            XCTAssertEqual(error.status, 404)
            XCTAssertNotNil(error.traceId)
        }
        do {
            _ = try await client.auth().tenant().getTenant(tenantId: "")
            XCTFail("an empty id was sent")
        } catch let error as SaasusError {
            XCTAssertEqual(error.errorClass, .invalidArgument)
            XCTAssertFalse(error.belongs(to: .api))
            XCTAssertNil(error.status)
            XCTAssertNil(error.traceId)
        }
        let unreachable = try Client(apiKey: "k", secretKey: "s", saasId: "id", baseUrl: "http://127.0.0.1:9/v1", maxRetries: 0)
        do {
            _ = try await unreachable.auth().tenant().getTenants()
            XCTFail("a closed port answered")
        } catch let error as SaasusError {
            XCTAssertEqual(error.errorClass, .transport)
        }
        XCTAssertEqual(SaasusError.Class.allCases.filter { $0.parent == .api }.count, 7)
    }

    /// A wrong secret is refused with a 401, and the error shows no secret.
    func testWrongSecretIsA401() async throws {
        let wrong = "wrong-secret-value-1234"
        let client = try emulator.client(secret: wrong)
        do {
            _ = try await client.auth().tenant().getTenants()
            XCTFail("a wrong secret was accepted")
        } catch let error as SaasusError {
            guard case .Api(let status, let errorType, _, _, let traceId) = error else {
                return XCTFail("not an API error: \(error)")
            }
            XCTAssertEqual(status, 401)
            XCTAssertEqual(errorType, "invalid_signature")
            XCTAssertNotNil(traceId)
            for text in [String(describing: error), error.localizedDescription] {
                XCTAssertFalse(text.contains(wrong), text)
                XCTAssertFalse(text.contains(emulator.secretKey), text)
            }
        }
    }

    /// Arguments and settings refused before anything is sent name the field.
    func testBadInputIsNamed() async throws {
        do {
            _ = try await emulator.client().auth().tenant().getTenant(tenantId: "")
            XCTFail("an empty id was sent")
        } catch SaasusError.InvalidArgument(let field, _) {
            XCTAssertEqual(field, "tenant_id")
        }
        XCTAssertThrowsError(try Client(apiKey: "k", secretKey: "", saasId: "id")) { error in
            guard case SaasusError.Config(let field, let rule) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "secret_key")
            XCTAssertEqual(rule, "is empty; an empty value was given")
        }
    }

    /// `maxRetryDelay` caps a long Retry-After; `withOptions`/`withResponse`; `appInfo` is refused when it is no product token.
    func testMaxRetryDelayWithOptionsAndWithResponse() async throws {
        // An hour's Retry-After, capped at 50 ms: the retry's record says it waited 50 ms, not 3600 s.
        _ = try emulator.local.fault(path: "/v1/auth/envs", status: 503, method: "GET", retryAfter: 3600)
        let e = emulator!
        let client = try Client(apiKey: e.apiKey, secretKey: e.secretKey, saasId: e.saasId, baseUrl: e.baseUrl, maxRetryDelay: 0.05)
        let log = RecordLog()
        let envs = try await client.withLogger(logger: log).auth().env().getEnvs().envs
        XCTAssertEqual(envs.count, 3)
        let retries = log.records.filter { $0.level == .info }
        XCTAssertEqual(retries.map { [$0.fields["backoff_ms"], $0.fields["retry_after"]] }, [["50", "true"]], "\(log.records)")
        // withOptions and withResponse: the answer's metadata beside its value.
        let r = try await client.withOptions(traceId: "trace-r").withResponse { try await $0.auth().env().getEnvs() }
        XCTAssertEqual([r.value.envs.count, r.status, r.attempts], [3, 200, 1])
        XCTAssertEqual(r.headers["x-saasus-trace-id"], "trace-r")
        XCTAssertThrowsError(try client.withOptions(maxRetries: 11)) { error in
            guard case SaasusError.InvalidArgument(let field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "max_retries")
        }
        // An empty trace id would send an empty header; `é` would reach the platform garbled.
        XCTAssertThrowsError(try client.withOptions(traceId: "")) { error in
            guard case SaasusError.InvalidArgument(let field, let rule) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "trace_id")
            XCTAssertTrue(rule.hasPrefix("must not be empty"), rule)
        }
        XCTAssertThrowsError(try client.withContext(referer: "https://app.example/caf\u{e9}")) { error in
            guard case SaasusError.InvalidArgument(let field, let rule) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "referer")
            XCTAssertTrue(rule.contains("non-ASCII"), rule)
        }
        let withCredentials = e.baseUrl.replacingOccurrences(of: "http://", with: "http://user:hunter2@")
        XCTAssertThrowsError(try Client(apiKey: e.apiKey, secretKey: e.secretKey, saasId: e.saasId, baseUrl: withCredentials)) { error in
            guard case SaasusError.Config(let field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "base_url")
            XCTAssertFalse("\(error)".contains("hunter2"))
        }
        XCTAssertThrowsError(try Client(apiKey: "k", secretKey: "s", saasId: "id", appInfo: AppInfo(name: "acme billing"))) { error in
            guard case SaasusError.Config(let field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "app_info.name")
        }
    }

    /// 2024-02-29T00:00:00Z: counts at fixed moments, so their day and month are known here.
    private let leapDay: Int64 = 1_709_164_800

    /// A usage unit in a menu in a plan, a tenant on the plan, and its metered counts read back.
    func testPricingFlow() async throws {
        let client = try emulator.client()
        let pricing = client.pricing()
        let meter = try await pricing.metering().createMeteringUnit(
            input: Pricing.CreateMeteringUnitParam(unitName: "api_calls", aggregateUsage: .sum, displayName: "Calls", description: ""))
        XCTAssertEqual(meter.unitName, "api_calls")
        XCTAssertFalse(meter.used)

        let unit = try await pricing.pricingUnits().createPricingUnit(
            input: .usage(Pricing.PricingUsageUnitForSave(
                upperCount: 0, unitAmount: 3, meteringUnitName: "api_calls", aggregateUsage: .sum,
                name: "calls", displayName: "Calls", description: "", type: .usage, currency: .usd)))
        let unitId: String
        switch unit {
        case .usage(let usage):
            XCTAssertEqual(usage.meteringUnitId, meter.id)
            XCTAssertEqual(usage.unitAmount, 3)
            XCTAssertEqual(usage.currency, .usd)
            unitId = usage.id
        case .fixed, .tiered, .tieredUsage, .unknown:
            return XCTFail("a usage unit came back as \(unit)")
        }
        let got = try await pricing.pricingUnits().getPricingUnit(pricingUnitId: unitId)
        XCTAssertEqual(got, unit)

        let menu = try await pricing.pricingMenus().createPricingMenu(
            input: Pricing.CreatePricingMenuParam(name: "standard", displayName: "Standard", description: "", unitIds: [unitId]))
        let plan = try await pricing.pricingPlans().createPricingPlan(
            input: Pricing.CreatePricingPlanParam(name: "pro", displayName: "Pro", description: "", menuIds: [menu.id]))
        XCTAssertEqual(plan.pricingMenus.map(\.id), [menu.id])

        let tenants = client.auth().tenant()
        let tenant = try await tenants.createTenant(
            input: CreateTenantParam(name: "Metered", attributes: [:], backOfficeStaffEmail: "ops@metered.example"))
        try await tenants.updateTenantPlan(tenantId: tenant.id, input: UpdateTenantPlanParam(nextPlanId: plan.id))
        let onPlan = try await tenants.getTenant(tenantId: tenant.id)
        XCTAssertEqual(onPlan.planId, plan.id)
        let used = try await pricing.pricingPlans().getPricingPlan(planId: plan.id)
        XCTAssertTrue(used.used)

        // Each answer is the second's count after the method.
        let metering = pricing.metering()
        let steps: [(Int64, Pricing.UpdateMeteringUnitTimestampCountMethod, Int64, Int64)] = [
            (leapDay + 3600, .add, 10, 10), (leapDay + 3600, .sub, 3, 7),
            (leapDay + 7200, .direct, 20, 20), (leapDay + 86_400, .add, 4, 4),
        ]
        for (at, method, count, after) in steps {
            let answer = try await metering.updateMeteringUnitTimestampCount(
                tenantId: tenant.id, meteringUnitName: "api_calls", timestamp: at,
                input: Pricing.UpdateMeteringUnitTimestampCountParam(method: method, count: count))
            XCTAssertEqual(answer, Pricing.MeteringUnitTimestampCount(meteringUnitName: "api_calls", timestamp: at, count: after))
        }
        let day = try await metering.getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(
            tenantId: tenant.id, meteringUnitName: "api_calls", date: "2024-02-29")
        let month = try await metering.getMeteringUnitMonthCountByTenantIdAndUnitNameAndMonth(
            tenantId: tenant.id, meteringUnitName: "api_calls", month: "2024-02")
        let march = try await metering.getMeteringUnitMonthCountsByTenantIdAndMonth(tenantId: tenant.id, month: "2024-03")
        XCTAssertEqual(day.count, 27)
        XCTAssertEqual(month.count, 27)
        XCTAssertEqual(march.counts.map(\.count), [4])
        XCTAssertEqual(march.counts.map(\.meteringUnitName), ["api_calls"])
    }

    /// Cancelling a call's Task ends the call with CancellationError, and the request with it:
    /// the emulator holds the request for 20 s, and the Task is cancelled once it does (its
    /// fault taken), so a call that went on would answer (or time out) instead; the call ends
    /// before the emulator answers (its log is still empty). The client is usable afterwards.
    func testCancellingATaskCancelsTheCall() async throws {
        _ = try emulator.local.fault(path: "/v1/auth/*", stallMs: 20000)
        let tenants = try emulator.client().auth().tenant()
        let call = Task { try await tenants.getTenants() }
        try await emulator.faultsTaken()
        call.cancel()
        do {
            let answer = try await call.value
            XCTFail("a cancelled call answered: \(answer)")
        } catch is CancellationError {
        }
        XCTAssertEqual(emulator.local.requests(), [], "the cancelled call was waited for")
        // A Task cancelled before its call starts: CancellationTest.
        let after = try await tenants.getTenants()
        XCTAssertEqual(after.tenants, [])
    }

    /// One client, 100 calls in flight at once from a task group.
    func testHundredConcurrentCalls() async throws {
        let tenants = try emulator.client().auth().tenant()
        let created = try await tenants.createTenant(
            input: CreateTenantParam(name: "Many", attributes: ["n": 1], backOfficeStaffEmail: "a@example.com"))
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 {
                group.addTask { try await tenants.getTenant(tenantId: created.id).id }
            }
            var ids: [String] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        XCTAssertEqual(ids, Array(repeating: created.id, count: 100))
    }

    /// JSONValue through its JSON text (as the library hands it over), Codable, and the API.
    func testJSONValueRoundTrips() async throws {
        let value: JsonObject = [
            "s": "text", "i": 42, "d": 2.5, "t": true, "f": false, "n": .null,
            "a": [1, "two", [3], ["k": "v"]], "o": ["inner": ["deep": -1]], "u": "日本語 \"quoted\"",
        ]
        XCTAssertEqual(try JSONValue.object(fromJSON: JSONValue.json(of: value)), value)
        let coded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(JSONValue.object(value)))
        XCTAssertEqual(coded, .object(value))
        XCTAssertEqual(try JSONValue.object(fromJSON: #"{"x": 1e3, "y": [null, true]}"#), ["x": 1000, "y": [.null, true]])
        XCTAssertEqual(value["i"]?.intValue, 42)
        XCTAssertNil(value["d"]?.intValue)
        XCTAssertEqual(value["d"]?.doubleValue, 2.5)
        XCTAssertEqual(value["o"]?["inner"]?["deep"]?.intValue, -1)
        XCTAssertEqual(value["a"]?.arrayValue?.count, 4)
        XCTAssertTrue(value["n"]?.isNull ?? false)

        let tenants = try emulator.client().auth().tenant()
        let created = try await tenants.createTenant(
            input: CreateTenantParam(name: "Json", attributes: value, backOfficeStaffEmail: "j@example.com"))
        XCTAssertEqual(created.attributes, value)
        let read = try await tenants.getTenant(tenantId: created.id)
        XCTAssertEqual(read.attributes, value)
    }
}
