// The pricing and metering example of docs/kotlin.md: the lines between the markers are the
// page's code, word for word (DocsTest checks that and runs it against the emulator).
package io.saasus.docs

// START pricing
import io.saasus.Client
import io.saasus.models.CreateTenantParam
import io.saasus.models.PricingCurrency
import io.saasus.models.PricingRecurringInterval
import io.saasus.models.PricingUnit
import io.saasus.models.PricingUnitType
import io.saasus.models.PricingUpdateMeteringUnitTimestampCountMethod.Add
import io.saasus.models.UpdateTenantPlanParam
import io.saasus.pricing.CreateMeteringUnitParam
import io.saasus.pricing.CreatePricingMenuParam
import io.saasus.pricing.CreatePricingPlanParam
import io.saasus.pricing.PricingFixedUnitForSave
import io.saasus.pricing.PricingUnitForSave
import io.saasus.pricing.PricingUsageUnitForSave
import io.saasus.pricing.UpdateMeteringUnitTimestampCountNowParam
import io.saasus.pricing.UpdateMeteringUnitTimestampCountParam
import kotlinx.serialization.json.JsonObject

suspend fun pricingAndMetering(client: Client): List<String> {
    val pricing = client.pricing()
    val out = mutableListOf<String>()
    pricing.metering().createMeteringUnit(CreateMeteringUnitParam(unitName = "api_calls", displayName = "API calls", description = ""))
    // A pricing unit is one of four kinds: PricingUnitForSave(...) takes the kind's own record.
    // Enum values and union cases are reached through the classes' own names (PricingCurrency.Jpy).
    val base = pricing.pricingUnits().createPricingUnit(
        PricingUnitForSave(
            PricingFixedUnitForSave(
                unitAmount = 3000, recurringInterval = PricingRecurringInterval.Month, name = "base", displayName = "Base",
                description = "", type = PricingUnitType.Fixed, currency = PricingCurrency.Jpy,
            ),
        ),
    )
    val calls = pricing.pricingUnits().createPricingUnit(
        PricingUnitForSave(
            PricingUsageUnitForSave(
                upperCount = 0, unitAmount = 2, meteringUnitName = "api_calls", name = "calls", displayName = "Calls",
                description = "", type = PricingUnitType.Usage, currency = PricingCurrency.Jpy,
            ),
        ),
    )
    val unitIds = listOf(base, calls).map { unit ->
        when (unit) {
            is PricingUnit.Fixed -> unit.v1.id.also { out += "${unit.v1.name}: fixed ${unit.v1.unitAmount}" }
            is PricingUnit.Usage -> unit.v1.id.also { out += "${unit.v1.name}: ${unit.v1.unitAmount} per ${unit.v1.meteringUnitName}" }
            else -> error("not created here: $unit")
        }
    }
    val menu = pricing.pricingMenus().createPricingMenu(CreatePricingMenuParam("standard", "Standard", "", unitIds))
    val plan = pricing.pricingPlans().createPricingPlan(CreatePricingPlanParam("pro", "Pro", "", listOf(menu.id)))

    // An Auth tenant on the plan, and its usage: now, or at a second (a Unix timestamp).
    val tenant = client.auth().tenant().createTenant(CreateTenantParam("Metered", JsonObject(emptyMap()), "ops@metered.example"))
    client.auth().tenant().updateTenantPlan(tenant.id, UpdateTenantPlanParam(nextPlanId = plan.id))
    val metering = pricing.metering()
    metering.updateMeteringUnitTimestampCountNow(tenant.id, "api_calls", UpdateMeteringUnitTimestampCountNowParam(Add, 3))
    metering.updateMeteringUnitTimestampCount(
        tenant.id, "api_calls", 1709168400L, UpdateMeteringUnitTimestampCountParam(Add, 5),
    )
    val today = metering.getMeteringUnitDateCountByTenantIdAndUnitNameToday(tenant.id, "api_calls")
    val leapDay = metering.getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(tenant.id, "api_calls", "2024-02-29")
    out += "calls today: ${today.count}, on ${leapDay.date}: ${leapDay.count}"
    return out
}
// END pricing
