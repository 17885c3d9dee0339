'use strict'
// A real emulator process on 127.0.0.1 per test file, started and stopped by the tests.
const { spawn } = require('node:child_process')
const path = require('node:path')
const readline = require('node:readline')

async function startEmulator() {
  const binary = process.env.SAASUS_EMULATOR_BIN || path.join(__dirname, '..', '..', 'target', 'debug', 'saasus-emulator')
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAASUS_')))
  const child = spawn(binary, ['--port', '0', '--quiet'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  // A missing binary is an 'error' event; without a listener it would crash the test process.
  const failed = new Promise((_, reject) => {
    child.once('error', (e) => reject(new Error(`cannot start the emulator at ${binary} (cargo build -p saasus-emulator): ${e.message}`)))
  })
  const lines = readline.createInterface({ input: child.stdout })
  const values = {}
  const read = (async () => {
    for await (const line of lines) {
      const [k, v] = line.split(/=(.*)/s)
      values[k] = v
      if (Object.keys(values).length === 4) return
    }
    throw new Error(`the emulator at ${binary} exited before printing its four lines`)
  })()
  await Promise.race([read, failed])
  return {
    baseUrl: values.SAASUS_BASE_URL,
    apiKey: values.SAASUS_API_KEY,
    secretKey: values.SAASUS_SECRET_KEY,
    saasId: values.SAASUS_SAAS_ID,
    options(overrides = {}) {
      return { apiKey: this.apiKey, secretKey: this.secretKey, saasId: this.saasId, baseUrl: this.baseUrl, ...overrides }
    },
    stop() {
      child.kill('SIGTERM')
      return new Promise((resolve) => child.once('exit', resolve))
    },
  }
}

module.exports = { startEmulator }
