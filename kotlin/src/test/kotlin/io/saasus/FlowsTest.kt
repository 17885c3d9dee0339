package io.saasus

import io.saasus.apilog.GetLogsQuery
import io.saasus.communication.CreateFeedbackCommentParam
import io.saasus.communication.CreateFeedbackParam
import io.saasus.communication.CreateVoteUserParam
import io.saasus.communication.UpdateFeedbackStatusParam
import io.saasus.models.CreateSaasUserParam
import io.saasus.models.CreateTenantParam
import io.saasus.models.PricingAggregateUsage
import io.saasus.models.PricingCurrency
import io.saasus.models.PricingUnit
import io.saasus.models.PricingUnitType
import io.saasus.models.PricingUpdateMeteringUnitTimestampCountMethod.Add
import io.saasus.models.PricingUpdateMeteringUnitTimestampCountMethod.Direct
import io.saasus.models.PricingUpdateMeteringUnitTimestampCountMethod.Sub
import io.saasus.models.UpdateTenantPlanParam
import io.saasus.pricing.CreateMeteringUnitParam
import io.saasus.pricing.CreatePricingMenuParam
import io.saasus.pricing.CreatePricingPlanParam
import io.saasus.pricing.GetMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriodQuery
import io.saasus.pricing.MeteringUnitTimestampCount
import io.saasus.pricing.PricingTier
import io.saasus.pricing.PricingTieredUnitForSave
import io.saasus.pricing.PricingUnitForSave
import io.saasus.pricing.UpdateMeteringUnitTimestampCountParam
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Instant

/** Flows across operations and APIs against the emulator, values asserted at each step. */
class FlowsTest {
    /** 2024-02-29T00:00:00Z: counts at fixed moments, so their day and month are known here. */
    private val leapDay = 1_709_164_800L

    @Test
    fun aTieredUnitInAPlanATenantOnItAndItsMeteredTotals() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            val pricing = client.pricing()
            val meter = pricing.metering().createMeteringUnit(
                CreateMeteringUnitParam(unitName = "api_calls", aggregateUsage = PricingAggregateUsage.Sum, displayName = "Calls", description = ""),
            )
            assertEquals("api_calls" to false, meter.unitName to meter.used)
            val tiers = listOf(PricingTier(100, 10, 0, false), PricingTier(0, 5, 1000, true))
            val unit = pricing.pricingUnits().createPricingUnit(
                PricingUnitForSave(
                    PricingTieredUnitForSave(
                        upperCount = 0, meteringUnitName = "api_calls", name = "calls", displayName = "Calls", description = "",
                        type = PricingUnitType.Tiered, currency = PricingCurrency.Usd, tiers = tiers,
                    ),
                ),
            )
            assertTrue(unit is PricingUnit.Tiered, "$unit")
            val tiered = (unit as PricingUnit.Tiered).v1
            assertEquals(tiers to meter.id, tiered.tiers to tiered.meteringUnitId)
            assertEquals(unit, pricing.pricingUnits().getPricingUnit(tiered.id))
            val menu = pricing.pricingMenus().createPricingMenu(CreatePricingMenuParam("standard", "Standard", "", listOf(tiered.id)))
            val plan = pricing.pricingPlans().createPricingPlan(CreatePricingPlanParam("pro", "Pro", "", listOf(menu.id)))
            assertEquals(listOf(menu.id), plan.pricingMenus.map { it.id })

            val tenant = client.auth().tenant().createTenant(CreateTenantParam("Metered", JsonObject(emptyMap()), "ops@metered.example"))
            client.auth().tenant().updateTenantPlan(tenant.id, UpdateTenantPlanParam(nextPlanId = plan.id))
            assertEquals(plan.id, client.auth().tenant().getTenant(tenant.id).planId)
            assertTrue(pricing.pricingPlans().getPricingPlan(plan.id).used)

            // Each answer is the second's count after the method.
            val m = pricing.metering()
            for ((at, method, n, after) in listOf(
                Quad(leapDay + 3600, Add, 10L, 10L), Quad(leapDay + 3600, Sub, 3L, 7L),
                Quad(leapDay + 7200, Direct, 20L, 20L), Quad(leapDay + 86_400, Add, 4L, 4L),
            )) {
                val r = m.updateMeteringUnitTimestampCount(tenant.id, "api_calls", at, UpdateMeteringUnitTimestampCountParam(method, n))
                assertEquals(MeteringUnitTimestampCount("api_calls", at, after), r)
            }
            val day = m.getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(tenant.id, "api_calls", "2024-02-29")
            val month = m.getMeteringUnitMonthCountByTenantIdAndUnitNameAndMonth(tenant.id, "api_calls", "2024-02")
            val march = m.getMeteringUnitMonthCountsByTenantIdAndMonth(tenant.id, "2024-03").counts.single()
            assertEquals(listOf(27L, 27L, 4L), listOf(day.count, month.count, march.count))
            val period = m.getMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriod(
                tenant.id, "api_calls", GetMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriodQuery(leapDay, leapDay + 86_399),
            )
            assertEquals(listOf(leapDay + 3600 to 7L, leapDay + 7200 to 20L), period.counts.map { it.timestamp to it.count })
        }
    }

    @Test
    fun aFeedbackWithVotesAndCommentsThenApiLogListsTheCalls() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            val since = Instant.now().epochSecond
            val author = client.auth().saasUser().createSaasUser(CreateSaasUserParam(email = "author@example.com", password = "Passw0rd!"))
            val fb = client.communication().feedback()
            val created = fb.createFeedback(CreateFeedbackParam(author.id, "Export to CSV", "Monthly usage"))
            assertEquals(listOf(0L, 0L), listOf(created.status, created.count))
            // Votes at once; one withdrawn; a comment; the status moved on.
            listOf("voter-1", "voter-2", "voter-3").map { async { fb.createVoteUser(created.id, CreateVoteUserParam(it)) } }.awaitAll()
            fb.deleteVoteForFeedback(created.id, "voter-1")
            fb.createFeedbackComment(created.id, CreateFeedbackCommentParam("Would use it daily"))
            fb.updateFeedbackStatus(created.id, UpdateFeedbackStatusParam(1))
            val got = fb.getFeedback(created.id)
            assertEquals(1L to 2L, got.status to got.count)
            assertEquals(listOf("voter-2", "voter-3"), got.users.map { it.userId }.sorted())
            assertEquals(listOf("Would use it daily"), got.comments.map { it.body })
            fb.deleteFeedback(created.id)
            val gone = assertThrows(SaasusException.Api::class.java) { runBlocking { fb.getFeedback(created.id) } }
            assertEquals(404, gone.status)

            // ApiLog: the calls just made, newest first.
            val since8601 = Instant.ofEpochSecond(since).toString()
            val logs = client.apilog().apiLog().getLogs(GetLogsQuery(createdAt = since8601)).apiLogs
            val seen = logs.map { it.requestMethod + " " + it.requestUri.substringAfter("/v1/").substringBefore('/') }
            assertEquals("GET communication", seen.first())
            assertEquals("POST auth", seen.last())
            assertEquals(logs.first(), client.apilog().apiLog().getLog(logs.first().apiLogId))
        }
    }

    private data class Quad<A, B, C, D>(val a: A, val b: B, val c: C, val d: D)
}
