// The pricing and metering example of docs/swift.md: the lines between the markers are the
// page's code, word for word (DocsTest checks that and runs it against the emulator).

// START pricing
import Saasus

func pricingAndMetering(client: Client) async throws -> [String] {
    let pricing = client.pricing()
    var out: [String] = []
    _ = try await pricing.metering().createMeteringUnit(
        input: Pricing.CreateMeteringUnitParam(unitName: "api_calls", displayName: "API calls", description: ""))
    // A pricing unit is one of four kinds: an enum case holding the kind's own record.
    let base = try await pricing.pricingUnits().createPricingUnit(
        input: .fixed(Pricing.PricingFixedUnitForSave(
            unitAmount: 3000, recurringInterval: .month, name: "base", displayName: "Base",
            description: "", type: .fixed, currency: .jpy)))
    let calls = try await pricing.pricingUnits().createPricingUnit(
        input: .usage(Pricing.PricingUsageUnitForSave(
            upperCount: 0, unitAmount: 2, meteringUnitName: "api_calls",
            name: "calls", displayName: "Calls", description: "", type: .usage, currency: .jpy)))
    var unitIds: [String] = []
    for unit in [base, calls] {
        switch unit {
        case .fixed(let fixed):
            unitIds.append(fixed.id)
            out.append("\(fixed.name): fixed \(fixed.unitAmount)")
        case .usage(let usage):
            unitIds.append(usage.id)
            out.append("\(usage.name): \(usage.unitAmount) per \(usage.meteringUnitName)")
        case .tiered, .tieredUsage, .unknown:
            break  // not created here
        }
    }
    let menu = try await pricing.pricingMenus().createPricingMenu(
        input: Pricing.CreatePricingMenuParam(name: "standard", displayName: "Standard", description: "", unitIds: unitIds))
    let plan = try await pricing.pricingPlans().createPricingPlan(
        input: Pricing.CreatePricingPlanParam(name: "pro", displayName: "Pro", description: "", menuIds: [menu.id]))

    // An Auth tenant on the plan, and its usage: now, or at a second (a Unix timestamp).
    let tenants = client.auth().tenant()
    let tenant = try await tenants.createTenant(
        input: CreateTenantParam(name: "Metered", attributes: [:], backOfficeStaffEmail: "ops@metered.example"))
    try await tenants.updateTenantPlan(tenantId: tenant.id, input: UpdateTenantPlanParam(nextPlanId: plan.id))
    let metering = pricing.metering()
    _ = try await metering.updateMeteringUnitTimestampCountNow(
        tenantId: tenant.id, meteringUnitName: "api_calls", input: Pricing.UpdateMeteringUnitTimestampCountNowParam(method: .add, count: 3))
    _ = try await metering.updateMeteringUnitTimestampCount(
        tenantId: tenant.id, meteringUnitName: "api_calls", timestamp: 1709168400,
        input: Pricing.UpdateMeteringUnitTimestampCountParam(method: .add, count: 5))
    let today = try await metering.getMeteringUnitDateCountByTenantIdAndUnitNameToday(tenantId: tenant.id, meteringUnitName: "api_calls")
    let leapDay = try await metering.getMeteringUnitDateCountByTenantIdAndUnitNameAndDate(
        tenantId: tenant.id, meteringUnitName: "api_calls", date: "2024-02-29")
    out.append("calls today: \(today.count), on \(leapDay.date): \(leapDay.count)")
    return out
}
// END pricing
