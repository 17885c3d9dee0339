'use strict'
// The Express helpers end to end with a real Express app: the emulator's test sign-in gives a
// temp code, the callback handler exchanges it, the middleware lets the user in; a bad token 401s.
const test = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const saasus = require('..')
const { saasusAuth, callbackHandler } = require('../express.js')
const { startEmulator } = require('../testing/emulator.js')

const PASSWORD = 'Passw0rd-Emulator'

function listen(app) {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }))
  })
}

test('sign in, callback, authenticated request, 401 for a bad token', async () => {
  const emu = await startEmulator()
  const client = new saasus.Client(emu.options())
  const app = express()
  app.get('/callback', callbackHandler(client, { redirectTo: '/me', secure: false }))
  app.get('/me', saasusAuth(client), (req, res) => res.json({ email: req.userInfo.email }))
  app.get('/page', saasusAuth(client, { loginUrl: '/login' }), (req, res) => res.send('ok'))
  const web = await listen(app)
  try {
    await client.auth.authInfo.updateAuthInfo({ callback_url: `${web.url}/callback` })
    await client.auth.saasUser.createSaasUser({ email: 'alice@example.com', password: PASSWORD })
    const origin = emu.baseUrl.replace(/\/v1$/, '')
    const signIn = await fetch(`${origin}/_emulator/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice@example.com', password: PASSWORD }) })
    const { redirect_url: redirectUrl } = await signIn.json()

    const landed = await fetch(redirectUrl, { redirect: 'manual' })
    assert.equal(landed.status, 303)
    assert.equal(landed.headers.get('location'), '/me')
    const cookie = landed.headers.get('set-cookie').split(';')[0]
    assert.match(landed.headers.get('set-cookie'), /HttpOnly/i)

    const me = await fetch(`${web.url}/me`, { headers: { cookie } })
    assert.equal(me.status, 200)
    assert.deepEqual(await me.json(), { email: 'alice@example.com' })

    const anonymous = await fetch(`${web.url}/me`)
    assert.equal(anonymous.status, 401)
    const forged = await fetch(`${web.url}/me`, { headers: { authorization: 'Bearer forged' } })
    assert.equal(forged.status, 401)
    assert.equal((await forged.json()).type, 'unauthorized')
    const redirected = await fetch(`${web.url}/page`, { redirect: 'manual' })
    assert.equal(redirected.status, 302)
    assert.equal(redirected.headers.get('location'), '/login')
    const reused = await fetch(redirectUrl, { redirect: 'manual' })
    assert.equal(reused.status, 401, 'a code works once')
  } finally {
    web.server.close()
    await emu.stop()
  }
})
