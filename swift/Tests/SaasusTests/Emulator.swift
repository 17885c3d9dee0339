import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Saasus
import XCTest

/// A real emulator process on 127.0.0.1, started for a test and stopped after it. The binary is
/// $SAASUS_EMULATOR_BIN, else this checkout's target/debug/saasus-emulator (built by cargo on the
/// host; it runs in the Swift environment's trixie root too).
final class Emulator {
    private let process = Process()
    let baseUrl: String
    let apiKey: String
    let secretKey: String
    let saasId: String

    init() throws {
        let repo = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let env = ProcessInfo.processInfo.environment
        process.executableURL = URL(fileURLWithPath: env["SAASUS_EMULATOR_BIN"] ?? repo.path + "/target/debug/saasus-emulator")
        process.arguments = ["--port", "0", "--quiet"]
        // The emulator reads SAASUS_* itself; it gets none of the caller's.
        process.environment = env.filter { !$0.key.hasPrefix("SAASUS_") }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // It prints its four SAASUS_* lines once it listens.
        var values: [String: String] = [:]
        var buffer = Data()
        let reader = out.fileHandleForReading
        while values.count < 4 {
            guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else {
                let chunk = reader.availableData
                if chunk.isEmpty {
                    process.terminate()
                    throw EmulatorFailed(lines: values)
                }
                buffer.append(chunk)
                continue
            }
            let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
            buffer = Data(buffer[buffer.index(after: newline)...])
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        baseUrl = values["SAASUS_BASE_URL"]!
        apiKey = values["SAASUS_API_KEY"]!
        secretKey = values["SAASUS_SECRET_KEY"]!
        saasId = values["SAASUS_SAAS_ID"]!
    }

    func client(secret: String? = nil) throws -> Client {
        try Client(apiKey: apiKey, secretKey: secret ?? secretKey, saasId: saasId, baseUrl: baseUrl)
    }

    /// The four variables the emulator printed, as `Client.fromEnv()` reads them.
    var env: [String: String] {
        ["SAASUS_BASE_URL": baseUrl, "SAASUS_API_KEY": apiKey, "SAASUS_SECRET_KEY": secretKey, "SAASUS_SAAS_ID": saasId]
    }

    /// Arms a fault of the emulator (its JSON as docs/emulator.md shows it).
    func fault(_ json: String) async throws {
        _ = try await control("faults", json)
    }

    /// The code the emulator's login page would send to the callback URL after a sign-in (started
    /// with `state`, when given).
    func signInCode(username: String, password: String, state: String? = nil) async throws -> String {
        var fields = ["username": username, "password": password]
        fields["state"] = state
        let body = try JSONEncoder().encode(fields)
        let answer = try await control("sign-in", String(decoding: body, as: UTF8.self))
        guard let code = answer["code"]?.stringValue else { throw ControlFailed(answer: "\(answer)") }
        return code
    }

    /// Forgets the request log.
    func clearRequests() async throws {
        _ = try await control("requests", nil, method: "DELETE")
    }

    /// How many requests the log holds whose path starts with `prefix`; the log is then forgotten.
    func calls(to prefix: String) async throws -> Int {
        let paths = try await requestPaths()
        try await clearRequests()
        return paths.filter { $0.hasPrefix(prefix) }.count
    }

    /// The User-Agents of what the emulator was sent (its request log, docs/emulator.md).
    func userAgents() async throws -> [String] {
        try await requestLog("user_agent")
    }

    /// The paths (with their queries) of what the emulator was sent.
    func requestPaths() async throws -> [String] {
        try await requestLog("path")
    }

    /// One field of each request of the emulator's request log.
    private func requestLog(_ field: String) async throws -> [String] {
        guard case .array(let seen) = try await control("requests", nil) else { throw ControlFailed(answer: "requests: not an array") }
        return seen.compactMap { $0[field]?.stringValue }
    }

    /// A POST (with `json`) or GET (without), or `method`, to one of the emulator's control
    /// endpoints (`/_emulator/...`), its JSON answer.
    private func control(_ endpoint: String, _ json: String?, method: String? = nil) async throws -> JSONValue {
        let origin = baseUrl.hasSuffix("/v1") ? String(baseUrl.dropLast(3)) : baseUrl
        var request = URLRequest(url: URL(string: origin + "/_emulator/" + endpoint)!)
        if let json {
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "content-type")
            request.httpBody = Data(json.utf8)
        }
        if let method { request.httpMethod = method }
        let (data, status): (Data, Int) = try await withCheckedThrowingContinuation { done in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error { return done.resume(throwing: error) }
                done.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
            }.resume()
        }
        guard (200..<300).contains(status) else {
            throw ControlFailed(answer: "\(endpoint): \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return data.isEmpty ? .null : try JSONDecoder().decode(JSONValue.self, from: data)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { stop() } }
}

struct ControlFailed: Error {
    let answer: String
}

struct EmulatorFailed: Error {
    let lines: [String: String]
}

/// A test case with an emulator of its own for each test. Started and stopped in setUp and
/// tearDown, which run on the main thread: Foundation's Process on Linux waits for its child by
/// spinning the current run loop, which an async test's thread does not have (the wait never
/// ends there).
class EmulatorTestCase: XCTestCase {
    var emulator: Emulator!

    override func setUpWithError() throws {
        emulator = try Emulator()
    }

    override func tearDown() {
        emulator.stop()
    }
}
