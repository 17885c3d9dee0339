// The app-session example of docs/swift.md: the lines between the markers are the page's code,
// word for word (DocsTest checks that; AppSessionTest runs it against a backend and the emulator).

// START app
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Saasus

/// The signed-in user's profile from your backend's `/me`, signing in first when needed:
/// `openLoginPage` shows the hosted login page (an `ASWebAuthenticationSession`) and returns the
/// URL it redirected your app to (`myapp://callback?code=…&state=…`).
func profile(session: AppSession, backend: URL, openLoginPage: (String) async throws -> String) async throws -> String {
    if !session.isSignedIn() {
        _ = try await session.completeSignIn(callback: try await openLoginPage(session.signInUrl()))
    }
    var request = URLRequest(url: backend.appendingPathComponent("me"))
    // Refreshed through your backend when near its expiry.
    request.setValue("Bearer \(try await session.idToken())", forHTTPHeaderField: "Authorization")
    let (data, _) = try await URLSession.shared.data(for: request)
    return String(decoding: data, as: UTF8.self)
}
// END app
