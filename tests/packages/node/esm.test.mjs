// The same project as an ES module: named imports of every entry point.
import test from 'node:test'
import assert from 'node:assert/strict'
import { Client, SaasusError } from 'saasus'
import { saasusAuth } from 'saasus/express'
import { saasusAuth as fastifyAuth } from 'saasus/fastify'
import { startEmulator } from 'saasus/testing'

test('a user signs in through the emulator the package carries', async () => {
  assert.equal(typeof saasusAuth, 'function')
  assert.equal(typeof fastifyAuth, 'function')
  const emu = await startEmulator({ tokenTtl: 600 })
  try {
    const client = emu.client({ maxRetries: 0 })
    assert.ok(client instanceof Client)
    await client.auth.authInfo.updateAuthInfo({ callback_url: 'http://localhost:3000/callback' })
    await client.auth.saasUser.createSaasUser({ email: 'dev@example.com', password: 'Passw0rd-Emulator' })
    const creds = await client.exchangeTempCode(await emu.signInCode('dev@example.com', 'Passw0rd-Emulator'))
    assert.equal((await client.authenticate(creds.id_token)).email, 'dev@example.com')
    await assert.rejects(client.authenticate('not-a-token'), SaasusError)
  } finally {
    await emu.stop()
  }
})
