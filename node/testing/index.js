'use strict'
// saasus/testing: the emulator in your own tests — a local SaaSus Platform served by this
// package's native addon on 127.0.0.1 (no binary, no Rust, no network). Plain async functions,
// so it works under node:test, Jest, Vitest and Mocha alike:
//
//   const { startEmulator } = require('saasus/testing')
//   let emu
//   before(async () => { emu = await startEmulator() })
//   after(() => emu.stop())
//   test('tenants', async () => { const client = emu.client(); … })

const native = require('../native.js')
const { Client } = require('../index.js')
const errors = require('../errors.js')

const CONTROL_TOKEN_HEADER = 'x-saasus-emulator-token'

/**
 * Starts an emulator with credentials of its own (or those given), its state in memory unless
 * `data` names an SQLite file.
 */
async function startEmulator(options = {}) {
  let emu
  try {
    emu = new native.NativeEmulator({
      apiKey: options.apiKey,
      secretKey: options.secretKey,
      saasId: options.saasId,
      tokenTtl: options.tokenTtl,
      data: options.data,
    })
  } catch (e) {
    // The addon's errors (a refused option: ConfigError) as the package's classes.
    throw errors.fromThrown(e, errors.ConfigError)
  }
  const origin = emu.baseUrl.replace(/\/v1$/, '')
  const control = async (endpoint, body) => {
    const response = await fetch(`${origin}/_emulator/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: emu.controlToken },
      body: JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`the emulator refused ${endpoint}: ${response.status} ${text}`)
    return text ? JSON.parse(text) : null
  }
  const running = {
    baseUrl: emu.baseUrl,
    apiKey: emu.apiKey,
    secretKey: emu.secretKey,
    saasId: emu.saasId,
    /** The four SAASUS_* variables that point an SDK (this one or another) at it. */
    get env() {
      return { SAASUS_BASE_URL: emu.baseUrl, SAASUS_API_KEY: emu.apiKey, SAASUS_SECRET_KEY: emu.secretKey, SAASUS_SAAS_ID: emu.saasId }
    },
    /** `new Client(...)` options for it, with overrides (`{ timeoutMs: 500 }`). */
    options(overrides = {}) {
      return { apiKey: emu.apiKey, secretKey: emu.secretKey, saasId: emu.saasId, baseUrl: emu.baseUrl, ...overrides }
    },
    /** A client for it. */
    client(overrides = {}) {
      return new Client(running.options(overrides))
    },
    /** Arms a fault (`{ path, status?, method?, stall_ms?, retry_after?, count?, after_applying? }`); resolves to its id. */
    async fault(fault) {
      return (await control('faults', { count: 1, ...fault })).id
    },
    /** The code the login page would send to the callback URL: what `client.exchangeTempCode` takes. */
    async signInCode(username, password) {
      return (await control('sign-in', { username, password })).code
    },
    /** Stops it; requests in flight finish first. A second stop does nothing. */
    async stop() {
      emu.stop()
    },
    [Symbol.for('nodejs.util.inspect.custom')]() {
      return `Emulator { baseUrl: '${emu.baseUrl}' }`
    },
  }
  return running
}

module.exports = { startEmulator }
