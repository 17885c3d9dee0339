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
  // The control operations act on the emulator's state in-process (no HTTP); a refusal (a fault
  // breaking a rule, a wrong password) is the package's InvalidArgumentError, naming the field.
  const control = (call) => {
    try {
      return call()
    } catch (e) {
      throw errors.fromThrown(e)
    }
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
    /** Arms a fault (`{ path, status?, method?, stall_ms?, retry_after?, retry_after_as_date?, count?, after_applying?, body? }`); resolves to its id. */
    async fault(fault) {
      return control(() => emu.fault(JSON.stringify(fault ?? null)))
    },
    /** The faults still armed (with their `id` and remaining `count`), oldest first. */
    async faults() {
      return JSON.parse(control(() => emu.faults()))
    },
    /** Disarms every fault. */
    async clearFaults() {
      emu.clearFaults()
    },
    /** The code the login page would send to the callback URL: what `client.exchangeTempCode` takes. */
    async signInCode(username, password, options = {}) {
      return JSON.parse(control(() => emu.signIn(username, password, options.state ?? null))).code
    },
    /** What the emulator was sent (`{ method, path, status, user_agent, trace_id, referer, x_saasus_referer }`), oldest first. */
    async requests() {
      return JSON.parse(control(() => emu.requests()))
    },
    /** Forgets the request log. */
    async clearRequests() {
      emu.clearRequests()
    },
    /** Stops it; requests in flight finish first. A second stop does nothing. */
    async stop() {
      emu.stop()
    },
    [Symbol.for('nodejs.util.inspect.custom')]() {
      return `Emulator { baseUrl: '${emu.baseUrl}' }`
    },
    // What JSON.stringify shows (a test's snapshot, a log line): never the keys.
    toJSON() {
      return { baseUrl: emu.baseUrl, saasId: emu.saasId }
    },
  }
  return running
}

module.exports = { startEmulator }
