'use strict'
// The native-app endpoints of the Express (`auth.appRoutes()`) and Fastify (`appPrefix`) helpers
// against the emulator, over real HTTP: a temp code exchanged for tokens as JSON (no cookies),
// the ID token accepted as a bearer token, a refresh, sign-out, and the sessions' error rules
// (400, 401, 503 without the platform's words, 429 past the per-client limit).
const test = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const Fastify = require('fastify')
const saasus = require('..')
const { startEmulator } = require('../testing')

const PASSWORD = 'Passw0rd-Emulator'

async function expressApp(client, options) {
  const { saasusAuth } = require('../express.js')
  const auth = saasusAuth(client, options)
  const app = express()
  // An app that parses JSON bodies before the helper: the helper still gets the request's JSON.
  app.use(express.json())
  app.use('/app', auth.appRoutes())
  app.get('/me', auth, (req, res) => res.json({ email: req.userInfo.email }))
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }
}

async function fastifyApp(client, options) {
  const { saasusAuth } = require('../fastify.js')
  const app = Fastify()
  await app.register(async (scope) => {
    await scope.register(saasusAuth, { client, routes: false, appPrefix: '/app', ...options })
    scope.get('/me', async (request) => ({ email: request.userInfo.email }))
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url, close: () => app.close() }
}

const FRAMEWORKS = { express: expressApp, fastify: fastifyApp }

async function withBackend(framework, options, body) {
  const emu = await startEmulator()
  const logged = []
  const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (fields, message) => logged.push(message) }
  const client = new saasus.Client({ ...emu.options(), logger })
  await client.auth.saasUser.createSaasUser({ email: 'app@example.com', password: PASSWORD })
  const app = await FRAMEWORKS[framework](client, { secure: false, ...options })
  const post = async (route, value, { contentType = 'application/json', headers = {} } = {}) => {
    const r = await fetch(`${app.url}/app/${route}`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: JSON.stringify(value) })
    const text = await r.text()
    return { status: r.status, json: text ? JSON.parse(text) : undefined, headers: r.headers }
  }
  try {
    await body({ emu, client, post, url: app.url, logged })
  } finally {
    await app.close()
    await emu.stop()
  }
}

for (const framework of Object.keys(FRAMEWORKS)) {
  test(`${framework}: an app exchanges its code, calls with the bearer token, refreshes and signs out`, async () => {
    await withBackend(framework, {}, async ({ emu, client, post, url }) => {
      const got = await post('token', { code: await emu.signInCode('app@example.com', PASSWORD) })
      assert.equal(got.status, 200, JSON.stringify(got.json))
      const answer = await client.sessions().appRequest('refresh', JSON.stringify({ refresh_token: got.json.refresh_token }), 'direct', { 'content-type': 'application/json' })
      assert.equal(answer.status, 200)
      assert.ok(!require('node:util').inspect(answer).includes(JSON.parse(answer.body).id_token), 'what a server prints of an answer shows no token')
      assert.deepEqual(Object.keys(got.json).sort(), ['expires_at', 'id_token', 'refresh_token'])
      assert.equal(got.headers.get('cache-control'), 'no-store')
      assert.deepEqual(got.headers.getSetCookie(), [], 'tokens as JSON, never cookies')
      const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${got.json.id_token}` } })
      assert.deepEqual([me.status, await me.json()], [200, { email: 'app@example.com' }])
      const fresh = await post('refresh', { refresh_token: got.json.refresh_token })
      assert.equal(fresh.status, 200)
      assert.ok(fresh.json.id_token)
      const out = await post('sign-out', { refresh_token: got.json.refresh_token }, { headers: { authorization: `Bearer ${fresh.json.id_token}` } })
      assert.equal(out.status, 204)
    })
  })

  test(`${framework}: refusals and failures keep the sessions' rules`, async () => {
    await withBackend(framework, {}, async ({ emu, post, logged }) => {
      assert.deepEqual([(await post('token', { code: 'made-up' })).status], [401])
      assert.equal((await post('token', { code: 'x' }, { contentType: 'text/plain' })).status, 400, 'JSON only')
      assert.deepEqual((await post('refresh', { refresh_token: 7 })).json, { type: 'bad_request', message: 'refresh_token: must be a string' })
      await emu.fault({ path: '/v1/auth/credentials', status: 503, count: 3 })
      const down = await post('refresh', { refresh_token: 'some-token' })
      assert.deepEqual([down.status, down.json.type], [503, 'unavailable'])
      assert.ok(!JSON.stringify(down.json).includes('injected'), "the platform's words stay in the log")
      assert.ok(logged.some((m) => m.includes('unavailable')), logged.join('\n'))
    })
  })

  test(`${framework}: each client is limited`, async () => {
    await withBackend(framework, { appRequestsPerMinute: 2 }, async ({ post }) => {
      assert.deepEqual([(await post('refresh', { refresh_token: 't' })).status, (await post('refresh', { refresh_token: 't' })).status], [401, 401])
      const limited = await post('refresh', { refresh_token: 't' })
      assert.deepEqual([limited.status, limited.json.type], [429, 'too_many_requests'])
      assert.ok(Number(limited.headers.get('retry-after')) >= 1)
    })
  })
}
