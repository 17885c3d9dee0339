'use strict'
// saasus Sessions for Node (`client.sessions(options)`): which web request is signed in as whom,
// over the core's authenticator (core/src/session) — ID tokens verified locally once the issuer
// is known, UserInfo cached, the session refreshed before its ID token expires — every refusal
// or failure an `AuthError` whose `status` says whose fault it is. The Express and Fastify helpers
// are built on it; it takes any request's headers, for any other framework (Next.js, Koa, …).

const util = require('node:util')
const errors = require('./errors.js')

/**
 * A request that is not signed in, or could not be checked. `status`: 401 (no or a bad session),
 * 400 (a malformed callback), 403 (a guard), 503 (the platform failed; still signed in), 500 (this
 * backend's keys were refused). `message` is what the end user may read; `detail` the log's text;
 * `setCookies` the Set-Cookie headers to send; `cause` the SDK error behind a server error.
 */
class AuthError extends errors.SaasusError {
  constructor(denied) {
    const cause = denied.cause ? errors.fromNative(denied.cause) : undefined
    super(denied.publicMessage, { code: 'SAASUS_AUTH', status: denied.status, type: denied.type, traceId: cause?.traceId, detail: denied.message })
    // Not enumerable: after a refresh the cookies carry the session's new tokens, and what an
    // error shows (util.inspect, a logger's serializer) must not.
    Object.defineProperty(this, 'setCookies', { value: denied.setCookies ?? [], enumerable: false, configurable: true })
    if (cause) Object.defineProperty(this, 'cause', { value: cause, enumerable: false, configurable: true })
  }

  get isServerError() {
    return this.status >= 500
  }
}

/** A signed-in request: `{ user, idToken, setCookies }`, printed without the token or cookies. */
class Authorized {
  constructor({ user, idToken, setCookies }) {
    this.user = user
    this.idToken = idToken
    this.setCookies = setCookies
  }

  [util.inspect.custom](depth, options, inspect) {
    return `Authorized { user: ${inspect(this.user, options)}, idToken: '***', setCookies: [${this.setCookies.length}] }`
  }
}

/** What an app endpoint answers, to send as is; printed without its body (a 200's holds the tokens). */
class AppAnswer {
  constructor(status, body, headers) {
    this.status = status
    this.body = body
    this.headers = headers
  }

  [util.inspect.custom](depth, options, inspect) {
    return `AppAnswer { status: ${this.status}, body: '***', headers: ${inspect(this.headers, options)} }`
  }
}

/** `[...roles, options?]` of a guard: the roles, and `{ tenantParam, envId, requireTenant }`. */
function guardArgs(args) {
  const last = args[args.length - 1]
  const hasOptions = typeof last === 'object' && last !== null
  const roles = hasOptions ? args.slice(0, -1) : args
  const { tenantParam = 'tenantId', envId, requireTenant = true } = hasOptions ? last : {}
  return { roles, tenantParam, envId, requireTenant }
}

/** Any request's headers as Node's `rawHeaders` (`[name, value, …]`): that array itself, a
 * `Headers` (fetch, Next.js), or an object of strings and string arrays (`req.headers`). */
function rawHeaders(headers) {
  // Only text (and numbers) is a header value; anything else is left out, never converted.
  const text = (v) => typeof v === 'string' || typeof v === 'number'
  if (Array.isArray(headers)) {
    const flat = []
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (text(headers[i]) && text(headers[i + 1])) flat.push(String(headers[i]), String(headers[i + 1]))
    }
    return flat
  }
  const flat = []
  const add = (k, v) => {
    for (const one of Array.isArray(v) ? v : [v]) if (text(one)) flat.push(String(k), String(one))
  }
  if (headers && typeof headers.forEach === 'function' && typeof headers.get === 'function') {
    headers.forEach((v, k) => add(k, v))
  } else if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers)) add(k, v)
  }
  return flat
}

function answer(value) {
  if (value.denied) throw new AuthError(value.denied)
  return value
}

class Sessions {
  #native
  #run
  #logger

  /** Made by `client.sessions(options)`. */
  constructor(native, run, logger) {
    this.#native = native
    this.#run = run
    this.#logger = logger
  }

  /** `{ user, idToken, setCookies }` of a request's headers; throws `AuthError`. */
  async authorize(headers) {
    const raw = rawHeaders(headers)
    return new Authorized(answer(await this.#run((callId, level) => this.#native.authorize(callId, raw, level))))
  }

  /** `{ location, setCookie }`: where to send the browser to sign in, with a fresh `state`. */
  beginSignIn() {
    return answer(JSON.parse(this.#native.beginSignIn()))
  }

  /** The callback: `code` and `state` from its query (anything but a string is malformed). */
  async completeSignIn(code, state, headers) {
    const text = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : '\u0000')
    const raw = rawHeaders(headers)
    return answer(await this.#run((callId, level) => this.#native.completeSignIn(callId, text(code), text(state), raw, level)))
  }

  /**
   * A native app's request to an app endpoint (`route`: one of `APP_ROUTES`): its raw `body` (a
   * Buffer, Uint8Array or string), the `client` address the per-client limit counts it against, its headers.
   * Resolves `{ status, body, headers }` to send as is (tokens as JSON, never cookies); never
   * rejects for the app's or the platform's faults, which are the status (logged like refusals).
   */
  async appRequest(route, body, client, headers) {
    const raw = rawHeaders(headers)
    const bytes = Buffer.isBuffer(body)
      ? body
      : body instanceof Uint8Array
        ? Buffer.from(body.buffer, body.byteOffset, body.byteLength)
        : Buffer.from(typeof body === 'string' ? body : '')
    const a = await this.#run((callId, level) => this.#native.appRequest(callId, String(route), bytes, String(client ?? ''), raw, level))
    if (a.log) this.#log(a.log.serverError, a.status, undefined, `saasus app sessions: ${a.log.message}`)
    const out = { 'cache-control': 'no-store' }
    if (a.body) out['content-type'] = 'application/json'
    if (a.retryAfter !== null && a.retryAfter !== undefined) out['retry-after'] = String(a.retryAfter)
    return new AppAnswer(a.status, a.body, out)
  }

  /** The Set-Cookie headers that end the request's session. */
  signOut(headers) {
    return this.#native.signOut(rawHeaders(headers))
  }

  /** Throws `AuthError` (403) unless `user` belongs to `tenantId` (or any tenant) and holds one
   * of `roles` there (in `envId`, or any env). */
  check(user, { tenantId, roles = [], envId, requireTenant = true } = {}) {
    let texts
    try {
      texts = [JSON.stringify(user), JSON.stringify({ tenantId, roles, envId, requireTenant })]
    } catch (e) {
      throw new errors.InvalidArgumentError(`invalid argument user: must be a UserInfo (${e.message})`, { code: 'SAASUS_INVALID_ARGUMENT', type: 'user' })
    }
    const denied = this.#native.check(...texts)
    if (denied) answer(JSON.parse(denied))
  }

  /** Drops what is cached about a user (after changing their roles). */
  forgetUser(userId) {
    return this.#native.forgetUser(String(userId))
  }

  forgetAll() {
    this.#native.forgetAll()
  }

  /** The issuer whose key set verifies ID tokens, once known. */
  get issuer() {
    return this.#native.issuer ?? undefined
  }

  /** Logs a refusal (debug) or a server error (error, else warn) to the client's logger. */
  logFailure(e) {
    this.#log(e.isServerError, e.status, e.traceId, `saasus sessions: ${e.detail}`)
  }

  #log(serverError, status, traceId, message) {
    const logger = this.#logger
    if (!logger) return
    try {
      if (serverError) (logger.error ?? logger.warn).call(logger, { status, traceId }, message)
      else logger.debug({ status }, message)
    } catch {
      // A logger that throws is not the request's failure.
    }
  }
}

/** The endpoints a native app's session (Kotlin's and Swift's `AppSession`) posts to. */
const APP_ROUTES = Object.freeze(['token', 'refresh', 'sign-out'])

/** A request's body as bytes: kept by a body parser that ran before (a Buffer, or JSON it parsed,
 * written back), else read from the stream — at most `limit` bytes, the core refusing more. */
async function requestBody(req, parsed, limit = 64 * 1024) {
  if (Buffer.isBuffer(parsed)) return parsed
  if (typeof parsed === 'string') return Buffer.from(parsed)
  if (parsed !== undefined && parsed !== null && typeof parsed === 'object') return Buffer.from(JSON.stringify(parsed))
  if (req.readableEnded) return Buffer.alloc(0)
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    chunks.push(chunk)
    size += chunk.length
    if (size > limit) break
  }
  return Buffer.concat(chunks)
}

/** A browser navigating to a page (sent to sign in), not an API call. */
function pageLoad(method, accept) {
  return (method === 'GET' || method === 'HEAD') && String(accept ?? '').includes('text/html')
}

/** `code` and `state` of a URL's query, read as text whatever the framework's query parser does. */
function callbackQuery(url) {
  const q = new URL(url ?? '/', 'http://localhost').searchParams
  return { code: q.get('code') ?? undefined, state: q.get('state') ?? undefined }
}

module.exports = { Sessions, AuthError, Authorized, guardArgs, rawHeaders, pageLoad, callbackQuery, APP_ROUTES, requestBody }
