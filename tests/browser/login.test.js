'use strict'
// The login flow end to end, in headless Chromium (Debian's package, never a downloaded browser):
// open the emulator's /login, sign in, land on a local callback server with a code, exchange it
// through the SDK, read the user's info.
const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { chromium } = require('playwright-core')
const saasus = require('../../node')
const { startEmulator } = require('../../node/testing')

const PASSWORD = 'Passw0rd-Emulator'
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

function callbackServer() {
  return new Promise((resolve) => {
    let deliver
    const codes = new Promise((r) => (deliver = r))
    const server = http.createServer((req, res) => {
      const url = new URL(req.url, 'http://127.0.0.1')
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<p id="done">signed in</p>')
      if (url.pathname === '/callback') deliver(url.searchParams.get('code'))
    })
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/callback`, codes }))
  })
}

test('sign in through the hosted page and exchange the code', async () => {
  const emu = await startEmulator()
  const cb = await callbackServer()
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const client = new saasus.Client(emu.options())
    await client.auth.authInfo.updateAuthInfo({ callback_url: cb.url })
    const tenant = await client.auth.tenant.createTenant({ name: 'Acme', attributes: {}, back_office_staff_email: 'ops@acme.example' })
    const user = await client.auth.saasUser.createSaasUser({ email: 'alice@example.com', password: PASSWORD })
    await client.auth.role.createRole({ role_name: 'admin', display_name: 'Admin' })
    await client.auth.tenantUser.createTenantUser(tenant.id, { email: 'alice@example.com', attributes: {} })
    await client.auth.tenantUser.createTenantUserRoles(tenant.id, user.id, 3, { role_names: ['admin'] })

    const page = await browser.newPage()
    const origin = emu.baseUrl.replace(/\/v1$/, '')
    await page.goto(`${origin}/login`)
    await page.fill('#username', 'alice@example.com')
    await page.fill('#password', 'wrong password')
    await page.click('button[type=submit]')
    assert.match(await page.textContent('.error'), /Incorrect username or password/)

    await page.fill('#password', PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForSelector('#done')
    assert.ok(page.url().startsWith(cb.url + '?code='))
    const code = await cb.codes

    const creds = await client.exchangeTempCode(code)
    const info = await client.authenticate(saasus.bearerToken(`Bearer ${creds.id_token}`))
    assert.equal(info.email, 'alice@example.com')
    assert.ok(saasus.hasRole(info, tenant.id, 'admin', 3))
    await assert.rejects(client.exchangeTempCode(code), saasus.NotFoundError)
  } finally {
    await browser.close()
    cb.server.close()
    await emu.stop()
  }
})
