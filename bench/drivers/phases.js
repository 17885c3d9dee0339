'use strict'
// The phases every Node driver runs (see bench/src/lib.rs for the protocol), shared by ours
// (node_driver.js) and the official SDK's (official_js_driver.js). Calls in flight are promises
// on the one JS thread; `getId()` resolves to the tenant's id.

async function measure(getId, expected, { sequential, concurrency, concurrentCalls, warmUp }) {
  async function worker(calls) {
    const lat = new Array(calls)
    for (let i = 0; i < calls; i++) {
      const t = process.hrtime.bigint()
      const id = await getId()
      lat[i] = Number(process.hrtime.bigint() - t)
      // A wrong answer must not pass for a fast one.
      if (id !== expected) throw new Error(`the emulator answered with tenant ${id}, not ${expected}`)
    }
    return lat
  }
  const concurrently = async (perWorker) => (await Promise.all(Array.from({ length: concurrency }, () => worker(perWorker)))).flat()
  // Process CPU (every thread: the JS thread, libuv's and any native threads) since `from`.
  const cpuSeconds = (from) => { const u = process.cpuUsage(from); return (u.user + u.system) / 1e6 }
  const phase = (wallNs, cpu, latNs) => ({ seconds: Number(wallNs) / 1e9, cpu_seconds: cpu, latencies_us: latNs.map((ns) => Math.round(ns / 100) / 10) })

  await concurrently(warmUp)
  let [t, cpu] = [process.hrtime.bigint(), process.cpuUsage()]
  const seq = await worker(sequential)
  const [seqWall, seqCpu] = [process.hrtime.bigint() - t, cpuSeconds(cpu)];
  [t, cpu] = [process.hrtime.bigint(), process.cpuUsage()]
  const conc = await concurrently(Math.ceil(concurrentCalls / concurrency))
  const [concWall, concCpu] = [process.hrtime.bigint() - t, cpuSeconds(cpu)]
  return { sequential: phase(seqWall, seqCpu, seq), concurrent: phase(concWall, concCpu, conc) }
}

// The driver's arguments after PACKAGE_DIR: TENANT_ID SEQUENTIAL CONCURRENCY CONCURRENT_CALLS WARM_UP.
function driverArgs(argv) {
  const [pkg, tenantId, ...numbers] = argv
  const [sequential, concurrency, concurrentCalls, warmUp] = numbers.map(Number)
  return { pkg, tenantId, numbers, settings: { sequential, concurrency, concurrentCalls, warmUp } }
}

module.exports = { measure, driverArgs }
