'use strict'
// Express sessions: `saasusAuth(client, options)` is a middleware that signs each request in
// (the bearer token, else the session's cookies, refreshed before the ID token expires) into
// `req.userInfo`; `.require(...)` a guard; `.routes()` the sign-in endpoints; `.appRoutes()` the
// endpoints of native apps' sessions. Plain JS over
// node/sessions.js; Express itself is the app's dependency.

const { AuthError, guardArgs, pageLoad, callbackQuery, APP_ROUTES, requestBody } = require('./sessions.js')

const OWN = ['loginRedirect']

function sessionsOf(client, options) {
  if (typeof client?.sessions !== 'function') throw new TypeError('saasusAuth: the first argument must be a saasus.Client')
  const rest = Object.fromEntries(Object.entries(options).filter(([k]) => !OWN.includes(k)))
  return client.sessions(rest)
}

function setCookies(res, cookies) {
  if (cookies.length) res.append('set-cookie', cookies)
}

/**
 * `app.use(saasusAuth(client, { loginUrl, … }))` or per route. 401 JSON without a valid session
 * (a 303 to `loginRedirect` for a browser's page load), 403 from a guard; a platform failure
 * (503) and this backend's refused keys (500) go to Express's error handlers as an `AuthError`
 * whose message is safe to show (the cause is logged through the client's logger).
 */
function saasusAuth(client, options = {}) {
  const sessions = sessionsOf(client, options)
  const { loginRedirect } = options

  function refuse(req, res, next, e) {
    if (!(e instanceof AuthError)) return next(e)
    sessions.logFailure(e)
    setCookies(res, e.setCookies)
    if (e.isServerError) return next(e)
    if (e.status === 401 && loginRedirect && pageLoad(req.method, req.get?.('accept') ?? req.headers.accept)) {
      return res.redirect(303, loginRedirect)
    }
    if (e.status === 401) res.set('www-authenticate', 'Bearer realm="saasus"')
    return res.status(e.status).json({ type: e.type, message: e.message })
  }

  async function signIn(req, res) {
    const authorized = await sessions.authorize(req.rawHeaders)
    setCookies(res, authorized.setCookies)
    req.userInfo = authorized.user
    req.saasus = authorized
    return authorized
  }

  const middleware = async function saasusAuthMiddleware(req, res, next) {
    try {
      await signIn(req, res)
      return next()
    } catch (e) {
      return refuse(req, res, next, e)
    }
  }

  /** A guard: the user belongs to the tenant of `req.params[tenantParam]` (or any tenant) and
   * holds one of `roles` there (in `envId`, or any env); 403 otherwise. Signs in if needed. */
  middleware.require = function require(...args) {
    const { roles, tenantParam, envId, requireTenant } = guardArgs(args)
    return async function saasusRequire(req, res, next) {
      try {
        const user = req.userInfo ?? (await signIn(req, res)).user
        sessions.check(user, { tenantId: req.params?.[tenantParam], roles, envId, requireTenant })
        return next()
      } catch (e) {
        return refuse(req, res, next, e)
      }
    }
  }

  /** `GET /login` (to the hosted login page, with a fresh `state`), `GET /callback` (set your
   * callback URL to it), `POST /logout`; under the path the router is mounted at. */
  middleware.routes = function routes({ redirectTo = '/' } = {}) {
    return async function saasusRoutes(req, res, next) {
      try {
        if (req.method === 'GET' && req.path === '/login') {
          const begun = sessions.beginSignIn()
          setCookies(res, [begun.setCookie])
          return res.redirect(303, begun.location)
        }
        if (req.method === 'GET' && req.path === '/callback') {
          const { code, state } = callbackQuery(req.originalUrl ?? req.url)
          const done = await sessions.completeSignIn(code, state, req.rawHeaders)
          setCookies(res, done.setCookies)
          return res.redirect(303, redirectTo)
        }
        if (req.method === 'POST' && req.path === '/logout') {
          setCookies(res, sessions.signOut(req.rawHeaders))
          return res.redirect(303, redirectTo)
        }
        return next()
      } catch (e) {
        return refuse(req, res, next, e)
      }
    }
  }

  /** `POST /token`, `/refresh` and `/sign-out` under the path the router is mounted at
   * (`app.use('/app', auth.appRoutes())`): the backend of native apps' sessions (Kotlin's and
   * Swift's `AppSession`), which hold no SaaSus keys. Tokens as JSON; limited per `req.ip`. */
  middleware.appRoutes = function appRoutes() {
    return async function saasusAppRoutes(req, res, next) {
      const route = req.path.replace(/^\//, '')
      if (req.method !== 'POST' || !APP_ROUTES.includes(route)) return next()
      try {
        const body = await requestBody(req, req.body)
        const a = await sessions.appRequest(route, body, req.ip ?? req.socket?.remoteAddress, req.rawHeaders)
        res.status(a.status).set(a.headers)
        return res.send(a.body || undefined)
      } catch (e) {
        return next(e)
      }
    }
  }

  middleware.sessions = sessions
  return middleware
}

module.exports = { saasusAuth, AuthError }
