'use strict'
// The sessions benchmark's Express driver: an Express app behind `saasus/express`'s middleware,
// called in-process with light-my-request (Fastify's inject; no sockets: the helper and the
// framework are what is measured) by CONCURRENCY loops for SECONDS, each request carrying a
// signed-in user's session cookie. `warm`: the default userCacheMaxAgeMs (60 s); `cold`: 0, a
// GetUserInfo per request. Prints one JSON line: requests, seconds, cpu_seconds, statuses.
//
//   node sessions_express.js PKG warm|cold SECONDS CONCURRENCY     (SAASUS_* point at an emulator)

const path = require('node:path')
const [pkg, mode, seconds, concurrency] = process.argv.slice(2)
const saasus = require(path.resolve(pkg))
const { saasusAuth } = require(path.resolve(pkg, 'express.js'))
const devDeps = path.join(__dirname, '..', '..', 'node', 'node_modules')
const express = require(path.join(devDeps, 'express'))
const inject = require(path.join(devDeps, 'light-my-request'))

async function sessionCookie(client) {
  const email = `bench-${process.pid}@example.com`
  await client.auth.saasUser.createSaasUser({ email, password: 'Passw0rd-Bench' })
  const origin = process.env.SAASUS_BASE_URL.replace(/\/v1$/, '')
  const r = await fetch(`${origin}/_emulator/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: email, password: 'Passw0rd-Bench' }) })
  const { code } = await r.json()
  return `saasus_id_token=${(await client.exchangeTempCode(code)).id_token}`
}

async function main() {
  const client = new saasus.Client()
  const cookie = await sessionCookie(client)
  const app = express()
  app.get('/me', saasusAuth(client, { secure: false, userCacheMaxAgeMs: mode === 'warm' ? 60000 : 0 }), (req, res) => res.json({ id: req.userInfo.id }))
  const statuses = {}
  const one = async () => {
    const r = await inject(app, { method: 'GET', url: '/me', headers: { cookie } })
    statuses[r.statusCode] = (statuses[r.statusCode] ?? 0) + 1
  }
  for (let i = 0; i < 50; i++) await one()
  for (const k of Object.keys(statuses)) delete statuses[k]
  const deadline = performance.now() + Number(seconds) * 1000
  const started = performance.now()
  const cpu = process.cpuUsage()
  const counts = await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
    let n = 0
    while (performance.now() < deadline) {
      await one()
      n++
    }
    return n
  }))
  const used = process.cpuUsage(cpu)
  const elapsed = (performance.now() - started) / 1000
  console.log(JSON.stringify({ requests: counts.reduce((a, b) => a + b, 0), seconds: elapsed, cpu_seconds: (used.user + used.system) / 1e6, statuses }))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
