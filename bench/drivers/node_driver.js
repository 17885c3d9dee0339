'use strict'
// The Node driver (see bench/src/lib.rs for the protocol):
// `node node_driver.js PACKAGE_DIR TENANT_ID SEQUENTIAL CONCURRENCY CONCURRENT_CALLS WARM_UP`,
// credentials from SAASUS_*. Calls in flight are promises on the one JS thread.

const { measure, driverArgs } = require('./phases')
const { pkg, tenantId, numbers, settings } = driverArgs(process.argv.slice(2))
const { Client } = require(pkg)

async function main() {
  const tenants = new Client().auth.tenant
  const result = await measure(async () => (await tenants.getTenant(tenantId)).id, tenantId, settings)
  console.log(JSON.stringify(result))
}

// `node node_driver.js PACKAGE_DIR meter TENANTS ADDS` (bench/meter.py): `meter.add` on the JS
// thread, the adds alone timed, then close().
async function meter() {
  const [tenants, adds] = [numbers[0].split(','), Number(numbers[1])]
  const m = new Client().meter({ flushIntervalMs: 3_600_000 })
  const units = ['api_calls', 'storage']
  const [t, cpu] = [process.hrtime.bigint(), process.cpuUsage()]
  for (let i = 0; i < adds; i++) m.add(tenants[i % tenants.length], units[i % 2])
  const seconds = Number(process.hrtime.bigint() - t) / 1e9
  const u = process.cpuUsage(cpu)
  const closing = process.hrtime.bigint()
  const { stats } = await m.close()
  if (stats.sent !== adds) throw new Error(`sent ${stats.sent} of ${adds}`)
  const closeSeconds = Number(process.hrtime.bigint() - closing) / 1e9
  console.log(JSON.stringify({ adds, seconds, cpu_seconds: (u.user + u.system) / 1e6, requests: stats.requests, sent: stats.sent, close_seconds: closeSeconds }))
}

;(tenantId === 'meter' ? meter() : main()).catch((e) => {
  console.error(`node-driver: ${e.stack || e}`)
  process.exit(1)
})
