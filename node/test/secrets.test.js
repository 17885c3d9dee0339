'use strict'
// Secrets in results are hidden where they are shown (util.inspect, console.log, nested objects,
// page items) and kept where they are serialised (JSON.stringify, spread, Object.keys), against
// the emulator; the client shows neither key.
const test = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const { startEmulator } = require('../testing')

const PASSWORD = 'Passw0rd-Emulator'

function assertHidden(shown, secrets) {
  for (const secret of secrets) assert.ok(!shown.includes(secret), `${secret} is shown in ${shown}`)
  assert.match(shown, /'\*\*\*'/)
}

test('results with secrets', async (t) => {
  const emu = await startEmulator()
  t.after(() => emu.stop())
  const client = emu.client()
  await client.auth.saasUser.createSaasUser({ email: 'secret@example.com', password: PASSWORD })

  await t.test('credentials are hidden from inspect and console.log, kept in JSON', async () => {
    const credentials = await client.exchangeTempCode(await emu.signInCode('secret@example.com', PASSWORD))
    const tokens = [credentials.id_token, credentials.access_token, credentials.refresh_token]
    assert.ok(tokens.every((s) => typeof s === 'string' && s.length > 0))
    assertHidden(util.inspect(credentials), tokens)
    assertHidden(util.format('%o', credentials), tokens)
    assertHidden(util.inspect({ nested: [credentials] }, { depth: 5 }), tokens)
    assert.deepEqual(Object.keys(credentials), ['id_token', 'access_token', 'refresh_token'])
    assert.deepEqual(JSON.parse(JSON.stringify(credentials)), { id_token: tokens[0], access_token: tokens[1], refresh_token: tokens[2] })
    assert.equal({ ...credentials }.id_token, tokens[0])
    const refreshed = await client.refresh(credentials.refresh_token)
    assertHidden(util.inspect(refreshed), [refreshed.id_token, refreshed.access_token])
  })

  await t.test('a sign-in challenge answer hides its session and nested credentials', async () => {
    const su = client.auth.saasUser
    const challenge = await su.signIn({ sign_in_flow: 'USER_SRP_AUTH', sign_in_parameters: { USERNAME: 'secret@example.com' } })
    assertHidden(util.inspect(challenge), [challenge.session])
    const answer = await su.respondToSignInChallenge({
      challenge_name: 'PASSWORD_VERIFIER', session: challenge.session,
      challenge_responses: { USERNAME: 'secret@example.com', PASSWORD },
    })
    assertHidden(util.inspect(answer, { depth: 4 }), [answer.credentials.id_token, answer.credentials.access_token, answer.session])
    assert.equal(JSON.parse(JSON.stringify(answer)).credentials.id_token, answer.credentials.id_token)
  })

  await t.test('API keys and the client secret, through withResponse too', async () => {
    await client.auth.saasusTenant.createApiKey()
    const keys = await client.auth.saasusTenant.getApiKeys()
    assertHidden(util.inspect(keys), keys.api_keys)
    const response = await client.withResponse.auth.saasusTenant.getClientSecret()
    assert.equal(response.status, 200)
    assertHidden(util.inspect(response), [response.value.client_secret])
  })

  await t.test('the API keys of page items (apilog GetLogs) are hidden', async () => {
    let seen = 0
    for await (const log of client.apilog.apiLog.getLogsIter()) {
      if (log.api_key) assertHidden(util.inspect(log), [log.api_key])
      assert.equal(JSON.parse(JSON.stringify(log)).api_key, log.api_key)
      seen += 1
    }
    assert.ok(seen > 0, 'the emulator logged the calls above')
  })

  await t.test('neither the client nor the emulator shows a key', () => {
    const shown = util.inspect(client) + JSON.stringify(client) + util.inspect(emu) + JSON.stringify(emu)
    assert.ok(!shown.includes(emu.apiKey) && !shown.includes(emu.secretKey), shown)
  })
})
