import Foundation
import Saasus
import XCTest

/// The emulator the library serves (`LocalEmulator`: 127.0.0.1, credentials of its own), started
/// for a test and stopped after it. Faults (`local.fault(path:…)`), the request log and the test
/// sign-in act on its state in-process: no binary, no HTTP of the test's own.
final class Emulator {
    let local: LocalEmulator
    let baseUrl: String
    let apiKey: String
    let secretKey: String
    let saasId: String

    init(tokenTtl: Int64? = nil) throws {
        local = try LocalEmulator(tokenTtl: tokenTtl)
        baseUrl = local.baseUrl()
        apiKey = local.apiKey()
        secretKey = local.secretKey()
        saasId = local.saasId()
    }

    func client(secret: String? = nil) throws -> Client {
        try Client(apiKey: apiKey, secretKey: secret ?? secretKey, saasId: saasId, baseUrl: baseUrl)
    }

    /// The four SAASUS_* variables, as `Client.fromEnv()` reads them.
    var env: [String: String] {
        ["SAASUS_BASE_URL": baseUrl, "SAASUS_API_KEY": apiKey, "SAASUS_SECRET_KEY": secretKey, "SAASUS_SAAS_ID": saasId]
    }

    /// The code the emulator's login page would send to the callback URL after a sign-in (started
    /// with `state`, when given).
    func signInCode(username: String, password: String, state: String? = nil) throws -> String {
        try local.signInCode(username: username, password: password, state: state)
    }

    /// How many requests the log holds whose path starts with `prefix`; the log is then forgotten.
    func calls(to prefix: String) -> Int {
        let seen = local.requests()
        local.clearRequests()
        return seen.filter { $0.path.hasPrefix(prefix) }.count
    }

    /// Returns once every armed fault was taken (a stalled request is in the emulator's hands),
    /// polling `faultsLeft()`; fails after 10 s.
    func faultsTaken(file: StaticString = #filePath, line: UInt = #line) async throws {
        let until = Date().addingTimeInterval(10)
        while local.faultsLeft() > 0 {
            if Date() >= until { return XCTFail("no request reached the emulator", file: file, line: line) }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    func stop() {
        local.stop()
    }

    deinit { stop() }
}

/// A test case with an emulator of its own for each test.
class EmulatorTestCase: XCTestCase {
    var emulator: Emulator!

    override func setUpWithError() throws {
        emulator = try Emulator()
    }

    override func tearDown() {
        emulator.stop()
    }
}

/// A logger keeping each record whole.
final class RecordLog: SaasusLogger, @unchecked Sendable {
    struct Record: CustomStringConvertible {
        let level: LogLevel
        let message: String
        let fields: [String: String]
        var description: String { "\(level) \(message) \(fields)" }
    }

    private let lock = NSLock()
    private var kept: [Record] = []

    func log(level: LogLevel, message: String, fields: [String: String]) {
        lock.lock()
        kept.append(Record(level: level, message: message, fields: fields))
        lock.unlock()
    }

    var records: [Record] {
        lock.lock()
        defer { lock.unlock() }
        return kept
    }
}
