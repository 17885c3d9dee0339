// The logging example of docs/swift.md: the lines between the markers are the page's code, word
// for word (DocsTest checks that and runs it against the emulator).

// START logging
import Saasus

/// The SDK's log events, handed to your logging framework (swift-log or os.Logger take the same
/// few lines; here, a closure).
final class ClosureLogger: SaasusLogger, @unchecked Sendable {
    private let write: @Sendable (String) -> Void

    init(_ write: @escaping @Sendable (String) -> Void) { self.write = write }

    func log(level: LogLevel, message: String, fields: [String: String]) {
        write("\(level) \(message) (trace \(fields["trace_id"] ?? "-"))")
    }
}

func logged(_ client: Client, write: @escaping @Sendable (String) -> Void) -> Client {
    client.withLogger(logger: ClosureLogger(write), level: .debug)
}
// END logging
