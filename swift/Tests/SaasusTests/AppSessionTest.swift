import Foundation
import Saasus
import XCTest

/// A native app's session (`AppSession`, no API or secret key on the device) against a backend
/// built with this project's Express helper (tests/app-backend/server.js, started here) in front
/// of the emulator: sign-in, a protected route called with the bearer token across ID-token
/// lifetimes, 50 callers at expiry making one refresh, and a revoked refresh token ending in
/// `.signedOut` (no crash, no loop).
final class AppSessionTest: XCTestCase {
    private let password = "Passw0rd-Emulator"

    /// The app's backend, a child process talking to the emulator; stopped by closing its stdin.
    final class Backend {
        let process = Process()
        let stdin = Pipe()
        let url: String

        init(_ emulator: Emulator) throws {
            guard let script = ProcessInfo.processInfo.environment["SAASUS_APP_BACKEND"], FileManager.default.fileExists(atPath: script) else {
                throw XCTSkipFailure("SAASUS_APP_BACKEND must name tests/app-backend/server.js (tests/swift.sh sets it)")
            }
            let stdout = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["node", script]
            process.environment = ProcessInfo.processInfo.environment.merging(emulator.env) { _, new in new }
            process.standardOutput = stdout
            process.standardInput = stdin
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = stdout.fileHandleForReading.availableData
                if chunk.isEmpty { throw XCTSkipFailure("the backend exited before listening") }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self).split(separator: "\n")[0]
            url = String(text.dropFirst("listening ".count))
        }

        func stop() {
            try? stdin.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    /// A failure to set up, reported as one (never a skip).
    struct XCTSkipFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    final class Events: AppSessionListener, @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [AppSessionEvent] = []

        func onEvent(event: AppSessionEvent) {
            lock.lock()
            seen.append(event)
            lock.unlock()
        }

        func taken() -> [AppSessionEvent] {
            lock.lock()
            defer { seen.removeAll(); lock.unlock() }
            return seen
        }
    }

    private func withBackend(tokenTtl: Int64, _ body: (Emulator, Backend) async throws -> Void) async throws {
        let emulator = try Emulator(tokenTtl: tokenTtl)
        defer { emulator.stop() }
        _ = try await emulator.client().auth().saasUser().createSaasUser(
            input: CreateSaasUserParam(email: "ann@example.com", signInId: nil, password: password))
        let backend = try Backend(emulator)
        defer { backend.stop() }
        try await body(emulator, backend)
    }

    private func session(_ backend: Backend) throws -> (AppSession, Events) {
        let session = try AppSession(backendUrl: backend.url + "/app", loginUrl: "http://127.0.0.1:9/login")
        let events = Events()
        session.setListener(listener: events)
        return (session, events)
    }

    /// Waits until the session's ID token has expired, by its own `exp`.
    private func untilExpired(_ session: AppSession) async throws {
        let exp = try XCTUnwrap(session.claims()).expiresAt
        let wait = max(0, Double(exp + 1) - Date().timeIntervalSince1970)
        try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
    }

    private func me(_ backend: Backend, _ token: String) throws -> Int {
        // A blocking GET (curl is on every machine that runs this suite; URLSession's Linux
        // port is not needed for one request).
        let curl = Process()
        let out = Pipe()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "authorization: Bearer \(token)", backend.url + "/me"]
        curl.standardOutput = out
        try curl.run()
        curl.waitUntilExit()
        return Int(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) ?? 0
    }

    private func refreshes(_ emulator: Emulator) -> Int {
        emulator.local.requests().filter { $0.path.hasPrefix("/v1/auth/credentials") && $0.status == 200 }.count
    }

    private func status(_ call: () async throws -> String) async -> Int32? {
        do {
            _ = try await call()
            return nil
        } catch {
            return (error as? SaasusError)?.status
        }
    }

    func testAnAppSignsInCallsItsBackendAcrossTokenLifetimesAndSignsOut() async throws {
        try await withBackend(tokenTtl: 1) { emulator, backend in
            let (session, events) = try session(backend)
            XCTAssertFalse(session.isSignedIn())
            let none = await status { try await session.idToken() }
            XCTAssertEqual(none, 401)
            let url = try session.signInUrl()
            let state = try XCTUnwrap(URLComponents(string: url)?.queryItems?.first { $0.name == "state" }?.value)
            let code = try emulator.signInCode(username: "ann@example.com", password: password)
            let claims = try await session.completeSignIn(callback: "myapp://callback?code=\(code)&state=\(state)")
            XCTAssertEqual(claims.email, "ann@example.com")
            var tokens = Set<String>()
            for _ in 0..<2 {
                try await untilExpired(session)
                let token = try await session.idToken()
                XCTAssertEqual(try me(backend, token), 200)
                tokens.insert(token)
            }
            XCTAssertEqual(tokens.count, 2)
            XCTAssertEqual(events.taken(), [.signedIn, .refreshed, .refreshed])
            try await session.signOut()
            XCTAssertEqual(events.taken(), [.signedOut])
            XCTAssertFalse(session.isSignedIn())
        }
    }

    func testFiftyCallersAtExpiryCauseOneRefresh() async throws {
        try await withBackend(tokenTtl: 2) { emulator, backend in
            let (session, events) = try session(backend)
            _ = try await session.completeSignIn(callback: emulator.signInCode(username: "ann@example.com", password: password))
            try await untilExpired(session)
            let before = refreshes(emulator)
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 { group.addTask { try await session.idToken() } }
                var all = Set<String>()
                for try await token in group { all.insert(token) }
                return all
            }
            XCTAssertEqual(tokens.count, 1, "every caller got the one new token")
            XCTAssertEqual(refreshes(emulator) - before, 1)
            XCTAssertEqual(events.taken(), [.signedIn, .refreshed])
        }
    }

    func testARevokedRefreshTokenEndsTheSessionOnce() async throws {
        try await withBackend(tokenTtl: 1) { emulator, backend in
            let (session, events) = try session(backend)
            let claims = try await session.completeSignIn(callback: emulator.signInCode(username: "ann@example.com", password: password))
            _ = try await emulator.client().auth().saasUser().deleteSaasUser(userId: claims.userId)
            try await untilExpired(session)
            let ended = await status { try await session.idToken() }
            XCTAssertEqual(ended, 401)
            XCTAssertEqual(events.taken(), [.signedIn, .signedOut])
            XCTAssertFalse(session.isSignedIn())
            let seen = emulator.local.requests().count
            let again = await status { try await session.idToken() }
            XCTAssertEqual(again, 401)
            XCTAssertEqual(emulator.local.requests().count, seen, "ended, not retried")
            XCTAssertEqual(events.taken(), [])
        }
    }

    func testTheDocsExampleSignsInAndReadsTheProfile() async throws {
        try await withBackend(tokenTtl: 3600) { emulator, backend in
            let session = try AppSession(backendUrl: backend.url + "/app", loginUrl: "http://127.0.0.1:9/login")
            let me = try XCTUnwrap(URL(string: backend.url))
            // The login page: signs ann in and redirects to the app with the code and the state it was given.
            let profile1 = try await profile(session: session, backend: me) { url in
                let state = URLComponents(string: url)?.queryItems?.first { $0.name == "state" }?.value ?? ""
                return "myapp://callback?code=\(try emulator.signInCode(username: "ann@example.com", password: self.password))&state=\(state)"
            }
            XCTAssertEqual(profile1, #"{"email":"ann@example.com"}"#)
            let profile2 = try await profile(session: session, backend: me) { _ in throw XCTSkipFailure("signed in already") }
            XCTAssertEqual(profile2, #"{"email":"ann@example.com"}"#)
        }
    }
}
