'use strict'
// Retries, timeouts and a 400 from Node, against faults the emulator injects.
const test = require('node:test')
const assert = require('node:assert/strict')
const saasus = require('..')
const { startEmulator } = require('../testing')

async function arm(emu, fault) {
  assert.ok((await emu.fault(fault)) > 0)
}

test('GET is retried on 503, POST is not', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    await arm(emu, { method: 'GET', path: '/v1/auth/tenants', status: 503, count: 2 })
    assert.deepEqual(await client.auth.tenant.getTenants(), { tenants: [] })
    await arm(emu, { method: 'POST', path: '/v1/auth/roles', status: 503, count: 1 })
    const err = await client.auth.role.createRole({ role_name: 'admin', display_name: 'Admin' }).catch((e) => e)
    assert.ok(err instanceof saasus.OutcomeUnknownError && err.status === 503, String(err))
    assert.equal(err.code, 'SAASUS_OUTCOME_UNKNOWN')
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

async function sent(emu) {
  return emu.requests()
}

test('appInfo is named in the User-Agent; maxRetryDelayMs caps a long Retry-After', async () => {
  const emu = await startEmulator()
  try {
    const appInfo = { name: 'acme-billing', version: '2.3.1', url: 'https://acme.example' }
    // The retry record says how long the client waits before the retry: the cap, not the
    // Retry-After (2 s, so a client ignoring the cap only makes this test slower, and red).
    const retries = []
    const logger = { debug() {}, info: (fields) => retries.push(fields), warn() {} }
    const client = new saasus.Client(emu.options({ appInfo, maxRetryDelayMs: 50, logger }))
    await arm(emu, { method: 'GET', path: '/v1/auth/envs', status: 503, retry_after: 2, count: 1 })
    assert.equal((await client.auth.env.getEnvs()).envs.length, 3)
    assert.deepEqual(retries.map((f) => [f.attempt, f.retry_after, f.backoff_ms]), [[1, true, 50]])
    assert.deepEqual((await sent(emu)).filter((r) => r.path === '/v1/auth/envs').map((r) => r.status), [503, 200])
    const agents = new Set((await sent(emu)).map((r) => r.user_agent))
    assert.ok(agents.has(`saasus-node/${saasus.VERSION} acme-billing/2.3.1 (https://acme.example)`), [...agents].join(', '))
    for (const [bad, field] of [
      [{ appInfo: { version: '1' } }, 'appInfo.name'],
      [{ appInfo: { name: 'acme billing' } }, 'appInfo.name'],
      [{ appInfo: { name: 'acme', nmae: 'x' } }, 'appInfo.nmae'],
      [{ appInfo: { name: 3 } }, 'appInfo.name'],
      [{ appInfo: 'acme' }, 'appInfo'],
      [{ maxRetryDelayMs: 0 }, 'maxRetryDelayMs'],
      // An unknown key in snake case is named as given, not as the option it resembles.
      [{ api_key: 'k' }, 'api_key'],
    ]) {
      assert.throws(() => new saasus.Client(emu.options(bad)), (e) => e instanceof saasus.ConfigError && e.type === field, field)
    }
  } finally {
    await emu.stop()
  }
})

test('withOptions sets timeout, retries and trace id; withResponse gives status, headers, attempts', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    await arm(emu, { method: 'GET', path: '/v1/auth/envs', status: 503, count: 1 })
    await assert.rejects(client.withOptions({ maxRetries: 0 }).auth.env.getEnvs(), saasus.ServerError)
    await arm(emu, { path: '/v1/auth/tenants', stall_ms: 3000 })
    await assert.rejects(client.withOptions({ timeoutMs: 200, maxRetries: 0 }).auth.tenant.getTenants(), saasus.TimeoutError)

    await arm(emu, { method: 'GET', path: '/v1/auth/envs', status: 503, count: 1 })
    const r = await client.withOptions({ traceId: 'trace-r' }).withResponse.auth.env.getEnvs()
    assert.deepEqual([r.value.envs.length, r.status, r.traceId, r.attempts], [3, 200, 'trace-r', 2])
    assert.match(r.headers['content-type'], /^application\/json/)
    assert.equal(r.headers['x-saasus-trace-id'], 'trace-r')
    const tenant = await client.auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' })
    const deleted = await client.withResponse.auth.tenant.deleteTenant(tenant.id)
    assert.deepEqual([deleted.value, deleted.status, deleted.attempts], [undefined, 200, 1])
    await assert.rejects(client.withResponse.auth.tenant.getTenant('no-such-tenant'), saasus.NotFoundError)
    assert.equal((await client.withResponse.pricing.pricingPlans.getPricingPlans()).status, 200)

    for (const [bad, field] of [[{ timeoutMs: 0 }, 'timeoutMs'], [{ maxRetries: 11 }, 'maxRetries'], [{ maxRetries: 1.5 }, 'maxRetries'],
      [{ traceId: 'a\nb' }, 'traceId'], [{ timeoutMs: '1' }, 'timeoutMs'], [{ signal: 'x' }, 'signal'], [{ retries: 1 }, 'retries']]) {
      assert.throws(() => client.withOptions(bad), (e) => e instanceof saasus.InvalidArgumentError && e.type === field, field)
    }
  } finally {
    await emu.stop()
  }
})

test('an AbortSignal rejects the call with its reason and ends the request', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    await arm(emu, { path: '/v1/auth/tenants', stall_ms: 5000 })
    const controller = new AbortController()
    const call = client.withOptions({ signal: controller.signal }).auth.tenant.getTenants()
    setTimeout(() => controller.abort(), 50)
    await assert.rejects(call, (e) => e.name === 'AbortError')
    // Rejected at the abort, not at the answer: the emulator, stalling, has answered nothing yet
    // (its log holds a request once answered).
    assert.deepEqual((await sent(emu)).filter((r) => r.path === '/v1/auth/tenants'), [], 'rejected before the emulator answered')
    // An aborted signal refuses a new call at once; a timeout signal works as fetch's does.
    await assert.rejects(client.withOptions({ signal: controller.signal }).auth.env.getEnvs(), (e) => e.name === 'AbortError')
    await arm(emu, { path: '/v1/auth/tenants', stall_ms: 5000 })
    await assert.rejects(client.withOptions({ signal: AbortSignal.timeout(50) }).auth.tenant.getTenants(), (e) => e.name === 'TimeoutError')
    // The client without the signal still works, and the process is not held by cancelled calls.
    assert.equal((await client.auth.env.getEnvs()).envs.length, 3)
  } finally {
    await emu.stop()
  }
})

test("a logger gets each attempt, retry and give-up of its client's calls, and no secret", async () => {
  const emu = await startEmulator()
  try {
    const records = []
    const logger = Object.fromEntries(['debug', 'info', 'warn'].map((level) => [level, (fields, message) => records.push({ level, fields, message })]))
    const client = new saasus.Client(emu.options({ logger, maxRetries: 1 }))
    await arm(emu, { method: 'GET', path: '/v1/auth/envs', status: 503, count: 2 })
    await assert.rejects(client.withOptions({ traceId: 'trace-log' }).auth.env.getEnvs(), saasus.ServerError)
    assert.deepEqual(records.map((r) => r.level), ['debug', 'info', 'debug', 'warn'])
    const [first, retry] = records
    assert.deepEqual([first.fields.api, first.fields.method, first.fields.path, first.fields.status, first.fields.attempt], ['auth', 'GET', '/envs', 503, 1])
    assert.match(first.message, /^GET auth \/envs -> 503 in [\d.]+ ms$/)
    assert.equal(typeof retry.fields.backoff_ms, 'number')
    assert.ok(!JSON.stringify(records).includes(emu.secretKey))

    // A client without a logger logs nothing; pino's isLevelEnabled keeps debug records from being made.
    await new saasus.Client(emu.options()).auth.env.getEnvs()
    assert.equal(records.length, 4)
    const infoOnly = { ...logger, isLevelEnabled: (level) => level !== 'debug' }
    await arm(emu, { method: 'GET', path: '/v1/auth/envs', status: 503, count: 1 })
    assert.equal((await new saasus.Client(emu.options({ logger: infoOnly })).auth.env.getEnvs()).envs.length, 3)
    assert.deepEqual(records.slice(4).map((r) => r.level), ['info'])
    // A logger that throws is not the call's failure.
    const throwing = { debug: () => { throw new Error('x') }, info() {}, warn() {} }
    assert.equal((await new saasus.Client(emu.options({ logger: throwing })).auth.env.getEnvs()).envs.length, 3)
    assert.throws(() => new saasus.Client(emu.options({ logger: {} })), (e) => e instanceof saasus.ConfigError && e.type === 'logger')
  } finally {
    await emu.stop()
  }
})

// Retry safety by meaning: a metering add applied and then answered 502 or 504 is counted once
// and rejects with OutcomeUnknownError saying what was sent; a direct count and reads are sent again.
const AT = 1709168400 // 2024-02-29T01:00:00Z
const METERING = '/v1/pricing/metering/tenants/*'

async function metering(emu) {
  const client = new saasus.Client(emu.options())
  await client.pricing.metering.createMeteringUnit({ unit_name: 'api_calls', display_name: 'API calls', description: '' })
  const tenant = (await client.auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@example.com' })).id
  const counted = async () =>
    (await client.pricing.metering.getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(tenant, 'api_calls', '2024-02-29')).count
  return { client, tenant, counted }
}

for (const status of [502, 504]) {
  test(`an add applied and then answered ${status} is counted once and its outcome unknown`, async () => {
    const emu = await startEmulator()
    try {
      const { client, tenant, counted } = await metering(emu)
      await arm(emu, { method: 'PUT', path: METERING, status, after_applying: true })
      const err = await client.pricing.metering
        .updateMeteringUnitTimestampCount(tenant, 'api_calls', AT, { method: 'add', count: 5 })
        .catch((e) => e)
      assert.equal(await counted(), 5, 'applied once, not sent again')
      assert.ok(err instanceof saasus.OutcomeUnknownError, String(err))
      assert.ok(!(err instanceof saasus.SaasusApiError), 'no answer said whether it was applied')
      assert.equal(err.code, 'SAASUS_OUTCOME_UNKNOWN')
      assert.deepEqual([err.status, err.type], [status, 'injected_fault'])
      assert.deepEqual(err.data.sent, {
        operation: 'UpdateMeteringUnitTimestampCount',
        method: 'PUT',
        path: `/pricing/metering/tenants/${tenant}/units/api_calls/timestamp/${AT}`,
        body: { method: 'add', count: 5 },
      })
      assert.equal(err.data.cause.status, status)
    } finally {
      await emu.stop()
    }
  })
}

test('a direct count and reads are still sent again; an add refused by a 429 too', async () => {
  const emu = await startEmulator()
  try {
    const { client, tenant, counted } = await metering(emu)
    await arm(emu, { method: 'PUT', path: METERING, status: 502, after_applying: true, count: 2 })
    const direct = await client.pricing.metering.updateMeteringUnitTimestampCount(tenant, 'api_calls', AT, { method: 'direct', count: 20 })
    assert.equal(direct.count, 20)
    await arm(emu, { method: 'GET', path: METERING, status: 504, count: 2 })
    assert.equal(await counted(), 20)
    await arm(emu, { method: 'PUT', path: METERING, status: 429, count: 1 })
    const added = await client.pricing.metering.updateMeteringUnitTimestampCount(tenant, 'api_calls', AT, { method: 'add', count: 1 })
    assert.equal(added.count, 21, 'a 429 refused it: sent again')
  } finally {
    await emu.stop()
  }
})
