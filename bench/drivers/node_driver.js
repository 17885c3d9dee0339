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
  const phase = (wallNs, latNs) => ({ seconds: Number(wallNs) / 1e9, latencies_us: latNs.map((ns) => Math.round(ns / 100) / 10) })

  await concurrently(warmUp)
  let t = process.hrtime.bigint()
  const seq = await worker(sequential)
  const seqWall = process.hrtime.bigint() - t
  t = process.hrtime.bigint()
  const conc = await concurrently(Math.ceil(concurrentCalls / concurrency))
  const concWall = process.hrtime.bigint() - t
  console.log(JSON.stringify({ sequential: phase(seqWall, seq), concurrent: phase(concWall, conc) }))
}

main().catch((e) => {
  console.error(`node-driver: ${e.stack || e}`)
  process.exit(1)
})
