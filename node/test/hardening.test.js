'use strict'
// Hardening (issue 14): what the SDK refuses before anything is sent, the escape hatch for
// fields newer than the SDK, the limit on answers, redirects, and options checked into
// ConfigError. Against the emulator (through a recording proxy where "nothing was sent" must be
// seen), and node:http servers for what the emulator cannot play (a huge answer, a redirect).
const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const saasus = require('..')
const { startEmulator } = require('../testing')

let emu
let proxy
test.before(async () => {
  emu = await startEmulator()
  proxy = await recordingProxy(emu.baseUrl)
})
test.after(async () => {
  await proxy.close()
  await emu.stop()
})

function listen(handler) {
  const server = http.createServer(handler)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

function closeServer(server) {
  server.closeAllConnections?.()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** Forwards every request to the emulator as it came (the Host header too, which the signature
 * covers) and records it: what the SDK sent, or that it sent nothing. */
async function recordingProxy(target) {
  const upstream = new URL(target)
  const requests = []
  const server = await listen((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      requests.push({ method: req.method, url: req.url, body: body.toString('utf8') })
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers)
        answer.pipe(res)
      })
      out.on('error', (e) => res.destroy(e))
      out.end(body)
    })
  })
  return {
    requests,
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    close: () => closeServer(server),
  }
}

/** What `fn` throws, or rejects with when it returns a promise. */
async function refusal(fn) {
  let result
  try {
    result = fn()
  } catch (e) {
    return e
  }
  if (result && typeof result.then === 'function') return result.then(() => assert.fail('should reject'), (e) => e)
  return assert.fail('should throw')
}

async function assertRefused(fn, Class, type, what = '') {
  const e = await refusal(fn)
  assert.ok(e instanceof Class, `${what}: ${e && e.constructor && e.constructor.name}: ${e && e.message}`)
  assert.equal(e.type, type, `${what}: ${e.message}`)
  assert.ok(e.message.includes(type), `${what}: the message names ${type}: ${e.message}`)
  return e
}

const TENANT = { name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' }

test('the renamed role_id (SaaSus API v1.13.8) is refused naming role_name, before anything is sent', async () => {
  const client = new saasus.Client(emu.options({ baseUrl: proxy.baseUrl }))
  const sent = proxy.requests.length
  const rule = "was renamed role_name in SaaSus API v1.13.8 (it filters by a role's name); pass role_name instead"
  for (const [args, field] of [[{ role_id: 'admin' }, 'role_id'], [{ extra_query: { role_id: 'admin' } }, 'extra_query.role_id']]) {
    const e = await assertRefused(() => client.auth.tenantUser.searchTenantUsers(args), saasus.InvalidArgumentError, field)
    assert.ok(e.message.includes(rule), e.message)
  }
  assert.equal(proxy.requests.length, sent, 'nothing was sent')
  assert.deepEqual((await client.auth.tenantUser.searchTenantUsers({ role_name: 'admin' })).users, [])
})

test('an unknown key is refused naming it, before anything is sent; extra_body and extra_query reach the emulator', async () => {
  const client = new saasus.Client(emu.options({ baseUrl: proxy.baseUrl }))
  const sent = proxy.requests.length
  const typo = await assertRefused(() => client.auth.tenant.createTenant({ ...TENANT, nmae: 'Acme' }), saasus.InvalidArgumentError, 'nmae')
  assert.match(typo.message, /is not a field of CreateTenantParam/)
  await assertRefused(() => client.auth.tenantUser.searchTenantUsers({ limt: 10 }), saasus.InvalidArgumentError, 'limt')
  await assertRefused(() => client.auth.tenant.getTenants({ page: 2 }), saasus.InvalidArgumentError, 'arguments')
  await assertRefused(() => client.auth.tenant.createTenant({ ...TENANT, extra_query: { a: 1 } }), saasus.InvalidArgumentError, 'extra_query')
  await assertRefused(() => client.auth.tenant.createTenant({ ...TENANT, extra_body: 'x' }), saasus.InvalidArgumentError, 'extra_body')
  await assertRefused(() => client.auth.tenant.createTenant({ ...TENANT, extra_body: { name: 'twice' } }), saasus.InvalidArgumentError, 'extra_body.name')
  assert.equal(proxy.requests.length, sent, 'nothing was sent')
  const before = (await client.auth.tenant.getTenants()).tenants.length

  const created = await client.auth.tenant.createTenant({ ...TENANT, extra_body: { future_field: { tier: 2 }, another: [1, 'a'] } })
  assert.equal(created.name, 'Acme')
  const post = proxy.requests.at(-1)
  assert.equal(post.method, 'POST')
  assert.deepEqual(JSON.parse(post.body), { ...TENANT, future_field: { tier: 2 }, another: [1, 'a'] })
  assert.equal((await client.auth.tenant.getTenants()).tenants.length, before + 1)

  const found = await client.auth.tenantUser.searchTenantUsers({ limit: 10, extra_query: { future_param: 'x y' } })
  assert.ok(Array.isArray(found.users))
  assert.match(proxy.requests.at(-1).url, /\?limit=10&future_param=x\+y$/)
})

test('a path parameter of the wrong type is refused naming it: a string, or a whole number for env ids', async () => {
  const client = new saasus.Client(emu.options({ baseUrl: proxy.baseUrl }))
  const sent = proxy.requests.length
  for (const bad of [undefined, null, 5, 1.5, true, {}, ['t'], 1n, Symbol('t'), () => 't', new String('t'), '\uD800']) {
    await assertRefused(() => client.auth.tenant.getTenant(bad), saasus.InvalidArgumentError, 'tenant_id', String(typeof bad))
  }
  await assertRefused(() => client.auth.tenantUser.getTenantUser('t', 7), saasus.InvalidArgumentError, 'user_id')
  for (const bad of [1.5, -1, NaN, Infinity, 2 ** 60, null, {}, 3n, '7']) {
    await assertRefused(() => client.auth.env.getEnv(bad), saasus.InvalidArgumentError, 'env_id', String(bad))
  }
  for (const dots of ['.', '..']) {
    await assertRefused(() => client.auth.tenant.getTenant(dots), saasus.InvalidArgumentError, 'tenant_id', dots)
  }
  await assertRefused(() => client.auth.tenant.getTenant(''), saasus.InvalidArgumentError, 'tenant_id')
  assert.equal(proxy.requests.length, sent, 'nothing was sent')
  const env = await client.auth.env.createEnv({ id: 7, name: 'seven', display_name: 'Seven' })
  assert.equal((await client.auth.env.getEnv(7)).id, env.id)
})

test("deleteTenantUser('..', userId) is refused naming tenant_id, and the SaaS user still exists", async () => {
  const client = new saasus.Client(emu.options())
  const tenant = await client.auth.tenant.createTenant(TENANT)
  const user = await client.auth.saasUser.createSaasUser({ email: 'dots@example.com', password: 'Passw0rd-Emulator' })
  await client.auth.tenantUser.createTenantUser(tenant.id, { email: 'dots@example.com', attributes: {} })
  // `/tenants/../users/{id}` is `/users/{id}`: DeleteSaasUser, had the dots been sent.
  await assertRefused(() => client.auth.tenantUser.deleteTenantUser('..', user.id), saasus.InvalidArgumentError, 'tenant_id')
  await assertRefused(() => client.auth.tenantUser.deleteTenantUser('.', user.id), saasus.InvalidArgumentError, 'tenant_id')
  await assertRefused(() => client.auth.tenantUser.deleteTenantUser(tenant.id, '..'), saasus.InvalidArgumentError, 'user_id')
  assert.equal((await client.auth.saasUser.getSaasUser(user.id)).id, user.id, 'the SaaS user still exists')
  assert.equal((await client.auth.tenantUser.getTenantUser(tenant.id, user.id)).id, user.id, 'and so does the tenant user')
})

test('an input that JSON cannot carry is refused naming the field, before anything is sent', async () => {
  const client = new saasus.Client(emu.options({ baseUrl: proxy.baseUrl }))
  const sent = proxy.requests.length
  const tenant = (fields) => client.auth.tenant.createTenant({ ...TENANT, ...fields })
  // The input itself must be a plain object.
  class Param { constructor() { Object.assign(this, TENANT) } }
  for (const input of [null, 'name=Acme', 5, [TENANT], new Date(), new Map(Object.entries(TENANT)), new Param(), () => TENANT, Symbol('x'), 1n]) {
    await assertRefused(() => client.auth.tenant.createTenant(input), saasus.InvalidArgumentError, 'body', describe(input))
  }
  await assertRefused(() => client.auth.tenantUser.searchTenantUsers([]), saasus.InvalidArgumentError, 'query')

  const cyclic = { ...TENANT, attributes: {} }
  cyclic.attributes.self = cyclic
  await assertRefused(() => client.auth.tenant.createTenant(cyclic), saasus.InvalidArgumentError, 'attributes.self')
  const list = []
  list.push(list)
  await assertRefused(() => tenant({ attributes: { list } }), saasus.InvalidArgumentError, 'attributes.list[0]')

  let deepObject = {}
  for (let i = 0; i < 10000; i++) deepObject = { a: deepObject }
  let deepArray = []
  for (let i = 0; i < 100000; i++) deepArray = [deepArray]
  const deep = await refusal(() => tenant({ attributes: deepObject }))
  assert.ok(deep instanceof saasus.InvalidArgumentError && deep.type.startsWith('attributes.a.a'), String(deep))
  assert.match(deep.message, /nested deeper than 127 levels/)
  const deeper = await refusal(() => tenant({ attributes: { x: deepArray } }))
  assert.ok(deeper instanceof saasus.InvalidArgumentError && deeper.type.startsWith('attributes.x[0][0]'), String(deeper))
  // Shared (not cyclic) objects: 2^40 values, as JSON, had the walk not been budgeted.
  let shared = {}
  for (let i = 0; i < 40; i++) shared = { a: shared, b: shared }
  await assertRefused(() => tenant({ attributes: shared }), saasus.InvalidArgumentError, 'body')

  const cases = [
    [{ attributes: { n: 1n } }, 'attributes.n'],
    [{ attributes: { n: NaN } }, 'attributes.n'],
    [{ attributes: { n: -Infinity } }, 'attributes.n'],
    [{ attributes: { f: () => 1 } }, 'attributes.f'],
    [{ attributes: { s: Symbol('s') } }, 'attributes.s'],
    [{ name: Symbol('s') }, 'name'],
    [{ name: () => 'x' }, 'name'],
    [{ attributes: { when: new Date() } }, 'attributes.when'],
    [{ attributes: { m: new Map() } }, 'attributes.m'],
    [{ attributes: { s: new Set([1]) } }, 'attributes.s'],
    [{ attributes: { b: Buffer.from('x') } }, 'attributes.b'],
    [{ attributes: { list: [1, undefined] } }, 'attributes.list[1]'],
    [{ attributes: { list: [1, , 3] } }, 'attributes.list[1]'], // eslint-disable-line no-sparse-arrays
    [{ name: 'lone \uDC00 surrogate' }, 'name'],
    [{ attributes: { ['\uD800']: 1 } }, 'attributes'],
    [{ name: 1 }, 'name'],
    [{ attributes: 'x' }, 'attributes'],
  ]
  for (const [fields, type] of cases) await assertRefused(() => tenant(fields), saasus.InvalidArgumentError, type, type)
  const getter = { ...TENANT, get name() { throw new Error('no name today') } }
  await assertRefused(() => client.auth.tenant.createTenant(getter), saasus.InvalidArgumentError, 'body')
  assert.equal(proxy.requests.length, sent, 'nothing was sent')
  // Absent is absent: an undefined property is left out, as JSON.stringify leaves it.
  const made = await client.auth.tenant.createTenant({ ...TENANT, plan_id: undefined, attributes: { ok: [1, 'a', null, { b: true }] } })
  assert.deepEqual(made.attributes, { ok: [1, 'a', null, { b: true }] })
})

function describe(v) {
  return typeof v === 'symbol' ? 'symbol' : typeof v === 'bigint' ? 'bigint' : Object.prototype.toString.call(v)
}

test('the other entry points refuse wrong types as SaasusErrors too', async () => {
  const client = new saasus.Client(emu.options({ baseUrl: proxy.baseUrl }))
  const sent = proxy.requests.length
  const cyclic = {}
  cyclic.self = cyclic
  for (const bad of [5, 'x', [], new Date(), Symbol('x')]) {
    await assertRefused(() => client.withContext(bad), saasus.InvalidArgumentError, 'context', describe(bad))
  }
  await assertRefused(() => client.withContext(cyclic), saasus.InvalidArgumentError, 'self')
  await assertRefused(() => client.withContext({ traceId: 1n }), saasus.InvalidArgumentError, 'traceId')
  await assertRefused(() => client.withContext({ traceID: 'x' }), saasus.InvalidArgumentError, 'traceID')
  for (const [name, helper] of [['code', 'exchangeTempCode'], ['refresh_token', 'refresh'], ['id_token', 'authenticate']]) {
    for (const bad of [undefined, null, 5, {}, Object.create(null), Symbol('x'), 1n, ['t'], '\uD800']) {
      await assertRefused(() => client[helper](bad), saasus.InvalidArgumentError, name, `${helper}(${describe(bad)})`)
    }
    await assertRefused(() => client[helper](' '), saasus.InvalidArgumentError, name, `${helper}(' ')`)
  }
  for (const bad of [5, {}, ['Bearer x'], Symbol('x'), 1n]) {
    await assertRefused(() => saasus.bearerToken(bad), saasus.InvalidArgumentError, 'authorization', describe(bad))
  }
  assert.equal(saasus.bearerToken(undefined), undefined)
  assert.equal(saasus.bearerToken(null), undefined)
  assert.equal(saasus.bearerToken('Bearer abc'), 'abc')
  const user = { id: 'u', email: 'a@example.com', sign_in_id: 'a', tenants: [{ id: 't', name: 'T', completed_sign_up: true, is_paid: false, plan_id: undefined, back_office_staff_email: 'b@example.com', user_attribute: {}, envs: [{ id: 3, name: 'prod', display_name: 'Prod', roles: [{ role_name: 'admin', display_name: 'Admin' }] }] }], user_attribute: {} }
  const held = saasus.hasRole(user, 't', 'admin', 3)
  assert.equal(typeof held, 'boolean')
  for (const bad of [null, 'u', [user], cyclic]) {
    await assertRefused(() => saasus.hasRole(bad, 't', 'admin'), saasus.InvalidArgumentError, bad === cyclic ? 'self' : 'user', describe(bad))
  }
  await assertRefused(() => saasus.hasRole(user, 5, 'admin'), saasus.InvalidArgumentError, 'tenant_id')
  await assertRefused(() => saasus.hasRole(user, 't', {}), saasus.InvalidArgumentError, 'role_name')
  for (const bad of [1.5, -1, NaN, '3', 3n]) {
    await assertRefused(() => saasus.hasRole(user, 't', 'admin', bad), saasus.InvalidArgumentError, 'env_id', String(bad))
  }
  assert.equal(proxy.requests.length, sent, 'nothing was sent')
})

test('options of the wrong type or out of range are ConfigErrors naming the option', () => {
  const given = emu.options()
  const configError = (options, option) => {
    let err
    try {
      new saasus.Client(options)
    } catch (e) {
      err = e
    }
    assert.ok(err instanceof saasus.ConfigError, `${option}=${String(options[option])}: ${err && err.constructor.name}: ${err && err.message}`)
    assert.equal(err.code, 'SAASUS_CONFIG')
    assert.equal(err.type, option, err.message)
    assert.ok(err.message.includes(option), err.message)
  }
  for (const option of ['timeoutMs', 'connectTimeoutMs']) {
    for (const bad of [1e300, -1, 0, NaN, Infinity, -Infinity, '5', 86_400_001, {}, 1n, true]) configError({ ...given, [option]: bad }, option)
  }
  for (const bad of [1e300, -1, 2.5, 11, NaN, Infinity, '2', 1n]) configError({ ...given, maxRetries: bad }, 'maxRetries')
  for (const bad of [1e300, -1, 2.5, 0, 1023, 2 ** 53, NaN, Infinity, '8388608', 1n]) configError({ ...given, maxResponseBytes: bad }, 'maxResponseBytes')
  for (const bad of [5, {}, '\uD800']) configError({ ...given, apiKey: bad }, 'apiKey')
  const cyclic = { ...given }
  cyclic.baseUrl = cyclic
  configError(cyclic, 'baseUrl')
  for (const bad of [[], 'options', 5, new Date(), Symbol('x'), () => ({})]) {
    let err
    try {
      new saasus.Client(bad)
    } catch (e) {
      err = e
    }
    assert.ok(err instanceof saasus.ConfigError && err.type === 'options', `${describe(bad)}: ${err}`)
  }
  const fine = new saasus.Client({ ...given, timeoutMs: 86_400_000, connectTimeoutMs: 1.5, maxRetries: 10, maxResponseBytes: 1024 })
  assert.equal(fine.baseUrl, given.baseUrl)
})

test('maxResponseBytes limits what is read from the emulator', async () => {
  const client = new saasus.Client(emu.options({ maxResponseBytes: 1024 }))
  const roomy = new saasus.Client(emu.options({ maxResponseBytes: 64 * 1024 }))
  await client.auth.basicInfo.getBasicInfo()
  while (JSON.stringify(await roomy.auth.tenant.getTenants()).length <= 1024) await roomy.auth.tenant.createTenant(TENANT)
  const err = await client.auth.tenant.getTenants().catch((e) => e)
  assert.ok(err instanceof saasus.DecodeError, String(err))
  assert.equal(err.code, 'SAASUS_DECODE')
  assert.match(err.message, /max_response_bytes \(1024 bytes\)/)
  assert.ok((await roomy.auth.tenant.getTenants()).tenants.length > 0)
})

test('a 200 MB answer fails naming max_response_bytes, and the connection is closed long before its end', async () => {
  const TOTAL = 200 * 1024 * 1024
  const chunk = Buffer.alloc(64 * 1024, 'a')
  const seen = []
  const server = await listen((req, res) => {
    const declare = req.url.includes('/tenants/declared')
    const record = { declared: declare, written: 0, closedAt: undefined }
    record.closed = new Promise((resolve) => res.on('close', () => resolve((record.closedAt = record.written))))
    seen.push(record)
    res.writeHead(200, { 'content-type': 'application/json', ...(declare ? { 'content-length': TOTAL } : {}) })
    const pump = () => {
      while (record.written < TOTAL && record.closedAt === undefined) {
        record.written += chunk.length
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
      res.end()
    }
    pump()
  })
  try {
    const baseUrl = `http://127.0.0.1:${server.address().port}/v1`
    for (const [options, id] of [[{}, 'streamed'], [{}, 'declared'], [{ maxResponseBytes: 1024 * 1024 }, 'streamed']]) {
      const client = new saasus.Client({ apiKey: 'k', secretKey: 's', saasId: 'id', baseUrl, maxRetries: 0, ...options })
      const err = await client.auth.tenant.getTenant(id).then(() => assert.fail('should reject'), (e) => e)
      assert.ok(err instanceof saasus.SaasusError && err.code !== 'SAASUS_INTERNAL', String(err))
      assert.ok(err instanceof saasus.DecodeError, String(err))
      assert.match(err.message, /max_response_bytes/)
      assert.match(err.message, new RegExp(`\\(${options.maxResponseBytes ?? 8 * 1024 * 1024} bytes\\)`))
      const record = seen.at(-1)
      // The server sees the connection closed (the SDK stopped reading), long before the end.
      const closedAt = await record.closed
      assert.ok(closedAt < TOTAL / 4, `closed after ${closedAt} of ${TOTAL} bytes (${id})`)
    }
    assert.equal(seen.length, 3, 'one request each, not retried')
  } finally {
    await closeServer(server)
  }
})

test('a redirect is an API error with its status; the Location host is never contacted', async () => {
  const elsewhere = []
  const target = await listen((req, res) => {
    elsewhere.push(`${req.method} ${req.url}`)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"tenants":[]}')
  })
  const redirector = await listen((req, res) => {
    req.resume()
    const status = req.url.endsWith('/tenants') ? 307 : 302
    res.writeHead(status, { location: `http://127.0.0.1:${target.address().port}${req.url}`, 'content-type': 'application/json' })
    res.end(JSON.stringify({ type: 'moved', message: 'elsewhere' }))
  })
  try {
    const client = new saasus.Client({ apiKey: 'k', secretKey: 's', saasId: 'id', baseUrl: `http://127.0.0.1:${redirector.address().port}/v1` })
    const post = await client.auth.tenant.createTenant(TENANT).then(() => assert.fail('should reject'), (e) => e)
    assert.ok(post instanceof saasus.SaasusApiError, String(post))
    assert.equal(post.status, 307)
    assert.equal(post.code, 'SAASUS_API_ERROR')
    const get = await client.auth.tenant.getTenants().then(() => assert.fail('should reject'), (e) => e)
    assert.ok(get instanceof saasus.SaasusApiError && get.status === 307, String(get))
    const other = await client.auth.tenant.getTenant('t').then(() => assert.fail('should reject'), (e) => e)
    assert.ok(other instanceof saasus.SaasusApiError && other.status === 302, String(other))
    assert.deepEqual(elsewhere, [], 'the Location host was never contacted')
  } finally {
    await closeServer(redirector)
    await closeServer(target)
  }
})

test('a logger whose method returns a rejected promise fails neither the call nor the process', async () => {
  const unhandled = []
  const onUnhandled = (reason) => unhandled.push(reason)
  process.on('unhandledRejection', onUnhandled)
  try {
    const rejecting = { debug: async () => { throw new Error('transport down') }, info: () => Promise.reject(new Error('x')), warn() {} }
    const client = new saasus.Client(emu.options({ logger: rejecting }))
    assert.ok((await client.auth.env.getEnvs()).envs.length > 0)
    assert.ok((await client.auth.env.getEnvs()).envs.length > 0)
    // Unhandled rejections are reported after the microtask queue drains.
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setTimeout(resolve, 20))
    assert.deepEqual(unhandled, [])
  } finally {
    process.off('unhandledRejection', onUnhandled)
  }
})

test('calls sharing one AbortSignal add one listener to it, and none stays after they end', async () => {
  const { getEventListeners } = require('node:events')
  const warnings = []
  const onWarning = (w) => warnings.push(w)
  process.on('warning', onWarning)
  try {
    const controller = new AbortController()
    const client = new saasus.Client(emu.options()).withOptions({ signal: controller.signal })
    const calls = Array.from({ length: 25 }, () => client.auth.env.getEnvs())
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1)
    for (const r of await Promise.all(calls)) assert.ok(r.envs.length > 0)
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0)
    // Aborting many at once still rejects each with the signal's reason.
    const more = Array.from({ length: 25 }, () => client.auth.tenant.getTenants())
    controller.abort()
    for (const outcome of await Promise.allSettled(more)) assert.equal(outcome.reason?.name, 'AbortError')
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0)
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(warnings.filter((w) => w.name === 'MaxListenersExceededWarning'), [])
  } finally {
    process.off('warning', onWarning)
  }
})

test('an empty trace id, a non-ASCII header value and a base URL holding credentials are refused, naming the rule', async () => {
  const client = new saasus.Client(emu.options())
  const refused = (options, field, rule) =>
    assert.throws(() => client.withOptions(options), (e) => e instanceof saasus.InvalidArgumentError && e.type === field && e.message.includes(rule), JSON.stringify(options))
  refused({ traceId: '' }, 'traceId', 'must not be empty')
  refused({ traceId: 'café' }, 'traceId', 'non-ASCII')
  assert.throws(() => client.withContext({ referer: 'https://app.example/café' }), (e) => e instanceof saasus.InvalidArgumentError && e.message.includes('printable ASCII'))
  let err
  try {
    new saasus.Client(emu.options({ baseUrl: emu.baseUrl.replace('http://', 'http://user:hunter2@') }))
  } catch (e) {
    err = e
  }
  assert.ok(err instanceof saasus.ConfigError && err.type === 'baseUrl', String(err))
  assert.ok(err.message.includes('credentials') && !err.message.includes('hunter2'), err.message)
})
