import Foundation
import Saasus
import XCTest

/// docs/swift.md shows Docs/QuickStart.swift and Docs/Pricing.swift word for word, and that code runs.
final class DocsTest: EmulatorTestCase {
    private let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    private func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex) else { return nil }
        return String(text[from.upperBound..<to.lowerBound]).trimmingCharacters(in: .newlines)
    }

    private func assertShown(_ file: String, _ marker: String) throws {
        let source = try String(contentsOf: here.appendingPathComponent("Docs/\(file)"), encoding: .utf8)
        let page = try String(contentsOf: here.appendingPathComponent("../../../docs/swift.md").standardized, encoding: .utf8)
        let snippet = try XCTUnwrap(between(source, "// START \(marker)\n", "// END \(marker)"), "no \(marker) markers in \(file)")
        let shown = try XCTUnwrap(
            between(page, "<!-- \(marker): swift/Tests/SaasusTests/Docs/\(file) -->\n```swift\n", "```"), "docs/swift.md shows no \(marker)")
        XCTAssertEqual(snippet, shown)
    }

    func testPageShowsTheQuickStartVerbatim() throws {
        try assertShown("QuickStart.swift", "quickstart")
    }

    func testPageShowsThePricingExampleVerbatim() throws {
        try assertShown("Pricing.swift", "pricing")
    }

    func testPageShowsTheAppSessionExampleVerbatim() throws {
        try assertShown("AppSession.swift", "app")
    }

    func testQuickStartRunsAgainstTheEmulator() async throws {
        // Client.fromEnv() reads the process's environment: set for this test, then removed.
        for (name, value) in emulator.env { setenv(name, value, 1) }
        defer { for name in emulator.env.keys { unsetenv(name) } }
        let lines = try await quickStart()
        XCTAssertEqual(lines, ["Acme: 5 seats", "404 not_found, trace id: true", "coded: Beta", "200: 3 envs, trace quick-start, 1 attempt"])
        let agents = emulator.local.requests().compactMap(\.userAgent)
        XCTAssertTrue(agents.contains { $0.hasPrefix("saasus-uniffi/") && $0.hasSuffix(" acme-billing/2.3.1") }, "\(agents)")
    }

    func testPageShowsTheLoggingExampleVerbatim() throws {
        try assertShown("Logging.swift", "logging")
    }

    func testPageShowsThePagesExampleVerbatim() throws {
        try assertShown("Pages.swift", "pages")
    }

    func testPagesExampleRunsAgainstTheEmulator() async throws {
        let lines = try await readers(emulator.client())
        // Users come ordered by id, not email.
        XCTAssertEqual(lines.dropLast().sorted() + lines.suffix(1), (0..<5).map { "reader-\($0)@example.com" } + ["failed calls: 0"])
    }

    func testLoggingExampleRunsAgainstTheEmulator() async throws {
        final class Lines: @unchecked Sendable {
            private let lock = NSLock()
            private var all: [String] = []
            func add(_ line: String) { lock.lock(); all.append(line); lock.unlock() }
            var lines: [String] { lock.lock(); defer { lock.unlock() }; return all }
        }
        let lines = Lines()
        _ = try emulator.local.fault(path: "/v1/auth/envs", status: 503, method: "GET")
        let client = try logged(emulator.client(), write: { lines.add($0) }).withOptions(traceId: "t-log")
        let envs = try await client.auth().env().getEnvs().envs
        XCTAssertEqual(envs.count, 3)
        let got = lines.lines
        XCTAssertEqual(got.count, 3, "\(got)")
        XCTAssertTrue(got.first?.hasPrefix("debug GET auth /envs -> 503 in ") ?? false, "\(got)")
        XCTAssertTrue(got.first?.hasSuffix(" ms (trace t-log)") ?? false, "\(got)")
        XCTAssertTrue(got.dropFirst().first?.hasPrefix("info retrying ") ?? false, "\(got)")
    }

    func testPricingExampleRunsAgainstTheEmulator() async throws {
        // The example counts 3 calls "now" and reads today's count back: 3 when the emulator served
        // the write and the read on the same UTC day (its API log says when it served each), none
        // when midnight passed between them.
        let client = try emulator.client()
        let lines = try await pricingAndMetering(client: client)
        let logs = try await client.apilog().apiLog().getLogs(input: Apilog.GetLogsQuery(limit: 1000)).apiLogs
        let written = logs.filter { $0.requestMethod == "PUT" && $0.requestUri.hasSuffix("/units/api_calls/now") }
        let read = logs.filter { $0.requestMethod == "GET" && $0.requestUri.hasSuffix("/units/api_calls/today") }
        XCTAssertEqual([written.count, read.count], [1, 1])
        let today = written.first?.createdDate == read.first?.createdDate ? 3 : 0
        XCTAssertEqual(lines, ["base: fixed 3000", "calls: 2 per api_calls", "calls today: \(today), on 2024-02-29: 5"])
    }

    /// A model's JSON is the API's: wire names, optional fields left out, enums and unions as the
    /// API writes them, an unknown case kept whole.
    func testModelsAreCodableAsTheApiWritesThem() throws {
        let unit = Pricing.PricingUnitForSave.usage(Pricing.PricingUsageUnitForSave(
            upperCount: 0, unitAmount: 2, meteringUnitName: "api_calls",
            name: "calls", displayName: "Calls", description: "", type: .usage, currency: .jpy))
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(unit))
        XCTAssertEqual(json, [
            "upper_count": 0, "unit_amount": 2, "metering_unit_name": "api_calls", "name": "calls",
            "display_name": "Calls", "description": "", "type": "usage", "currency": "JPY",
        ])
        XCTAssertEqual(try JSONDecoder().decode(Pricing.PricingUnitForSave.self, from: JSONEncoder().encode(json)), unit)
        // A field this version does not know (written by a newer release: a cache entry during a
        // rolling deploy) is ignored, as in an API answer.
        let withNewerField: JSONValue = [
            "upper_count": 0, "unit_amount": 2, "metering_unit_name": "api_calls", "name": "calls",
            "display_name": "Calls", "description": "", "type": "usage", "currency": "JPY", "added_later": ["x": 1],
        ]
        XCTAssertEqual(try JSONDecoder().decode(Pricing.PricingUnitForSave.self, from: JSONEncoder().encode(withNewerField)), unit)

        let newer: JSONValue = ["type": "metered_v2", "name": "x"]
        let unknown = try JSONDecoder().decode(Pricing.PricingUnitForSave.self, from: JSONEncoder().encode(newer))
        XCTAssertEqual(unknown, .unknown(kind: "metered_v2", raw: ["type": "metered_v2", "name": "x"]))
        XCTAssertEqual(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(unknown)), newer)

        XCTAssertEqual(Pricing.Currency(wireValue: "EUR"), .unknown(value: "EUR"))
        XCTAssertEqual(Pricing.Currency.jpy.wireValue, "JPY")
        XCTAssertThrowsError(try JSONDecoder().decode(CreateTenantParam.self, from: Data(#"{"name": "x"}"#.utf8))) { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "attributes")
        }
    }
}
