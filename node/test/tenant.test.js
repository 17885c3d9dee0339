'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const fs = require('node:fs')
const path = require('node:path')
const saasus = require('..')
const { startEmulator } = require('../testing')

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
  const before = (await client.auth.tenant.getTenants()).tenants.length
  const empty = await client.auth.tenant.createTenant({}).catch((e) => e)
  assert.ok(empty instanceof saasus.InvalidArgumentError)
  assert.equal(empty.code, 'SAASUS_INVALID_ARGUMENT')
  assert.equal(empty.type, 'name')
  assert.match(empty.message, /name: is required/)
  assert.equal((await client.auth.tenant.getTenants()).tenants.length, before, 'nothing was created')
  const fn = await client.auth.tenant.createTenant({ name: () => 'x', attributes: {}, back_office_staff_email: 'a@example.com' }).catch((e) => e)
  assert.ok(fn instanceof saasus.InvalidArgumentError && fn.type === 'name', String(fn))
  const missing = await client.auth.tenant.createTenant({ attributes: {}, back_office_staff_email: 'a@example.com' }).catch((e) => e)
  assert.ok(missing instanceof saasus.InvalidArgumentError)
  assert.equal(missing.type, 'name')
  const wrongType = await client.auth.tenant.createTenant({ name: 1, attributes: {}, back_office_staff_email: 'a@example.com' }).catch((e) => e)
  assert.equal(wrongType.type, 'name')
  const arity = await client.auth.tenant.getTenant().catch((e) => e)
  assert.ok(arity instanceof saasus.InvalidArgumentError)
  const encoded = await client.auth.tenant.getTenant('a/b?c').catch((e) => e)
  assert.ok(encoded instanceof saasus.NotFoundError, 'a path parameter stays one path segment')
  const context = (fn) => { try { fn(); return assert.fail('should throw') } catch (e) { return e } }
  const notNumber = context(() => client.withContext({ traceId: 5 }))
  assert.ok(notNumber instanceof saasus.InvalidArgumentError && notNumber.type === 'traceId', String(notNumber))
  const header = context(() => client.withContext({ referer: 'a\nb' }))
  assert.ok(header instanceof saasus.InvalidArgumentError && header.type === 'referer', String(header))
})

test('bad options are a ConfigError naming the option', () => {
  const given = { apiKey: 'k', secretKey: 's', saasId: 'id', baseUrl: 'http://127.0.0.1:1/v1' }
  const configError = (options) => {
    try {
      new saasus.Client(options)
    } catch (e) {
      assert.ok(e instanceof saasus.ConfigError, String(e))
      assert.ok(e instanceof saasus.SaasusError)
      assert.equal(e.code, 'SAASUS_CONFIG')
      return e.type
    }
    return assert.fail('should throw')
  }
  assert.equal(configError({ ...given, baseUrl: 'ftp://x' }), 'baseUrl')
  assert.equal(configError({ ...given, timeoutMs: 'soon' }), 'timeoutMs')
  assert.equal(configError({ ...given, maxRetries: -1 }), 'maxRetries')
  assert.equal(configError({ ...given, apikey: 'typo' }), 'apikey')
  assert.equal(configError('not an object'), 'options')
  const saved = { ...process.env }
  try {
    for (const k of Object.keys(process.env)) if (k.startsWith('SAASUS_')) delete process.env[k]
    assert.equal(configError({ apiKey: 'k', saasId: 'id' }), 'SAASUS_SECRET_KEY')
    process.env.SAASUS_SECRET_KEY = 'from-the-environment'
    assert.equal(new saasus.Client({ apiKey: 'k', saasId: 'id' }).baseUrl, 'https://api.saasus.io/v1')
  } finally {
    for (const k of Object.keys(process.env)) if (k.startsWith('SAASUS_')) delete process.env[k]
    Object.assign(process.env, saved)
  }
})

test('client.auth has a namespace per tag and a method per operation of the table', () => {
  const client = new saasus.Client(emu.options())
  const ops = require('../native.js').operations().filter((o) => o.api === 'auth')
  assert.ok(ops.length >= 5)
  assert.deepEqual(Object.keys(client.auth).sort(), [...new Set(ops.map((o) => o.tag))].sort())
  for (const op of ops) {
    assert.match(op.method, /^[a-z][A-Za-z0-9]*$/)
    assert.equal(typeof client.auth[op.tag][op.method], 'function', `${op.tag}.${op.method}`)
  }
  assert.deepEqual(ops.find((o) => o.method === 'updateTenant'), { api: 'auth', tag: 'tenant', name: 'update_tenant', method: 'updateTenant', httpMethod: 'PATCH', path: '/tenants/{tenant_id}', pathParams: ['tenant_id'], pathTypes: ['str'], inputKind: 'body', paged: false })
  assert.deepEqual(ops.find((o) => o.method === 'getEnv').pathTypes, ['uint'])
  assert.deepEqual(ops.filter((o) => o.paged).map((o) => o.method), ['searchSaasUsers', 'searchTenantUsers'])
  assert.equal(typeof client.auth.saasUser.searchSaasUsersIter, 'function')
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

test('what the native layer settles or throws unexpectedly is still a SaasusError', () => {
  const errors = require('../errors.js')
  const panicked = errors.fromNative({ kind: 'internal', message: 'internal error: the SDK call panicked; please report it' })
  assert.ok(panicked instanceof saasus.SaasusError && !(panicked instanceof saasus.SaasusApiError))
  assert.equal(panicked.code, 'SAASUS_INTERNAL')
  const thrown = errors.fromThrown(Object.assign(new Error('panic in has_role'), { code: 'GenericFailure' }))
  assert.equal(thrown.code, 'SAASUS_INTERNAL')
  const conversion = errors.fromThrown(Object.assign(new Error('cannot convert'), { code: 'StringExpected' }), saasus.ConfigError, 'apiKey')
  assert.ok(conversion instanceof saasus.ConfigError && conversion.type === 'apiKey')
})

test('the package version is the workspace version', () => {
  const cargo = fs.readFileSync(path.join(__dirname, '..', '..', 'Cargo.toml'), 'utf8')
  const workspace = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/.exec(cargo)[1]
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'))
  assert.equal(pkg.version, workspace)
  const lock = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package-lock.json'), 'utf8'))
  assert.equal(lock.version, workspace)
  assert.equal(lock.packages[''].version, workspace)
  assert.equal(saasus.VERSION, workspace)
})

test('ES module entry gives the same classes', async () => {
  const esm = await import('saasus')
  assert.equal(esm.Client, saasus.Client)
  assert.equal(esm.NotFoundError, saasus.NotFoundError)
})

// Answers come through one weak channel held only while calls are in flight
// (bindings/node/src/completions.rs): a process waits for a call it did not await, and exits
// by itself once nothing is in flight.
test('a process waits for its calls in flight and exits when none are left', async () => {
  const { execFile } = require('node:child_process')
  const script = `
    const saasus = require(${JSON.stringify(path.join(__dirname, '..'))})
    const client = new saasus.Client(JSON.parse(process.argv[1]))
    client.auth.tenant.getTenants().then((r) => console.log('answered', r.tenants.length))
    client.auth.tenant.getTenant('missing').catch((e) => console.log('refused', e.status))
  `
  const started = Date.now()
  const out = await new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, JSON.stringify(emu.options())], { timeout: 20000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)))
  })
  const lines = out.trim().split('\n').sort()
  assert.equal(lines.length, 2, out)
  assert.match(lines[0], /^answered \d+$/)
  assert.equal(lines[1], 'refused 404')
  assert.ok(Date.now() - started < 20000, 'the process exited by itself')
})

test('many calls in flight on one client, answers matched to their calls', async () => {
  const client = new saasus.Client(emu.options())
  const tenants = client.auth.tenant
  const made = await Promise.all(Array.from({ length: 8 }, (_, i) => tenants.createTenant({ name: `T${i}`, attributes: {}, back_office_staff_email: `t${i}@example.com` })))
  const ids = Array.from({ length: 200 }, (_, i) => (i % 10 === 9 ? `missing-${i}` : made[i % 8].id))
  const settled = await Promise.allSettled(ids.map((id) => tenants.getTenant(id)))
  settled.forEach((s, i) => {
    if (ids[i].startsWith('missing')) {
      assert.equal(s.status, 'rejected')
      assert.ok(s.reason.message.includes(ids[i]), s.reason.message)
    } else {
      assert.equal(s.value.id, ids[i])
    }
  })
})
