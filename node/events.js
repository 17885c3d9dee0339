'use strict'
// The platform's events (`require('saasus/events')`): one Amazon EventBridge event (`detail-type`
// `api_call`) for every operation that is not a GET, whose `detail.event` is the request's API
// log as a JSON string. `parse` reads one into the operation it records; `verify` checks the
// signature `saasus listen` forwards it with; `inOrder` and `isNewerThan` apply the rule for
// unordered delivery (keep each entity's last applied `time`; apply only newer events).

const native = require('./native.js')
const errors = require('./errors.js')

/** The header `saasus listen` signs each forwarded event with (`t=<unix seconds>,v1=<hex>`). */
const SIGNATURE_HEADER = 'saasus-signature'

function sync(fn) {
  try {
    return fn()
  } catch (e) {
    throw errors.fromThrown(e)
  }
}

/**
 * Reads an event: the EventBridge envelope (a Lambda's `event`, or what `saasus listen` POSTs), as
 * an object, JSON text or a Buffer, or its `detail` alone. `operation` is the operationId
 * (`CreateTenant`; undefined for one newer than this SDK), `name` its method's name
 * (`createTenant`), `pathParams` the ids in its path, `request` and `response` its bodies as
 * objects (typed as the operation's input and output in the declarations); `envelope` keeps every
 * field, unknown ones too. Throws `InvalidArgumentError` for what is not an event.
 */
function parse(body) {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : JSON.stringify(body)
  const p = JSON.parse(sync(() => native.parseEvent(text)))
  const detail = p.envelope.detail ?? {}
  const camel = p.name ? p.name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()) : undefined
  return {
    id: p.envelope.id ?? '',
    time: p.envelope.time ?? '',
    eventType: detail.event_type ?? '',
    operation: p.operation ?? undefined,
    api: p.api ?? undefined,
    name: camel,
    pathParams: p.pathParams,
    status: p.status,
    traceId: detail.trace_id ?? '',
    request: p.request ?? undefined,
    response: p.response ?? undefined,
    envelope: p.envelope,
    call: p.call,
    /** Whether to apply this event over the one applied at `lastTime` (RFC 3339, UTC). */
    isNewerThan(lastTime) {
      return lastTime === undefined || lastTime === null || this.time > lastTime
    },
  }
}

/**
 * Checks the `saasus-signature` header of an event `saasus listen` forwarded: signed with
 * `secret` (the one `listen` prints) over this exact body (a Buffer or string), at most
 * `toleranceSeconds` ago. Throws `InvalidArgumentError` saying which check failed.
 */
function verify(body, signature, secret, { toleranceSeconds = 300 } = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(String(body))
  sync(() => native.verifyEvent(String(secret), String(signature ?? ''), bytes, toleranceSeconds, Math.floor(Date.now() / 1000)))
}

/** The events sorted by their `time`, then id. */
function inOrder(events) {
  return [...events].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

module.exports = { parse, verify, inOrder, SIGNATURE_HEADER }
