'use strict'
// saasus for Node: `client.<api>.<tag>.<operation>(...pathParams, bodyOrQuery)` for each of the
// platform's APIs (`client.auth.tenant.getTenants()`, `client.pricing.pricingPlans.getPricingPlans()`),
// every call a Promise resolved off the JS thread by the Rust core. The namespaces are built from
// the core's operation tables: no operation is written out here.

const util = require('node:util')
const native = require('./native.js')
const errors = require('./errors.js')
const sessions = require('./sessions.js')
const secrets = require('./secrets.js')

const OPERATIONS = native.operations()
for (const op of OPERATIONS) {
  op.secretShape = secrets.parse(op.secrets)
  op.itemShape = secrets.parse(op.itemSecrets)
}
// What the login helpers answer (Credentials) holds what GetAuthCredentials' answer does.
const CREDENTIALS_SHAPE = OPERATIONS.find((op) => op.api === 'auth' && op.name === 'get_auth_credentials').secretShape
const FROM_NATIVE = Symbol('fromNative')
const SIGNAL = Symbol('signal')
const LOGGER = Symbol('logger')

// Every call's answer arrives through one channel, `(callId, envelopeText)` (see
// bindings/node/src/completions.rs); each call in flight has its promise's resolve here.
const inFlight = new Map()
// The logger of each call in flight that has one.
const callLoggers = new Map()
let lastCallId = 0
const completions = new native.Completions((callId, text) => {
  // 'L': one of the call's log records, which come before its answer.
  if (text.charCodeAt(0) === 76) return log(callLoggers.get(callId), text)
  callLoggers.delete(callId)
  const resolve = inFlight.get(callId)
  inFlight.delete(callId)
  if (inFlight.size === 0) completions.release()
  if (resolve) resolve(text)
})

// Starts a native call (`start(callId)`) and returns the promise of its envelope text. While
// any call is in flight the event loop is held, so that a process waits for its answers. With
// an AbortSignal, its abort rejects the promise with the signal's reason (as fetch does) and
// `cancel(callId)` ends the native call, which then never answers.
function inFlightCall(start, signal, cancel) {
  if (signal?.aborted) return Promise.reject(signal.reason)
  lastCallId = (lastCallId + 1) >>> 0
  const callId = lastCallId
  let forget
  const answer = new Promise((resolve, reject) => {
    inFlight.set(callId, resolve)
    if (signal) {
      forget = whenAborted(signal, callId, () => {
        if (!inFlight.delete(callId)) return
        callLoggers.delete(callId)
        if (inFlight.size === 0) completions.release()
        cancel(callId)
        reject(signal.reason)
      })
    }
  })
  if (inFlight.size === 1) completions.hold()
  try {
    start(callId)
  } catch (e) {
    inFlight.delete(callId)
    callLoggers.delete(callId)
    if (inFlight.size === 0) completions.release()
    if (forget) forget()
    throw e
  }
  return signal ? answer.finally(forget) : answer
}

// The calls waiting on each AbortSignal, behind one 'abort' listener per signal: a listener
// per call made Node warn MaxListenersExceeded once more than ten calls shared a signal.
const abortWaiters = new WeakMap()

// Runs `onAbort` when `signal` aborts; the returned function forgets it (the call ended).
function whenAborted(signal, callId, onAbort) {
  let entry = abortWaiters.get(signal)
  if (entry === undefined) {
    const waiters = new Map()
    const listener = () => {
      abortWaiters.delete(signal)
      for (const run of waiters.values()) run()
      waiters.clear()
    }
    entry = { waiters, listener }
    abortWaiters.set(signal, entry)
    signal.addEventListener('abort', listener, { once: true })
  }
  entry.waiters.set(callId, onAbort)
  return () => {
    if (!entry.waiters.delete(callId) || entry.waiters.size > 0) return
    if (abortWaiters.get(signal) === entry) abortWaiters.delete(signal)
    signal.removeEventListener('abort', entry.listener)
  }
}

// A log record (`L` then `{ level, message, fields }`) as pino takes it, `logger[level](fields,
// message)`, which console prints too. A logger that throws, or whose method returns a promise
// that rejects (an async transport), is not the call's failure and must not become an
// unhandled rejection, which ends a Node process.
function log(logger, text) {
  if (logger === undefined) return
  try {
    const { level, message, fields } = JSON.parse(text.slice(1))
    const returned = logger[level](fields, message)
    if (typeof returned?.then === 'function') returned.then(undefined, () => {})
  } catch {}
}

// The least severe level a logger takes now: pino's `isLevelEnabled`, else (console) debug.
function logLevel(logger) {
  if (logger === undefined) return undefined
  if (typeof logger.isLevelEnabled !== 'function') return 'debug'
  try {
    return ['debug', 'info', 'warn'].find((level) => logger.isLevelEnabled(level)) ?? 'off'
  } catch {
    return 'off'
  }
}

// A `logger` option: an object with debug, info and warn methods (console, pino, winston, …).
function checkLogger(logger) {
  if (logger === undefined) return undefined
  const missing = ['debug', 'info', 'warn'].filter((level) => typeof logger?.[level] !== 'function')
  if (missing.length) throw badConfig('logger', `must have debug, info and warn methods, as console and pino do (missing ${missing.join(', ')})`)
  return logger
}

// A native call resolves the JSON text of its envelope (see bindings/node/src/lib.rs).
function unwrap(text) {
  const envelope = JSON.parse(text)
  if (envelope.ok) return envelope.value === null ? undefined : envelope.value
  throw errors.fromNative(envelope.error)
}

// A `withResponse` call's value: `{ value, status, traceId, headers, attempts }`.
function unwrapResponse(text) {
  const r = unwrap(text)
  return { value: r.value ?? undefined, status: r.status, traceId: r.traceId ?? undefined, headers: r.headers, attempts: r.attempts }
}

// Runs a synchronous native call; what it throws becomes the matching error class (a value
// napi could not convert at all becomes `Fallback`).
function sync(fn, Fallback = errors.InvalidArgumentError, field = undefined) {
  try {
    return fn()
  } catch (e) {
    throw errors.fromThrown(e, Fallback, field)
  }
}

function invalid(field, rule) {
  return new errors.InvalidArgumentError(`invalid argument ${field}: ${rule}`, { code: 'SAASUS_INVALID_ARGUMENT', type: field })
}

function badConfig(field, rule) {
  return new errors.ConfigError(`invalid configuration: ${field}: ${rule}`, { code: 'SAASUS_CONFIG', type: field })
}

// The depth serde_json parses (its recursion limit refuses a 128th level of objects and arrays).
const MAX_DEPTH = 127
// At most this many values in one argument: a depth limit alone lets an object that holds the
// same object twice at each of 60 levels stand for 2^60 values.
const MAX_VALUES = 1_000_000

const wellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)

// A plain object: `{}`, `Object.create(null)`, or one from another realm (vm) — not a Date, a
// Map, a class instance or a boxed primitive, which JSON would turn into `{}` or a string.
function isPlainObject(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null
}

// `a Date`, `an array`, `a symbol`: what a value is, for messages (never the value itself,
// which may be a secret).
function describe(v) {
  const a = (name) => `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v !== 'object') return a(typeof v)
  if (isPlainObject(v)) return 'an object'
  try {
    const name = Object.getPrototypeOf(v)?.constructor?.name
    if (typeof name === 'string' && name) return a(name)
  } catch {}
  return 'an object'
}

function describeError(e) {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e)
  } catch {
    return 'an exception'
  }
}

const child = (path, key) => (path ? `${path}.${key}` : key)

/**
 * The JSON text of an argument, for the native module to parse: a value JSON cannot carry as it
 * is (a cycle, a BigInt, a function, a symbol, NaN, a Date or Map, a string with a lone surrogate,
 * `undefined` in an array, nesting deeper than serde_json parses) is refused with `fail(field,
 * rule)`, naming the field at fault (`attributes.tags[2]`); `top` names the argument itself.
 * Absent (`undefined`) properties are left out, as JSON.stringify leaves them, and so are the
 * top-level keys in `omit` (what the JS side keeps, such as a client's `logger`).
 */
function jsonText(value, top, fail = invalid, omit = undefined) {
  const stack = []
  const out = []
  let budget = MAX_VALUES
  const walk = (v, path) => {
    const here = path || top
    if (--budget < 0) throw fail(top, `holds more than ${MAX_VALUES} values`)
    switch (typeof v) {
      case 'string':
        if (!wellFormed(v)) throw fail(here, 'is not valid text (it holds a lone surrogate)')
        out.push(JSON.stringify(v))
        return
      case 'number':
        if (!Number.isFinite(v)) throw fail(here, `must be a finite number (got ${v})`)
        out.push(JSON.stringify(v))
        return
      case 'boolean':
        out.push(v ? 'true' : 'false')
        return
      case 'object':
        break
      case 'bigint':
        throw fail(here, 'is a BigInt, which JSON cannot carry; pass a number (or a string)')
      case 'undefined':
        throw fail(here, 'is undefined, which JSON cannot carry; use null')
      default:
        throw fail(here, `is ${describe(v)}, which JSON cannot carry`)
    }
    if (v === null) {
      out.push('null')
      return
    }
    if (stack.includes(v)) throw fail(here, 'contains itself (a reference cycle cannot be sent as JSON)')
    if (stack.length >= MAX_DEPTH) throw fail(here, `is nested deeper than ${MAX_DEPTH} levels`)
    stack.push(v)
    if (Array.isArray(v)) {
      out.push('[')
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out.push(',')
        walk(v[i], `${path}[${i}]`)
      }
      out.push(']')
    } else if (isPlainObject(v)) {
      out.push('{')
      let first = true
      for (const key of Object.keys(v)) {
        const item = v[key]
        if (item === undefined || (omit !== undefined && path === '' && omit.includes(key))) continue
        if (!wellFormed(key)) throw fail(here, 'has a key that is not valid text (it holds a lone surrogate)')
        out.push(first ? '' : ',', JSON.stringify(key), ':')
        first = false
        walk(item, child(path, key))
      }
      out.push('}')
    } else {
      throw fail(here, `is ${describe(v)}; only plain objects, arrays, strings, numbers, booleans and null can be sent`)
    }
    stack.pop()
  }
  try {
    walk(value, '')
    return out.join('')
  } catch (e) {
    if (e instanceof errors.SaasusError) throw e
    // A getter or proxy that threw, or text too long for one string.
    throw fail(top, `could not be read (${describeError(e)})`)
  }
}

// A string argument, checked: a string, and valid text (napi would replace a lone surrogate).
function requireString(field, v) {
  if (typeof v !== 'string') throw invalid(field, `must be a string (got ${describe(v)})`)
  if (!wellFormed(v)) throw invalid(field, 'is not valid text (it holds a lone surrogate)')
  return v
}

// A path parameter as the text sent: a string, or a whole number where the spec says integer
// (the env ids, metering's timestamp). The core refuses a negative unsigned one, naming it.
function pathArg(name, type, v) {
  if (type === 'str') return requireString(name, v)
  if (Number.isSafeInteger(v)) return String(v)
  throw invalid(name, `must be a whole number (got ${typeof v === 'number' ? v : describe(v)})`)
}

// An operation's arguments (path parameters, then its body or query object) as the native
// call takes them: `{ path, text, field }`, or an InvalidArgumentError naming the one at fault.
function callArguments(op, name, args) {
  const arity = op.pathParams.length
  const takesInput = op.inputKind !== 'none'
  const field = takesInput ? op.inputKind : 'arguments'
  if (args.length < arity || args.length > arity + (takesInput ? 1 : 0)) {
    throw invalid('arguments', `${name}() takes ${arity} path parameter(s)${op.pathParams.length ? ` (${op.pathParams.join(', ')})` : ''}${takesInput ? ' and an object' : ''}, got ${args.length} argument(s)`)
  }
  const path = args.slice(0, arity).map((v, i) => pathArg(op.pathParams[i], op.pathTypes[i], v))
  const input = args[arity]
  if (input !== undefined && !isPlainObject(input)) {
    throw invalid(field, `must be an object keyed by the API field names (got ${describe(input)})`)
  }
  return { path, text: input === undefined ? null : jsonText(input, field), field }
}

// `mode`: `{ withResponse, signal }` of the client the operation belongs to.
function operation(nativeClient, op, mode) {
  const name = op.method
  const method = async function (...args) {
    const { path, text, field } = callArguments(op, name, args)
    const { withResponse, signal, logger } = mode
    const level = logLevel(logger)
    const start = (callId) => {
      if (level !== undefined && level !== 'off') callLoggers.set(callId, logger)
      nativeClient.call(callId, op.api, op.name, path, text, withResponse, signal !== undefined, level)
    }
    const answer = sync(() => inFlightCall(start, signal, (callId) => nativeClient.cancel(callId)), errors.InvalidArgumentError, field)
    if (!withResponse) return secrets.hide(unwrap(await answer), op.secretShape)
    const response = unwrapResponse(await answer)
    secrets.hide(response.value, op.secretShape)
    return response
  }
  Object.defineProperty(method, 'name', { value: name })
  return method
}

// `<method>Iter` of a cursor-paged operation: every item of every page, as an async iterator
// (`for await`). The core's pager (core/src/pages.rs) decides the pages and refuses a repeated
// cursor; the arguments are the operation's (`limit` the page size, filters sent with every
// page, a `cursor` where it starts), checked when the iterator is made.
function pagedOperation(nativeClient, op, mode) {
  const name = `${op.method}Iter`
  const method = function (...args) {
    const { path, text, field } = callArguments(op, name, args)
    const pages = sync(() => nativeClient.pages(op.api, op.name, path, text), errors.InvalidArgumentError, field)
    return items(pages, mode, op.itemShape)
  }
  Object.defineProperty(method, 'name', { value: name })
  return method
}

async function* items(pages, { signal, logger }, itemShape) {
  for (;;) {
    const level = logLevel(logger)
    const start = (callId) => {
      if (level !== undefined && level !== 'off') callLoggers.set(callId, logger)
      pages.next(callId, signal !== undefined, level)
    }
    const page = unwrap(await sync(() => inFlightCall(start, signal, (callId) => pages.cancel(callId))))
    if (page === undefined) return
    if (itemShape) for (const item of page) secrets.hide(item, itemShape)
    yield* page
  }
}

// The APIs in the order of the core's tables (auth first), each `{ <tag>: { <method> } }`.
const APIS = [...new Set(OPERATIONS.map((op) => op.api))]

function buildApi(nativeClient, api, mode) {
  const tags = {}
  for (const op of OPERATIONS) {
    if (op.api !== api) continue
    const group = (tags[op.tag] ??= {})
    group[op.method] = operation(nativeClient, op, mode)
    if (op.paged && !mode.withResponse) group[`${op.method}Iter`] = pagedOperation(nativeClient, op, mode)
  }
  for (const group of Object.values(tags)) Object.freeze(group)
  return Object.freeze(tags)
}

class Client {
  #native
  #signal
  #logger
  #withResponse

  /** @param {import('./index').ClientOptions} [options] */
  constructor(options = {}) {
    if (isPlainObject(options) && Object.hasOwn(options, FROM_NATIVE)) {
      this.#native = options[FROM_NATIVE]
      this.#signal = options[SIGNAL]
      this.#logger = options[LOGGER]
    } else {
      if (options !== null && !isPlainObject(options)) throw badConfig('options', `must be an object (got ${describe(options)})`)
      // The logger stays here, in JS; the other settings are the core's.
      this.#logger = checkLogger(options?.logger)
      const text = options === null ? null : jsonText(options, 'options', badConfig, ['logger'])
      this.#native = sync(() => new native.NativeClient(text, completions), errors.ConfigError)
    }
    const mode = { withResponse: false, signal: this.#signal, logger: this.#logger }
    for (const api of APIS) Object.defineProperty(this, api, { value: buildApi(this.#native, api, mode), enumerable: true })
  }

  get baseUrl() {
    return this.#native.baseUrl
  }

  /** The same APIs, each operation resolving `{ value, status, traceId, headers, attempts }`. */
  get withResponse() {
    if (this.#withResponse === undefined) {
      const mode = { withResponse: true, signal: this.#signal, logger: this.#logger }
      this.#withResponse = Object.freeze(Object.fromEntries(APIS.map((api) => [api, buildApi(this.#native, api, mode)])))
    }
    return this.#withResponse
  }

  withContext(context = {}) {
    if (context !== null && !isPlainObject(context)) throw invalid('context', `must be an object (got ${describe(context)})`)
    const text = context === null ? null : jsonText(context, 'context')
    const derived = sync(() => this.#native.withContext(text))
    return new Client({ [FROM_NATIVE]: derived, [SIGNAL]: this.#signal, [LOGGER]: this.#logger })
  }

  /** A client whose calls take `{ timeoutMs, maxRetries, traceId, signal }` over this one's. */
  withOptions(options = {}) {
    if (!isPlainObject(options)) throw invalid('options', `must be an object (got ${describe(options)})`)
    const signal = options.signal
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalid('signal', `must be an AbortSignal (got ${describe(signal)})`)
    const derived = sync(() => this.#native.withOptions(jsonText(options, 'options', invalid, ['signal'])))
    // A second signal adds to the first: either aborts the calls.
    const both = signal && this.#signal ? AbortSignal.any([this.#signal, signal]) : signal ?? this.#signal
    return new Client({ [FROM_NATIVE]: derived, [SIGNAL]: both, [LOGGER]: this.#logger })
  }

  async exchangeTempCode(code) {
    return secrets.hide(await this.#login('exchange_temp_code', requireString('code', code)), CREDENTIALS_SHAPE)
  }

  async refresh(refreshToken) {
    return secrets.hide(await this.#login('refresh', requireString('refresh_token', refreshToken)), CREDENTIALS_SHAPE)
  }

  async authenticate(idToken) {
    return this.#login('authenticate', requireString('id_token', idToken))
  }

  async #login(helper, argument) {
    return this.#logged((callId, level) => this.#native.login(callId, helper, argument, level))
  }

  // A native call answered through the completions, its log records to this client's logger.
  async #logged(start) {
    const logger = this.#logger
    const level = logLevel(logger)
    const begin = (callId) => {
      if (level !== undefined && level !== 'off') callLoggers.set(callId, logger)
      start(callId, level)
    }
    return unwrap(await sync(() => inFlightCall(begin)))
  }

  /** Sessions of web requests signed in through this client (node/sessions.js; docs/node.md). */
  sessions(options = {}) {
    if (!isPlainObject(options)) throw invalid('options', `must be an object (got ${describe(options)})`)
    const nativeSessions = sync(() => this.#native.sessions(jsonText(options, 'options')))
    return new sessions.Sessions(nativeSessions, (start) => this.#logged(start), this.#logger)
  }

  /** A meter sending through this client (docs/metering.md). */
  meter(options = {}) {
    if (!isPlainObject(options)) throw invalid('options', `must be an object (got ${describe(options)})`)
    return new Meter(sync(() => this.#native.meter(jsonText(options, 'options'))))
  }

  // What console.log and JSON.stringify show: neither key (the API key names the key pair).
  toJSON() {
    return { baseUrl: this.#native.baseUrl, saasId: this.#native.saasId }
  }

  [util.inspect.custom]() {
    return `Client ${util.inspect(this.toJSON())}`
  }
}

// Meters not yet closed, closed when the event loop empties (`beforeExit`), so that a process
// that ends normally sends what it held. (`process.exit()` and signals skip `beforeExit`.)
const openMeters = new Set()
let closingOnExit = false

function closeOpenMeters() {
  for (const meter of openMeters) meter.close().catch(() => {})
}

class Meter {
  #native
  #closed

  constructor(nativeMeter) {
    this.#native = nativeMeter
    openMeters.add(this)
    if (!closingOnExit) {
      closingOnExit = true
      process.on('beforeExit', closeOpenMeters)
    }
  }

  add(tenantId, meteringUnitName, count = 1) {
    requireString('tenant_id', tenantId)
    requireString('metering_unit_name', meteringUnitName)
    try {
      this.#native.add(tenantId, meteringUnitName, meterCount(count))
    } catch (e) {
      throw errors.fromThrown(e, errors.InvalidArgumentError)
    }
  }

  sub(tenantId, meteringUnitName, count = 1) {
    requireString('tenant_id', tenantId)
    requireString('metering_unit_name', meteringUnitName)
    try {
      this.#native.sub(tenantId, meteringUnitName, meterCount(count))
    } catch (e) {
      throw errors.fromThrown(e, errors.InvalidArgumentError)
    }
  }

  get stats() {
    return JSON.parse(this.#native.stats())
  }

  async flush() {
    return this.#settle(false)
  }

  async close() {
    openMeters.delete(this)
    this.#closed ??= this.#settle(true)
    return this.#closed
  }

  async #settle(close) {
    const report = unwrap(await inFlightCall((callId) => this.#native.settle(callId, close)))
    for (const f of report.failures) f.error = f.error === null ? undefined : errors.fromNative(f.error)
    return report
  }

  [util.inspect.custom]() {
    return `Meter ${util.inspect(this.stats)}`
  }
}

function meterCount(count) {
  if (typeof count !== 'number') throw invalid('count', `must be a number (got ${describe(count)})`)
  return count
}

function bearerToken(authorization) {
  if (authorization === undefined || authorization === null) return undefined
  if (typeof authorization !== 'string') throw invalid('authorization', `must be a string, a header value (got ${describe(authorization)})`)
  return sync(() => native.bearerToken(authorization)) ?? undefined
}

function hasRole(user, tenantId, roleName, envId) {
  if (!isPlainObject(user)) throw invalid('user', `must be a UserInfo object (got ${describe(user)})`)
  const text = jsonText(user, 'user')
  requireString('tenant_id', tenantId)
  requireString('role_name', roleName)
  if (envId !== undefined && envId !== null && !(Number.isSafeInteger(envId) && envId >= 0)) {
    throw invalid('env_id', `must be a whole number, 0 or more, or absent (got ${typeof envId === 'number' ? envId : describe(envId)})`)
  }
  return sync(() => native.hasRole(text, tenantId, roleName, envId ?? undefined))
}

module.exports = {
  Client,
  Meter,
  Sessions: sessions.Sessions,
  AuthError: sessions.AuthError,
  APP_ROUTES: sessions.APP_ROUTES,
  bearerToken,
  hasRole,
  VERSION: native.VERSION,
  ...Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith('from'))),
}
