package io.saasus

import io.saasus.models.CreateTenantParam
import io.saasus.models.PricingUpdateMeteringUnitTimestampCountMethod.Add
import io.saasus.models.PricingUpdateMeteringUnitTimestampCountMethod.Direct
import io.saasus.pricing.CreateMeteringUnitParam
import io.saasus.pricing.UpdateMeteringUnitTimestampCountParam
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

/**
 * Retry safety by meaning: a metering add applied and then answered 502 or 504 is counted once and
 * throws [SaasusException.OutcomeUnknown] saying what was sent; a direct count and reads are sent again.
 */
class ExactlyOnceTest {
    private val at = 1709168400L // 2024-02-29T01:00:00Z
    private val metering = "/v1/pricing/metering/tenants/*"

    private suspend fun setup(client: Client): String {
        client.pricing().metering().createMeteringUnit(CreateMeteringUnitParam(unitName = "api_calls", displayName = "API calls", description = ""))
        return client.auth().tenant().createTenant(CreateTenantParam("Acme", JsonObject(emptyMap()), "ops@example.com")).id
    }

    private suspend fun counted(client: Client, tenant: String): Long =
        client.pricing().metering().getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(tenant, "api_calls", "2024-02-29").count

    @ParameterizedTest
    @ValueSource(ints = [502, 504])
    fun anAddAppliedAndThenAnswered5xxIsCountedOnceAndItsOutcomeUnknown(status: Int) = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            val tenant = setup(client)
            emu.fault(metering, status = status, method = "PUT", afterApplying = true)
            val e = assertThrows<SaasusException.OutcomeUnknown> {
                runBlocking { client.pricing().metering().updateMeteringUnitTimestampCount(tenant, "api_calls", at, UpdateMeteringUnitTimestampCountParam(Add, 5)) }
            }
            assertEquals(5L, counted(client, tenant), "applied once, not sent again")
            assertEquals(listOf("UpdateMeteringUnitTimestampCount", "PUT", "/pricing/metering/tenants/$tenant/units/api_calls/timestamp/$at"), listOf(e.operation, e.method, e.path))
            val body = Json.parseToJsonElement(e.body!!).jsonObject
            assertEquals("add" to 5L, body.getValue("method").jsonPrimitive.content to body.getValue("count").jsonPrimitive.long)
            assertEquals(status to "injected_fault", e.status to e.errorType)
            assertTrue(e.failure.startsWith("$status injected_fault"), e.failure)
        }
    }

    @Test
    fun aDirectCountAndReadsAreStillSentAgain() = Emulator().use { emu ->
        runBlocking {
            val client = emu.client()
            val tenant = setup(client)
            emu.fault(metering, status = 502, method = "PUT", afterApplying = true, count = 2)
            val m = client.pricing().metering()
            assertEquals(20L, m.updateMeteringUnitTimestampCount(tenant, "api_calls", at, UpdateMeteringUnitTimestampCountParam(Direct, 20)).count)
            emu.fault(metering, status = 504, method = "GET", count = 2)
            assertEquals(20L, counted(client, tenant))
            emu.fault(metering, status = 429, method = "PUT")
            assertEquals(21L, m.updateMeteringUnitTimestampCount(tenant, "api_calls", at, UpdateMeteringUnitTimestampCountParam(Add, 1)).count, "a 429 refused it: sent again")
        }
    }
}
