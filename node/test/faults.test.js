'use strict'
// Retries, timeouts and a 400 from Node, against faults the emulator injects.
const test = require('node:test')
const assert = require('node:assert/strict')
const saasus = require('..')
const { startEmulator } = require('../testing/emulator.js')

async function arm(emu, fault) {
  const origin = emu.baseUrl.replace(/\/v1$/, '')
  const resp = await fetch(`${origin}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) })
  assert.equal(resp.status, 201)
}

test('GET is retried on 503, POST is not', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    await arm(emu, { method: 'GET', path: '/v1/auth/tenants', status: 503, count: 2 })
    assert.deepEqual(await client.auth.tenant.getTenants(), { tenants: [] })
    await arm(emu, { method: 'POST', path: '/v1/auth/roles', status: 503, count: 1 })
    const err = await client.auth.role.createRole({ role_name: 'admin', display_name: 'Admin' }).catch((e) => e)
    assert.ok(err instanceof saasus.ServerError && err.status === 503)
    assert.deepEqual((await client.auth.role.getRoles()).roles, [], 'the POST was not repeated')
    await arm(emu, { path: '/v1/auth/envs', status: 429, count: 3 })
    await assert.rejects(client.auth.env.getEnvs(), saasus.RateLimitError)
  } finally {
    await emu.stop()
  }
})

test('a stalled answer is a TimeoutError; a refused body a BadRequestError', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options({ timeoutMs: 300 }))
    await arm(emu, { path: '/v1/auth/tenants', stall_ms: 3000 })
    const err = await client.auth.tenant.getTenants().catch((e) => e)
    assert.ok(err instanceof saasus.TimeoutError, String(err))
    assert.equal(err.code, 'SAASUS_TIMEOUT')
    const bad = await client.auth.tenant.createTenant({ name: ' ', attributes: {}, back_office_staff_email: 'ops@example.com' }).catch((e) => e)
    assert.ok(bad instanceof saasus.BadRequestError)
    assert.equal(bad.status, 400)
  } finally {
    await emu.stop()
  }
})
