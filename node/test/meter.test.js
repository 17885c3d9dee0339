'use strict'
// client.meter() against the emulator: exact totals from 8 tasks after close(), a sum applied
// then answered 502/504 counted once and reported unknown, the bound, a child process that ends
// normally sending what it held (beforeExit), and errors that name the field.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const saasus = require('..')
const { startEmulator } = require('../testing')

const PATH = '/v1/pricing/metering/tenants/*'

async function arm(emu, fault) {
  assert.ok((await emu.fault(fault)) > 0)
}

async function setup(client, ...units) {
  for (const unit of units.length ? units : ['api_calls']) {
    await client.pricing.metering.createMeteringUnit({ unit_name: unit, display_name: unit, description: '', aggregate_usage: 'sum' })
  }
  return (await client.auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' })).id
}

/** A tenant's count of a unit on the days the meter wrote for (its requests' timestamps, from the
 * emulator's request log), not "today": a test running over UTC midnight counts the same. */
async function counted(emu, client, tenant, unit = 'api_calls') {
  const prefix = `/v1/pricing/metering/tenants/${tenant}/units/${unit}/timestamp/`
  const days = new Set(
    (await emu.requests())
      .filter((r) => r.method === 'PUT' && r.path.startsWith(prefix))
      .map((r) => new Date(Number(r.path.slice(prefix.length)) * 1000).toISOString().slice(0, 10)),
  )
  let total = 0
  for (const day of days) total += (await client.pricing.metering.getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(tenant, unit, day)).count
  return total
}

async function withEmulator(fn) {
  const emu = await startEmulator()
  try {
    await fn(emu, new saasus.Client(emu.options()))
  } finally {
    await emu.stop()
  }
}

test('100,000 adds from 8 tasks are counted exactly after close()', () =>
  withEmulator(async (emu, client) => {
    const tenant = await setup(client, 'api_calls', 'storage')
    const meter = client.meter({ flushIntervalMs: 100 })
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let n = 0; n < 12_500; n++) {
          meter.add(tenant, n % 5 === 0 ? 'storage' : 'api_calls')
          if (n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve))
        }
      }),
    )
    const report = await meter.close()
    assert.deepEqual(report.failures, [])
    const { added, sent, pending, failed, unknown, dropped, requests } = report.stats
    assert.deepEqual({ added, sent, pending, failed, unknown, dropped }, { added: 100_000, sent: 100_000, pending: 0, failed: 0, unknown: 0, dropped: 0 })
    assert.ok(requests < 1000, `${requests} requests for 100,000 counts`)
    assert.equal(await counted(emu, client, tenant), 80_000)
    assert.equal(await counted(emu, client, tenant, 'storage'), 20_000)
    assert.throws(() => meter.add(tenant, 'api_calls'), (e) => e instanceof saasus.InvalidArgumentError && /closed/.test(e.message))
  }))

for (const status of [502, 504]) {
  test(`a sum applied then answered ${status} is counted once and reported unknown`, () =>
    withEmulator(async (emu, client) => {
      const tenant = await setup(client)
      const meter = client.meter()
      await arm(emu, { path: PATH, method: 'PUT', status, after_applying: true })
      meter.add(tenant, 'api_calls', 5)
      const report = await meter.flush()
      assert.equal(await counted(emu, client, tenant), 5, 'applied once, never sent again')
      assert.equal(report.failures.length, 1)
      const [f] = report.failures
      assert.deepEqual([f.outcome, f.count, f.method, f.tenantId, f.meteringUnitName], ['unknown', 5, 'add', tenant, 'api_calls'])
      assert.ok(f.error instanceof saasus.OutcomeUnknownError && f.error.status === status, String(f.error))
      assert.equal(f.timestamp % 60, 0)
      assert.deepEqual([report.stats.unknown, report.stats.sent, report.stats.requests], [5, 0, 1])
      await meter.close()
    }))
}

test('a refused sum is reported failed; the bound drops new sums and reports them', () =>
  withEmulator(async (emu, client) => {
    const tenant = await setup(client)
    const meter = client.meter({ maxPending: 1, flushAt: 1, flushIntervalMs: 3_600_000 })
    meter.add(tenant, 'no_such_unit', 2)
    const report = await meter.flush()
    assert.equal(report.failures.length, 1)
    assert.equal(report.failures[0].outcome, 'failed')
    assert.ok(report.failures[0].error instanceof saasus.SaasusApiError && report.failures[0].error.status < 500)
    for (let n = 0; n < 500; n++) meter.add(`tenant-${n}`, 'api_calls')
    const last = await meter.close()
    const s = last.stats
    assert.equal(s.added, 502)
    assert.equal(s.added, s.sent + s.pending + s.failed + s.unknown + s.dropped)
    assert.equal(s.pending, 0)
    const dropped = last.failures.filter((f) => f.outcome === 'dropped').reduce((sum, f) => sum + f.count, 0)
    assert.equal(dropped, s.dropped)
    assert.ok(s.dropped > 0, 'the task cannot keep up with a synchronous loop: some sums were dropped')
  }))

test('a child process that ends normally sends what it held', () =>
  withEmulator(async (emu, client) => {
    const tenant = await setup(client)
    const script = `
      const saasus = require(${JSON.stringify(path.resolve(__dirname, '..'))})
      const meter = new saasus.Client(${JSON.stringify(emu.options())}).meter({ flushIntervalMs: 3600000 })
      for (let i = 0; i < 1234; i++) meter.add(${JSON.stringify(tenant)}, 'api_calls')
      console.log(meter.stats.pending)
      // No close(): beforeExit closes it.
    `
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 })
    assert.equal(out.trim(), '1234')
    assert.equal(await counted(emu, client, tenant), 1234)
  }))

test('bad counts and settings name the field', () =>
  withEmulator(async (emu, client) => {
    const invalid = (fn, field) => assert.throws(fn, (e) => e instanceof saasus.InvalidArgumentError && e.message.includes(field), field)
    invalid(() => client.meter({ bucketMs: 7000 }), 'bucketMs')
    invalid(() => client.meter({ flushIntervalMs: 10 }), 'flushIntervalMs')
    invalid(() => client.meter({ concurrency: 0 }), 'concurrency')
    invalid(() => client.meter({ flushEvery: 1 }), 'flushEvery')
    const meter = client.meter()
    invalid(() => meter.add('', 'u'), 'tenant_id')
    invalid(() => meter.add('t', undefined), 'metering_unit_name')
    invalid(() => meter.add('t', 'u', -1), 'count')
    invalid(() => meter.add('t', 'u', 1.5), 'count')
    invalid(() => meter.add('t', 'u', '1'), 'count')
    assert.match(require('node:util').inspect(meter), /^Meter \{\s+added: 0,/)
    await meter.close()
    assert.equal((await meter.close()).stats.added, 0, 'closing again answers the report')
  }))
