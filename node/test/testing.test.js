'use strict'
// saasus/testing: the emulator served by the package's own addon, as a user's tests get it
// (required by the package's name, through its exports).
const test = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const { startEmulator } = require('saasus/testing')
const { Client, ServerError, TransportError, ConfigError, OutcomeUnknownError, InvalidArgumentError } = require('saasus')

test('a client for a fresh emulator, each its own', async () => {
  const first = await startEmulator()
  const second = await startEmulator()
  try {
    assert.match(first.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    assert.notEqual(first.baseUrl, second.baseUrl)
    const client = first.client()
    const created = await client.auth.tenant.createTenant({ name: 'Acme', attributes: { seats: 5 }, back_office_staff_email: 'ops@acme.example' })
    assert.deepEqual((await client.auth.tenant.getTenant(created.id)).attributes, { seats: 5 })
    assert.deepEqual((await second.client().auth.tenant.getTenants()).tenants, [])
    assert.deepEqual(first.env.SAASUS_BASE_URL, first.baseUrl)
  } finally {
    await first.stop()
    await second.stop()
  }
})

test('faults, sign-in and what it shows', async () => {
  const emu = await startEmulator({ apiKey: 'key-1', secretKey: 'secret-value-1', saasId: 'saas-1', tokenTtl: 60 })
  try {
    assert.deepEqual([emu.apiKey, emu.secretKey, emu.saasId], ['key-1', 'secret-value-1', 'saas-1'])
    assert.ok(!util.inspect(emu).includes('secret-value-1'))
    assert.equal(typeof (await emu.fault({ path: '/v1/auth/tenants', method: 'GET', status: 503 })), 'number')
    await assert.rejects(emu.client({ maxRetries: 0 }).auth.tenant.getTenants(), (e) => e instanceof ServerError && e.status === 503)
    await assert.rejects(emu.fault({ path: 'no-slash', status: 503 }), (e) => e instanceof InvalidArgumentError && e.type === 'path' && /must start with \//.test(e.message))
    await assert.rejects(emu.fault({ path: '/v1/auth/envs', status: 'x' }), (e) => e instanceof InvalidArgumentError && e.type === 'status')
    // Applied, then answered 502: the role exists once, and the caller is told the outcome is unknown.
    await emu.fault({ path: '/v1/auth/roles', method: 'POST', status: 502, after_applying: true })
    await assert.rejects(emu.client().auth.role.createRole({ role_name: 'admin', display_name: 'Admin' }), OutcomeUnknownError)
    assert.deepEqual((await emu.client().auth.role.getRoles()).roles.map((r) => r.role_name), ['admin'])

    const client = emu.client()
    await client.auth.authInfo.updateAuthInfo({ callback_url: 'http://localhost:3000/callback' })
    await client.auth.saasUser.createSaasUser({ email: 'alice@example.com', password: 'Passw0rd-Emulator' })
    const credentials = await client.exchangeTempCode(await emu.signInCode('alice@example.com', 'Passw0rd-Emulator'))
    assert.equal((await client.authenticate(credentials.id_token)).email, 'alice@example.com')
    await assert.rejects(emu.signInCode('alice@example.com', 'wrong'), (e) => e instanceof InvalidArgumentError && /incorrect username or password/.test(e.message))

    // The request log and the armed faults, read and cleared in-process.
    await emu.fault({ path: '/v1/auth/envs', status: 503, count: 2, body: { why: 'x' } })
    assert.deepEqual((await emu.faults()).map((f) => [f.path, f.count, f.body]), [['/v1/auth/envs', 2, { why: 'x' }]])
    await emu.clearFaults()
    assert.deepEqual(await emu.faults(), [])
    await emu.clearRequests()
    await client.withOptions({ traceId: 't-log' }).auth.env.getEnvs()
    const [seen, ...rest] = await emu.requests()
    assert.deepEqual([seen.method, seen.path, seen.status, seen.trace_id, rest.length], ['GET', '/v1/auth/envs', 200, 't-log', 0])
    assert.match(seen.user_agent ?? '', /^saasus-node\//)
  } finally {
    await emu.stop()
    await emu.stop()
  }
  await assert.rejects(new Client(emu.options({ maxRetries: 0 })).auth.tenant.getTenants(), TransportError)
  await assert.rejects(startEmulator({ tokenTtl: 0 }), (e) => e instanceof ConfigError && /tokenTtl/.test(e.message))
})

test('with a data file, the state outlives a restart', async () => {
  const fs = require('node:fs')
  const os = require('node:os')
  const path = require('node:path')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saasus-node-data-'))
  const data = path.join(dir, 'emulator.db')
  const keys = { apiKey: 'key-1', secretKey: 'secret-value-1', saasId: 'saas-1' }
  try {
    const first = await startEmulator({ ...keys, data })
    let id
    try {
      id = (await first.client().auth.tenant.createTenant({ name: 'Kept', attributes: { seats: 2 }, back_office_staff_email: 'ops@kept.example' })).id
    } finally {
      await first.stop()
    }
    assert.ok(fs.statSync(data).size > 0, 'the file was written')
    const second = await startEmulator({ ...keys, data })
    try {
      const tenants = (await second.client().auth.tenant.getTenants()).tenants
      assert.deepEqual(tenants.map((t) => [t.id, t.name, t.attributes]), [[id, 'Kept', { seats: 2 }]])
    } finally {
      await second.stop()
    }
    // In memory (no data file), a restart starts empty.
    const fresh = await startEmulator(keys)
    try {
      assert.deepEqual((await fresh.client().auth.tenant.getTenants()).tenants, [])
    } finally {
      await fresh.stop()
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('cleared faults no longer answer', async () => {
  const emu = await startEmulator()
  try {
    const client = emu.client({ maxRetries: 0 })
    await emu.fault({ path: '/v1/auth/envs', status: 503, count: 5 })
    await emu.fault({ path: '/v1/auth/tenants', stall_ms: 60_000 })
    await assert.rejects(client.auth.env.getEnvs(), (e) => e instanceof ServerError && e.status === 503)
    assert.deepEqual((await emu.faults()).map((f) => [f.path, f.count]), [['/v1/auth/envs', 4], ['/v1/auth/tenants', 1]])
    await emu.clearFaults()
    assert.equal((await client.auth.env.getEnvs()).envs.length, 3)
    assert.deepEqual(await client.auth.tenant.getTenants(), { tenants: [] })
    assert.deepEqual((await emu.requests()).map((r) => [r.path, r.status]), [['/v1/auth/envs', 503], ['/v1/auth/envs', 200], ['/v1/auth/tenants', 200]])
  } finally {
    await emu.stop()
  }
})
