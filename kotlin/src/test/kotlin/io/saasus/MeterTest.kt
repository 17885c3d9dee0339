package io.saasus

import io.saasus.models.CreateTenantParam
import io.saasus.pricing.CreateMeteringUnitParam
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * `client.meter()` against the emulator: exact totals from 8 threads after close, a sum applied
 * then answered 502/504 counted once and reported unknown, the bound, a child JVM that exits
 * normally sending what it held (the shutdown hook), and errors that name the field.
 */
class MeterTest {
    private val metering = "/v1/pricing/metering/tenants/*"

    private fun setup(client: Client, vararg units: String): String = runBlocking {
        for (unit in units.ifEmpty { arrayOf("api_calls") }) {
            client.pricing().metering().createMeteringUnit(CreateMeteringUnitParam(unitName = unit, displayName = unit, description = ""))
        }
        client.auth().tenant().createTenant(CreateTenantParam("Acme", JsonObject(emptyMap()), "ops@example.com")).id
    }

    /**
     * A tenant's count of a unit on the days the meter wrote for (its requests' timestamps, from
     * the emulator's request log), not "today": a test running over UTC midnight counts the same.
     */
    private fun counted(emu: Emulator, client: Client, tenant: String, unit: String = "api_calls"): Long = runBlocking {
        val prefix = "/v1/pricing/metering/tenants/$tenant/units/$unit/timestamp/"
        val days = emu.requests().filter { it.method == "PUT" && it.path.startsWith(prefix) }
            .map { Instant.ofEpochSecond(it.path.removePrefix(prefix).toLong()).atZone(ZoneOffset.UTC).toLocalDate().toString() }
            .toSet()
        days.sumOf { client.pricing().metering().getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(tenant, unit, it).count }
    }

    @Test
    fun addsFromEightThreadsAreExactAfterClose() = Emulator().use { emu ->
        val client = emu.client()
        val tenant = setup(client, "api_calls", "storage")
        val meter = client.meter(flushInterval = Duration.ofMillis(100))
        val threads = (0 until 8).map {
            thread { for (n in 0 until 12_500) meter.add(tenant, if (n % 5 == 0) "storage" else "api_calls") }
        }
        threads.forEach { it.join() }
        meter.close()
        val report = meter.lastReport!!
        assertEquals(emptyList<MeterFailure>(), report.failures)
        val s = report.stats
        assertEquals(listOf(100_000uL, 100_000uL, 0uL, 0uL, 0uL, 0uL), listOf(s.added, s.sent, s.pending, s.failed, s.unknown, s.dropped))
        assertTrue(s.requests < 1_000uL, "${s.requests} requests for 100,000 counts")
        assertEquals(80_000L to 20_000L, counted(emu, client, tenant) to counted(emu, client, tenant, "storage"))
        val e = assertThrows<SaasusException.InvalidArgument> { meter.add(tenant, "api_calls") }
        assertEquals("meter", e.field)
    }

    @ParameterizedTest
    @ValueSource(ints = [502, 504])
    fun aSumAppliedThenAnsweredAnErrorIsCountedOnceAndReportedUnknown(status: Int) = Emulator().use { emu ->
        val client = emu.client()
        val tenant = setup(client)
        client.meter().use { meter ->
            emu.fault(metering, status = status, method = "PUT", afterApplying = true)
            meter.add(tenant, "api_calls", 5)
            val report = runBlocking { meter.flush() }
            assertEquals(5L, counted(emu, client, tenant), "applied once, never sent again")
            val f = report.failures.single()
            assertEquals(listOf(MeterOutcome.UNKNOWN, 5L, MeterMethod.ADD, tenant), listOf(f.outcome, f.count, f.method, f.tenantId))
            val error = f.error as SaasusException.OutcomeUnknown
            assertEquals(status, error.status)
            assertEquals(0L, f.timestamp % 60)
            assertEquals(listOf(5uL, 0uL, 1uL), listOf(report.stats.unknown, report.stats.sent, report.stats.requests))
        }
    }

    @Test
    fun aRefusedSumFailsAndTheBoundDropsAndReports() = Emulator().use { emu ->
        val client = emu.client()
        val tenant = setup(client)
        val meter = client.meter(maxPending = 1, flushAt = 1, flushInterval = Duration.ofHours(1))
        meter.add(tenant, "no_such_unit", 2)
        val failed = runBlocking { meter.flush() }.failures.single()
        assertEquals(MeterOutcome.FAILED, failed.outcome)
        assertTrue((failed.error as SaasusException.Api).status in 400..499)
        for (n in 0 until 500) meter.add("tenant-$n", "api_calls")
        val report = runBlocking { meter.shutdown() }
        val s = report.stats
        assertEquals(502uL, s.added)
        assertEquals(s.added, s.sent + s.pending + s.failed + s.unknown + s.dropped)
        assertEquals(0uL, s.pending)
        assertEquals(s.dropped, report.failures.filter { it.outcome == MeterOutcome.DROPPED }.sumOf { it.count }.toULong())
    }

    @Test
    fun aChildJvmThatExitsNormallySendsWhatItHeld() = Emulator().use { emu ->
        val client = emu.client()
        val tenant = setup(client)
        val java = ProcessHandle.current().info().command().orElse("java")
        val child = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.saasus.MeterChild",
            emu.apiKey, emu.secretKey, emu.saasId, emu.baseUrl, tenant)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        val out = child.inputStream.bufferedReader().readText().trim()
        assertTrue(child.waitFor(60, TimeUnit.SECONDS))
        assertEquals(0, child.exitValue())
        assertEquals("1234", out)
        assertEquals(1234L, counted(emu, client, tenant))
    }

    @Test
    fun badCountsAndSettingsNameTheField() = Emulator().use { emu ->
        val client = emu.client()
        assertEquals("bucket", assertThrows<SaasusException.InvalidArgument> { client.meter(bucket = Duration.ofSeconds(7)) }.field)
        assertEquals("flushInterval", assertThrows<SaasusException.InvalidArgument> { client.meter(flushInterval = Duration.ZERO) }.field)
        assertEquals("concurrency", assertThrows<SaasusException.InvalidArgument> { client.meter(concurrency = -1) }.field)
        client.meter().use { meter ->
            assertEquals("tenant_id", assertThrows<SaasusException.InvalidArgument> { meter.add("", "u") }.field)
            assertEquals("count", assertThrows<SaasusException.InvalidArgument> { meter.add("t", "u", -1) }.field)
            assertTrue(meter.toString().startsWith("Meter(MeterStats(added=0"), meter.toString())
        }
    }
}

/** The child JVM of [MeterTest.aChildJvmThatExitsNormallySendsWhatItHeld]: adds and exits without closing. */
object MeterChild {
    @JvmStatic
    fun main(args: Array<String>) {
        val (apiKey, secretKey, saasId, baseUrl, tenant) = args
        val meter = Client(apiKey, secretKey, saasId, baseUrl).meter(flushInterval = Duration.ofHours(1))
        repeat(1234) { meter.add(tenant, "api_calls") }
        println(meter.stats.pending)
    }
}
