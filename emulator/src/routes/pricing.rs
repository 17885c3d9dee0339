//! The Pricing API (paths relative to `/v1/pricing`): pricing units of the four kinds, the
//! menus that group units, the plans that group menus, tax rates, metering units with their
//! counts per tenant, the Stripe stand-ins, and its `error` tag.
//!
//! `used` is worked out when shown: a unit is used while a menu holds it, a menu while a plan
//! holds it, a metering unit while a pricing unit measures it; a plan is used once
//! `UpdatePricingPlansUsed` marks it, or while an Auth tenant is on it. Deleting something used is refused (400). Tenant ids are
//! taken as given, as Communication takes user ids. Metering counts are kept per tenant,
//! metering unit name and epoch second; days and months are UTC.

use super::apilog::{date_of, parse_date};
use super::common::check_name;
use crate::auth::Clock;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path, QueryParams};
use crate::server::AppState;
use crate::state::{MenuRec, PlanRec, Pricing, Store, new_id, unit_id};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, put};
use axum::{Json, Router};
use saasus::calendar::{civil_from_days, days_from_civil};
use saasus::pricing::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/units", get(get_pricing_units).post(create_pricing_unit))
        .route("/units/{pricing_unit_id}", get(get_pricing_unit).patch(update_pricing_unit).delete(delete_pricing_unit))
        .route("/menus", get(get_pricing_menus).post(create_pricing_menu))
        .route("/menus/{menu_id}", get(get_pricing_menu).patch(update_pricing_menu).delete(delete_pricing_menu))
        .route("/plans", get(get_pricing_plans).post(create_pricing_plan))
        .route("/plans/used", patch(update_pricing_plans_used))
        .route("/plans/{plan_id}", get(get_pricing_plan).patch(update_pricing_plan).delete(delete_pricing_plan))
        .route("/stripe/init", patch(link_plan_to_stripe))
        .route("/stripe", delete(delete_stripe_plan))
        .route("/plans-initialization", delete(delete_all))
        .route("/tax-rates", get(get_tax_rates).post(create_tax_rate))
        .route("/tax-rates/{tax_rate_id}", patch(update_tax_rate))
        .route("/metering/units", get(get_metering_units).post(create_metering_unit))
        .route("/metering/units/{metering_unit_id}", patch(update_metering_unit).delete(delete_metering_unit))
        .route("/metering/tenants/{tenant_id}/units/date/{date}", get(get_date_counts))
        .route("/metering/tenants/{tenant_id}/units/month/{month}", get(get_month_counts))
        .route("/metering/tenants/{tenant_id}/units/{metering_unit_name}/date/{date}", get(get_date_count))
        .route("/metering/tenants/{tenant_id}/units/{metering_unit_name}/month/{month}", get(get_month_count))
        .route("/metering/tenants/{tenant_id}/units/{metering_unit_name}/today", get(get_today_count))
        .route("/metering/tenants/{tenant_id}/units/{metering_unit_name}/thismonth", get(get_this_month_count))
        .route("/metering/tenants/{tenant_id}/units/{metering_unit_name}/date-period", get(get_date_period_counts))
        .route("/metering/tenants/{tenant_id}/units/{metering_unit_name}/now", put(update_count_now))
        .route("/metering/tenants/{tenant_id}/units/{metering_unit_name}/timestamp/{timestamp}", put(update_count).delete(delete_count))
        .merge(super::error::routes())
}

fn in_use(what: &str, id: &str, by: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "in_use", format!("{what} {id} is used by {by} and cannot be deleted"))
}

fn not_negative(field: &str, n: i64) -> ApiResult<()> {
    if n < 0 {
        return Err(ApiError::bad_request(format!("{field}: must be 0 or more")));
    }
    Ok(())
}

// ---- units ----

fn metering_unit_of(u: &PricingUnit) -> Option<&str> {
    match u {
        PricingUnit::TieredUsage(u) => Some(&u.metering_unit_id),
        PricingUnit::Tiered(u) => Some(&u.metering_unit_id),
        PricingUnit::Usage(u) => Some(&u.metering_unit_id),
        _ => None,
    }
}

fn set_used(u: &mut PricingUnit, used: bool) {
    match u {
        PricingUnit::TieredUsage(u) => u.used = used,
        PricingUnit::Tiered(u) => u.used = used,
        PricingUnit::Usage(u) => u.used = used,
        PricingUnit::Fixed(u) => u.used = used,
        PricingUnit::Unknown { .. } => {}
    }
}

fn no_unit(id: &str) -> ApiError {
    ApiError::not_found("pricing unit", id)
}

/// A unit as shown: `used` while a menu holds it.
fn unit_view(p: &Pricing, u: &PricingUnit) -> PricingUnit {
    let mut u = u.clone();
    let id = unit_id(&u).to_string();
    set_used(&mut u, p.menus.iter().any(|m| m.menu.unit_ids.contains(&id)));
    u
}

fn check_tiers(tiers: &[PricingTier]) -> ApiResult<()> {
    if tiers.is_empty() {
        return Err(ApiError::bad_request("tiers: must not be empty"));
    }
    for (i, t) in tiers.iter().enumerate() {
        not_negative(&format!("tiers[{i}].up_to"), t.up_to)?;
        not_negative(&format!("tiers[{i}].unit_amount"), t.unit_amount)?;
        not_negative(&format!("tiers[{i}].flat_amount"), t.flat_amount)?;
    }
    Ok(())
}

/// The metering unit a usage-based unit measures, by name: the existing one, or a new one
/// (`None` for its id) that the unit brings into being.
fn metering_for(p: &Pricing, name: &str) -> ApiResult<Option<String>> {
    check_name("metering_unit_name", name)?;
    Ok(p.metering_units.iter().find(|m| m.unit_name == name).map(|m| m.id.clone()))
}

/// Builds the stored unit from what was saved (its id given), checking it first. Returns the
/// unit and, when its metering unit does not exist yet, that metering unit to create.
fn build_unit(p: &Pricing, id: String, save: PricingUnitForSave) -> ApiResult<(PricingUnit, Option<MeteringUnit>)> {
    let new_meter = |name: &str, aggregate: &Option<AggregateUsage>| MeteringUnit {
        id: new_id(),
        used: false,
        unit_name: name.to_string(),
        aggregate_usage: aggregate.clone(),
        display_name: name.to_string(),
        description: String::new(),
    };
    let meter = |name: &str, aggregate: &Option<AggregateUsage>| -> ApiResult<(String, Option<MeteringUnit>)> {
        Ok(match metering_for(p, name)? {
            Some(id) => (id, None),
            None => {
                let m = new_meter(name, aggregate);
                (m.id.clone(), Some(m))
            }
        })
    };
    macro_rules! tiered {
        ($f:ident, $model:ident, $kind:ident) => {{
            check_name("name", &$f.name)?;
            not_negative("upper_count", $f.upper_count)?;
            check_tiers(&$f.tiers)?;
            let (metering_unit_id, created) = meter(&$f.metering_unit_name, &$f.aggregate_usage)?;
            let unit = $model {
                id,
                metering_unit_id,
                recurring_interval: RecurringInterval::Month,
                used: false,
                upper_count: $f.upper_count,
                metering_unit_name: $f.metering_unit_name,
                aggregate_usage: $f.aggregate_usage,
                name: $f.name,
                display_name: $f.display_name,
                description: $f.description,
                r#type: UnitType::$kind,
                currency: $f.currency,
                tiers: $f.tiers,
            };
            (PricingUnit::$kind(unit), created)
        }};
    }
    Ok(match save {
        PricingUnitForSave::Fixed(f) => {
            check_name("name", &f.name)?;
            not_negative("unit_amount", f.unit_amount)?;
            let unit = PricingFixedUnit {
                id,
                used: false,
                unit_amount: f.unit_amount,
                recurring_interval: f.recurring_interval,
                name: f.name,
                display_name: f.display_name,
                description: f.description,
                r#type: UnitType::Fixed,
                currency: f.currency,
            };
            (PricingUnit::Fixed(unit), None)
        }
        PricingUnitForSave::Usage(f) => {
            check_name("name", &f.name)?;
            not_negative("unit_amount", f.unit_amount)?;
            not_negative("upper_count", f.upper_count)?;
            let (metering_unit_id, created) = meter(&f.metering_unit_name, &f.aggregate_usage)?;
            let unit = PricingUsageUnit {
                id,
                metering_unit_id,
                recurring_interval: RecurringInterval::Month,
                used: false,
                upper_count: f.upper_count,
                unit_amount: f.unit_amount,
                metering_unit_name: f.metering_unit_name,
                aggregate_usage: f.aggregate_usage,
                name: f.name,
                display_name: f.display_name,
                description: f.description,
                r#type: UnitType::Usage,
                currency: f.currency,
            };
            (PricingUnit::Usage(unit), created)
        }
        // The spec gives the two tiered kinds the same fields.
        PricingUnitForSave::Tiered(f) => tiered!(f, PricingTieredUnit, Tiered),
        PricingUnitForSave::TieredUsage(f) => tiered!(f, PricingTieredUsageUnit, TieredUsage),
        PricingUnitForSave::Unknown { kind, .. } => {
            return Err(ApiError::bad_request(format!("type: must be one of fixed, usage, tiered, tiered_usage, not {kind}")));
        }
    })
}

async fn get_pricing_units(State(app): State<AppState>) -> Json<PricingUnits> {
    let store = app.store();
    let p = &store.pricing;
    Json(PricingUnits { units: p.units.iter().map(|u| unit_view(p, u)).collect() })
}

async fn create_pricing_unit(
    State(app): State<AppState>,
    JsonBody(save): JsonBody<PricingUnitForSave>,
) -> ApiResult<(StatusCode, Json<PricingUnit>)> {
    let mut store = app.store();
    let (unit, meter) = build_unit(&store.pricing, new_id(), save)?;
    store.pricing.metering_units.extend(meter);
    store.pricing.units.push(unit.clone());
    Ok((StatusCode::CREATED, Json(unit)))
}

async fn get_pricing_unit(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<PricingUnit>> {
    let store = app.store();
    let p = &store.pricing;
    p.units.iter().find(|u| unit_id(u) == id).map(|u| Json(unit_view(p, u))).ok_or_else(|| no_unit(&id))
}

async fn update_pricing_unit(State(app): State<AppState>, Path(id): Path<String>, JsonBody(save): JsonBody<PricingUnitForSave>) -> Done {
    let mut store = app.store();
    let i = store.pricing.units.iter().position(|u| unit_id(u) == id).ok_or_else(|| no_unit(&id))?;
    let (unit, meter) = build_unit(&store.pricing, id, save)?;
    store.pricing.metering_units.extend(meter);
    store.pricing.units[i] = unit;
    done()
}

async fn delete_pricing_unit(State(app): State<AppState>, Path(id): Path<String>) -> Done {
    let mut store = app.store();
    let p = &mut store.pricing;
    let i = p.units.iter().position(|u| unit_id(u) == id).ok_or_else(|| no_unit(&id))?;
    if let Some(m) = p.menus.iter().find(|m| m.menu.unit_ids.contains(&id)) {
        return Err(in_use("pricing unit", &id, &format!("menu {}", m.id)));
    }
    p.units.remove(i);
    done()
}

// ---- menus ----

fn no_menu(id: &str) -> ApiError {
    ApiError::not_found("pricing menu", id)
}

fn menu_view(p: &Pricing, m: &MenuRec) -> PricingMenu {
    PricingMenu {
        id: m.id.clone(),
        name: m.menu.name.clone(),
        display_name: m.menu.display_name.clone(),
        description: m.menu.description.clone(),
        used: p.plans.iter().any(|plan| plan.plan.menu_ids.contains(&m.id)),
        units: m.menu.unit_ids.iter().filter_map(|id| p.units.iter().find(|u| unit_id(u) == id)).map(|u| unit_view(p, u)).collect(),
    }
}

fn check_menu(p: &Pricing, name: &str, unit_ids: &[String]) -> ApiResult<()> {
    check_name("name", name)?;
    for (i, id) in unit_ids.iter().enumerate() {
        if !p.units.iter().any(|u| unit_id(u) == id) {
            return Err(ApiError::bad_request(format!("unit_ids[{i}]: pricing unit {id} does not exist")));
        }
        if unit_ids[..i].contains(id) {
            return Err(ApiError::bad_request(format!("unit_ids[{i}]: pricing unit {id} is given twice")));
        }
    }
    Ok(())
}

async fn get_pricing_menus(State(app): State<AppState>) -> Json<PricingMenus> {
    let store = app.store();
    let p = &store.pricing;
    Json(PricingMenus { pricing_menus: p.menus.iter().map(|m| menu_view(p, m)).collect() })
}

async fn create_pricing_menu(
    State(app): State<AppState>,
    JsonBody(c): JsonBody<CreatePricingMenuParam>,
) -> ApiResult<(StatusCode, Json<PricingMenu>)> {
    let mut store = app.store();
    check_menu(&store.pricing, &c.name, &c.unit_ids)?;
    let rec = MenuRec {
        id: new_id(),
        menu: SavePricingMenuParam { name: c.name, display_name: c.display_name, description: c.description, unit_ids: c.unit_ids },
    };
    store.pricing.menus.push(rec.clone());
    Ok((StatusCode::CREATED, Json(menu_view(&store.pricing, &rec))))
}

async fn get_pricing_menu(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<PricingMenu>> {
    let store = app.store();
    let p = &store.pricing;
    p.menus.iter().find(|m| m.id == id).map(|m| Json(menu_view(p, m))).ok_or_else(|| no_menu(&id))
}

async fn update_pricing_menu(State(app): State<AppState>, Path(id): Path<String>, JsonBody(c): JsonBody<UpdatePricingMenuParam>) -> Done {
    let mut store = app.store();
    let i = store.pricing.menus.iter().position(|m| m.id == id).ok_or_else(|| no_menu(&id))?;
    check_menu(&store.pricing, &c.name, &c.unit_ids)?;
    store.pricing.menus[i].menu =
        SavePricingMenuParam { name: c.name, display_name: c.display_name, description: c.description, unit_ids: c.unit_ids };
    done()
}

async fn delete_pricing_menu(State(app): State<AppState>, Path(id): Path<String>) -> Done {
    let mut store = app.store();
    let p = &mut store.pricing;
    let i = p.menus.iter().position(|m| m.id == id).ok_or_else(|| no_menu(&id))?;
    if let Some(plan) = p.plans.iter().find(|plan| plan.plan.menu_ids.contains(&id)) {
        return Err(in_use("pricing menu", &id, &format!("plan {}", plan.id)));
    }
    p.menus.remove(i);
    done()
}

// ---- plans ----

fn no_plan(id: &str) -> ApiError {
    ApiError::not_found("pricing plan", id)
}

/// A plan as shown: `used` once marked used, or while an Auth tenant is on it (or moving to it).
fn plan_view(store: &Store, plan: &PlanRec) -> PricingPlan {
    let p = &store.pricing;
    PricingPlan {
        id: plan.id.clone(),
        name: plan.plan.name.clone(),
        display_name: plan.plan.display_name.clone(),
        description: plan.plan.description.clone(),
        used: plan.used || tenant_on(store, &plan.id).is_some(),
        pricing_menus: plan.plan.menu_ids.iter().filter_map(|id| p.menus.iter().find(|m| &m.id == id)).map(|m| menu_view(p, m)).collect(),
    }
}

fn check_plan(p: &Pricing, name: &str, menu_ids: &[String]) -> ApiResult<()> {
    check_name("name", name)?;
    for (i, id) in menu_ids.iter().enumerate() {
        if !p.menus.iter().any(|m| &m.id == id) {
            return Err(ApiError::bad_request(format!("menu_ids[{i}]: pricing menu {id} does not exist")));
        }
        if menu_ids[..i].contains(id) {
            return Err(ApiError::bad_request(format!("menu_ids[{i}]: pricing menu {id} is given twice")));
        }
    }
    Ok(())
}

async fn get_pricing_plans(State(app): State<AppState>) -> Json<PricingPlans> {
    let store = app.store();
    Json(PricingPlans { pricing_plans: store.pricing.plans.iter().map(|plan| plan_view(&store, plan)).collect() })
}

async fn create_pricing_plan(
    State(app): State<AppState>,
    JsonBody(c): JsonBody<CreatePricingPlanParam>,
) -> ApiResult<(StatusCode, Json<PricingPlan>)> {
    let mut store = app.store();
    check_plan(&store.pricing, &c.name, &c.menu_ids)?;
    let rec = PlanRec {
        id: new_id(),
        used: false,
        plan: SavePricingPlanParam { name: c.name, display_name: c.display_name, description: c.description, menu_ids: c.menu_ids },
    };
    store.pricing.plans.push(rec.clone());
    Ok((StatusCode::CREATED, Json(plan_view(&store, &rec))))
}

async fn get_pricing_plan(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<PricingPlan>> {
    let store = app.store();
    store.pricing.plans.iter().find(|plan| plan.id == id).map(|plan| Json(plan_view(&store, plan))).ok_or_else(|| no_plan(&id))
}

async fn update_pricing_plan(State(app): State<AppState>, Path(id): Path<String>, JsonBody(c): JsonBody<UpdatePricingPlanParam>) -> Done {
    let mut store = app.store();
    let i = store.pricing.plans.iter().position(|plan| plan.id == id).ok_or_else(|| no_plan(&id))?;
    check_plan(&store.pricing, &c.name, &c.menu_ids)?;
    store.pricing.plans[i].plan =
        SavePricingPlanParam { name: c.name, display_name: c.display_name, description: c.description, menu_ids: c.menu_ids };
    done()
}

/// A plan marked used, or one a tenant of Auth is on (or moving to), is refused.
async fn delete_pricing_plan(State(app): State<AppState>, Path(id): Path<String>) -> Done {
    let mut store = app.store();
    let i = store.pricing.plans.iter().position(|plan| plan.id == id).ok_or_else(|| no_plan(&id))?;
    if store.pricing.plans[i].used {
        return Err(in_use("pricing plan", &id, "tenants (UpdatePricingPlansUsed marked it used)"));
    }
    if let Some(t) = tenant_on(&store, &id) {
        return Err(in_use("pricing plan", &id, &format!("tenant {t}")));
    }
    store.pricing.plans.remove(i);
    done()
}

fn tenant_on(store: &Store, plan_id: &str) -> Option<String> {
    store.tenants.iter().find(|t| t.plan_id.as_deref() == Some(plan_id) || t.next_plan_id.as_deref() == Some(plan_id)).map(|t| t.id.clone())
}

async fn update_pricing_plans_used(State(app): State<AppState>, JsonBody(u): JsonBody<UpdatePricingPlansUsedParam>) -> Done {
    let mut store = app.store();
    for (i, id) in u.plan_ids.iter().enumerate() {
        if !store.pricing.plans.iter().any(|plan| &plan.id == id) {
            return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("plan_ids[{i}]: pricing plan {id} does not exist")));
        }
    }
    for plan in store.pricing.plans.iter_mut().filter(|plan| u.plan_ids.contains(&plan.id)) {
        plan.used = true;
    }
    done()
}

/// Stand-in: there is no Stripe here. Linking records that the SaaS is linked (the flag Auth's
/// Stripe operations read) and answers 200.
async fn link_plan_to_stripe(State(app): State<AppState>) -> Done {
    app.store().stripe_linked = true;
    done()
}

/// Stand-in: forgets the Stripe link and answers 200; the plans stay.
async fn delete_stripe_plan(State(app): State<AppState>) -> Done {
    app.store().stripe_linked = false;
    done()
}

/// Unconditionally: plans, menus, units, metering units with their counts, and tax rates.
async fn delete_all(State(app): State<AppState>) -> Done {
    app.store().pricing = Pricing::default();
    done()
}

// ---- tax rates ----

fn check_tax_rate(c: &CreateTaxRateParam) -> ApiResult<()> {
    check_name("name", &c.name)?;
    check_name("display_name", &c.display_name)?;
    if !(0.0..=100.0).contains(&c.percentage) {
        return Err(ApiError::bad_request("percentage: must be from 0 to 100"));
    }
    let country = c.country.as_bytes();
    if country.len() != 2 || !country.iter().all(u8::is_ascii_uppercase) {
        return Err(ApiError::bad_request("country: must be an ISO 3166-1 alpha-2 code such as JP"));
    }
    Ok(())
}

async fn create_tax_rate(State(app): State<AppState>, JsonBody(c): JsonBody<CreateTaxRateParam>) -> ApiResult<(StatusCode, Json<TaxRate>)> {
    check_tax_rate(&c)?;
    let mut store = app.store();
    if store.pricing.tax_rates.iter().any(|t| t.name == c.name) {
        return Err(ApiError::bad_request(format!("name: a tax rate named {} already exists", c.name)));
    }
    let rate = TaxRate {
        id: new_id(),
        name: c.name,
        display_name: c.display_name,
        percentage: c.percentage,
        inclusive: c.inclusive,
        country: c.country,
        description: c.description,
    };
    store.pricing.tax_rates.push(rate.clone());
    Ok((StatusCode::CREATED, Json(rate)))
}

async fn get_tax_rates(State(app): State<AppState>) -> Json<TaxRates> {
    Json(TaxRates { tax_rates: app.store().pricing.tax_rates.clone() })
}

/// Only the display name and description change, as on the platform (a rate is immutable in Stripe).
async fn update_tax_rate(State(app): State<AppState>, Path(id): Path<String>, JsonBody(u): JsonBody<UpdateTaxRateParam>) -> Done {
    check_name("display_name", &u.display_name)?;
    let mut store = app.store();
    let t = store.pricing.tax_rates.iter_mut().find(|t| t.id == id).ok_or_else(|| ApiError::not_found("tax rate", &id))?;
    t.display_name = u.display_name;
    t.description = u.description;
    done()
}

// ---- metering units ----

fn metering_view(p: &Pricing, m: &MeteringUnit) -> MeteringUnit {
    MeteringUnit { used: p.units.iter().any(|u| metering_unit_of(u) == Some(m.id.as_str())), ..m.clone() }
}

async fn get_metering_units(State(app): State<AppState>) -> Json<MeteringUnits> {
    let store = app.store();
    let p = &store.pricing;
    Json(MeteringUnits { units: p.metering_units.iter().map(|m| metering_view(p, m)).collect() })
}

async fn create_metering_unit(
    State(app): State<AppState>,
    JsonBody(c): JsonBody<CreateMeteringUnitParam>,
) -> ApiResult<(StatusCode, Json<MeteringUnit>)> {
    check_name("unit_name", &c.unit_name)?;
    let mut store = app.store();
    if store.pricing.metering_units.iter().any(|m| m.unit_name == c.unit_name) {
        return Err(ApiError::bad_request(format!("unit_name: a metering unit named {} already exists", c.unit_name)));
    }
    let m = MeteringUnit {
        id: new_id(),
        used: false,
        unit_name: c.unit_name,
        aggregate_usage: c.aggregate_usage,
        display_name: c.display_name,
        description: c.description,
    };
    store.pricing.metering_units.push(m.clone());
    Ok((StatusCode::CREATED, Json(m)))
}

/// A used metering unit keeps its name (its pricing units name it); an unused one takes its
/// counts along to the new name.
async fn update_metering_unit(State(app): State<AppState>, Path(id): Path<String>, JsonBody(u): JsonBody<UpdateMeteringUnitParam>) -> Done {
    check_name("unit_name", &u.unit_name)?;
    let mut store = app.store();
    let p = &mut store.pricing;
    let i = p.metering_units.iter().position(|m| m.id == id).ok_or_else(|| ApiError::not_found("metering unit", &id))?;
    let old = p.metering_units[i].unit_name.clone();
    if old != u.unit_name {
        if p.metering_units.iter().any(|m| m.unit_name == u.unit_name) {
            return Err(ApiError::bad_request(format!("unit_name: a metering unit named {} already exists", u.unit_name)));
        }
        if metering_view(p, &p.metering_units[i]).used {
            return Err(ApiError::bad_request(format!("unit_name: metering unit {id} is used by a pricing unit and cannot be renamed")));
        }
        let moved: Vec<_> = p.counts.iter().filter(|((_, name, _), _)| *name == old).map(|(k, v)| (k.clone(), *v)).collect();
        for ((tenant, _, ts), count) in moved {
            p.counts.remove(&(tenant.clone(), old.clone(), ts));
            p.counts.insert((tenant, u.unit_name.clone(), ts), count);
        }
    }
    let m = &mut p.metering_units[i];
    m.unit_name = u.unit_name;
    m.aggregate_usage = u.aggregate_usage;
    m.display_name = u.display_name;
    m.description = u.description;
    done()
}

async fn delete_metering_unit(State(app): State<AppState>, Path(id): Path<String>) -> Done {
    let mut store = app.store();
    let p = &mut store.pricing;
    let i = p.metering_units.iter().position(|m| m.id == id).ok_or_else(|| ApiError::not_found("metering unit", &id))?;
    if let Some(u) = p.units.iter().find(|u| metering_unit_of(u) == Some(id.as_str())) {
        return Err(in_use("metering unit", &id, &format!("pricing unit {}", unit_id(u))));
    }
    let m = p.metering_units.remove(i);
    p.counts.retain(|(_, name, _), _| *name != m.unit_name);
    done()
}

// ---- metering counts ----

/// The emulator's now, in epoch seconds: the system's, or the fixed clock's minute.
pub(crate) fn now_secs(clock: Clock) -> i64 {
    match clock {
        Clock::System => crate::state::now(),
        Clock::Fixed(m) => m.unix_seconds(),
    }
}

fn month_of(epoch: i64) -> String {
    let (y, m, _) = civil_from_days(epoch.div_euclid(86_400));
    format!("{y:04}-{m:02}")
}

/// `YYYY-MM-DD` as its first second and the next day's, in UTC.
fn day_range(date: &str) -> ApiResult<(i64, i64)> {
    let days = parse_date(date).ok_or_else(|| ApiError::bad_request(format!("date: {date} is not a date as YYYY-MM-DD")))?;
    Ok((days * 86_400, (days + 1) * 86_400))
}

/// `YYYY-MM` as its first second and the next month's, in UTC.
fn month_range(month: &str) -> ApiResult<(i64, i64)> {
    let bad = || ApiError::bad_request(format!("month: {month} is not a month as YYYY-MM"));
    let b = month.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let (y, m): (i64, u32) = (month[..4].parse().map_err(|_| bad())?, month[5..].parse().map_err(|_| bad())?);
    if !(1..=12).contains(&m) {
        return Err(bad());
    }
    let first = |y, m| days_from_civil(y, m, 1).ok_or_else(bad);
    let next = if m == 12 { first(y + 1, 1)? } else { first(y, m + 1)? };
    Ok((first(y, m)? * 86_400, next * 86_400))
}

fn metering_unit<'a>(p: &'a Pricing, name: &str) -> ApiResult<&'a MeteringUnit> {
    p.metering_units.iter().find(|m| m.unit_name == name).ok_or_else(|| ApiError::not_found("metering unit", name))
}

/// The tenant's total for the unit over `[from, to)`: the sum of its counts, or their largest
/// for a metering unit that aggregates by `max`.
fn total(p: &Pricing, m: &MeteringUnit, tenant: &str, (from, to): (i64, i64)) -> i64 {
    let key = |ts| (tenant.to_string(), m.unit_name.clone(), ts);
    let counts = p.counts.range(key(from)..key(to)).map(|(_, c)| *c);
    match m.aggregate_usage {
        Some(AggregateUsage::Max) => counts.max().unwrap_or(0),
        _ => counts.sum(),
    }
}

/// Adds to, subtracts from (not below 0) or sets the count at one second; answers the new count.
fn apply(p: &mut Pricing, tenant: String, name: String, ts: i64, method: UpdateMeteringUnitTimestampCountMethod, n: i64) -> ApiResult<i64> {
    not_negative("count", n)?;
    not_negative("timestamp", ts)?;
    let entry = p.counts.entry((tenant, name, ts)).or_insert(0);
    *entry = match method {
        UpdateMeteringUnitTimestampCountMethod::Add => entry.saturating_add(n),
        UpdateMeteringUnitTimestampCountMethod::Sub => entry.saturating_sub(n).max(0),
        UpdateMeteringUnitTimestampCountMethod::Direct => n,
        UpdateMeteringUnitTimestampCountMethod::Unknown { value } => {
            return Err(ApiError::bad_request(format!("method: must be one of add, sub, direct, not {value}")));
        }
    };
    Ok(*entry)
}

async fn update_count(
    State(app): State<AppState>,
    Path((tenant, name, ts)): Path<(String, String, i64)>,
    JsonBody(u): JsonBody<UpdateMeteringUnitTimestampCountParam>,
) -> ApiResult<Json<MeteringUnitTimestampCount>> {
    let mut store = app.store();
    metering_unit(&store.pricing, &name)?;
    let count = apply(&mut store.pricing, tenant, name.clone(), ts, u.method, u.count)?;
    Ok(Json(MeteringUnitTimestampCount { metering_unit_name: name, timestamp: ts, count }))
}

async fn update_count_now(
    State(app): State<AppState>,
    Path((tenant, name)): Path<(String, String)>,
    JsonBody(u): JsonBody<UpdateMeteringUnitTimestampCountNowParam>,
) -> ApiResult<Json<MeteringUnitTimestampCount>> {
    let ts = now_secs(app.clock);
    let mut store = app.store();
    metering_unit(&store.pricing, &name)?;
    let count = apply(&mut store.pricing, tenant, name.clone(), ts, u.method, u.count)?;
    Ok(Json(MeteringUnitTimestampCount { metering_unit_name: name, timestamp: ts, count }))
}

async fn delete_count(State(app): State<AppState>, Path((tenant, name, ts)): Path<(String, String, i64)>) -> Done {
    let mut store = app.store();
    metering_unit(&store.pricing, &name)?;
    if store.pricing.counts.remove(&(tenant.clone(), name.clone(), ts)).is_none() {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("tenant {tenant} has no count of {name} at timestamp {ts}")));
    }
    done()
}

fn date_count(p: &Pricing, tenant: &str, name: &str, date: String) -> ApiResult<MeteringUnitDateCount> {
    let m = metering_unit(p, name)?;
    let count = total(p, m, tenant, day_range(&date)?);
    Ok(MeteringUnitDateCount { metering_unit_name: m.unit_name.clone(), date, count })
}

fn month_count(p: &Pricing, tenant: &str, name: &str, month: String) -> ApiResult<MeteringUnitMonthCount> {
    let m = metering_unit(p, name)?;
    let count = total(p, m, tenant, month_range(&month)?);
    Ok(MeteringUnitMonthCount { metering_unit_name: m.unit_name.clone(), month, count })
}

async fn get_date_count(
    State(app): State<AppState>,
    Path((tenant, name, date)): Path<(String, String, String)>,
) -> ApiResult<Json<MeteringUnitDateCount>> {
    date_count(&app.store().pricing, &tenant, &name, date).map(Json)
}

async fn get_today_count(
    State(app): State<AppState>,
    Path((tenant, name)): Path<(String, String)>,
) -> ApiResult<Json<MeteringUnitDateCount>> {
    let today = date_of(now_secs(app.clock));
    date_count(&app.store().pricing, &tenant, &name, today).map(Json)
}

async fn get_month_count(
    State(app): State<AppState>,
    Path((tenant, name, month)): Path<(String, String, String)>,
) -> ApiResult<Json<MeteringUnitMonthCount>> {
    month_count(&app.store().pricing, &tenant, &name, month).map(Json)
}

async fn get_this_month_count(
    State(app): State<AppState>,
    Path((tenant, name)): Path<(String, String)>,
) -> ApiResult<Json<MeteringUnitMonthCount>> {
    let month = month_of(now_secs(app.clock));
    month_count(&app.store().pricing, &tenant, &name, month).map(Json)
}

/// Every metering unit, with the tenant's total for that day (0 when it has none).
async fn get_date_counts(
    State(app): State<AppState>,
    Path((tenant, date)): Path<(String, String)>,
) -> ApiResult<Json<MeteringUnitDateCounts>> {
    let range = day_range(&date)?;
    let store = app.store();
    let p = &store.pricing;
    let counts = p
        .metering_units
        .iter()
        .map(|m| MeteringUnitDateCount { metering_unit_name: m.unit_name.clone(), date: date.clone(), count: total(p, m, &tenant, range) })
        .collect();
    Ok(Json(MeteringUnitDateCounts { counts }))
}

/// Every metering unit, with the tenant's total for that month (0 when it has none).
async fn get_month_counts(
    State(app): State<AppState>,
    Path((tenant, month)): Path<(String, String)>,
) -> ApiResult<Json<MeteringUnitMonthCounts>> {
    let range = month_range(&month)?;
    let store = app.store();
    let p = &store.pricing;
    let counts = p
        .metering_units
        .iter()
        .map(|m| MeteringUnitMonthCount {
            metering_unit_name: m.unit_name.clone(),
            month: month.clone(),
            count: total(p, m, &tenant, range),
        })
        .collect();
    Ok(Json(MeteringUnitMonthCounts { counts }))
}

/// The counts from `start_timestamp` to `end_timestamp` (both included; either left out is open), oldest first.
async fn get_date_period_counts(
    State(app): State<AppState>,
    Path((tenant, name)): Path<(String, String)>,
    QueryParams(q): QueryParams<GetMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriodQuery>,
) -> ApiResult<Json<MeteringUnitDatePeriodCounts>> {
    let (from, to) = (q.start_timestamp.unwrap_or(i64::MIN), q.end_timestamp.unwrap_or(i64::MAX));
    if from > to {
        return Err(ApiError::bad_request("start_timestamp: must not be after end_timestamp"));
    }
    let store = app.store();
    let p = &store.pricing;
    let m = metering_unit(p, &name)?;
    let key = |ts| (tenant.clone(), m.unit_name.clone(), ts);
    let counts = p
        .counts
        .range(key(from)..=key(to))
        .map(|((_, _, timestamp), count)| MeteringUnitCount { timestamp: *timestamp, count: *count })
        .collect();
    Ok(Json(MeteringUnitDatePeriodCounts { metering_unit_name: m.unit_name.clone(), counts }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_days_and_the_fixed_clock_in_epoch_seconds() {
        assert_eq!(month_range("2024-02").ok(), Some((1_706_745_600, 1_709_251_200)));
        assert_eq!(month_range("2023-12").ok(), Some((1_701_388_800, 1_704_067_200)));
        assert_eq!(month_range("9999-12").ok(), Some((253_399_622_400, 253_402_300_800)));
        for bad in ["2024-13", "2024-00", "2024-2", "24-02", "2024-02-01"] {
            assert!(month_range(bad).is_err(), "{bad}");
        }
        assert_eq!(day_range("2024-02-29").ok(), Some((1_709_164_800, 1_709_251_200)));
        assert!(day_range("2023-02-29").is_err());
        assert_eq!(month_of(1_709_164_800), "2024-02");
        assert_eq!(month_of(-1), "1969-12");
        let fixed = saasus::signing::Minute::parse("202402291230").unwrap();
        assert_eq!(now_secs(Clock::Fixed(fixed)), 1_709_209_800);
    }
}
