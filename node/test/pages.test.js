'use strict'
// Async iterators over every item of the cursor-paged operations (`<operation>Iter`), against
// the emulator: its cursors are real, and a fault answering a given body repeats one.
const test = require('node:test')
const assert = require('node:assert/strict')
const saasus = require('..')
const { startEmulator } = require('../testing')

// How many requests the emulator served whose path (query included) starts with `prefix`.
async function pagesFetched(emu, prefix) {
  return (await emu.requests()).filter((r) => r.path.startsWith(prefix)).length
}

async function createUsers(client, n) {
  const ids = []
  for (let i = 0; i < n; i++) ids.push((await client.auth.saasUser.createSaasUser({ email: `user-${String(i).padStart(3, '0')}@example.com` })).id)
  return ids
}

async function all(iterator) {
  const items = []
  for await (const item of iterator) items.push(item)
  return items
}

test('SaaS users, tenant users and logs come whole, in pages of the limit', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    const created = await createUsers(client, 250) // also the emulator's first 250 API logs

    const logs = await all(client.apilog.apiLog.getLogsIter({ limit: 100 }))
    assert.equal(new Set(logs.map((l) => l.api_log_id)).size, 250)
    assert.equal(logs.length, 250)
    assert.ok(logs.every((l) => l.request_method === 'POST' && l.request_uri === '/v1/auth/users'))
    assert.equal(await pagesFetched(emu, '/v1/apilog/logs'), 3)

    const tenant = await client.auth.tenant.createTenant({ name: 'Paged Co', attributes: {}, back_office_staff_email: 'ops@paged.example' })
    for (let i = 0; i < 250; i++) {
      await client.auth.tenantUser.createTenantUser(tenant.id, { email: `user-${String(i).padStart(3, '0')}@example.com`, attributes: {} })
    }

    await emu.clearRequests()
    const seen = (await all(client.auth.saasUser.searchSaasUsersIter({ limit: 100 }))).map((u) => u.id)
    assert.equal(seen.length, 250)
    assert.deepEqual(new Set(seen), new Set(created))
    assert.equal(await pagesFetched(emu, '/v1/auth/users/search'), 3)

    const members = await all(client.auth.tenantUser.searchTenantUsersIter({ tenant_id: tenant.id, limit: 100 }))
    assert.ok(members.every((m) => m.tenant_id === tenant.id))
    assert.deepEqual(members.map((m) => m.id).sort(), [...created].sort())
    assert.equal(await pagesFetched(emu, '/v1/auth/tenants/all/users/search'), 3)

    // The filters go with every page: 100 of the 250 emails start with "user-1".
    const some = await all(client.auth.saasUser.searchSaasUsersIter({ email: 'user-1', limit: 30 }))
    assert.equal(some.length, 100)
    assert.ok(some.every((u) => u.email.startsWith('user-1')))
  } finally {
    await emu.stop()
  }
})

test('a repeated cursor stops the iteration with a DecodeError naming cursor', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    await createUsers(client, 250)
    // The emulator's cursors name the last user of a page: the first page's is known in advance.
    const first = (await client.auth.saasUser.searchSaasUsers({ limit: 100 })).cursor
    const users = client.auth.saasUser.searchSaasUsersIter({ limit: 100 })
    const seen = [(await users.next()).value.id]
    // The first page has come; page 2 is now answered as if it were page 1 again.
    await emu.fault({ path: '/v1/auth/users/search', status: 200, body: { users: [], cursor: first } })
    const err = await (async () => {
      for await (const u of users) seen.push(u.id)
    })().catch((e) => e)
    assert.equal(seen.length, 100, 'the first page\'s users all come before the error')
    assert.ok(err instanceof saasus.DecodeError, String(err))
    assert.equal(err.code, 'SAASUS_DECODE')
    assert.equal(err.status, 200)
    assert.match(err.message, /cursor: page 2 of SearchSaasUsers answered a cursor this iteration had already used/)
    assert.deepEqual(await users.next(), { done: true, value: undefined })
  } finally {
    await emu.stop()
  }
})

test('errors are the plain operation\'s; arguments are checked when the iterator is made', async () => {
  const emu = await startEmulator()
  try {
    const client = new saasus.Client(emu.options())
    await createUsers(client, 150)
    const users = client.auth.saasUser.searchSaasUsersIter({ limit: 100 })
    await users.next()
    await emu.fault({ path: '/v1/auth/users/search', status: 403 })
    await assert.rejects(all(users), saasus.ForbiddenError)
    assert.throws(() => client.auth.saasUser.searchSaasUsersIter({ limit: 'many' }), (e) => e instanceof saasus.InvalidArgumentError && /limit/.test(e.message))
    assert.throws(() => client.auth.saasUser.searchSaasUsersIter({ no_such_filter: 1 }), saasus.InvalidArgumentError)
    assert.throws(() => client.auth.saasUser.searchSaasUsersIter(42), saasus.InvalidArgumentError)
    await assert.rejects(all(client.auth.saasUser.searchSaasUsersIter({ limit: 1000 })), saasus.BadRequestError)
    // Only the paged operations have one, and not under withResponse.
    assert.equal(client.auth.saasUser.getSaasUsersIter, undefined)
    assert.equal(client.withResponse.auth.saasUser.searchSaasUsersIter, undefined)
    // An AbortSignal of the client ends a page's fetch as it ends a call.
    const controller = new AbortController()
    const aborting = client.withOptions({ signal: controller.signal }).auth.saasUser.searchSaasUsersIter({ limit: 100 })
    await emu.fault({ path: '/v1/auth/users/search', stall_ms: 5000 })
    const pending = aborting.next()
    controller.abort()
    await assert.rejects(pending, { name: 'AbortError' })
  } finally {
    await emu.stop()
  }
})
