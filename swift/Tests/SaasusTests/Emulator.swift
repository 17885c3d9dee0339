import Foundation
import Saasus

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

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { stop() } }
}

struct EmulatorFailed: Error {
    let lines: [String: String]
}
