package io.saasus

import java.lang.ref.WeakReference
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.atomic.LongAdder
import java.util.concurrent.locks.StampedLock

/**
 * Counts metered usage and sends it in sums per tenant, metering unit, time bucket and direction,
 * never twice (docs/metering.md): `add` returns at once; the sums are sent on an interval, when
 * `flushAt` are held, on [flush], and on [shutdown] or [close] — and when the JVM shuts down
 * normally, by a shutdown hook, so that a process that ends sends what it held. Thread-safe.
 *
 * ```
 * client.meter().use { meter ->
 *     meter.add(tenantId, "api_calls")
 * }
 * ```
 *
 * An add is summed here first, per second, and handed to the core's meter in batches (at most
 * [HANDOVER_MS] later, or when [HANDOVER_AT] sums are held here): one JNA crossing costs
 * microseconds, a batch's one crossing is shared by every add in it. The core keeps the rules —
 * names are checked by it when a sum is first seen here, and what it refuses is thrown by `add`.
 */
class Meter internal constructor(private val native: NativeMeter) : AutoCloseable {
    private data class Key(val tenantId: String, val meteringUnitName: String, val second: Long, val method: MeterMethod)

    /** Adds take it shared; a handover takes it alone to swap [held], so that no add lands in a map being handed over. */
    private val gate = StampedLock()
    @Volatile private var held = ConcurrentHashMap<Key, LongAdder>()
    @Volatile private var closed = false
    private val closing = AtomicReference<MeterReport?>(null)
    private val hook = Thread({ closeOnce() }, "saasus-meter-shutdown")

    init {
        Runtime.getRuntime().addShutdownHook(hook)
        live.add(WeakReference(this))
    }

    /** Counts [count] more of the unit for the tenant, now. */
    fun add(tenantId: String, meteringUnitName: String, count: Long = 1) = record(tenantId, meteringUnitName, count, MeterMethod.ADD)

    /** Counts [count] fewer, now (the platform stops a count at 0); sent after the adds. */
    fun sub(tenantId: String, meteringUnitName: String, count: Long = 1) = record(tenantId, meteringUnitName, count, MeterMethod.SUB)

    private fun record(tenantId: String, meteringUnitName: String, count: Long, method: MeterMethod) {
        // A count the core would refuse (negative, or after close) goes to it, which says why.
        if (count <= 0L || closed) {
            if (method == MeterMethod.ADD) native.add(tenantId, meteringUnitName, count) else native.sub(tenantId, meteringUnitName, count)
            return
        }
        val key = Key(tenantId, meteringUnitName, System.currentTimeMillis() / 1000, method)
        val size: Int
        val stamp = gate.readLock()
        try {
            val sums = held
            var sum = sums[key]
            if (sum == null) {
                // A sum new here: the core checks its names (a count of 0 adds nothing).
                native.add(tenantId, meteringUnitName, 0)
                sum = sums.computeIfAbsent(key) { LongAdder() }
            }
            sum!!.add(count)
            size = sums.size
        } finally {
            gate.unlockRead(stamp)
        }
        // Closed meanwhile, after its last handover: the core refuses the count, and says so here.
        if (size >= HANDOVER_AT || closed) handOver()
    }

    /**
     * Hands what is summed here to the core's meter. One at a time: a close that found nothing
     * left to hand over must not close the core's meter while the timer's handover of the last
     * sums is still on its way to it (the core would refuse them as counted after close).
     */
    @Synchronized
    internal fun handOver() {
        val stamp = gate.writeLock()
        val taken = try {
            held.also { held = ConcurrentHashMap() }
        } finally {
            gate.unlockWrite(stamp)
        }
        if (taken.isEmpty()) return
        native.addCounts(taken.map { (k, sum) -> MeterCount(k.tenantId, k.meteringUnitName, k.second, k.method, sum.sum()) })
    }

    /** The counts so far (sums of counts: `added == sent + pending + failed + unknown + dropped`). */
    val stats: MeterStats get() {
        handOver()
        return native.stats()
    }

    /**
     * Sends every count held and returns when each is answered; a sum that could not be sent at
     * all (no connection, a 429 after the retries) stays held for the next send.
     */
    suspend fun flush(): MeterReport {
        handOver()
        return native.flush()
    }

    /** Takes no more counts, sends every count held, and answers what became of them. */
    suspend fun shutdown(): MeterReport {
        unhook()
        closed = true
        handOver()
        return native.shutdown()
    }

    /** [shutdown], blocking the calling thread; the report is then [lastReport]. */
    override fun close() {
        unhook()
        closeOnce()
    }

    /** What the blocking [close] (or the shutdown hook) answered; null before. */
    val lastReport: MeterReport? get() = closing.get()

    private fun closeOnce() {
        closed = true
        handOver()
        if (closing.get() == null) closing.compareAndSet(null, native.shutdownBlocking())
    }

    private fun unhook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook)
        } catch (_: IllegalStateException) {
            // The JVM is shutting down: the hook runs anyway, and closing twice is harmless.
        }
    }

    override fun toString() = "Meter($stats)"

    private companion object {
        /** The longest an add waits here before the core has it. */
        const val HANDOVER_MS = 100L
        /** Sums held here that are handed over at once, by the add that makes them so many. */
        const val HANDOVER_AT = 1024

        val live: MutableSet<WeakReference<Meter>> = ConcurrentHashMap.newKeySet()

        init {
            val timer = Executors.newSingleThreadScheduledExecutor { r -> Thread(r, "saasus-meter-handover").apply { isDaemon = true } }
            timer.scheduleWithFixedDelay({
                live.removeIf { ref ->
                    val meter = ref.get() ?: return@removeIf true
                    // A failure here is the core's to report (its stats and log); the timer goes on.
                    runCatching { if (!meter.closed) meter.handOver() }
                    meter.closed
                }
            }, HANDOVER_MS, HANDOVER_MS, TimeUnit.MILLISECONDS)
        }
    }
}

/**
 * A [Meter] sending through this client. Each setting left null takes its default: [flushInterval]
 * between sends (10 s), [flushAt] sums held that start a send sooner (1,000), [maxPending] sums
 * held at most (10,000; a count for a new sum beyond it is dropped, counted and reported),
 * [bucket] per time bucket, whole seconds dividing an hour (60 s), [concurrency] requests in
 * flight (4).
 */
fun Client.meter(
    flushInterval: Duration? = null,
    flushAt: Int? = null,
    maxPending: Int? = null,
    bucket: Duration? = null,
    concurrency: Int? = null,
): Meter {
    fun count(name: String, n: Int?): UInt? {
        if (n != null && n < 0) throw SaasusException.InvalidArgument(name, "must not be negative")
        return n?.toUInt()
    }
    return Meter(nativeMeter(flushInterval, count("flushAt", flushAt), count("maxPending", maxPending), bucket, count("concurrency", concurrency)))
}
