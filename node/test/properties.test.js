'use strict'
// Property tests (fast-check): arbitrary values — anything JS has, JSON values, strings, numbers,
// cycles, deep nesting, functions, symbols, BigInts — fed to every public entry point. Each must
// return (resolve) or throw (reject) a SaasusError, never a TypeError from napi, never
// SAASUS_INTERNAL, never a crash or a hang. Calls that pass the checks go to the emulator.
// A fixed seed (PROPTEST_RNG_SEED to change it); PROPTEST_CASES=N runs N cases per
// property (default 400, a few seconds).
const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const path = require('node:path')
const fc = require('fast-check')
const saasus = require('..')
const native = require('../native.js')
const { startEmulator } = require('../testing')

function setting(name, fallback) {
  const n = Number(process.env[name] || fallback)
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be a whole number, not ${process.env[name]}`)
  return n
}
const PARAMS = { seed: setting('PROPTEST_RNG_SEED', 42), numRuns: Math.max(1, setting('PROPTEST_CASES', 400)) }
const OPS = native.operations()
const OPTION_NAMES = ['apiKey', 'secretKey', 'saasId', 'baseUrl', 'timeoutMs', 'connectTimeoutMs', 'maxRetries', 'maxResponseBytes']

// Example arguments of each operation, from the shared table: calls built around them often pass
// the checks and reach the emulator.
const EXAMPLES = {}
for (const step of require(path.join(__dirname, '..', '..', 'tests', 'fixtures', 'every_operation.json')).steps) {
  EXAMPLES[step.op] ??= { path: step.path ?? [], input: step.input }
}

// --- Arbitrary values -------------------------------------------------------------------------

const anything = fc.anything({
  withBoxedValues: true, withSet: true, withMap: true, withObjectString: true, withNullPrototype: true,
  withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true, stringUnit: 'binary',
})
const special = fc.constantFrom(
  undefined, null, NaN, Infinity, -Infinity, -0, 0, 1e300, -1, 2.5, 2 ** 53, '', ' ', '.', '..', '%2E%2E', 'a/b?c#d', '\uD800', '\uDC00x',
  'x'.repeat(10_000), true, 1n, 2n ** 70n, Symbol('s'), () => 1, new Date(0), new Map([['a', 1]]), new Set([1]), [], {}, Object.create(null),
  Buffer.from('x'), new Uint8Array(2), Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
)
const cyclic = fc.oneof(
  fc.object().map((o) => Object.assign(o, { self: o })),
  fc.array(fc.jsonValue()).map((a) => { a.push(a); return a }),
  fc.object().map((o) => ({ a: { b: [o, { c: o }] }, o: Object.assign(o, { back: o }) })),
)
const deep = fc.tuple(fc.integer({ min: 100, max: 5000 }), fc.boolean()).map(([n, arrays]) => {
  let v = arrays ? [] : {}
  for (let i = 0; i < n; i++) v = arrays ? [v] : { a: v }
  return v
})
const value = fc.oneof(
  { arbitrary: anything, weight: 4 },
  { arbitrary: fc.jsonValue(), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 2 },
  { arbitrary: fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger()), weight: 2 },
  { arbitrary: special, weight: 2 },
  { arbitrary: cyclic, weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: fc.func(fc.anything()), weight: 1 },
)

// An object built around example keys: each keeps its example value or gets an arbitrary one,
// and keys the SDK does not know (misspelt, the escape hatches) come and go.
function around(example, extraKeys = []) {
  const keys = Object.keys(example ?? {})
  const fields = Object.fromEntries(keys.map((k) => [k, fc.oneof({ arbitrary: fc.constant(example[k]), weight: 3 }, { arbitrary: value, weight: 1 })]))
  const junk = fc.dictionary(fc.oneof(fc.constantFrom('extra_body', 'extra_query', 'nmae', '__proto__', 'constructor', ...extraKeys), fc.string({ unit: 'binary' })), value, { maxKeys: 2 })
  return fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: junk, weight: 1 }))
    .map(([known, extra]) => ({ ...known, ...extra }))
}

// --- What every outcome must be ---------------------------------------------------------------

function sdkError(e, where) {
  // An argument or option refused names it, in `type` and in the message.
  const names = !(e instanceof saasus.InvalidArgumentError || e instanceof saasus.ConfigError) || (typeof e.type === 'string' && e.type !== '' && e.message.includes(e.type))
  if (e instanceof saasus.SaasusError && e.code !== 'SAASUS_INTERNAL' && typeof e.message === 'string' && names) return e
  let shown
  try {
    shown = `${e && e.constructor && e.constructor.name}: ${e && e.message} (code ${e && e.code})`
  } catch {
    shown = String(typeof e)
  }
  throw new Error(`${where}: not a SaasusError: ${shown}`)
}

/** A synchronous entry point: returns, or throws a SaasusError. */
function returnsOrThrows(where, fn) {
  try {
    return { value: fn() }
  } catch (e) {
    return { error: sdkError(e, where) }
  }
}

/** An asynchronous entry point: returns a promise (never throws), which resolves or rejects with a SaasusError. */
async function resolvesOrRejects(where, fn) {
  let promise
  try {
    promise = fn()
  } catch (e) {
    throw new Error(`${where}: threw synchronously instead of rejecting: ${e && e.message}`)
  }
  assert.ok(promise instanceof Promise, `${where}: returns a promise`)
  try {
    return { value: await promise }
  } catch (e) {
    return { error: sdkError(e, where) }
  }
}

// --- The properties ---------------------------------------------------------------------------

let emu
let stub
test.before(async () => {
  emu = await startEmulator()
  // UpdateSaasId changes the emulator's SaaS ID, which every later call signs with: it goes to a
  // server of its own, answering 204 to anything.
  stub = http.createServer((req, res) => { req.resume(); res.writeHead(204).end() })
  await new Promise((resolve) => stub.listen(0, '127.0.0.1', resolve))
})
test.after(async () => {
  stub.closeAllConnections?.()
  await new Promise((resolve) => stub.close(resolve))
  await emu.stop()
})

const clientOptions = () => emu.options({ timeoutMs: 10_000, maxRetries: 0 })

/** Whether a ConfigError's `type` names what is wrong with `o`: `options` when it is no plain
 * object (or has an empty key), a credential's variable when that option is missing, else a key
 * it has (or a field of one). */
function refusedOption(o, type) {
  const has = (key) => o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, key)
  if (type === 'options') return typeof o !== 'object' || o === null || Array.isArray(o) || ![Object.prototype, null].includes(Object.getPrototypeOf(o)) || has('')
  const variable = { SAASUS_API_KEY: 'apiKey', SAASUS_SECRET_KEY: 'secretKey', SAASUS_SAAS_ID: 'saasId' }[type]
  if (variable) return o?.[variable] === undefined || o?.[variable] === null
  // An unknown key is named as given; a known one's field after a `.` or `[`.
  return has(type) || has(type.split(/[.[]/)[0])
}

test('new Client(options): a client or a ConfigError', { timeout: 120_000 }, () => {
  const plausible = {
    apiKey: fc.string(), secretKey: fc.string(), saasId: fc.string(), baseUrl: fc.oneof(fc.webUrl(), fc.string()),
    timeoutMs: fc.double(), connectTimeoutMs: fc.double(), maxRetries: fc.integer({ min: -2, max: 12 }), maxResponseBytes: fc.integer(),
  }
  const options = fc.oneof(
    value,
    fc.record(Object.fromEntries(OPTION_NAMES.map((k) => [k, fc.oneof(plausible[k], value)])), { requiredKeys: [] }),
    around(emu.options(), ['apikey', 'timeout']),
  )
  fc.assert(fc.property(options, (o) => {
    const { value: client, error } = returnsOrThrows('new Client', () => new saasus.Client(o))
    if (error) {
      assert.ok(error instanceof saasus.ConfigError, `${error.constructor.name}: ${error.message}`)
      assert.ok(refusedOption(o, error.type), `${error.type} is not what was wrong: ${error.message}`)
    } else {
      assert.ok(client instanceof saasus.Client)
      // What was given is what it uses: the base URL as given (without a trailing slash).
      if (typeof o.baseUrl === 'string') assert.equal(client.baseUrl, o.baseUrl.replace(/\/$/, ''))
    }
  }), PARAMS)
})

test('every operation, with arbitrary path parameters and input', { timeout: 300_000 }, async () => {
  const client = new saasus.Client(clientOptions())
  const toStub = new saasus.Client({ ...clientOptions(), baseUrl: `http://127.0.0.1:${stub.address().port}/v1` })
  const pathValue = fc.oneof({ arbitrary: fc.string({ unit: 'binary' }), weight: 3 }, { arbitrary: fc.constantFrom('.', '..', '', 'no-such-id', '7', 7), weight: 2 }, { arbitrary: value, weight: 2 })
  const call = fc.constantFrom(...OPS).chain((op) => {
    const example = (op.api === 'auth' && EXAMPLES[op.name]) || { path: [], input: undefined }
    const exact = fc.tuple(...op.pathParams.map((_, i) => fc.oneof({ arbitrary: fc.constant(example.path[i] ?? 'x'), weight: 1 }, { arbitrary: pathValue, weight: 2 })))
    const args = fc.oneof({ arbitrary: exact, weight: 5 }, { arbitrary: fc.array(pathValue, { maxLength: op.pathParams.length + 2 }), weight: 1 })
    const input = op.inputKind === 'none'
      ? fc.oneof({ arbitrary: fc.constant([]), weight: 5 }, { arbitrary: value.map((v) => [v]), weight: 1 })
      : fc.oneof({ arbitrary: around(example.input), weight: 3 }, { arbitrary: value, weight: 2 }, { arbitrary: fc.constant(undefined), weight: 1 }).map((v) => [v])
    return fc.tuple(fc.constant(op), args, input)
  })
  const reached = new Set()
  await fc.assert(fc.asyncProperty(call, async ([op, args, input]) => {
    const toEmulator = !(op.api === 'auth' && op.name === 'update_saas_id')
    const where = `${op.api}.${op.tag}.${op.method}`
    await emu.clearRequests()
    const outcome = await resolvesOrRejects(where, () => (toEmulator ? client : toStub)[op.api][op.tag][op.method](...args, ...input))
    if (!outcome.error || outcome.error instanceof saasus.SaasusApiError) reached.add(where)
    if (!toEmulator) return
    const seen = await emu.requests()
    // A refused argument was refused before anything was sent; an answered call sent one request
    // (no retries), answered as the call says.
    if (outcome.error instanceof saasus.InvalidArgumentError) assert.deepEqual(seen, [], `${where}: refused ${outcome.error.type}, yet sent`)
    else if (!outcome.error) assert.deepEqual(seen.map((r) => [r.method, r.status < 300]), [[op.httpMethod, true]], where)
    else if (outcome.error instanceof saasus.SaasusApiError) assert.deepEqual(seen.map((r) => [r.method, r.status]), [[op.httpMethod, outcome.error.status]], where)
  }), PARAMS)
  if (process.env.PROPTEST_VERBOSE) console.log('reached', reached.size, 'of', OPS.length)
  assert.ok(reached.size > 0, 'some calls passed the checks and were answered')
})

test('withContext: a client (whose calls work) or an InvalidArgumentError', { timeout: 120_000 }, async () => {
  const client = new saasus.Client(clientOptions())
  const context = fc.oneof(value, around({ referer: 'https://app.example.com/', xSaasusReferer: 'https://app.example.com/x', traceId: 'trace-1' }, ['traceID']))
  await fc.assert(fc.asyncProperty(context, async (c) => {
    const { value: derived, error } = returnsOrThrows('withContext', () => client.withContext(c))
    if (error) return assert.ok(error instanceof saasus.InvalidArgumentError, error.message)
    assert.ok(derived instanceof saasus.Client)
    await emu.clearRequests()
    const { error: failed } = await resolvesOrRejects('withContext(…).auth.env.getEnvs', () => derived.auth.env.getEnvs())
    assert.equal(failed, undefined)
    // What was accepted is what is sent.
    const [sent] = await emu.requests()
    const given = (key) => (c !== null && typeof c === 'object' && typeof c[key] === 'string' ? c[key] : null)
    assert.deepEqual([sent.referer, sent.x_saasus_referer], [given('referer'), given('xSaasusReferer')])
    if (given('traceId') !== null) assert.equal(sent.trace_id, given('traceId'))
  }), PARAMS)
})

test('bearerToken: a string, undefined, or an InvalidArgumentError', { timeout: 120_000 }, () => {
  const header = fc.oneof(value, fc.string({ unit: 'binary' }).map((s) => `Bearer ${s}`), fc.constantFrom('Bearer', 'bearer  x', 'Basic x'))
  fc.assert(fc.property(header, (h) => {
    const { value: token, error } = returnsOrThrows('bearerToken', () => saasus.bearerToken(h))
    if (error) assert.ok(error instanceof saasus.InvalidArgumentError, error.message)
    else if (token !== undefined) {
      // A token is the non-empty rest of a `Bearer` header.
      assert.equal(typeof token, 'string')
      assert.ok(typeof h === 'string' && /^bearer\s/i.test(h) && token !== '' && h.trim().endsWith(token), `${JSON.stringify(h)} gave ${JSON.stringify(token)}`)
    }
  }), PARAMS)
})

test('hasRole: a boolean or an InvalidArgumentError', { timeout: 120_000 }, () => {
  const user = {
    id: 'u', email: 'a@example.com', sign_in_id: 'a', user_attribute: {},
    tenants: [{ id: 't', name: 'T', completed_sign_up: true, is_paid: false, back_office_staff_email: 'b@example.com', user_attribute: {}, envs: [{ id: 3, name: 'prod', display_name: 'Prod', roles: [{ role_name: 'admin', display_name: 'Admin' }] }] }],
  }
  const args = fc.tuple(
    fc.oneof(fc.constant(user), around(user), value),
    fc.oneof(fc.constant('t'), value),
    fc.oneof(fc.constant('admin'), value),
    fc.oneof(fc.constant(undefined), fc.constant(3), value),
  )
  fc.assert(fc.property(args, ([u, tenantId, roleName, envId]) => {
    const { value: held, error } = returnsOrThrows('hasRole', () => saasus.hasRole(u, tenantId, roleName, envId))
    if (error) return assert.ok(error instanceof saasus.InvalidArgumentError, error.message)
    assert.equal(typeof held, 'boolean')
    // An accepted user is read as UserInfo says: the role in that tenant (in that env, if given).
    const expected = (u.tenants ?? []).some((t) => t.id === tenantId && (t.envs ?? []).some((e) => (envId === undefined || e.id === envId) && (e.roles ?? []).some((r) => r.role_name === roleName)))
    assert.equal(held, expected, JSON.stringify([tenantId, roleName, envId]))
  }), PARAMS)
})

test('exchangeTempCode, refresh, authenticate: resolve or reject with a SaasusError', { timeout: 120_000 }, async () => {
  const client = new saasus.Client(clientOptions())
  const helper = fc.constantFrom('exchangeTempCode', 'refresh', 'authenticate')
  const argument = fc.oneof(value, fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', 'not-a-code', 'a.b.c'))
  await fc.assert(fc.asyncProperty(helper, argument, async (name, arg) => {
    await emu.clearRequests()
    const { error } = await resolvesOrRejects(name, () => client[name](arg))
    // Nothing arbitrary is a valid code, refresh token or ID token; what is no text is refused
    // naming it before anything is sent.
    assert.ok(error, `${name} accepted a ${typeof arg}`)
    if (typeof arg !== 'string') {
      assert.ok(error instanceof saasus.InvalidArgumentError, `${name}: ${error}`)
      assert.deepEqual(await emu.requests(), [], `${name}: refused, yet sent`)
    }
  }), PARAMS)
})
