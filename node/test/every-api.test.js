'use strict'
// The platform's nine APIs by the naming rule, `client.<api>.<tagCamel>.<operationCamel>(...)`:
// every operation of the specs exists on the client and sends its method and URL
// (`/v1/<api><path>`, path parameters percent-encoded), as the emulator's request log shows, and
// gets the emulator's answer or typed error (every-operation.test.js checks what each returns).
const test = require('node:test')
const assert = require('node:assert/strict')
const saasus = require('..')
const native = require('../native.js')
const { startEmulator } = require('../testing')
const { specCounts } = require('./specs.js')

const COUNTS = specCounts()
const TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0)
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
const OPERATIONS = native.operations()

test('the nine APIs and their operations, as the specs count them', () => {
  const counts = {}
  for (const op of OPERATIONS) counts[op.api] = (counts[op.api] ?? 0) + 1
  assert.deepEqual(counts, COUNTS)
  assert.equal(OPERATIONS.length, TOTAL)
  const client = new saasus.Client({ apiKey: 'k', secretKey: 's', saasId: 'id', baseUrl: 'http://127.0.0.1:9/v1' })
  assert.deepEqual(Object.keys(client).sort(), Object.keys(COUNTS).sort())
  for (const op of OPERATIONS) {
    // The naming rule, from the snake-case names of the core's tables.
    assert.equal(op.method, camel(op.name))
    const method = client[op.api][op.tag]?.[camel(op.name)]
    assert.equal(typeof method, 'function', `client.${op.api}.${op.tag}.${camel(op.name)}`)
    assert.equal(method.name, camel(op.name))
  }
  // Auth keeps its names; the others read as their specs do.
  assert.equal(typeof client.auth.tenant.getTenants, 'function')
  assert.equal(typeof client.pricing.pricingPlans.getPricingPlans, 'function')
  assert.equal(typeof client.communication.feedback.createFeedback, 'function')
  assert.equal(typeof client.apilog.apiLog.getLogs, 'function')
  assert.ok(Object.isFrozen(client.pricing) && Object.isFrozen(client.pricing.pricingPlans))
})

// Fills an input until the SDK's own checks accept it, from what they say is missing or of
// the wrong type (the checks name the field and its expected kind).
const FIX = [
  [/is required|must be a string/, () => 's'],
  [/must be an integer/, () => 7],
  [/must be a number/, () => 1.5],
  [/must be a boolean/, () => true],
  [/must be a list/, () => []],
  [/must be an object/, () => ({})],
]

function setPath(object, dotted, value) {
  const keys = dotted.split('.')
  let at = object
  for (const k of keys.slice(0, -1)) at = at[k]
  at[keys.at(-1)] = value
}

async function callFilled(method, path, op) {
  const input = {}
  for (let round = 0; round < 200; round++) {
    try {
      return await (op.inputKind === 'none' ? method(...path) : method(...path, input))
    } catch (e) {
      if (!(e instanceof saasus.InvalidArgumentError)) return e
      const fix = FIX.find(([rule]) => rule.test(e.detail))
      assert.ok(fix, `${op.api} ${op.name}: ${e.message}`)
      setPath(input, e.type, fix[1]())
    }
  }
  assert.fail(`${op.api} ${op.name}: no input accepted`)
}

test('every operation of every API sends its method and URL, and the emulator answers it', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options({ maxRetries: 0 }))
    // UpdateSaasId changes the SaaS ID every later call signs with: it goes last.
    const last = (op) => op.api === 'auth' && op.name === 'update_saas_id'
    for (const op of [...OPERATIONS.filter((o) => !last(o)), ...OPERATIONS.filter(last)]) {
      const at = `${op.api} ${op.name}`
      // A string for each path parameter, with what must be percent-encoded to stay in the path
      // (` ?%é`: a raw `?` would start the query), and for an integer one a number (`7`).
      const value = (name, i) => (op.pathTypes[i] === 'str' ? `p ${name}/?%é` : 7)
      const path = op.pathParams.map(value)
      await emu.clearRequests()
      const result = await callFilled(client[op.api][op.tag][camel(op.name)], path, op)
      // Made-up ids and filled-in values: the emulator may refuse them, but with its typed error,
      // never an answer the SDK cannot decode or a failed request.
      assert.ok(!(result instanceof Error) || result instanceof saasus.SaasusApiError, `${at}: ${result}`)
      const seen = await emu.requests()
      assert.equal(seen.length, 1, `${at} sent one request: ${seen.map((r) => r.path)}`)
      // The log shows the path decoded, then the query (`?k=v&…`) if one was sent.
      const expected = op.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, String(value(name, i))), `/v1/${op.api}${op.path}`)
      assert.equal(seen[0].method, op.httpMethod, at)
      if (op.inputKind === 'query') assert.ok(seen[0].path === expected || seen[0].path.startsWith(`${expected}?`), `${at}: ${seen[0].path}`)
      else assert.equal(seen[0].path, expected, at)
      if (!(result instanceof Error)) assert.equal(seen[0].status < 300, true, at)
      else assert.equal(seen[0].status, result.status, at)
    }
  } finally {
    await emu.stop()
  }
})
