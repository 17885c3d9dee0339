/// A token, a request's header value or a Set-Cookie header, as the generated records of
/// `Authenticator` hold them: `value` is the text; `description`, `debugDescription` and its
/// mirror show `***`, so that printing, dumping or logging a record never shows a token.
/// (`Sessions` hands out plain strings.)
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
