import Foundation

/// Which request to your server is signed in as whom, for any Swift server framework (Vapor,
/// Hummingbird, …): give it the request's headers, get the user and the Set-Cookie headers to
/// send back, or an `AuthError` whose `status` is what to answer.
///
/// Over the core's authenticator (docs/swift.md, "Sessions for your server"): ID tokens are
/// verified locally against the issuer's key set once the issuer is known, a user's `UserInfo`
/// is cached for `userCacheMaxAge` (60 s), and a session's ID token is refreshed from its
/// refresh-token cookie before it expires, once however many requests bring it. Every platform
/// call goes through `client` (its logger, retries and timeouts). Make one per process and share
/// it: its caches are what spare the platform calls. Safe to share between tasks and threads.
///
/// - `loginUrl`: the hosted login page, for `beginSignIn()` (`SAASUS_LOGIN_URL` when not given).
/// - `issuer`, `audience`: verify ID tokens locally from the first request; otherwise the issuer
///   is learned from the first token the platform accepts (`learnIssuer`).
/// - `userCacheMaxAge` (60 s): how soon role changes reach a session; 0 asks every time.
/// - `refreshMargin` (300 s, at most a quarter of a token's life), `clockSkew` (10 s),
///   `jwksCooldown` (30 s), `userCacheCapacity` (10,000).
/// - Cookies: `cookieName`, `refreshCookieName`, `stateCookieName`, `cookiePath` ("/"),
///   `cookieDomain`, `secure` (true; false only for http://localhost), `sessionMaxAge` (30 days).
/// - `appRequestsPerMinute` (30; 0 for none): each client's limit on the native-app endpoints (`appRequest`).
///
/// A setting out of range throws `SaasusError.Config` naming it.
public final class Sessions: Sendable, CustomStringConvertible {
    public let client: Client
    private let native: Authenticator

    public init(
        client: Client,
        loginUrl: String? = ProcessInfo.processInfo.environment["SAASUS_LOGIN_URL"].flatMap { $0.isEmpty ? nil : $0 },
        issuer: String? = nil,
        audience: String? = nil,
        learnIssuer: Bool = true,
        clockSkew: TimeInterval? = nil,
        userCacheMaxAge: TimeInterval? = nil,
        userCacheCapacity: UInt32? = nil,
        refreshMargin: TimeInterval? = nil,
        jwksCooldown: TimeInterval? = nil,
        cookieName: String? = nil,
        refreshCookieName: String? = nil,
        stateCookieName: String? = nil,
        cookiePath: String? = nil,
        cookieDomain: String? = nil,
        secure: Bool = true,
        sessionMaxAge: TimeInterval? = nil,
        appRequestsPerMinute: UInt32? = nil
    ) throws {
        self.client = client
        native = try Authenticator(client: client, settings: AuthSettings(
            loginUrl: loginUrl, issuer: issuer, audience: audience, learnIssuer: learnIssuer, clockSkew: clockSkew,
            userCacheMaxAge: userCacheMaxAge, userCacheCapacity: userCacheCapacity, refreshMargin: refreshMargin,
            jwksCooldown: jwksCooldown, cookieName: cookieName, refreshCookieName: refreshCookieName,
            stateCookieName: stateCookieName, cookiePath: cookiePath, cookieDomain: cookieDomain, secure: secure,
            sessionMaxAge: sessionMaxAge, appRequestsPerMinute: appRequestsPerMinute))
    }

    /// Who the request with these headers ((name, value) pairs, any case, a repeated header as
    /// several) is signed in as: its `Authorization: Bearer` token, else its session's cookies.
    /// Send `setCookies` back with the answer (a refreshed session's new tokens). Throws
    /// `AuthError`: 401 when it is not signed in, 503 or 500 when it could not be checked.
    public func authenticate(headers: [(String, String)]) async throws -> Authorized {
        do {
            let a = try await native.authorize(headers: Self.pairs(headers))
            return Authorized(user: a.user, idToken: a.idToken.value, setCookies: a.setCookies.map(\.value))
        } catch {
            throw Self.refusal(error)
        }
    }

    /// `authenticate` of headers by name, each with its values.
    public func authenticate(headers: [String: [String]]) async throws -> Authorized {
        try await authenticate(headers: Self.flat(headers))
    }

    /// The user of an ID token (a bearer token from elsewhere), as `authenticate` checks one.
    public func user(idToken: String) async throws -> UserInfo {
        do {
            return try await native.user(idToken: idToken)
        } catch {
            throw Self.refusal(error)
        }
    }

    /// The start of a sign-in: redirect the browser to `location` (the hosted login page, with a
    /// `state`) and send `setCookie`, which binds the sign-in to that browser for ten minutes.
    /// Throws `AuthError` (500) when `loginUrl` is not set.
    public func beginSignIn() throws -> SignInRedirect {
        do {
            let r = try native.beginSignIn()
            return SignInRedirect(location: r.location.value, setCookie: r.setCookie.value)
        } catch {
            throw Self.refusal(error)
        }
    }

    /// The callback the login page sends the browser to: its `code` and `state` query parameters
    /// and the request's headers. Send `setCookies` back (the new session's cookies), then
    /// redirect where the user was going. Throws `AuthError`: 400 for a missing or malformed code,
    /// 401 for a browser that did not start this sign-in or a code the platform refused, 503, 500.
    public func completeSignIn(code: String?, state: String?, headers: [(String, String)]) async throws -> SignedIn {
        do {
            let s = try await native.completeSignIn(code: code, state: state, headers: Self.pairs(headers))
            return SignedIn(userId: s.userId, setCookies: s.setCookies.map(\.value))
        } catch {
            throw Self.refusal(error)
        }
    }

    /// The endpoints a native app's session (`AppSession`) posts to, below the prefix a backend mounts them at.
    public static let appRoutes = ["token", "refresh", "sign-out"]

    /// A native app's request to an app endpoint — mount `POST <prefix>/{route}` for each of
    /// `appRoutes` and pass the route, the raw body, the client's address (the per-client limit
    /// counts it) and the headers; send back the answer's status, headers and body as they are.
    /// Never throws for the app's or the platform's faults: they are the answer's status.
    public func appRequest(route: String, body: Data, client: String, headers: [(String, String)]) async throws -> AppAnswer {
        try await native.appRequest(route: route, body: body, client: client, headers: Self.pairs(headers))
    }

    /// The Set-Cookie headers that end the request's session (what was cached for it goes too).
    public func signOut(headers: [(String, String)]) -> [String] {
        native.signOut(headers: Self.pairs(headers)).map(\.value)
    }

    /// A route guard: returns when `user` belongs to `tenantId` (or to any tenant, unless
    /// `requireTenant` is false and no roles are asked) and holds one of `roles` there (any, if
    /// empty) in `envId` (or in any env); else throws `AuthError` 403 saying what is missing.
    public func check(
        user: UserInfo, tenantId: String? = nil, roles: [String] = [], envId: Int64? = nil, requireTenant: Bool = true
    ) throws {
        do {
            try native.check(user: user, requirement: Requirement(
                tenantId: tenantId, requireTenant: requireTenant, roles: roles, envId: envId))
        } catch {
            throw Self.refusal(error)
        }
    }

    /// Drops what is cached about a user (after changing their roles): their next request asks
    /// the platform. Returns how many entries went.
    @discardableResult
    public func forgetUser(userId: String) -> Int {
        Int(native.forgetUser(userId: userId))
    }

    /// Drops every cached `UserInfo`.
    public func forgetAll() {
        native.forgetAll()
    }

    /// The issuer whose key set verifies ID tokens, once known (configured, or learned).
    public var issuer: String? { native.issuer() }

    public var description: String { "Sessions(issuer: \(issuer ?? "nil"))" }

    private static func pairs(_ headers: [(String, String)]) -> [HeaderPair] {
        headers.map { HeaderPair(name: $0.0, value: Secret($0.1)) }
    }

    private static func flat(_ headers: [String: [String]]) -> [(String, String)] {
        headers.flatMap { name, values in values.map { (name, $0) } }
    }

    /// The native refusal as this module's `AuthError`; any other error as it is.
    private static func refusal(_ error: Swift.Error) -> Swift.Error {
        guard case NativeAuthError.Refused(let status, let kind, let publicMessage, let logMessage, let setCookies, let cause) = error else {
            return error
        }
        return AuthError(
            status: Int(status), kind: kind, publicMessage: publicMessage, logMessage: logMessage,
            setCookies: setCookies.map(\.value), cause: cause)
    }
}

/// A request that is not signed in, or could not be checked.
///
/// `status` is what to answer: 401 (no session, or a token that is forged, expired beyond
/// refresh, foreign or refused; a callback this browser did not start), 400 (a malformed
/// callback), 403 (a guard), 503 (the platform failed: the user is still signed in) or 500 (this
/// backend's keys or settings were refused: see the log). `kind` says which (`unauthorized`,
/// `bad_request`, `forbidden`, `unavailable`, `misconfigured`); `publicMessage` is what the end
/// user may read (never the platform's words for a server error); `logMessage` (and
/// `description`) is for the log; `setCookies` are the Set-Cookie headers to send with the answer
/// (a refused session's cookies cleared), which no string form of it shows; `cause` is the SDK
/// error behind a server error (its status, type and trace id).
public struct AuthError: Swift.Error, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable,
    Foundation.LocalizedError
{
    public let status: Int
    public let kind: String
    public let publicMessage: String
    public let logMessage: String
    public let setCookies: [String]
    public let cause: SaasusError?

    /// 5xx: the server's fault, to log with its `cause`; the end user's session stands.
    public var isServerError: Bool { status >= 500 }

    public var description: String { logMessage }
    public var debugDescription: String { "AuthError(\(status) \(kind): \(logMessage))" }
    public var errorDescription: String? { logMessage }
    public var customMirror: Mirror {
        Mirror(self, children: ["status": status, "kind": kind, "publicMessage": publicMessage, "logMessage": logMessage,
                                "cause": cause as Any])
    }
}

/// A signed-in request: its `user`, the `idToken` it was signed in with, and the Set-Cookie
/// headers to send back (`setCookies`: the rotated tokens after a refresh; usually none). Its
/// string forms and mirror show neither token nor cookie.
public struct Authorized: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let user: UserInfo
    public let idToken: String
    public let setCookies: [String]

    public var description: String { "Authorized(userId: \(user.id), email: \(user.email), idToken: ***, setCookies: \(setCookies.count))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["user": user]) }
}

/// Where to send the browser to sign in, and the Set-Cookie header binding the sign-in to it.
public struct SignInRedirect: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let location: String
    public let setCookie: String

    public var description: String { "SignInRedirect(location: ***, setCookie: ***)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// A completed sign-in: the user's id and the new session's Set-Cookie headers.
public struct SignedIn: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let userId: String
    public let setCookies: [String]

    public var description: String { "SignedIn(userId: \(userId), setCookies: \(setCookies.count))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["userId": userId]) }
}
