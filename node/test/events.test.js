'use strict'
// saasus/events against the emulator's events: read into the operation, its path's ids and its
// bodies; unknown fields kept; signatures checked; the Lambda handler and the Express receiver of
// node/examples run (the receiver fed by the real `saasus listen`, this package's bin).
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawn } = require('node:child_process')
const saasus = require('..')
const events = require('../events.js')
const { startEmulator } = require('../testing')

// The examples require the package by its name, as an app would.
const Module = require('node:module')
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  if (request === 'saasus') return require.resolve('..')
  if (request === 'saasus/events') return require.resolve('../events.js')
  return resolve.call(this, request, ...rest)
}

async function emulatorEvents(emu) {
  const r = await fetch(`${emu.baseUrl.replace(/\/v1$/, '')}/_emulator/events`)
  return r.json()
}

test('events are read into their operation, ids and bodies', async () => {
  const emu = await startEmulator()
  try {
    const client = emu.client()
    const tenant = await client.auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' })
    await client.auth.tenant.updateTenant(tenant.id, { name: 'Acme 2', attributes: {}, back_office_staff_email: 'ops@acme.example' })
    await client.auth.tenant.getTenants()
    const [created, updated, more] = (await emulatorEvents(emu)).map((e) => events.parse(e))
    assert.equal(more, undefined, 'a GET makes no event')
    assert.deepEqual([created.operation, created.name, created.eventType, created.status], ['CreateTenant', 'createTenant', 'create_tenant', 201])
    assert.equal(created.response.id, tenant.id)
    assert.deepEqual([updated.operation, updated.pathParams], ['UpdateTenant', { tenant_id: tenant.id }])
    assert.equal(updated.request.name, 'Acme 2')
    const earlier = { ...created, time: '2000-01-01T00:00:00Z' }
    assert.equal(events.inOrder([updated, earlier])[0], earlier)
    const envelope = (await emulatorEvents(emu))[0]
    assert.deepEqual(events.parse({ ...envelope, added_later: 1 }).envelope.added_later, 1, 'unknown fields are kept')
    assert.equal(events.parse(envelope.detail).operation, 'CreateTenant')
    assert.throws(() => events.parse('[]'), saasus.InvalidArgumentError)
    assert.throws(() => events.verify('{}', 't=1000,v1=00', 'whsec_x'), /too old/)
  } finally {
    await emu.stop()
  }
})

test('the Lambda handler applies each tenant\'s newest event', async () => {
  const { handler } = require('../examples/lambda-handler.js')
  const emu = await startEmulator()
  try {
    const tenant = await emu.client().auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' })
    const [created] = await emulatorEvents(emu)
    assert.deepEqual(await handler(created), { applied: true, operation: 'CreateTenant', tenantId: tenant.id })
    assert.equal((await handler({ ...created, time: '2000-01-01T00:00:00Z' })).applied, false, 'an older event arriving late is not applied')
  } finally {
    await emu.stop()
  }
})

test('the Express receiver gets what saasus listen forwards', async () => {
  process.env.SAASUS_LISTEN_SECRET = 'whsec_test_receiver'
  const { app, received } = require('../examples/listen-receiver.js')
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const emu = await startEmulator()
  const config = path.join(require('node:os').tmpdir(), `saasus-listen-${process.pid}`)
  const listen = spawn(process.execPath, [path.join(__dirname, '..', 'cli.js'), 'listen', '--forward-to', `http://127.0.0.1:${server.address().port}/saasus-events`], {
    env: { ...process.env, ...emu.env, XDG_CONFIG_HOME: config },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  try {
    // Its first line, whole (a pipe may deliver it in pieces).
    const said = await new Promise((resolve) => {
      let text = ''
      listen.stderr.on('data', (d) => {
        text += String(d)
        if (text.includes('\n')) resolve(text)
      })
    })
    assert.match(said, /forwarding the emulator's events/)
    await emu.client().auth.tenant.createTenant({ name: 'Heard', attributes: {}, back_office_staff_email: 'ops@heard.example' })
    const deadline = Date.now() + 20_000
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    assert.equal(received.length, 1)
    assert.deepEqual([received[0].operation, received[0].response.name], ['CreateTenant', 'Heard'])
  } finally {
    listen.kill()
    server.close()
    await emu.stop()
    delete process.env.SAASUS_LISTEN_SECRET
  }
})
