// The app-session example of docs/kotlin.md: the lines between the markers are the page's code,
// word for word (DocsTest checks that; AppSessionTest runs it against a backend and the emulator).
package io.saasus.docs

// START app
import io.saasus.AppSession
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.net.HttpURLConnection
import java.net.URL

/**
 * The signed-in user's profile from your backend's `/me`, signing in first when needed:
 * [openLoginPage] shows the hosted login page (a Custom Tab) and returns the URL it redirected
 * your app to (`myapp://callback?code=…&state=…`).
 */
suspend fun profile(session: AppSession, backend: String, openLoginPage: suspend (String) -> String): String {
    if (!session.isSignedIn()) {
        session.completeSignIn(openLoginPage(session.signInUrl()))
    }
    val token = session.idToken() // refreshed through your backend when near its expiry
    return withContext(Dispatchers.IO) {
        val connection = URL("$backend/me").openConnection() as HttpURLConnection
        connection.setRequestProperty("Authorization", "Bearer $token")
        connection.inputStream.bufferedReader().use { it.readText() }
    }
}
// END app
