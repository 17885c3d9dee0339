'use strict'
// The Node driver (see bench/src/lib.rs for the protocol):
// `node node_driver.js PACKAGE_DIR TENANT_ID SEQUENTIAL CONCURRENCY CONCURRENT_CALLS WARM_UP`,
// credentials from SAASUS_*. Calls in flight are promises on the one JS thread.

const [pkg, tenantId, ...numbers] = process.argv.slice(2)
const [sequential, concurrency, concurrentCalls, warmUp] = numbers.map(Number)
const { Client } = require(pkg)

async function main() {
  const client = new Client()
  const tenants = client.auth.tenant

  async function worker(calls) {
    const lat = new Array(calls)
    for (let i = 0; i < calls; i++) {
      const t = process.hrtime.bigint()
      const tenant = await tenants.getTenant(tenantId)
      lat[i] = Number(process.hrtime.bigint() - t)
      // A wrong answer must not pass for a fast one.
      if (tenant.id !== tenantId) throw new Error(`the emulator answered with tenant ${tenant.id}, not ${tenantId}`)
    }
    return lat
  }
  const concurrently = async (perWorker) => (await Promise.all(Array.from({ length: concurrency }, () => worker(perWorker)))).flat()
  // Process CPU (every thread: the JS thread, libuv's and the addon's tokio workers) since `from`.
  const cpuSeconds = (from) => { const u = process.cpuUsage(from); return (u.user + u.system) / 1e6 }
  const phase = (wallNs, cpu, latNs) => ({ seconds: Number(wallNs) / 1e9, cpu_seconds: cpu, latencies_us: latNs.map((ns) => Math.round(ns / 100) / 10) })

  await concurrently(warmUp)
  let [t, cpu] = [process.hrtime.bigint(), process.cpuUsage()]
  const seq = await worker(sequential)
  const [seqWall, seqCpu] = [process.hrtime.bigint() - t, cpuSeconds(cpu)];
  [t, cpu] = [process.hrtime.bigint(), process.cpuUsage()]
  const conc = await concurrently(Math.ceil(concurrentCalls / concurrency))
  const [concWall, concCpu] = [process.hrtime.bigint() - t, cpuSeconds(cpu)]
  console.log(JSON.stringify({ sequential: phase(seqWall, seqCpu, seq), concurrent: phase(concWall, concCpu, conc) }))
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
