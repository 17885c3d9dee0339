'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const fs = require('node:fs')
const path = require('node:path')
const saasus = require('..')
const { startEmulator } = require('../testing/emulator.js')

let emu
test.before(async () => {
  emu = await startEmulator()
})
test.after(() => emu.stop())

test('create, list, get, update and delete a tenant', async () => {
  const client = new saasus.Client(emu.options())
  const tenants = client.auth.tenant
  assert.deepEqual(await tenants.getTenants(), { tenants: [] })

  const created = await tenants.createTenant({ name: 'Acme', attributes: { plan: 'gold', seats: 5, active: true }, back_office_staff_email: 'ops@acme.example' })
  assert.equal(created.name, 'Acme')
  assert.equal(created.back_office_staff_email, 'ops@acme.example')
  assert.deepEqual(created.attributes, { plan: 'gold', seats: 5, active: true })
  assert.deepEqual(created.plan_histories, [])
  assert.equal(created.plan_id, undefined, 'absent optional fields are absent, not null')

  assert.deepEqual((await tenants.getTenants()).tenants, [created])
  const detail = await tenants.getTenant(created.id)
  assert.equal(detail.id, created.id)

  assert.equal(await tenants.updateTenant(created.id, { name: 'Acme 2', attributes: {}, back_office_staff_email: 'new@acme.example' }), undefined)
  assert.equal((await tenants.getTenant(created.id)).name, 'Acme 2')

  assert.equal(await tenants.deleteTenant(created.id), undefined)
  await assert.rejects(tenants.getTenant(created.id), saasus.NotFoundError)
})

test('a wrong secret is an UnauthorizedError that never shows the secret', async () => {
  const client = new saasus.Client(emu.options({ secretKey: 'wrong-secret-value-1234' }))
  const err = await client.auth.tenant.getTenants().then(() => assert.fail('should reject'), (e) => e)
  assert.ok(err instanceof saasus.UnauthorizedError)
  assert.ok(err instanceof saasus.SaasusApiError)
  assert.ok(err instanceof saasus.SaasusError)
  assert.ok(err instanceof Error)
  assert.equal(err.status, 401)
  assert.equal(err.type, 'invalid_signature')
  assert.equal(err.code, 'SAASUS_UNAUTHORIZED')
  assert.ok(err.traceId)
  for (const text of [err.message, err.stack, JSON.stringify(err), util.inspect(err), util.inspect(client), JSON.stringify(client)]) {
    assert.ok(!text.includes('wrong-secret-value-1234'), text)
    assert.ok(!text.includes(emu.secretKey), text)
  }
})

test('a missing tenant is a NotFoundError with the trace id', async () => {
  const client = new saasus.Client(emu.options())
  const err = await client.auth.tenant.getTenant('no-such-tenant').catch((e) => e)
  assert.ok(err instanceof saasus.NotFoundError)
  assert.equal(err.status, 404)
  assert.equal(err.type, 'not_found')
  assert.match(err.detail, /no-such-tenant/)
  assert.ok(err.traceId)
  const traced = client.withContext({ traceId: 'trace-node-1' })
  const again = await traced.auth.tenant.deleteTenant('no-such-tenant').catch((e) => e)
  assert.equal(again.traceId, 'trace-node-1')
})

test('bad input is refused before anything is sent, naming the field', async () => {
  const client = new saasus.Client(emu.options())
  const missing = await client.auth.tenant.createTenant({ attributes: {}, back_office_staff_email: 'a@example.com' }).catch((e) => e)
  assert.ok(missing instanceof saasus.InvalidArgumentError)
  assert.equal(missing.type, 'name')
  const wrongType = await client.auth.tenant.createTenant({ name: 1, attributes: {}, back_office_staff_email: 'a@example.com' }).catch((e) => e)
  assert.equal(wrongType.type, 'name')
  const arity = await client.auth.tenant.getTenant().catch((e) => e)
  assert.ok(arity instanceof saasus.InvalidArgumentError)
  const encoded = await client.auth.tenant.getTenant('a/b?c').catch((e) => e)
  assert.ok(encoded instanceof saasus.NotFoundError, 'a path parameter stays one path segment')
  assert.throws(() => new saasus.Client({ apiKey: 'k', secretKey: 's', saasId: 'id', baseUrl: 'ftp://x' }), (e) => e instanceof saasus.ConfigError && e.type === 'base_url')
})

test('many promises in flight, and the event loop keeps turning', async () => {
  const client = new saasus.Client(emu.options())
  const created = await client.auth.tenant.createTenant({ name: 'Many', attributes: {}, back_office_staff_email: 'a@example.com' })
  let ticks = 0
  const timer = setInterval(() => ticks++, 0)
  try {
    const results = await Promise.all(Array.from({ length: 100 }, () => client.auth.tenant.getTenant(created.id)))
    assert.equal(results.length, 100)
    assert.ok(results.every((t) => t.id === created.id))
  } finally {
    clearInterval(timer)
  }
  assert.ok(ticks > 0, 'timers ran while the calls were in flight')
})

test('the package version is the workspace version', () => {
  const cargo = fs.readFileSync(path.join(__dirname, '..', '..', 'Cargo.toml'), 'utf8')
  const workspace = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/.exec(cargo)[1]
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'))
  assert.equal(pkg.version, workspace)
  assert.equal(saasus.VERSION, workspace)
})

test('ES module entry gives the same classes', async () => {
  const esm = await import('saasus')
  assert.equal(esm.Client, saasus.Client)
  assert.equal(esm.NotFoundError, saasus.NotFoundError)
})
