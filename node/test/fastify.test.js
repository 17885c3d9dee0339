'use strict'
// The Fastify plugin end to end with a real Fastify app and its own test client (`inject`): the
// emulator's test sign-in gives a temp code, the callback handler exchanges it into a cookie, the
// plugin lets the user in; a missing or forged token 401s, or redirects with `loginUrl`.
const test = require('node:test')
const assert = require('node:assert/strict')
const Fastify = require('fastify')
const saasus = require('..')
const { saasusAuth, callbackHandler } = require('../fastify.js')
const { startEmulator } = require('../testing/emulator.js')

const PASSWORD = 'Passw0rd-Emulator'

async function signInCode(emu, client, callbackUrl) {
  await client.auth.authInfo.updateAuthInfo({ callback_url: callbackUrl })
  await client.auth.saasUser.createSaasUser({ email: 'alice@example.com', password: PASSWORD })
  const origin = emu.baseUrl.replace(/\/v1$/, '')
  const signIn = await fetch(`${origin}/_emulator/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice@example.com', password: PASSWORD }) })
  const { redirect_url: redirectUrl } = await signIn.json()
  return new URL(redirectUrl).searchParams.get('code')
}

test('fastify: callback, authenticated request, 401 and redirect without a valid token', async () => {
  const emu = await startEmulator()
  const client = new saasus.Client(emu.options())
  const app = Fastify()
  app.get('/callback', callbackHandler(client, { redirectTo: '/me', secure: false }))
  app.register(async (scope) => {
    await scope.register(saasusAuth, { client })
    scope.get('/me', async (request) => ({ email: request.userInfo.email }))
  })
  app.register(async (scope) => {
    await scope.register(saasusAuth, { client, loginUrl: '/login' })
    scope.get('/page', async () => 'ok')
  })
  app.get('/public', async (request) => ({ userInfo: request.userInfo ?? null }))
  try {
    const code = await signInCode(emu, client, 'http://app.example/callback')
    const landed = await app.inject({ url: `/callback?code=${code}` })
    assert.equal(landed.statusCode, 303)
    assert.equal(landed.headers.location, '/me')
    assert.match(landed.headers['set-cookie'], /^saasus_id_token=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/)
    const cookie = landed.headers['set-cookie'].split(';')[0]

    const me = await app.inject({ url: '/me', headers: { cookie } })
    assert.equal(me.statusCode, 200)
    assert.deepEqual(me.json(), { email: 'alice@example.com' })
    const bearer = await app.inject({ url: '/me', headers: { authorization: `Bearer ${cookie.split('=')[1]}` } })
    assert.equal(bearer.statusCode, 200)

    const anonymous = await app.inject({ url: '/me' })
    assert.equal(anonymous.statusCode, 401)
    assert.deepEqual(anonymous.json(), { type: 'unauthorized', message: 'no ID token: sign in first' })
    const forged = await app.inject({ url: '/me', headers: { authorization: 'Bearer forged' } })
    assert.equal(forged.statusCode, 401)
    const redirected = await app.inject({ url: '/page' })
    assert.equal(redirected.statusCode, 302)
    assert.equal(redirected.headers.location, '/login')
    assert.equal((await app.inject({ url: '/public' })).statusCode, 200, 'a route outside the scope is not guarded')
    assert.equal((await app.inject({ url: `/callback?code=${code}` })).statusCode, 401, 'a code works once')
  } finally {
    await app.close()
    await emu.stop()
  }
})
