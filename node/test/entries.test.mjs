// Every entry point of the package from an ES module, by the package's name (its exports map).
import test from 'node:test'
import assert from 'node:assert/strict'
import saasus, { Client, NotFoundError } from 'saasus'
import * as esm from 'saasus'
import { saasusAuth, AuthError } from 'saasus/express'
import * as fastify from 'saasus/fastify'
import { startEmulator } from 'saasus/testing'

test('saasus, saasus/express, saasus/fastify and saasus/testing import as ES modules', async () => {
  assert.equal(saasus.Client, Client)
  // Every export of the CommonJS entry is a named export of the ES one too.
  for (const name of Object.keys(saasus)) assert.equal(esm[name], saasus[name], name)
  assert.equal(typeof fastify.saasusAuth, 'function')
  assert.equal(fastify.AuthError, AuthError)
  assert.equal(typeof saasusAuth, 'function')
  const emu = await startEmulator()
  try {
    await assert.rejects(emu.client().auth.tenant.getTenant('no-such-tenant'), NotFoundError)
  } finally {
    await emu.stop()
  }
})
