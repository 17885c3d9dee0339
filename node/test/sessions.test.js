'use strict'
// Sessions through the Express and Fastify helpers, against the emulator, over real HTTP: sign-in
// bound to the browser's state, a session outliving its ID tokens, authorization without a
// platform call per request, bad tokens refused with 401 and never cached, platform failures
// answered 503, refused keys answered 500 (never the platform's words), guards, sign-out, and the
// platform calls logged through the client's logger.
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
  app.use(auth.routes({ redirectTo: '/me' }))
  app.get('/me', auth, (req, res) => res.json({ email: req.userInfo.email }))
  app.get('/tenants/:tenantId/admin', auth.require('admin'), (req, res) => res.json({ tenant: req.params.tenantId }))
  app.get('/public', (req, res) => res.json({ public: true }))
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close(), sessions: auth.sessions }
}

async function fastifyApp(client, options) {
  const { saasusAuth } = require('../fastify.js')
  const app = Fastify()
  app.get('/public', async () => ({ public: true }))
  await app.register(async (scope) => {
    await scope.register(saasusAuth, { client, redirectTo: '/me', ...options })
    scope.get('/me', async (request) => ({ email: request.userInfo.email }))
    scope.get('/tenants/:tenantId/admin', { preHandler: scope.saasus.require('admin') }, async (request) => ({ tenant: request.params.tenantId }))
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url, close: () => app.close() }
}

const FRAMEWORKS = { express: expressApp, fastify: fastifyApp }

/** A browser: keeps cookies, follows no redirect. */
class Browser {
  constructor(url) {
    this.url = url
    this.jar = new Map()
  }

  async get(path, headers = {}, method = 'GET') {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const r = await fetch(this.url + path, { method, redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } })
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]
      if (/Max-Age=0/i.test(c) || value === '') this.jar.delete(name)
      else this.jar.set(name, value)
    }
    const text = await r.text()
    let json
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: r.status, json, text, location: r.headers.get('location'), setCookies: r.headers.getSetCookie() }
  }

  async signIn(emu, email) {
    const started = await this.get('/login')
    assert.equal(started.status, 303)
    const state = new URL(started.location).searchParams.get('state')
    const code = await emu.signInCode(email, PASSWORD, { state })
    return this.get(`/callback?code=${code}&state=${state}`)
  }
}

function origin(emu) {
  return emu.baseUrl.replace(/\/v1$/, '')
}

/** Requests under `prefix` the emulator saw since the last look. */
async function calls(emu, prefix) {
  const seen = await emu.requests()
  await emu.clearRequests()
  return seen.filter((r) => r.path.startsWith(prefix)).length
}

/** Waits until the ID token's `exp` (whole seconds) has passed by this clock: the token's own
 * end, not a margin guessed for a slow machine. */
function untilExpired(token) {
  const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp
  return new Promise((r) => setTimeout(r, Math.max(0, (exp + 1) * 1000 - Date.now())))
}

async function withApp(framework, { tokenTtl, options = {}, clientOptions = {} } = {}, body) {
  const emu = await startEmulator(tokenTtl ? { tokenTtl } : {})
  const client = new saasus.Client(emu.options(clientOptions))
  await client.auth.saasUser.createSaasUser({ email: 'alice@example.com', password: PASSWORD })
  // `secure: undefined` in `options` leaves the option out: the helpers' default.
  const given = Object.entries({ secure: false, loginUrl: `${origin(emu)}/login`, ...options }).filter(([, v]) => v !== undefined)
  const app = await FRAMEWORKS[framework](client, Object.fromEntries(given))
  try {
    await body({ emu, client, app, web: new Browser(app.url) })
  } finally {
    await app.close()
    await emu.stop()
  }
}

function segment(token) {
  return JSON.parse(Buffer.from(token, 'base64url').toString())
}

function tokenOf(header, claims, sig) {
  const enc = (v) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${enc(header)}.${enc(claims)}.${sig}`
}

for (const framework of Object.keys(FRAMEWORKS)) {
  test(`${framework}: sign-in, a session outliving three 1-second ID tokens, sign-out`, async () => {
    await withApp(framework, { tokenTtl: 1 }, async ({ emu, web }) => {
      assert.equal((await web.get('/me')).status, 401)
      const landed = await web.signIn(emu, 'alice@example.com')
      assert.equal(landed.status, 303)
      assert.equal(landed.location, '/me')
      assert.ok(web.jar.get('saasus_id_token') && web.jar.get('saasus_refresh_token'))
      assert.ok(!web.jar.has('saasus_login_state'), 'the state is used once')
      await calls(emu, '/')
      // Three times: the token ends and the next request replaces it. Every token the browser
      // held cost one refresh, however slow the machine.
      const held = new Set([web.jar.get('saasus_id_token')])
      for (let round = 0; round < 3; round++) {
        const ended = web.jar.get('saasus_id_token')
        await untilExpired(ended)
        for (let i = 0; i < 3; i++) {
          const me = await web.get('/me')
          assert.deepEqual([me.status, me.json], [200, { email: 'alice@example.com' }])
          held.add(web.jar.get('saasus_id_token'))
        }
        assert.notEqual(web.jar.get('saasus_id_token'), ended, 'an ended token is replaced')
      }
      assert.equal(await calls(emu, '/v1/auth/credentials'), held.size - 1, 'one refresh per token replaced')
      assert.equal((await web.get('/logout', {}, 'POST')).status, 303)
      assert.ok(!web.jar.has('saasus_id_token') && !web.jar.has('saasus_refresh_token'))
      assert.equal((await web.get('/me')).status, 401)
    })
  })

  test(`${framework}: 100 requests make at most one GetUserInfo; bad tokens get 401 with no call, twice`, async () => {
    await withApp(framework, {}, async ({ emu, web }) => {
      await web.signIn(emu, 'alice@example.com')
      await calls(emu, '/')
      for (let i = 0; i < 100; i++) assert.equal((await web.get('/me')).status, 200)
      assert.ok((await calls(emu, '/v1/auth/userinfo')) <= 1)
      const good = web.jar.get('saasus_id_token')
      const [h, c, sig] = good.split('.')
      const header = segment(h)
      const claims = segment(c)
      const bad = {
        'another subject': tokenOf(header, { ...claims, sub: 'mallory' }, sig),
        'a longer life': tokenOf(header, { ...claims, exp: claims.exp + 86400 }, sig),
        'another issuer': tokenOf(header, { ...claims, iss: 'https://cognito-idp.ap-northeast-1.amazonaws.com/x_y' }, sig),
        expired: tokenOf(header, { ...claims, exp: 1000 }, sig),
        'alg none': tokenOf({ alg: 'none', typ: 'JWT' }, claims, ''),
        HS256: tokenOf({ ...header, alg: 'HS256' }, claims, 'c2ln'),
        // Over the SDK's 8 KiB and under Node's own 16 KiB header limit (beyond it Node answers 431 itself).
        oversized: tokenOf(header, claims, 'A'.repeat(10000)),
        'not a JWT': 'forged',
      }
      const anonymous = new Browser(web.url)
      await calls(emu, '/')
      for (const [what, token] of Object.entries(bad)) {
        for (let i = 0; i < 2; i++) {
          const r = await anonymous.get('/me', { authorization: `Bearer ${token}` })
          assert.deepEqual([r.status, r.json?.type], [401, 'unauthorized'], what)
        }
      }
      assert.equal(await calls(emu, '/v1/'), 0, 'no platform call for any of them')
    })
  })

  test(`${framework}: platform failures are 503 (sessions kept), refused keys 500, neither in the platform's words`, async () => {
    await withApp(framework, { tokenTtl: 2, options: { userCacheMaxAgeMs: 0 } }, async ({ emu, client, web }) => {
      await web.signIn(emu, 'alice@example.com')
      await emu.fault({ path: '/v1/auth/userinfo', status: 503, count: 3 })
      const down = await web.get('/me')
      assert.equal(down.status, 503)
      assert.ok(!down.text.includes('injected'), down.text)
      assert.ok(web.jar.has('saasus_id_token'), 'an outage does not sign the user out')
      // Back, and with the session's latest cookies (on a slow machine the first request may already
      // have refreshed it): the refresh below is then this browser's own, never one reused for old cookies.
      assert.equal((await web.get('/me')).status, 200)
      await untilExpired(web.jar.get('saasus_id_token'))
      await emu.fault({ path: '/v1/auth/credentials', status: 503, count: 3 })
      assert.equal((await web.get('/me')).status, 503)
      assert.equal((await web.get('/me')).status, 200, 'back once the platform is')
      // The callback during an outage.
      const fresh = new Browser(web.url)
      const state = new URL((await fresh.get('/login')).location).searchParams.get('state')
      const code = await emu.signInCode('alice@example.com', PASSWORD, { state })
      await emu.fault({ path: '/v1/auth/credentials', status: 503, count: 3 })
      assert.equal((await fresh.get(`/callback?code=${code}&state=${state}`)).status, 503)
      // A backend whose secret key the platform refuses: a server error, not 401.
      const wrong = new saasus.Client(emu.options({ secretKey: 'not-the-secret-key' }))
      const misconfigured = await FRAMEWORKS[framework](wrong, { secure: false })
      try {
        const token = web.jar.get('saasus_id_token')
        const r = await new Browser(misconfigured.url).get('/me', { authorization: `Bearer ${token}` })
        assert.equal(r.status, 500)
        assert.ok(!r.text.includes('signature'), `the platform's words stay in the log: ${r.text}`)
      } finally {
        await misconfigured.close()
      }
      void client
    })
  })

  test(`${framework}: the callback refuses codes this browser did not ask for, and malformed ones`, async () => {
    await withApp(framework, {}, async ({ emu, web }) => {
      const code = await emu.signInCode('alice@example.com', PASSWORD)
      assert.equal((await web.get(`/callback?code=${code}`)).status, 401, 'no sign-in started in this browser')
      await web.get('/login')
      assert.equal((await web.get(`/callback?code=${code}&state=someone-elses`)).status, 401)
      await web.get('/login')
      assert.equal((await web.get('/callback')).status, 400)
      assert.equal((await web.get('/callback?code[toString]=x')).status, 400, 'a query parser\'s object is no code')
      assert.equal((await web.get('/callback?code=a%20b')).status, 400)
      assert.equal(await calls(emu, '/v1/auth/credentials'), 0)
    })
  })

  test(`${framework}: guards`, async () => {
    await withApp(framework, { options: { userCacheMaxAgeMs: 0 } }, async ({ emu, client, web }) => {
      const tenant = await client.auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' })
      await client.auth.role.createRole({ role_name: 'admin', display_name: 'Admin' })
      await client.auth.tenantUser.createTenantUser(tenant.id, { email: 'alice@example.com', attributes: {} })
      await web.signIn(emu, 'alice@example.com')
      const denied = await web.get(`/tenants/${tenant.id}/admin`)
      assert.deepEqual([denied.status, denied.json.type], [403, 'forbidden'])
      const me = await client.authenticate(web.jar.get('saasus_id_token'))
      await client.auth.tenantUser.createTenantUserRoles(tenant.id, me.id, 3, { role_names: ['admin'] })
      assert.deepEqual((await web.get(`/tenants/${tenant.id}/admin`)).json, { tenant: tenant.id })
      assert.equal((await web.get('/tenants/other/admin')).status, 403)
    })
  })

  test(`${framework}: by default every cookie it sets is Secure, HttpOnly and SameSite=Lax`, async () => {
    await withApp(framework, { options: { secure: undefined } }, async ({ emu, web }) => {
      const started = await web.get('/login')
      const state = new URL(started.location).searchParams.get('state')
      const landed = await web.get(`/callback?code=${await emu.signInCode('alice@example.com', PASSWORD, { state })}&state=${state}`)
      const ended = await web.get('/logout', {}, 'POST')
      const cookies = [...started.setCookies, ...landed.setCookies, ...ended.setCookies]
      assert.deepEqual(
        cookies.map((c) => c.slice(0, c.indexOf('='))).sort(),
        ['saasus_id_token', 'saasus_id_token', 'saasus_login_state', 'saasus_login_state', 'saasus_refresh_token', 'saasus_refresh_token'],
      )
      for (const cookie of cookies) {
        const attributes = cookie.split(';').slice(1).map((a) => a.trim().toLowerCase())
        for (const wanted of ['secure', 'httponly', 'samesite=lax']) assert.ok(attributes.includes(wanted), `${wanted} in ${cookie.replace(/=[^;]+/, '=…')}`)
      }
    })
  })

  test(`${framework}: a valid bearer token is its user, a forged one 401; the browser's Referer and X-SaaSus-Referer reach the platform`, async () => {
    await withApp(framework, { options: { userCacheMaxAgeMs: 0 } }, async ({ emu, client, app }) => {
      const { id_token: token } = await client.exchangeTempCode(await emu.signInCode('alice@example.com', PASSWORD))
      const api = new Browser(app.url)
      await emu.clearRequests()
      const page = { referer: 'https://app.example/orders?id=7', 'x-saasus-referer': 'https://app.example/orders/7#lines' }
      const me = await api.get('/me', { authorization: `Bearer ${token}`, ...page })
      assert.deepEqual([me.status, me.json], [200, { email: 'alice@example.com' }])
      const asked = (await emu.requests()).filter((r) => r.path.startsWith('/v1/auth/userinfo'))
      assert.equal(asked.length, 1, 'the user was asked for (no cache)')
      assert.deepEqual([asked[0].status, asked[0].referer, asked[0].x_saasus_referer], [200, page.referer, page['x-saasus-referer']])
      // Without them, none is sent.
      await emu.clearRequests()
      assert.equal((await api.get('/me', { authorization: `Bearer ${token}` })).status, 200)
      const again = (await emu.requests()).filter((r) => r.path.startsWith('/v1/auth/userinfo'))
      assert.deepEqual(again.map((r) => [r.status, r.referer, r.x_saasus_referer]), [[200, null, null]])
      // A token whose signature is not the issuer's, and no token at all, are 401.
      const [h, c, sig] = token.split('.')
      const forged = `${h}.${c}.${sig.slice(0, -4)}${sig.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`
      for (const authorization of [`Bearer ${forged}`, 'Bearer ', undefined]) {
        const r = await api.get('/me', authorization === undefined ? {} : { authorization })
        assert.deepEqual([r.status, r.json?.type], [401, 'unauthorized'], String(authorization))
      }
    })
  })
}

test('the sessions\' platform calls reach the client\'s logger, with their trace ids', async () => {
  const records = []
  const logger = { debug: (f, m) => records.push(m), info: (f, m) => records.push(m), warn: (f, m) => records.push(m) }
  await withApp('express', { clientOptions: { logger } }, async ({ emu, web }) => {
    await web.signIn(emu, 'alice@example.com')
    await web.get('/me')
    assert.ok(records.some((m) => /GET auth \/credentials -> 200/.test(m)), records.join('\n'))
    assert.ok(records.some((m) => /GET auth \/userinfo -> 200/.test(m)), records.join('\n'))
    assert.ok(records.every((m) => !m.includes(web.jar.get('saasus_id_token'))), 'no token in a log record')
  })
})

test('sessions.authorize forwards the Referer and X-SaaSus-Referer of any request\'s headers', async () => {
  await withApp('express', {}, async ({ emu, client }) => {
    const { id_token: token } = await client.exchangeTempCode(await emu.signInCode('alice@example.com', PASSWORD))
    const page = { referer: 'https://app.example/next', 'x-saasus-referer': 'https://app.example/next/page' }
    // A fetch Headers (Next.js, a route handler) and Node's rawHeaders array.
    const forms = [new Headers({ authorization: `Bearer ${token}`, ...page }), ['Authorization', `Bearer ${token}`, 'Referer', page.referer, 'X-SaaSus-Referer', page['x-saasus-referer']]]
    for (const headers of forms) {
      await emu.clearRequests()
      const authorized = await client.sessions({ secure: false, userCacheMaxAgeMs: 0 }).authorize(headers)
      assert.equal(authorized.user.email, 'alice@example.com')
      assert.deepEqual((await emu.requests()).map((r) => [r.path.split('?')[0], r.referer, r.x_saasus_referer]), [['/v1/auth/userinfo', page.referer, page['x-saasus-referer']]])
    }
  })
})

test('what a server prints of a session shows no token; odd inputs get named errors', async () => {
  const util = require('node:util')
  await withApp('express', { tokenTtl: 2 }, async ({ emu, client, web }) => {
    await web.signIn(emu, 'alice@example.com')
    const sessions = client.sessions({ secure: false, userCacheMaxAgeMs: 0 })
    const token = web.jar.get('saasus_id_token')
    const authorized = await sessions.authorize({ authorization: `Bearer ${token}` })
    assert.ok(!util.inspect(authorized).includes(token), util.inspect(authorized))
    assert.equal(JSON.parse(JSON.stringify(authorized)).idToken, token, 'serialising keeps every field')
    // After a refresh, a platform failure hands back the new cookies: not in what the error shows.
    await untilExpired(web.jar.get('saasus_id_token'))
    await emu.fault({ path: '/v1/auth/userinfo', status: 503, count: 3 })
    const cookie = [...web.jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const failed = await sessions.authorize({ cookie }).catch((e) => e)
    assert.equal(failed.status, 503)
    assert.ok(failed.setCookies.length > 0)
    assert.ok(!util.inspect(failed).includes(failed.setCookies[0].split(';')[0].split('=')[1]), util.inspect(failed))
    // Headers that are not text are left out, never converted; a user that is not JSON is named.
    const odd = await sessions.authorize({ authorization: { toString: 1 }, cookie: [Symbol('x')] }).catch((e) => e)
    assert.equal(odd.status, 401)
    const cyclic = { id: 'u' }
    cyclic.self = cyclic
    assert.throws(() => sessions.check(cyclic), (e) => e instanceof saasus.InvalidArgumentError && e.type === 'user')
  })
})
