'use strict'
// The platform's nine APIs by the naming rule, `client.<api>.<tagCamel>.<operationCamel>(...)`:
// every operation of the specs exists on the client and sends its method and URL
// (`/v1/<api><path>`). A bare node:http server records the request lines, since the emulator
// does not serve every API yet (Communication and ApiLog are called against it in
// communication.test.js).
const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const saasus = require('..')
const native = require('../native.js')
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

test('every operation of every API sends its method and URL', async () => {
  const seen = []
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    req.resume()
    req.on('end', () => res.writeHead(204).end())
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const client = new saasus.Client({ apiKey: 'k', secretKey: 's', saasId: 'id', baseUrl: `http://127.0.0.1:${server.address().port}/v1`, maxRetries: 0 })
    for (const op of OPERATIONS) {
      // A string for each path parameter, and for an integer one a number (its text: `7`).
      const path = op.pathParams.map((p, i) => (op.pathTypes[i] === 'str' ? `p-${p}` : 7))
      const before = seen.length
      const result = await callFilled(client[op.api][op.tag][camel(op.name)], path, op)
      // An answer without a body decodes for operations answering a status only; the others
      // fail to decode it, after the request was sent, which is what this checks.
      assert.ok(result === undefined || result instanceof saasus.DecodeError, `${op.api} ${op.name}: ${result}`)
      assert.equal(seen.length, before + 1, `${op.api} ${op.name} sent one request`)
      const [method, url] = seen.at(-1).split(' ')
      const [urlPath, query] = url.split('?')
      const expected = op.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, op.pathTypes[i] === 'str' ? `p-${name}` : '7'), `/v1/${op.api}${op.path}`)
      assert.equal(`${method} ${urlPath}`, `${op.httpMethod} ${expected}`, `${op.api} ${op.name}`)
      if (op.inputKind !== 'query') assert.equal(query, undefined, `${op.api} ${op.name}`)
    }
    assert.equal(seen.length, TOTAL)
  } finally {
    server.close()
  }
})
