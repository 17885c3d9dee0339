import Foundation
import Saasus
import XCTest

/// A cancelled Task ends its call in the core: the future is cancelled (tools/uniffi.sh's
/// withTaskCancellationHandler around uniffi's wait) and dropped, which aborts the call's task —
/// its request and any retry it would still make. And a logger never fails a call.
final class CancellationTest: EmulatorTestCase {
    private let tenantsPath = "/v1/auth/tenants"

    /// GetTenants answers 503 with `Retry-After: 1` ten times: a call retries each a second later.
    private func unavailable() throws {
        _ = try emulator.local.fault(path: tenantsPath, status: 503, retryAfter: 1, count: 10)
    }

    private func seen() -> Int {
        emulator.local.requests().filter { $0.path.hasPrefix(tenantsPath) }.count
    }

    /// Polls the request log until GetTenants was answered once (the 503), at most 10 s.
    private func firstAttempt() async throws {
        let until = Date().addingTimeInterval(10)
        while seen() == 0 {
            XCTAssertLessThan(Date(), until, "no request reached the emulator")
            if Date() >= until { return }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// The log keeps what it held at the cancel for 2.5 s (a retry would come after 1 s).
    private func noMoreRequests(atCancel: Int) async throws {
        try await Task.sleep(nanoseconds: 2_500_000_000)
        XCTAssertEqual(seen(), atCancel, "\(emulator.local.requests())")
    }

    func testACancelledTaskMakesNoRetry() async throws {
        try unavailable()
        let tenants = try emulator.client().withOptions(maxRetries: 10).auth().tenant()
        let call = Task { try await tenants.getTenants() }
        try await firstAttempt()
        call.cancel()
        do {
            let answer = try await call.value
            XCTFail("a cancelled call answered: \(answer)")
        } catch is CancellationError {
        }
        XCTAssertEqual(seen(), 1)
        try await noMoreRequests(atCancel: 1)
        // The client is usable afterwards (the faults left are cleared first).
        emulator.local.clearFaults()
        let after = try await tenants.getTenants()
        XCTAssertEqual(after.tenants, [])
    }

    /// A timeout in a task group (the first child to end cancels the other) ends the call too.
    func testATimeoutRaceEndsTheCallAndItsRetries() async throws {
        try unavailable()
        let tenants = try emulator.client().withOptions(maxRetries: 10).auth().tenant()
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { _ = try await tenants.getTenants(); return true }
            group.addTask { try await Task.sleep(nanoseconds: 700_000_000); return false }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        XCTAssertFalse(answered)
        let atCancel = seen()
        XCTAssertLessThanOrEqual(atCancel, 1)
        try await noMoreRequests(atCancel: atCancel)
    }

    /// A call made by a Task cancelled already never polls the core's future: nothing is sent.
    func testACallOfACancelledTaskSendsNothing() async throws {
        let tenants = try emulator.client().auth().tenant()
        for _ in 0..<50 {
            let call = Task { () async throws -> Tenants in
                withUnsafeCurrentTask { $0?.cancel() }
                return try await tenants.getTenants()
            }
            do {
                _ = try await call.value
                XCTFail("a call of a cancelled Task answered")
            } catch is CancellationError {
            }
        }
        try await noMoreRequests(atCancel: 0)
    }

    /// A logger is called on the SDK's thread for each attempt; the call's answer is the right one,
    /// the calls after it work, and the logger is released with the last client holding it.
    func testALoggerIsCalledAndNeverFailsACall() async throws {
        final class Events: SaasusLogger, @unchecked Sendable {
            private let lock = NSLock()
            private var seen: [String] = []
            var messages: [String] {
                lock.lock()
                defer { lock.unlock() }
                return seen
            }

            func log(level: LogLevel, message: String, fields: [String: String]) {
                // Some work of its own: the fields as JSON, as a structured logger would write them.
                let line = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
                lock.lock()
                seen.append("\(message) \(line.count)")
                lock.unlock()
            }
        }
        weak var released: Events?
        let plain = try emulator.client()
        let created = try await plain.auth().tenant().createTenant(
            input: CreateTenantParam(name: "Logged", attributes: ["n": 1], backOfficeStaffEmail: "a@example.com"))
        do {
            let events = Events()
            released = events
            let tenants = plain.withLogger(logger: events, level: .debug).auth().tenant()
            for _ in 0..<3 {
                // A retried call logs at debug and info.
                _ = try emulator.local.fault(path: tenantsPath, status: 503)
                let listed = try await tenants.getTenants()
                XCTAssertEqual(listed.tenants.map(\.id), [created.id])
                let one = try await tenants.getTenant(tenantId: created.id)
                XCTAssertEqual(one.name, "Logged")
            }
            let messages = events.messages
            XCTAssertTrue(messages.contains { $0.hasPrefix("GET auth /tenants -> 503") }, "\(messages)")
            XCTAssertTrue(messages.contains { $0.hasPrefix("GET auth /tenants -> 200") }, "\(messages)")
        }
        let until = Date().addingTimeInterval(5)
        while released != nil && Date() < until {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        XCTAssertNil(released, "the logger outlived its client")
        let after = try await plain.auth().tenant().getTenants()
        XCTAssertEqual(after.tenants.map(\.id), [created.id])
    }
}
