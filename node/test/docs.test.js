'use strict'
// Every ```js snippet of docs/node.md runs, in order, against the emulator.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { startEmulator } = require('../testing/emulator.js')

test('every snippet of the Node page runs', async () => {
  const emu = await startEmulator()
  const saved = { ...process.env }
  Object.assign(process.env, { SAASUS_API_KEY: emu.apiKey, SAASUS_SECRET_KEY: emu.secretKey, SAASUS_SAAS_ID: emu.saasId, SAASUS_BASE_URL: emu.baseUrl })
  const logged = []
  const console = { log: (...args) => logged.push(args.join(' ')) }
  try {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'node.md'), 'utf8')
    const snippets = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
    assert.ok(snippets.length >= 3)
    // One async function for the page, as if the snippets were one module: later ones use earlier names.
    const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor
    const requireSaasus = (name) => (name === 'saasus' ? require('..') : name === 'saasus/express' ? require('../express.js') : require(name))
    await new AsyncFunction('require', 'console', snippets.join('\n'))(requireSaasus, console)
  } finally {
    process.env = saved
    await emu.stop()
  }
  const out = logged.join('\n')
  assert.match(out, /Acme 5/)
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
