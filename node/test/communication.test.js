'use strict'
// The Communication and ApiLog APIs against the emulator, every operation through the naming
// rule (`client.communication.feedback.createFeedback(...)`), with the values asserted; ApiLog
// then lists the calls just made.
const test = require('node:test')
const assert = require('node:assert/strict')
const saasus = require('..')
const { startEmulator } = require('../testing')

let emu
test.before(async () => {
  emu = await startEmulator()
})
test.after(() => emu.stop())

test('a feedback: create, list, get, update, status, votes, comments, delete', async () => {
  const client = new saasus.Client(emu.options())
  const feedback = client.communication.feedback
  assert.deepEqual(await feedback.getFeedbacks(), { feedbacks: [] })

  const created = await feedback.createFeedback({ user_id: 'user-1', feedback_title: 'Dark mode', feedback_description: 'Please add a dark mode' })
  assert.equal(created.user_id, 'user-1')
  assert.equal(created.feedback_title, 'Dark mode')
  assert.equal(created.feedback_description, 'Please add a dark mode')
  assert.equal(created.status, 0)
  assert.deepEqual(created.comments, [])
  assert.equal(created.count, 0)
  assert.deepEqual(created.users, [])
  assert.equal(typeof created.created_at, 'number')
  assert.deepEqual((await feedback.getFeedbacks()).feedbacks, [created])
  assert.deepEqual(await feedback.getFeedback(created.id), created)

  assert.equal(await feedback.updateFeedback(created.id, { feedback_title: 'Dark theme', feedback_description: 'A dark theme, please' }), undefined)
  assert.equal(await feedback.updateFeedbackStatus(created.id, { status: 2 }), undefined)
  let got = await feedback.getFeedback(created.id)
  assert.equal(got.feedback_title, 'Dark theme')
  assert.equal(got.feedback_description, 'A dark theme, please')
  assert.equal(got.status, 2)

  assert.deepEqual(await feedback.createVoteUser(created.id, { user_id: 'voter-1' }), { count: 1, users: [{ user_id: 'voter-1' }] })
  assert.deepEqual(await feedback.createVoteUser(created.id, { user_id: 'voter-2' }), { count: 2, users: [{ user_id: 'voter-1' }, { user_id: 'voter-2' }] })
  assert.equal(await feedback.deleteVoteForFeedback(created.id, 'voter-1'), undefined)
  got = await feedback.getFeedback(created.id)
  assert.equal(got.count, 1)
  assert.deepEqual(got.users, [{ user_id: 'voter-2' }])
  await assert.rejects(feedback.deleteVoteForFeedback(created.id, 'voter-1'), saasus.NotFoundError)

  const comment = await feedback.createFeedbackComment(created.id, { body: 'Me too' })
  assert.equal(comment.body, 'Me too')
  assert.equal(typeof comment.created_at, 'number')
  assert.deepEqual(await feedback.getFeedbackComment(created.id, comment.id), comment)
  assert.deepEqual((await feedback.getFeedback(created.id)).comments, [comment])
  assert.equal(await feedback.updateFeedbackComment(created.id, comment.id, { body: 'Me too, at night' }), undefined)
  assert.equal((await feedback.getFeedbackComment(created.id, comment.id)).body, 'Me too, at night')
  assert.equal(await feedback.deleteFeedbackComment(created.id, comment.id), undefined)
  await assert.rejects(feedback.getFeedbackComment(created.id, comment.id), saasus.NotFoundError)

  assert.equal(await feedback.deleteFeedback(created.id), undefined)
  const gone = await feedback.getFeedback(created.id).catch((e) => e)
  assert.ok(gone instanceof saasus.NotFoundError && gone.status === 404)
  assert.deepEqual(await feedback.getFeedbacks(), { feedbacks: [] })

  const err = await client.communication.error.returnInternalServerError().catch((e) => e)
  assert.ok(err instanceof saasus.ServerError && err.status === 500)
})

test('the checks of every API: unknown fields refused, extra_body sent', async () => {
  const client = new saasus.Client(emu.options())
  const feedback = client.communication.feedback
  const typo = await feedback.createFeedback({ user_id: 'u', feedback_title: 't', feedback_descripton: 'd' }).catch((e) => e)
  assert.ok(typo instanceof saasus.InvalidArgumentError)
  assert.equal(typo.type, 'feedback_descripton')
  const missing = await feedback.createFeedback({ user_id: 'u', feedback_title: 't' }).catch((e) => e)
  assert.ok(missing instanceof saasus.InvalidArgumentError)
  assert.equal(missing.type, 'feedback_description')
  await assert.rejects(feedback.getFeedbacks({ page: 2 }), saasus.InvalidArgumentError)
  await assert.rejects(client.apilog.apiLog.getLogs({ limt: 1 }), saasus.InvalidArgumentError)
  const created = await feedback.createFeedback({ user_id: 'u', feedback_title: 't', feedback_description: 'd', extra_body: { future_field: 1 } })
  assert.equal(created.feedback_title, 't')
  await feedback.deleteFeedback(created.id)
})

test('ApiLog lists the calls just made, and gets each', async () => {
  const client = new saasus.Client(emu.options())
  const made = await client.communication.feedback.createFeedback({ user_id: 'logged', feedback_title: 'Logged', feedback_description: 'd' })
  await client.communication.feedback.getFeedback(made.id)
  const { api_logs: logs } = await client.apilog.apiLog.getLogs({ limit: 100 })
  const create = logs.find((l) => l.request_method === 'POST' && l.request_uri === '/v1/communication/feedbacks' && l.request_body.includes('Logged'))
  assert.ok(create, JSON.stringify(logs.map((l) => `${l.request_method} ${l.request_uri}`)))
  assert.equal(create.response_status, '201')
  assert.equal(create.saas_id, emu.saasId)
  assert.equal(create.api_key, emu.apiKey)
  const get = logs.find((l) => l.request_method === 'GET' && l.request_uri === `/v1/communication/feedbacks/${made.id}`)
  assert.ok(get)
  assert.equal(get.response_status, '200')
  // Newest first: the get came after the create.
  assert.ok(logs.indexOf(get) < logs.indexOf(create))
  assert.deepEqual(await client.apilog.apiLog.getLog(create.api_log_id), create)

  const page = await client.apilog.apiLog.getLogs({ limit: 1 })
  assert.equal(page.api_logs.length, 1)
  assert.ok(page.cursor)
  const next = await client.apilog.apiLog.getLogs({ limit: 1, cursor: page.cursor })
  assert.equal(next.api_logs.length, 1)
  assert.notEqual(next.api_logs[0].api_log_id, page.api_logs[0].api_log_id)

  await assert.rejects(client.apilog.apiLog.getLog('no-such-log'), saasus.NotFoundError)
  const err = await client.apilog.error.returnInternalServerError().catch((e) => e)
  assert.ok(err instanceof saasus.ServerError && err.status === 500)
})
