'use strict'
// Every operation of every API from the shared table of tests/fixtures/every_operation.json,
// called by the naming rule (client.<api>.<tag>.<operation>): each call succeeds (or fails as the
// step says), its result has the fields its documented model requires, and the step's expected
// values are found in it.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const saasus = require('..')
const native = require('../native.js')
const { startEmulator } = require('../testing')
const { specCounts } = require('./specs.js')

const { steps } = require(path.join(__dirname, '..', '..', 'tests', 'fixtures', 'every_operation.json'))
const OPERATIONS = native.operations()
const TAGS = new Map(OPERATIONS.map((o) => [`${o.api} ${o.name}`, o.tag]))
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

// The other APIs' models are declared in a namespace each of index.d.ts (Auth's are known to
// the addon): a model's required fields are the lines `name: type` of its interface, and a union
// (`type PricingUnit = A | B | PricingUnitUnknown`) is satisfied by any of its known members.
const declarations = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
function declared(api, model) {
  const namespace = declarations.match(new RegExp(`^export namespace ${api} \\{\\n([\\s\\S]*?)^\\}`, 'm'))
  assert.ok(namespace, `no namespace ${api} in index.d.ts`)
  const body = namespace[1]
  const iface = body.match(new RegExp(`^  export interface ${model} \\{\\n([\\s\\S]*?)^  \\}`, 'm'))
  if (iface) return [[...iface[1].matchAll(/^ {4}(\w+): /gm)].map((m) => m[1])]
  const union = body.match(new RegExp(`^  export type ${model} = (.*)$`, 'm'))
  assert.ok(union, `no model ${api}.${model} in index.d.ts`)
  return union[1].split(' | ').filter((m) => !m.endsWith('Unknown')).flatMap((m) => declared(api, m))
}

function requiredFields(api, model) {
  return api === 'auth' ? [native.requiredFields(model)] : declared(api, model)
}

function resolve(value, saved) {
  if (typeof value === 'string' && value.startsWith('$')) {
    assert.ok(value.slice(1) in saved, `${value} is not saved yet`)
    return saved[value.slice(1)]
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, saved))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, saved)]))
  return value
}

// A dotted path of wire names into a result (`credentials.access_token`, `api_keys.1`).
const dig = (value, dotted) => dotted.split('.').reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), value)

test('the table covers every operation of every API, each with its error step', () => {
  assert.equal(TAGS.size, Object.values(specCounts()).reduce((a, b) => a + b, 0))
  assert.deepEqual(new Set(steps.map((s) => `${s.api} ${s.op}`)), new Set(TAGS.keys()))
  const errors = steps.filter((s) => s.error !== undefined)
  assert.deepEqual(
    errors.map((s) => `${s.api} ${s.op} ${s.error}`).sort(),
    [...new Set(OPERATIONS.map((o) => o.api))].map((api) => `${api} return_internal_server_error 500`).sort(),
  )
})

test('every operation of every API, with its model and values', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    const saved = {}
    for (const [i, step] of steps.entries()) {
      const at = `step ${i} (${step.api} ${step.op})`
      const tag = TAGS.get(`${step.api} ${step.op}`)
      assert.ok(tag, `${at}: no such operation`)
      const method = client[step.api][camel(tag)][camel(step.op)]
      const args = resolve(step.path ?? [], saved)
      if (step.input !== undefined) args.push(resolve(step.input, saved))
      if (step.error !== undefined) {
        const err = await method(...args).then(() => assert.fail(`${at} should fail`), (e) => e)
        assert.ok(err instanceof saasus.ServerError && err.status === step.error, `${at}: ${err}`)
        continue
      }
      const result = await method(...args).catch((e) => assert.fail(`${at}: ${e}`))
      if (step.returns === null) {
        assert.equal(result, undefined, at)
      } else {
        assert.equal(typeof result, 'object', at)
        const variants = requiredFields(step.api, step.returns)
        const missing = variants.map((fields) => fields.filter((f) => !(f in result)))
        assert.ok(missing.some((m) => m.length === 0), `${at}: ${step.returns} lacks ${missing.map((m) => m.join(', ')).join(' / ')}`)
      }
      for (const [dotted, want] of Object.entries(step.expect ?? {})) {
        assert.deepEqual(dig(result, dotted), resolve(want, saved), `${at}: ${dotted}`)
      }
      for (const [name, dotted] of Object.entries(step.save ?? {})) {
        saved[name] = dig(result, dotted)
        assert.notEqual(saved[name], undefined, `${at}: nothing at ${dotted}`)
      }
    }
    assert.equal(Object.keys(saved).length, new Set(steps.flatMap((s) => Object.keys(s.save ?? {}))).size)
  } finally {
    await emu.stop()
  }
})
