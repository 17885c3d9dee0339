'use strict'
// Every operation of the API from the shared table of tests/fixtures/every_operation.json: each
// call succeeds (or fails as the step says) and its result has the documented model's fields.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const saasus = require('..')
const native = require('../native.js')
const { startEmulator } = require('../testing/emulator.js')

const { steps } = require(path.join(__dirname, '..', '..', 'tests', 'fixtures', 'every_operation.json'))
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
const TAGS = Object.fromEntries(native.operations().filter((o) => o.api === 'auth').map((o) => [o.name, o.tag]))

function resolve(value, saved) {
  if (typeof value === 'string' && value.startsWith('$')) return saved[value.slice(1)]
  if (Array.isArray(value)) return value.map((v) => resolve(v, saved))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, saved)]))
  return value
}

test('the table covers every operation', () => {
  assert.deepEqual(new Set(steps.map((s) => s.op)), new Set(Object.keys(TAGS)))
  assert.equal(Object.keys(TAGS).length, 102)
})

test('every operation, with its result shape', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    const saved = {}
    for (const step of steps) {
      const method = client.auth[TAGS[step.op]][camel(step.op)]
      const args = resolve(step.path ?? [], saved)
      if (step.input !== undefined) args.push(resolve(step.input, saved))
      if (step.error) {
        const err = await method(...args).then(() => assert.fail(`${step.op} should fail`), (e) => e)
        assert.ok(err instanceof saasus.ServerError && err.status === step.error, step.op)
        continue
      }
      const result = await method(...args)
      if (step.returns === null) {
        assert.equal(result, undefined, step.op)
      } else {
        assert.equal(typeof result, 'object', step.op)
        for (const field of native.requiredFields(step.returns)) assert.ok(field in result, `${step.op}: ${step.returns}.${field}`)
      }
      for (const [name, dotted] of Object.entries(step.save ?? {})) {
        saved[name] = dotted.split('.').reduce((v, k) => v[k], result)
      }
    }
  } finally {
    await emu.stop()
  }
})
