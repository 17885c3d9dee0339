'use strict'
// saasus for Node: `client.auth.<tag>.<operation>(...pathParams, bodyOrQuery)`, every call a
// Promise resolved off the JS thread by the Rust core. The namespaces are built from the core's
// operation table: no operation is written out here.

const util = require('node:util')
const native = require('./native.js')
const errors = require('./errors.js')

const OPERATIONS = native.operations()
const FROM_NATIVE = Symbol('fromNative')

// Every call's answer arrives through one channel, `(callId, envelopeText)` (see
// bindings/node/src/completions.rs); each call in flight has its promise's resolve here.
const inFlight = new Map()
let lastCallId = 0
const completions = new native.Completions((callId, text) => {
  const resolve = inFlight.get(callId)
  inFlight.delete(callId)
  if (inFlight.size === 0) completions.release()
  if (resolve) resolve(text)
})

// Starts a native call (`start(callId)`) and returns the promise of its envelope text. While
// any call is in flight the event loop is held, so that a process waits for its answers.
function inFlightCall(start) {
  lastCallId = (lastCallId + 1) >>> 0
  const callId = lastCallId
  const answer = new Promise((resolve) => inFlight.set(callId, resolve))
  if (inFlight.size === 1) completions.hold()
  try {
    start(callId)
  } catch (e) {
    inFlight.delete(callId)
    if (inFlight.size === 0) completions.release()
    throw e
  }
  return answer
}

// A native call resolves the JSON text of its envelope (see bindings/node/src/lib.rs).
function unwrap(text) {
  const envelope = JSON.parse(text)
  if (envelope.ok) return envelope.value === null ? undefined : envelope.value
  throw errors.fromNative(envelope.error)
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

function operation(nativeClient, op) {
  const name = op.method
  const arity = op.pathParams.length
  const method = async function (...args) {
    const takesInput = op.inputKind !== 'none'
    if (args.length < arity || args.length > arity + (takesInput ? 1 : 0)) {
      throw invalid('arguments', `${name}() takes ${arity} path parameter(s)${op.pathParams.length ? ` (${op.pathParams.join(', ')})` : ''}${takesInput ? ' and an object' : ''}, got ${args.length} argument(s)`)
    }
    const path = args.slice(0, arity).map((v, i) => {
      if (typeof v !== 'string' && typeof v !== 'number') throw invalid(op.pathParams[i], 'must be a string (or a number)')
      return String(v)
    })
    const input = args[arity]
    if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
      throw invalid(op.inputKind === 'query' ? 'query' : 'body', 'must be an object keyed by the API field names')
    }
    // Only a value napi cannot turn into JSON (a function, a symbol) throws here.
    const answer = sync(() => inFlightCall((callId) => nativeClient.call(callId, op.name, path, input ?? null)), errors.InvalidArgumentError, op.inputKind)
    return unwrap(await answer)
  }
  Object.defineProperty(method, 'name', { value: name })
  return method
}

function buildAuth(nativeClient) {
  const auth = {}
  for (const op of OPERATIONS) {
    const group = (auth[op.tag] ??= {})
    group[op.method] = operation(nativeClient, op)
  }
  for (const group of Object.values(auth)) Object.freeze(group)
  return Object.freeze(auth)
}

class Client {
  #native

  /** @param {import('./index').ClientOptions} [options] */
  constructor(options = {}) {
    this.#native = options && options[FROM_NATIVE] ? options[FROM_NATIVE] : sync(() => new native.NativeClient(options, completions), errors.ConfigError)
    Object.defineProperty(this, 'auth', { value: buildAuth(this.#native), enumerable: true })
  }

  get baseUrl() {
    return this.#native.baseUrl
  }

  withContext(context = {}) {
    const derived = sync(() => this.#native.withContext(context))
    return new Client({ [FROM_NATIVE]: derived })
  }

  async exchangeTempCode(code) {
    return unwrap(await inFlightCall((callId) => this.#native.login(callId, 'exchange_temp_code', String(code ?? ''))))
  }

  async refresh(refreshToken) {
    return unwrap(await inFlightCall((callId) => this.#native.login(callId, 'refresh', String(refreshToken ?? ''))))
  }

  async authenticate(idToken) {
    return unwrap(await inFlightCall((callId) => this.#native.login(callId, 'authenticate', String(idToken ?? ''))))
  }

  // What console.log and JSON.stringify show: never the secret key.
  toJSON() {
    return { baseUrl: this.#native.baseUrl, apiKey: this.#native.apiKey, saasId: this.#native.saasId }
  }

  [util.inspect.custom]() {
    return `Client ${util.inspect(this.toJSON())}`
  }
}

function bearerToken(authorization) {
  return native.bearerToken(authorization ?? undefined) ?? undefined
}

function hasRole(user, tenantId, roleName, envId) {
  return sync(() => native.hasRole(user, tenantId, roleName, envId))
}

module.exports = {
  Client,
  bearerToken,
  hasRole,
  VERSION: native.VERSION,
  ...Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith('from'))),
}
