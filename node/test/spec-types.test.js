'use strict'
// Parameters and fields typed as the specs type them, against the emulator: metering's timestamp
// is a number (a string is refused, naming it), and what the spec says is unsigned is refused
// when negative before anything is sent, named by its path.
const test = require('node:test')
const assert = require('node:assert/strict')
const saasus = require('..')
const { startEmulator } = require('../testing')

async function refusal(promise) {
  try {
    await promise
  } catch (e) {
    return e
  }
  assert.fail('expected a refusal')
}

test('typed as the specs type them', async (t) => {
  const emu = await startEmulator()
  t.after(() => emu.stop())
  const client = emu.client()
  const metering = client.pricing.metering
  await metering.createMeteringUnit({ unit_name: 'api_calls', aggregate_usage: 'sum', display_name: 'API calls', description: '' })
  const tenant = await client.auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' })

  await t.test('the timestamp is a number, never a string', async () => {
    const r = await metering.updateMeteringUnitTimestampCount(tenant.id, 'api_calls', 1709168400, { method: 'add', count: 2 })
    assert.equal(r.timestamp, 1709168400)
    const e = await refusal(metering.updateMeteringUnitTimestampCount(tenant.id, 'api_calls', '1709168400', { method: 'add', count: 2 }))
    assert.ok(e instanceof saasus.InvalidArgumentError, e.message)
    assert.equal(e.type, 'timestamp')
  })

  await t.test('a negative unsigned field is refused by its path', async () => {
    const tiers = [{ up_to: 100, unit_amount: 10, flat_amount: 0, inf: false }, { up_to: -1, unit_amount: 5, flat_amount: 0, inf: true }]
    const e = await refusal(client.pricing.pricingUnits.createPricingUnit({
      type: 'tiered', name: 'neg', display_name: 'Neg', description: '', currency: 'JPY', upper_count: 0, metering_unit_name: 'api_calls', tiers,
    }))
    assert.ok(e instanceof saasus.InvalidArgumentError, e.message)
    assert.equal(e.type, 'tiers[1].up_to')
    assert.match(e.message, /must be 0 or more/)
    const units = await client.pricing.pricingUnits.getPricingUnits()
    assert.equal(units.units.length, 0, 'nothing was created')
  })
})
