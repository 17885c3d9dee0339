'use strict'
// Flows across operations and APIs against the emulator, with the values asserted at each step:
// pricing from metering unit to a tenant's metered usage, a feedback's life in Communication,
// and ApiLog reading back the calls just made.
const test = require('node:test')
const assert = require('node:assert/strict')
const saasus = require('..')
const { startEmulator } = require('../testing')

let emu
test.before(async () => {
  emu = await startEmulator()
})
test.after(() => emu.stop())

// The UTC day (YYYY-MM-DD) of an epoch second: the day the platform files a count or a log under.
const utcDate = (epoch) => new Date(epoch * 1000).toISOString().slice(0, 10)
// 2024-02-29T00:00:00Z: counts at fixed moments, so their day and month are known here.
const LEAP_DAY = 1709164800
const TIERS = [
  { up_to: 100, unit_amount: 10, flat_amount: 0, inf: false },
  { up_to: 0, unit_amount: 5, flat_amount: 1000, inf: true },
]

test('pricing units of four kinds, a menu, a plan, a tenant on it and its metered usage', async () => {
  const client = new saasus.Client(emu.options())
  const { metering, pricingUnits, pricingMenus, pricingPlans } = client.pricing
  const meter = await metering.createMeteringUnit({ unit_name: 'node_calls', aggregate_usage: 'sum', display_name: 'Calls', description: '' })
  assert.equal(meter.used, false)

  const common = { display_name: 'Unit', description: '', currency: 'JPY' }
  const fixed = await pricingUnits.createPricingUnit({ ...common, type: 'fixed', name: 'node_base', unit_amount: 3000, recurring_interval: 'month' })
  const usage = await pricingUnits.createPricingUnit({
    ...common, type: 'usage', name: 'node_usage', unit_amount: 2, upper_count: 0, metering_unit_name: 'node_calls', aggregate_usage: 'sum',
  })
  const tiered = await pricingUnits.createPricingUnit({ ...common, type: 'tiered', name: 'node_tiered', upper_count: 0, metering_unit_name: 'node_calls', tiers: TIERS })
  const tieredUsage = await pricingUnits.createPricingUnit({
    ...common, type: 'tiered_usage', name: 'node_tiered_usage', upper_count: 1000, metering_unit_name: 'node_calls', tiers: TIERS,
  })
  assert.deepEqual([fixed, usage, tiered, tieredUsage].map((u) => u.type), ['fixed', 'usage', 'tiered', 'tiered_usage'])
  assert.equal(fixed.unit_amount, 3000)
  assert.deepEqual(tiered.tiers, TIERS)
  // The three metered kinds are measured by the metering unit created first, found by its name.
  for (const unit of [usage, tiered, tieredUsage]) assert.equal(unit.metering_unit_id, meter.id, unit.name)
  const unitIds = [fixed, usage, tiered, tieredUsage].map((u) => u.id)

  const menu = await pricingMenus.createPricingMenu({ name: 'node_menu', display_name: 'Menu', description: '', unit_ids: unitIds })
  assert.deepEqual(menu.units.map((u) => u.id), unitIds)
  assert.ok(menu.units.every((u) => u.used))
  const plan = await pricingPlans.createPricingPlan({ name: 'node_plan', display_name: 'Plan', description: '', menu_ids: [menu.id] })
  assert.deepEqual(plan.pricing_menus.map((m) => m.id), [menu.id])
  assert.equal(plan.used, false)

  // An Auth tenant on that plan: the tenant shows it, and the plan is now in use.
  const tenant = await client.auth.tenant.createTenant({ name: 'Metered', attributes: {}, back_office_staff_email: 'ops@example.com' })
  await client.auth.tenant.updateTenantPlan(tenant.id, { next_plan_id: plan.id })
  assert.equal((await client.auth.tenant.getTenant(tenant.id)).plan_id, plan.id)
  assert.equal((await pricingPlans.getPricingPlan(plan.id)).used, true)

  // Counts at fixed moments: each answer is the second's count after the method.
  const sent = new Map()
  for (const [ts, method, count, after] of [
    [LEAP_DAY + 3600, 'add', 10, 10],
    [LEAP_DAY + 3600, 'add', 5, 15],
    [LEAP_DAY + 3600, 'sub', 3, 12],
    [LEAP_DAY + 7200, 'direct', 20, 20],
    [LEAP_DAY + 7200, 'sub', 5, 15],
    [LEAP_DAY + 86400, 'add', 4, 4],
  ]) {
    const r = await metering.updateMeteringUnitTimestampCount(tenant.id, 'node_calls', ts, { method, count })
    assert.deepEqual(r, { metering_unit_name: 'node_calls', timestamp: ts, count: after })
    sent.set(ts, after)
  }
  // And now, by the emulator's clock: the answer says which second it counted.
  const first = await metering.updateMeteringUnitTimestampCountNow(tenant.id, 'node_calls', { method: 'add', count: 6 })
  assert.equal(first.count, 6)
  sent.set(first.timestamp, first.count)
  const second = await metering.updateMeteringUnitTimestampCountNow(tenant.id, 'node_calls', { method: 'add', count: 2 })
  assert.equal(second.count, second.timestamp === first.timestamp ? 8 : 2, 'a second already counted is added to')
  sent.set(second.timestamp, second.count)

  // The totals read back are the sums of what was sent, per UTC day and month.
  const total = (prefix) => [...sent].filter(([ts]) => utcDate(ts).startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0)
  assert.deepEqual([total('2024-02-29'), total('2024-02'), total('2024-03')], [27, 27, 4])
  for (const day of new Set(['2024-02-29', '2024-03-01', utcDate(first.timestamp), utcDate(second.timestamp)])) {
    const daily = await metering.getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(tenant.id, 'node_calls', day)
    assert.deepEqual(daily, { metering_unit_name: 'node_calls', date: day, count: total(day) })
    assert.deepEqual((await metering.getMeteringUnitDateCountsByTenantIdAndDate(tenant.id, day)).counts, [daily])
    const month = day.slice(0, 7)
    const monthly = await metering.getMeteringUnitMonthCountByTenantIdAndUnitNameAndMonth(tenant.id, 'node_calls', month)
    assert.deepEqual(monthly, { metering_unit_name: 'node_calls', month, count: total(month) })
    assert.deepEqual((await metering.getMeteringUnitMonthCountsByTenantIdAndMonth(tenant.id, month)).counts, [monthly])
  }
  // Today and this month are the emulator's: whichever day they name, their totals are that day's.
  const today = await metering.getMeteringUnitDateCountByTenantIdAndUnitNameToday(tenant.id, 'node_calls')
  assert.equal(today.count, total(today.date))
  const thisMonth = await metering.getMeteringUnitMonthCountByTenantIdAndUnitNameThisMonth(tenant.id, 'node_calls')
  assert.equal(thisMonth.count, total(thisMonth.month))
  const period = await metering.getMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriod(tenant.id, 'node_calls', {
    start_timestamp: LEAP_DAY,
    end_timestamp: LEAP_DAY + 86399,
  })
  assert.deepEqual(period, { metering_unit_name: 'node_calls', counts: [{ timestamp: LEAP_DAY + 3600, count: 12 }, { timestamp: LEAP_DAY + 7200, count: 15 }] })
})

test('a feedback with votes and comments changes status, is read back and deleted', async () => {
  const client = new saasus.Client(emu.options())
  const feedback = client.communication.feedback
  const created = await feedback.createFeedback({ user_id: 'author', feedback_title: 'Export to CSV', feedback_description: 'Monthly usage as CSV' })
  assert.deepEqual([created.status, created.count, created.users, created.comments], [0, 0, [], []])
  // Votes by three users; one withdraws; voting twice counts once.
  for (const [voter, count] of [['voter-1', 1], ['voter-2', 2], ['voter-3', 3], ['voter-2', 3]]) {
    assert.equal((await feedback.createVoteUser(created.id, { user_id: voter })).count, count, voter)
  }
  await feedback.deleteVoteForFeedback(created.id, 'voter-1')
  const first = await feedback.createFeedbackComment(created.id, { body: 'Would use it daily' })
  const second = await feedback.createFeedbackComment(created.id, { body: 'Also JSON?' })
  await feedback.updateFeedbackComment(created.id, second.id, { body: 'Also JSON, please' })
  await feedback.updateFeedbackStatus(created.id, { status: 1 })

  const got = await feedback.getFeedback(created.id)
  const edited = { ...second, body: 'Also JSON, please' }
  assert.deepEqual(got, { ...created, status: 1, count: 2, users: [{ user_id: 'voter-2' }, { user_id: 'voter-3' }], comments: [first, edited] })
  assert.deepEqual(await feedback.getFeedbackComment(created.id, second.id), edited)
  assert.deepEqual((await feedback.getFeedbacks()).feedbacks.find((f) => f.id === created.id), got)

  await feedback.deleteFeedback(created.id)
  const gone = await feedback.getFeedback(created.id).catch((e) => e)
  assert.ok(gone instanceof saasus.NotFoundError && gone.status === 404, String(gone))
  await assert.rejects(feedback.getFeedbackComment(created.id, first.id), saasus.NotFoundError)
})

test('ApiLog lists the calls just made, by moment and by day, and gets each', async () => {
  const client = new saasus.Client(emu.options())
  // Whole seconds, as the log keeps them: every call below is made at or after this one.
  const since = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z')
  const tenant = await client.auth.tenant.createTenant({ name: 'Logged', attributes: {}, back_office_staff_email: 'ops@example.com' })
  await client.auth.tenant.getTenant(tenant.id)
  await assert.rejects(client.auth.tenant.getTenant('no-such-tenant'), saasus.NotFoundError)
  await client.pricing.pricingPlans.getPricingPlans()
  const made = [
    ['GET', '/v1/pricing/plans', '200'],
    ['GET', '/v1/auth/tenants/no-such-tenant', '404'],
    ['GET', `/v1/auth/tenants/${tenant.id}`, '200'],
    ['POST', '/v1/auth/tenants', '201'],
  ]
  const apiLog = client.apilog.apiLog
  // The other tests of this file share the emulator and may have made calls in the same second:
  // the calls of this one are the newest four.
  const listed = await apiLog.getLogs({ created_at: since })
  const mine = listed.api_logs.slice(0, 4)
  assert.deepEqual(mine.map((l) => [l.request_method, l.request_uri, l.response_status]), made, 'newest first')
  const create = mine[3]
  assert.ok(create.request_body.includes('Logged') && create.response_body.includes(tenant.id))
  assert.deepEqual([create.saas_id, create.api_key], [emu.saasId, emu.apiKey])
  for (const log of mine) assert.deepEqual(await apiLog.getLog(log.api_log_id), log)
  // The same logs by their UTC day, a page at a time.
  const day = utcDate(create.created_at)
  const page = await apiLog.getLogs({ created_date: day, limit: 2 })
  assert.deepEqual(page.api_logs, mine.slice(0, 2))
  const next = await apiLog.getLogs({ created_date: day, limit: 2, cursor: page.cursor })
  assert.deepEqual(next.api_logs, mine.slice(2, 4))
  await assert.rejects(apiLog.getLog('no-such-log'), saasus.NotFoundError)
})
