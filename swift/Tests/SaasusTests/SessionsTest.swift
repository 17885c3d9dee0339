import Foundation
import Saasus
import XCTest

/// A browser's cookies, kept from Set-Cookie headers (a `Max-Age=0` one removes its cookie).
struct Jar {
    var cookies: [String: String] = [:]

    mutating func take(_ setCookies: [String]) {
        for c in setCookies {
            let pair = c.split(separator: ";", maxSplits: 1).first.map(String.init) ?? c
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if c.contains("Max-Age=0") { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts.count > 1 ? parts[1] : "" }
        }
    }

    var header: [(String, String)] {
        [("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))]
    }
}

/// `Sessions` against the emulator: sign-in bound to the browser, authentication by cookies and
/// bearer tokens, each refusal's status (401, 400, 403, 503), sign-out, the cache sparing
/// GetUserInfo, and the client's logger seeing the authenticator's platform calls.
final class SessionsTest: EmulatorTestCase {
    private let password = "Passw0rd-Emulator"

    private func sessions(client: Client? = nil, userCacheMaxAge: TimeInterval? = nil) throws -> Sessions {
        let origin = String(emulator.baseUrl.dropLast(3))
        return try Sessions(
            client: client ?? emulator.client(), loginUrl: origin + "/login", userCacheMaxAge: userCacheMaxAge, secure: false)
    }

    @discardableResult
    private func user(_ client: Client, _ email: String) async throws -> String {
        try await client.auth().saasUser().createSaasUser(
            input: CreateSaasUserParam(email: email, signInId: nil, password: password)
        ).id
    }

    private func state(of location: String) throws -> String {
        let items = URLComponents(string: location)?.queryItems ?? []
        return try XCTUnwrap(items.first { $0.name == "state" }?.value)
    }

    /// Signs `email` in as a browser would: the redirect's state cookie, the login page's code, the callback.
    private func signIn(_ sessions: Sessions, _ email: String) async throws -> Jar {
        var jar = Jar()
        let redirect = try sessions.beginSignIn()
        jar.take([redirect.setCookie])
        let state = try state(of: redirect.location)
        let code = try emulator.signInCode(username: email, password: password, state: state)
        let signedIn = try await sessions.completeSignIn(code: code, state: state, headers: jar.header)
        jar.take(signedIn.setCookies)
        XCTAssertNil(jar.cookies["saasus_login_state"], "the state cookie is cleared")
        XCTAssertNotNil(jar.cookies["saasus_id_token"])
        XCTAssertNotNil(jar.cookies["saasus_refresh_token"])
        return jar
    }

    /// The `AuthError` that `body` throws.
    private func refused(_ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async -> AuthError? {
        do {
            try await body()
            XCTFail("not refused", file: file, line: line)
        } catch let e as AuthError {
            return e
        } catch {
            XCTFail("not an AuthError: \(error)", file: file, line: line)
        }
        return nil
    }

    func testSignInWithStateThenTheCookiesAuthenticate() async throws {
        let client = try emulator.client()
        let id = try await user(client, "alice@example.com")
        let sessions = try sessions()
        let jar = try await signIn(sessions, "alice@example.com")
        let auth = try await sessions.authenticate(headers: jar.header)
        XCTAssertEqual(auth.user.id, id)
        XCTAssertEqual(auth.user.email, "alice@example.com")
        XCTAssertEqual(auth.idToken, jar.cookies["saasus_id_token"])
        XCTAssertEqual(auth.setCookies, [])
        let bearer = try await sessions.authenticate(headers: ["Authorization": ["Bearer \(auth.idToken)"]])
        XCTAssertEqual(bearer.user.id, id)
        let byToken = try await sessions.user(idToken: auth.idToken)
        XCTAssertEqual(byToken.id, id)
        XCTAssertNotNil(sessions.issuer, "learned from the token the platform accepted")
        // No string form shows a token or a cookie.
        let redirect = try sessions.beginSignIn()
        let state = try state(of: redirect.location)
        var dumped = ""
        dump(auth, to: &dumped)
        let pair = HeaderPair(name: "cookie", value: Secret(jar.header[0].1))
        for shown in ["\(auth)", String(reflecting: auth), dumped, "\(redirect)", String(reflecting: pair)] {
            XCTAssertFalse(shown.contains(auth.idToken) || shown.contains(state), shown)
        }
    }

    func testABadBearerTokenIs401() async throws {
        let sessions = try sessions()
        let e = await refused { _ = try await sessions.authenticate(headers: [("authorization", "Bearer not.a.token")]) }
        XCTAssertEqual(e?.status, 401)
        XCTAssertEqual(e?.kind, "unauthorized")
        XCTAssertEqual(e?.isServerError, false)
        XCTAssertNil(e?.cause)
        let none = await refused { _ = try await sessions.authenticate(headers: [(String, String)]()) }
        XCTAssertEqual(none?.status, 401)
        XCTAssertEqual(none?.publicMessage, "no ID token: sign in first")
    }

    func testTheCallbackRefusesAnotherBrowsersCodeAndAMalformedOne() async throws {
        let client = try emulator.client()
        try await user(client, "csrf@example.com")
        let sessions = try sessions()
        let code = try emulator.signInCode(username: "csrf@example.com", password: password)
        let e = await refused { _ = try await sessions.completeSignIn(code: code, state: nil, headers: []) }
        XCTAssertEqual(e?.status, 401)
        XCTAssertEqual(e?.setCookies.count, 1)
        XCTAssertTrue(e?.setCookies.first?.hasPrefix("saasus_login_state=;") ?? false, "\(e?.setCookies ?? [])")
        var jar = Jar()
        jar.take([try sessions.beginSignIn().setCookie])
        let other = await refused { _ = try await sessions.completeSignIn(code: code, state: "someone-elses", headers: jar.header) }
        XCTAssertEqual(other?.status, 401)
        for bad in [nil, "", "a b", "ü"] as [String?] {
            let malformed = await refused { _ = try await sessions.completeSignIn(code: bad, state: nil, headers: jar.header) }
            XCTAssertEqual(malformed?.status, 400, "code \(bad ?? "nil")")
            XCTAssertEqual(malformed?.kind, "bad_request")
        }
        let exchanges = emulator.calls(to: "/v1/auth/credentials")
        XCTAssertEqual(exchanges, 0)
    }

    func testAPlatformOutageIs503AndKeepsTheSession() async throws {
        let client = try emulator.client()
        try await user(client, "outage@example.com")
        let sessions = try sessions(userCacheMaxAge: 0)
        let jar = try await signIn(sessions, "outage@example.com")
        _ = try emulator.local.fault(path: "/v1/auth/userinfo", status: 503, count: 3)
        let e = await refused { _ = try await sessions.authenticate(headers: jar.header) }
        XCTAssertEqual(e?.status, 503)
        XCTAssertEqual(e?.kind, "unavailable")
        XCTAssertEqual(e?.isServerError, true)
        XCTAssertEqual(e?.publicMessage, "sign-in is temporarily unavailable; try again shortly")
        XCTAssertEqual(e?.setCookies, [], "an outage does not sign the user out")
        guard case .Api(let status, _, _, _, _)? = e?.cause else { return XCTFail("cause: \(String(describing: e?.cause))") }
        XCTAssertEqual(status, 503)
        let back = try await sessions.authenticate(headers: jar.header)
        XCTAssertEqual(back.user.email, "outage@example.com")
    }

    func testGuardsAre403AndSignOutClearsTheCookies() async throws {
        let client = try emulator.client()
        let auth = client.auth()
        let id = try await user(client, "admin@example.com")
        let tenant = try await auth.tenant().createTenant(
            input: CreateTenantParam(name: "Acme", attributes: [:], backOfficeStaffEmail: "ops@acme.example")).id
        _ = try await auth.role().createRole(input: CreateRoleParam(roleName: "admin", displayName: "Admin"))
        _ = try await auth.tenantUser().createTenantUser(
            tenantId: tenant, input: CreateTenantUserParam(email: "admin@example.com", signInId: nil, attributes: [:]))
        try await auth.tenantUser().createTenantUserRoles(
            tenantId: tenant, userId: id, envId: 3, input: CreateTenantUserRolesParam(roleNames: ["admin"]))
        let sessions = try sessions()
        var jar = try await signIn(sessions, "admin@example.com")
        let user = try await sessions.authenticate(headers: jar.header).user
        try sessions.check(user: user, tenantId: tenant, roles: ["admin"], envId: 3)
        try sessions.check(user: user, roles: ["admin"])
        try sessions.check(user: user)
        let e = await refused { try sessions.check(user: user, tenantId: tenant, roles: ["admin"], envId: 1) }
        XCTAssertEqual(e?.status, 403)
        XCTAssertEqual(e?.publicMessage, "the role admin in env 1 in tenant \(tenant) is required")
        let other = await refused { try sessions.check(user: user, tenantId: "other") }
        XCTAssertEqual(other?.status, 403)
        // Sign-out clears both cookies; the session is gone.
        jar.take(sessions.signOut(headers: jar.header))
        XCTAssertEqual(jar.cookies, [:])
        let gone = await refused { _ = try await sessions.authenticate(headers: jar.header) }
        XCTAssertEqual(gone?.status, 401)
    }

    func testFiftyRequestsMakeAtMostOneUserInfoCall() async throws {
        let client = try emulator.client()
        try await user(client, "busy@example.com")
        let sessions = try sessions()
        let jar = try await signIn(sessions, "busy@example.com")
        emulator.local.clearRequests()
        for _ in 0..<50 {
            let auth = try await sessions.authenticate(headers: jar.header)
            XCTAssertEqual(auth.user.email, "busy@example.com")
        }
        let calls = emulator.calls(to: "/v1/auth/userinfo")
        XCTAssertLessThanOrEqual(calls, 1, "\(calls) GetUserInfo calls for 50 requests")
    }

    func testTheClientsLoggerSeesTheAuthenticatorsCalls() async throws {
        final class Events: SaasusLogger, @unchecked Sendable {
            private let lock = NSLock()
            private var seen: [String] = []
            func log(level: LogLevel, message: String, fields: [String: String]) {
                lock.lock()
                seen.append(message)
                lock.unlock()
            }
            var messages: [String] {
                lock.lock()
                defer { lock.unlock() }
                return seen
            }
        }
        let events = Events()
        let client = try emulator.client()
        try await user(client, "logged@example.com")
        let sessions = try sessions(client: client.withLogger(logger: events, level: .debug))
        let jar = try await signIn(sessions, "logged@example.com")
        _ = try await sessions.authenticate(headers: jar.header)
        let messages = events.messages
        XCTAssertTrue(messages.contains { $0.hasPrefix("GET auth /credentials -> 200") }, messages.joined(separator: "\n"))
        XCTAssertTrue(messages.contains { $0.hasPrefix("GET auth /userinfo -> 200") }, messages.joined(separator: "\n"))
        let token = try XCTUnwrap(jar.cookies["saasus_id_token"])
        XCTAssertFalse(messages.contains { $0.contains(token) }, "no token in the log")
    }

    func testASettingOutOfRangeNamesIt() async throws {
        XCTAssertThrowsError(try Sessions(client: emulator.client(), userCacheMaxAge: 86_400)) { error in
            guard case SaasusError.Config(let field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "user_cache_max_age")
        }
        let noLogin = try Sessions(client: emulator.client(), loginUrl: nil)
        XCTAssertThrowsError(try noLogin.beginSignIn()) { error in
            XCTAssertEqual((error as? AuthError)?.status, 500)
            XCTAssertEqual((error as? AuthError)?.kind, "misconfigured")
        }
    }
}
