// The Kotlin meter driver (bench/meter.py): `MeterDriver TENANTS ADDS`, credentials from SAASUS_*:
// `meter.add` on one thread, the adds alone timed, then close.
package io.saasus.bench

import io.saasus.Client
import io.saasus.meter
import java.lang.management.ManagementFactory
import java.time.Duration

fun main(args: Array<String>) {
    val tenants = args[0].split(",")
    val adds = args[1].toInt()
    val meter = Client.fromEnv().meter(flushInterval = Duration.ofHours(1))
    val units = arrayOf("api_calls", "storage")
    val os = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean
    val (t, cpu) = System.nanoTime() to os.processCpuTime
    for (i in 0 until adds) meter.add(tenants[i % tenants.size], units[i % 2])
    val (seconds, cpuSeconds) = (System.nanoTime() - t) / 1e9 to (os.processCpuTime - cpu) / 1e9
    val closing = System.nanoTime()
    meter.close()
    val stats = meter.lastReport!!.stats
    check(stats.sent == adds.toULong()) { "sent ${stats.sent} of $adds" }
    val closeSeconds = (System.nanoTime() - closing) / 1e9
    println("""{"adds":$adds,"seconds":$seconds,"cpu_seconds":$cpuSeconds,"requests":${stats.requests},"sent":${stats.sent},"close_seconds":$closeSeconds}""")
}
