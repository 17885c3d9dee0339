'use strict'
// Every ```js snippet of docs/node.md runs, in order, against the emulator.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { startEmulator } = require('../testing')

test('every snippet of the Node page runs', async () => {
  const emu = await startEmulator()
  const saved = { ...process.env }
  Object.assign(process.env, { SAASUS_API_KEY: emu.apiKey, SAASUS_SECRET_KEY: emu.secretKey, SAASUS_SAAS_ID: emu.saasId, SAASUS_BASE_URL: emu.baseUrl })
  const logged = []
  const console = {
    log: (...args) => logged.push(args.join(' ')),
    // As a logger (the Logging snippet): pino's order, fields then message.
    debug: (fields, message) => logged.push(`debug ${message}`),
    info: (fields, message) => logged.push(`info ${message}`),
    warn: (fields, message) => logged.push(`warn ${message}`),
  }
  try {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'node.md'), 'utf8')
    const snippets = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
    assert.ok(snippets.length >= 3)
    // One async function for the page, as if the snippets were one module: later ones use earlier names.
    const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor
    const local = { saasus: '..', 'saasus/express': '../express.js', 'saasus/fastify': '../fastify.js' }
    const requireSaasus = (name) => require(local[name] ?? name)
    await new AsyncFunction('require', 'console', snippets.join('\n'))(requireSaasus, console)
    // The first call's snippet named its application in the User-Agent.
    const seen = await emu.requests()
    assert.ok(seen.some((r) => r.user_agent?.endsWith(' acme-billing/2.3.1 (https://acme.example)')))
  } finally {
    process.env = saved
    await emu.stop()
  }
  const out = logged.join('\n')
  assert.match(out, /Acme 5/)
  assert.match(out, /^envs: 3$/m)
  assert.match(out, /^readers: 5\nfailed calls: \d+$/m)
  assert.match(out, /^quick: 3$/m)
  assert.match(out, /^aborted: AbortError$/m)
  assert.match(out, /^response: 200 3 1 true$/m)
  assert.match(out, /^debug GET auth \/envs -> 200 in [\d.]+ ms$/m)
  assert.match(out, /^fastify without a session: 401$/m)
  assert.match(out, /^next\.js route: 401$/m)
  assert.match(out, /404 not_found SAASUS_NOT_FOUND/)
  assert.match(out, /SAASUS_INVALID_ARGUMENT name invalid argument name: is required/)
  assert.match(out, /SAASUS_CONFIG timeoutMs/)
  assert.match(out, /SAASUS_INVALID_ARGUMENT nmae/)
  assert.match(out, /^Beta$/m)
  assert.match(out, /^Dark mode 1 1$/m)
  assert.match(out, /^Base fee: 1000 JPY a month$/m)
  assert.match(out, /^2024-05-01: 42 calls; 2024-05: 42 calls$/m)
  assert.match(out, /^counted now: 1$/m)
  assert.match(out, /^plan in use: true$/m)
})
