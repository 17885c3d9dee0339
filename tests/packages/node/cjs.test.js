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

test('npx saasus listen forwards what npx saasus trigger does, and saasus/events reads it', async () => {
  const { spawn, spawnSync } = require('node:child_process')
  const http = require('node:http')
  const events = require('saasus/events')
  const emu = await startEmulator()
  const received = []
  let arrived
  const three = new Promise((resolve) => { arrived = resolve })
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks), signature: req.headers[events.SIGNATURE_HEADER] })
      res.end('ok')
      if (received.length === 3) arrived()
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const secret = 'whsec_scratch_project'
  const env = { ...process.env, ...emu.env, SAASUS_LISTEN_SECRET: secret }
  const listen = spawn('npx', ['--no-install', 'saasus', 'listen', '--forward-to', `http://127.0.0.1:${server.address().port}/hook`], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  try {
    // It announces itself once events caused from then on are forwarded.
    await new Promise((resolve, reject) => {
      let said = ''
      listen.stderr.on('data', (d) => { said += d; if (said.includes('\n')) resolve() })
      listen.on('exit', (code) => reject(new Error(`listen exited ${code}: ${said}`)))
    })
    const triggered = spawnSync('npx', ['--no-install', 'saasus', 'trigger', 'create_tenant_user'], { env, encoding: 'utf8', timeout: 60_000 })
    assert.equal(triggered.status, 0, triggered.stderr)
    const member = JSON.parse(triggered.stdout).results.member
    await three
    const parsed = received.map(({ body, signature }) => {
      events.verify(body, signature, secret)
      return events.parse(body)
    })
    // Forwarded as they happened; inOrder sorts by time (whole seconds), the only order the platform promises.
    assert.deepEqual(parsed.map((e) => e.operation), ['CreateTenant', 'CreateSaasUser', 'CreateTenantUser'])
    const times = events.inOrder(parsed).map((e) => e.time)
    assert.deepEqual(times, [...times].sort())
    assert.equal(parsed.find((e) => e.operation === 'CreateTenantUser').response.id, member.id)
  } finally {
    listen.kill()
    server.close()
    await emu.stop()
  }
})
