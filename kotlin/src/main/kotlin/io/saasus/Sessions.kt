package io.saasus

import io.saasus.models.UserInfo
import java.time.Duration

/**
 * Which request to your server is signed in as whom, for any Kotlin server framework (Ktor,
 * Spring, http4k, …): give it the request's headers, get the user and the Set-Cookie headers to
 * send back, or an [AuthException] whose [AuthException.status] is what to answer.
 *
 * Over the core's authenticator (docs/kotlin.md, "Sessions for your server"): ID tokens are
 * verified locally against the issuer's key set once the issuer is known, a user's `UserInfo`
 * is cached for [userCacheMaxAge] (60 s), and a session's ID token is refreshed from its
 * refresh-token cookie before it expires, once however many requests bring it. Every platform
 * call goes through [client] (its logger, retries and timeouts). Make one per process and share
 * it: its caches are what spare the platform calls. Thread-safe.
 *
 * - [loginUrl]: the hosted login page, for [beginSignIn] (`SAASUS_LOGIN_URL` when not given).
 * - [issuer], [audience]: verify ID tokens locally from the first request; otherwise the issuer
 *   is learned from the first token the platform accepts ([learnIssuer]).
 * - [userCacheMaxAge] (60 s): how soon role changes reach a session; zero asks every time.
 * - [refreshMargin] (5 min, at most a quarter of a token's life), [clockSkew] (10 s),
 *   [jwksCooldown] (30 s), [userCacheCapacity] (10,000).
 * - Cookies: [cookieName], [refreshCookieName], [stateCookieName], [cookiePath] (`/`),
 *   [cookieDomain], [secure] (true; false only for http://localhost), [sessionMaxAge] (30 days).
 * - [appRequestsPerMinute] (30; 0 for none): each client's limit on the native-app endpoints ([appRequest]).
 *
 * A setting out of range throws [SaasusException.Config] naming it.
 */
class Sessions(
    val client: Client,
    loginUrl: String? = System.getenv("SAASUS_LOGIN_URL")?.ifEmpty { null },
    issuer: String? = null,
    audience: String? = null,
    learnIssuer: Boolean = true,
    clockSkew: Duration? = null,
    userCacheMaxAge: Duration? = null,
    userCacheCapacity: Int? = null,
    refreshMargin: Duration? = null,
    jwksCooldown: Duration? = null,
    cookieName: String? = null,
    refreshCookieName: String? = null,
    stateCookieName: String? = null,
    cookiePath: String? = null,
    cookieDomain: String? = null,
    secure: Boolean = true,
    sessionMaxAge: Duration? = null,
    appRequestsPerMinute: Int? = null,
) : AutoCloseable {
    private val native: Authenticator

    init {
        if (userCacheCapacity != null && userCacheCapacity < 1) {
            throw SaasusException.Config("user_cache_capacity", "must be at least 1 (user_cache_max_age 0 turns the cache off)")
        }
        val settings = AuthSettings(
            loginUrl = loginUrl, issuer = issuer, audience = audience, learnIssuer = learnIssuer, clockSkew = clockSkew,
            userCacheMaxAge = userCacheMaxAge, userCacheCapacity = userCacheCapacity?.toUInt(), refreshMargin = refreshMargin,
            jwksCooldown = jwksCooldown, cookieName = cookieName, refreshCookieName = refreshCookieName,
            stateCookieName = stateCookieName, cookiePath = cookiePath, cookieDomain = cookieDomain, secure = secure,
            sessionMaxAge = sessionMaxAge,
            appRequestsPerMinute = appRequestsPerMinute?.also {
                if (it < 0) throw SaasusException.Config("app_requests_per_minute", "must be 0 or more")
            }?.toUInt(),
        )
        native = Authenticator(client, settings)
    }

    /**
     * Who the request with these headers (by name, any case, each with its values) is signed in
     * as: its `Authorization: Bearer` token, else its session's cookies. Send
     * [Authorized.setCookies] back with the answer (a refreshed session's new tokens).
     * @throws AuthException 401 when it is not signed in, 503 or 500 when it could not be checked.
     */
    suspend fun authenticate(headers: Map<String, List<String>>): Authorized = authenticate(pairs(headers))

    /** [authenticate] of headers as (name, value) pairs, a repeated header as several. */
    suspend fun authenticate(headers: List<Pair<String, String>>): Authorized = refusals {
        val a = native.authorize(headers.map { (name, value) -> HeaderPair(name, Secret(value)) })
        Authorized(a.user, a.idToken.value, a.setCookies.map { it.value })
    }

    /**
     * The user of an ID token (a bearer token from elsewhere), as [authenticate] checks one.
     * @throws AuthException 401 for a token that is not a valid one, 503 or 500.
     */
    suspend fun user(idToken: String): UserInfo = refusals { native.user(idToken) }

    /**
     * The start of a sign-in: redirect the browser to [SignInRedirect.location] (the hosted
     * login page, with a `state`) and send [SignInRedirect.setCookie], which binds the sign-in to
     * that browser for ten minutes.
     * @throws AuthException 500 when [loginUrl] is not set.
     */
    fun beginSignIn(): SignInRedirect = refusals {
        val r = native.beginSignIn()
        SignInRedirect(r.location.value, r.setCookie.value)
    }

    /**
     * The callback the login page sends the browser to: its `code` and `state` query parameters
     * and the request's headers. Send [SignedIn.setCookies] back (the new session's cookies),
     * then redirect where the user was going.
     * @throws AuthException 400 for a missing or malformed code, 401 for a browser that did not
     *   start this sign-in or a code the platform refused, 503 or 500.
     */
    suspend fun completeSignIn(code: String?, state: String?, headers: Map<String, List<String>>): SignedIn =
        completeSignIn(code, state, pairs(headers))

    /** [completeSignIn] with headers as (name, value) pairs. */
    suspend fun completeSignIn(code: String?, state: String?, headers: List<Pair<String, String>>): SignedIn = refusals {
        val s = native.completeSignIn(code, state, headers.map { (name, value) -> HeaderPair(name, Secret(value)) })
        SignedIn(s.userId, s.setCookies.map { it.value })
    }

    /**
     * A native app's request to an app endpoint — mount `POST <prefix>/{route}` for each of
     * [APP_ROUTES] and pass the route, the raw body, the client's address (the per-client limit
     * counts it) and the headers; send back the answer's status, headers and body as they are.
     * Never throws for the app's or the platform's faults: they are the answer's status.
     */
    suspend fun appRequest(route: String, body: ByteArray, client: String, headers: List<Pair<String, String>>): AppAnswer =
        native.appRequest(route, body, client, headers.map { (name, value) -> HeaderPair(name, Secret(value)) })

    /** The Set-Cookie headers that end the request's session (what was cached for it goes too). */
    fun signOut(headers: Map<String, List<String>>): List<String> = signOut(pairs(headers))

    /** [signOut] with headers as (name, value) pairs. */
    fun signOut(headers: List<Pair<String, String>>): List<String> =
        native.signOut(headers.map { (name, value) -> HeaderPair(name, Secret(value)) }).map { it.value }

    /**
     * A route guard: returns when [user] belongs to [tenantId] (or to any tenant, unless
     * [requireTenant] is false and no roles are asked) and holds one of [roles] there (any, if
     * empty) in [envId] (or in any env).
     * @throws AuthException 403 saying what is missing.
     */
    fun check(
        user: UserInfo,
        tenantId: String? = null,
        roles: List<String> = emptyList(),
        envId: Long? = null,
        requireTenant: Boolean = true,
    ) = refusals { native.check(user, Requirement(tenantId, requireTenant, roles, envId)) }

    /** Drops what is cached about a user (after changing their roles): their next request asks the platform. */
    fun forgetUser(userId: String): Int = native.forgetUser(userId).toInt()

    /** Drops every cached `UserInfo`. */
    fun forgetAll() = native.forgetAll()

    /** The issuer whose key set verifies ID tokens, once known (configured, or learned). */
    val issuer: String? get() = native.issuer()

    /** Frees the native authenticator now rather than when collected. */
    override fun close() = native.close()

    override fun toString() = "Sessions(issuer=$issuer)"

    private companion object {
        fun pairs(headers: Map<String, List<String>>) = headers.flatMap { (name, values) -> values.map { name to it } }

        /** The native refusal as this package's [AuthException]. */
        inline fun <T> refusals(block: () -> T): T = try {
            block()
        } catch (e: NativeAuthException.Refused) {
            throw AuthException(e.status.toInt(), e.kind, e.publicMessage, e.logMessage, e.setCookies.map { it.value }, e.error)
        }
    }
}

/**
 * A request that is not signed in, or could not be checked.
 *
 * [status] is what to answer: 401 (no session, or a token that is forged, expired beyond
 * refresh, foreign or refused; a callback this browser did not start), 400 (a malformed
 * callback), 403 (a guard), 503 (the platform failed: the user is still signed in) or 500 (this
 * backend's keys or settings were refused: see the log). [kind] says which (`unauthorized`,
 * `bad_request`, `forbidden`, `unavailable`, `misconfigured`); [publicMessage] is what the end
 * user may read (never the platform's words for a server error); [message] is for the log;
 * [setCookies] are the Set-Cookie headers to send with the answer (a refused session's cookies
 * cleared); [cause] is the SDK error behind a server error (its status, type and trace id).
 */
class AuthException(
    val status: Int,
    val kind: String,
    val publicMessage: String,
    message: String,
    val setCookies: List<String>,
    override val cause: SaasusException? = null,
) : Exception(message, cause) {
    /** 5xx: the server's fault, to log with its [cause]; the end user's session stands. */
    val isServerError: Boolean get() = status >= 500
}

/**
 * A signed-in request: its [user], the [idToken] it was signed in with, and the Set-Cookie
 * headers to send back ([setCookies]: the rotated tokens after a refresh; usually none).
 * `toString()` shows neither token nor cookie.
 */
data class Authorized(val user: UserInfo, val idToken: String, val setCookies: List<String>) {
    override fun toString() = "Authorized(userId=${user.id}, email=${user.email}, idToken=***, setCookies=${setCookies.size})"
}

/** Where to send the browser to sign in, and the Set-Cookie header binding the sign-in to it. */
data class SignInRedirect(val location: String, val setCookie: String) {
    override fun toString() = "SignInRedirect(location=***, setCookie=***)"
}

/** A completed sign-in: the user's id and the new session's Set-Cookie headers. */
data class SignedIn(val userId: String, val setCookies: List<String>) {
    override fun toString() = "SignedIn(userId=$userId, setCookies=${setCookies.size})"
}

/** The endpoints a native app's session ([AppSession]) posts to, below the prefix a backend mounts them at. */
val APP_ROUTES: List<String> = listOf("token", "refresh", "sign-out")
