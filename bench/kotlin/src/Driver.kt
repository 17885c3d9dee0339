// The Kotlin driver (see bench/src/lib.rs for the protocol): `Driver TENANT_ID SEQUENTIAL
// CONCURRENCY CONCURRENT_CALLS WARM_UP`, credentials from SAASUS_*. Calls in flight are coroutines.
package io.saasus.bench

import io.saasus.Client
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import java.lang.management.ManagementFactory
import kotlin.system.exitProcess

fun main(args: Array<String>) {
    if (args.size != 5) {
        System.err.println("usage: Driver TENANT_ID SEQUENTIAL CONCURRENCY CONCURRENT_CALLS WARM_UP")
        exitProcess(2)
    }
    val tenantId = args[0]
    val (sequential, concurrency, concurrentCalls, warmUp) = args.drop(1).map { it.toInt() }
    val tenants = Client.fromEnv().auth().tenant()

    suspend fun worker(calls: Int): LongArray {
        val lat = LongArray(calls)
        for (i in 0 until calls) {
            val t = System.nanoTime()
            val tenant = tenants.getTenant(tenantId)
            lat[i] = System.nanoTime() - t
            // A wrong answer must not pass for a fast one.
            check(tenant.id == tenantId) { "the emulator answered with tenant ${tenant.id}, not $tenantId" }
        }
        return lat
    }

    suspend fun concurrently(perWorker: Int): List<Long> = coroutineScope {
        (1..concurrency).map { async { worker(perWorker) } }.awaitAll().flatMap { it.asList() }
    }

    // Process CPU (every thread: coroutines, the library's tokio workers, the JIT and the GC).
    val os = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean
    fun phase(wallNs: Long, cpuNs: Long, lat: List<Long>): String =
        """{"seconds": ${wallNs / 1e9}, "cpu_seconds": ${cpuNs / 1e9}, "latencies_us": [${lat.joinToString(",") { (it / 100 / 10.0).toString() }}]}"""

    runBlocking(Dispatchers.Default) {
        concurrently(warmUp)
        var (t, cpu) = System.nanoTime() to os.processCpuTime
        val seq = worker(sequential).asList()
        val (seqWall, seqCpu) = (System.nanoTime() - t) to (os.processCpuTime - cpu)
        t = System.nanoTime()
        cpu = os.processCpuTime
        val conc = concurrently((concurrentCalls + concurrency - 1) / concurrency)
        val (concWall, concCpu) = (System.nanoTime() - t) to (os.processCpuTime - cpu)
        println("""{"sequential": ${phase(seqWall, seqCpu, seq)}, "concurrent": ${phase(concWall, concCpu, conc)}}""")
    }
}
