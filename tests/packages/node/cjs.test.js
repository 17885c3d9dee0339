// A user's CommonJS project with nothing but the installed tarballs (saasus and its linux-x64
// platform package): every entry point by the package's name, and the emulator the addon carries.
const test = require('node:test')
const assert = require('node:assert/strict')
const { Client, NotFoundError, VERSION } = require('saasus')
const { saasusAuth } = require('saasus/express')
const fastify = require('saasus/fastify')
const { startEmulator } = require('saasus/testing')

test('resolves from node_modules, not a checkout', () => {
  assert.match(require.resolve('saasus'), /node_modules[\\/]saasus[\\/]index\.js$/)
  assert.match(require.resolve('saasus-linux-x64-gnu'), /node_modules[\\/]saasus-linux-x64-gnu[\\/]/)
  assert.equal(typeof VERSION, 'string')
  assert.equal(typeof saasusAuth, 'function')
  assert.equal(typeof fastify.saasusAuth, 'function')
})

test('the testing kit serves a tenant and a typed not-found', async () => {
  const emu = await startEmulator()
  try {
    const client = new Client(emu.options({ maxRetries: 0 }))
    await client.auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' })
    const { tenants } = await client.auth.tenant.getTenants()
    assert.deepEqual(tenants.map((t) => t.name), ['Acme'])
    await assert.rejects(client.auth.tenant.getTenant('no-such-tenant'), NotFoundError)
  } finally {
    await emu.stop()
  }
})

test('npx saasus: the command line of the installed package, against the kit emulator', async () => {
  const { spawnSync } = require('node:child_process')
  const emu = await startEmulator()
  try {
    const env = { ...process.env, ...emu.env }
    const saasus = (...args) => spawnSync('npx', ['--no-install', 'saasus', ...args], { env, encoding: 'utf8', timeout: 60_000 })
    const created = saasus('auth', 'tenant', 'create-tenant', '--name', 'Acme', '--attributes', '{}', '--back-office-staff-email', 'ops@acme.example')
    assert.equal(created.status, 0, created.stderr)
    const id = JSON.parse(created.stdout).id
    assert.equal(JSON.parse(saasus('auth', 'tenant', 'get-tenant', '--tenant-id', id).stdout).name, 'Acme')
    assert.deepEqual([saasus('auth', 'tenant', 'delete-tenant', '--tenant-id', id).status], [0])
    const missing = saasus('auth', 'tenant', 'get-tenant', '--tenant-id', id)
    assert.equal(missing.status, 5)
    assert.equal(JSON.parse(missing.stderr).error.status, 404)
    assert.match(saasus('completion', 'zsh').stdout, /get-tenants/)
  } finally {
    await emu.stop()
  }
})
