// The Ktor example of docs/kotlin.md: the lines between the markers are the page's code, word
// for word (DocsTest checks that and runs it in Ktor's test host against the emulator).
package io.saasus.docs

// START ktor
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationCall
import io.ktor.server.application.log
import io.ktor.server.response.respondRedirect
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.util.toMap
import io.saasus.AuthException
import io.saasus.Authorized
import io.saasus.Sessions

/** Sends the Set-Cookie headers the SDK handed back (a refreshed or ended session's). */
fun ApplicationCall.setCookies(cookies: List<String>) = cookies.forEach { response.headers.append(HttpHeaders.SetCookie, it) }

/** Answers a refusal with its status and the end user's message; logs a server error with its cause. */
suspend fun ApplicationCall.refuse(e: AuthException) {
    if (e.isServerError) application.log.error("sign-in failed", e)
    setCookies(e.setCookies)
    respondText(e.publicMessage, status = HttpStatusCode.fromValue(e.status))
}

/** The call's signed-in user, who must hold one of [roles] in [tenantId] when given; null once refused. */
suspend fun ApplicationCall.signedIn(sessions: Sessions, tenantId: String? = null, roles: List<String> = emptyList()): Authorized? =
    try {
        val auth = sessions.authenticate(request.headers.toMap())
        setCookies(auth.setCookies)
        if (tenantId != null || roles.isNotEmpty()) sessions.check(auth.user, tenantId, roles)
        auth
    } catch (e: AuthException) {
        refuse(e)
        null
    }

fun Application.saasusRoutes(sessions: Sessions) = routing {
    get("/login") {
        val redirect = sessions.beginSignIn()
        call.setCookies(listOf(redirect.setCookie))
        call.respondRedirect(redirect.location)
    }
    get("/callback") {
        val query = call.request.queryParameters
        try {
            call.setCookies(sessions.completeSignIn(query["code"], query["state"], call.request.headers.toMap()).setCookies)
            call.respondRedirect("/me")
        } catch (e: AuthException) {
            call.refuse(e)
        }
    }
    post("/logout") {
        call.setCookies(sessions.signOut(call.request.headers.toMap()))
        call.respondRedirect("/")
    }
    get("/me") {
        val auth = call.signedIn(sessions) ?: return@get
        call.respondText("signed in as ${auth.user.email}")
    }
    get("/tenants/{tenantId}/admin") {
        val tenantId = call.parameters["tenantId"]
        call.signedIn(sessions, tenantId, listOf("admin")) ?: return@get
        call.respondText("admin of $tenantId")
    }
}
// END ktor
