'use strict'
// The error classes of saasus: one base class, the same data in each (status, type, data,
// traceId) and a stable `code`. Built from the envelopes the native module returns.

class SaasusError extends Error {
  constructor(message, { code = 'SAASUS_ERROR', status, type, data, traceId, detail } = {}) {
    super(message)
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true })
    this.code = code
    if (status !== undefined && status !== null) this.status = status
    if (type !== undefined && type !== null) this.type = type
    if (data !== undefined && data !== null) this.data = data
    if (traceId !== undefined && traceId !== null) this.traceId = traceId
    // The API's own message, without the status prefix (enumerable: JSON.stringify shows it).
    this.detail = detail ?? message
  }
}

// The classes below SaasusError, generated from the core's
// one list of error classes.
const classes = require('./error-classes.js')(SaasusError)
const { ConfigError, InvalidArgumentError } = classes

// The native error names the class the core chose and its code; a caught panic names none.
function fromNative(e) {
  const Cls = (typeof e.class === 'string' && Object.hasOwn(classes, e.class) && classes[e.class]) || SaasusError
  const code = e.code || (e.kind === 'internal' ? 'SAASUS_INTERNAL' : 'SAASUS_ERROR')
  return new Cls(e.message, { code, status: e.status, type: e.type, data: e.data, traceId: e.traceId, detail: e.detail })
}

const PREFIX = 'SAASUS_ERROR:'

// What napi throws when it cannot convert an argument at all (napi_status names).
const CONVERSION = new Set(['InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected',
  'NumberExpected', 'BooleanExpected', 'ArrayExpected', 'BigintExpected', 'DateExpected'])

/**
 * An error thrown synchronously by the native module, as the matching class: the SDK's own
 * errors by their envelope, a value napi could not convert as `Fallback` (InvalidArgumentError,
 * or ConfigError for the constructor), anything else (a caught panic) as SAASUS_INTERNAL.
 */
function fromThrown(err, Fallback = InvalidArgumentError, field = undefined) {
  if (err instanceof SaasusError) return err
  const message = err && typeof err.message === 'string' ? err.message : String(err)
  if (message.startsWith(PREFIX)) return fromNative(JSON.parse(message.slice(PREFIX.length)))
  if (err && CONVERSION.has(err.code)) {
    const [code, what] = Fallback === ConfigError ? ['SAASUS_CONFIG', 'invalid configuration'] : ['SAASUS_INVALID_ARGUMENT', 'invalid argument']
    return new Fallback(`${what}${field ? ` ${field}` : ''}: ${message}`, { code, type: field })
  }
  return new SaasusError(`internal error: ${message}`, { code: 'SAASUS_INTERNAL' })
}

module.exports = { SaasusError, ...classes, fromNative, fromThrown }
