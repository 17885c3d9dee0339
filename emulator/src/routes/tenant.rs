//! The `tenant` tag: tenants, their plans, billing, identity providers and the Stripe link.
//!
//! Stand-ins: the Stripe link is a flag (`CreateTenantAndPricing` sets it, `ResetPlan` and
//! `DeleteStripeTenantAndPricing` clear it); Stripe customer ids are derived from the tenant id.

use super::auth_info::url_ok;
use super::common::{check_attributes, check_email, check_name};
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path};
use crate::server::AppState;
use crate::state::{Store, new_id, now};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, put};
use axum::{Json, Router};
use saasus::JsonObject;
use saasus::models::*;

/// A plan period in the emulator is 30 days from the plan's start.
const PLAN_PERIOD: i64 = 30 * 24 * 3600;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tenants", get(get_tenants).post(create_tenant))
        .route("/tenants/{tenant_id}", get(get_tenant).patch(update_tenant).delete(delete_tenant))
        .route("/tenants/{tenant_id}/plans", put(update_tenant_plan))
        .route("/tenants/{tenant_id}/billing-info", put(update_tenant_billing_info))
        .route("/tenants/{tenant_id}/identity-providers", get(get_tenant_identity_providers).put(update_tenant_identity_provider))
        .route("/tenants/{tenant_id}/stripe-customer", get(get_stripe_customer))
        .route("/stripe/init", patch(create_tenant_and_pricing))
        .route("/stripe", delete(delete_stripe_tenant_and_pricing))
        .route("/plans/reset", put(reset_plan))
}

pub(crate) fn new_tenant(name: String, attributes: JsonObject, back_office_staff_email: String) -> Tenant {
    Tenant {
        id: new_id(),
        plan_id: None,
        billing_info: None,
        name,
        attributes,
        back_office_staff_email,
        next_plan_id: None,
        using_next_plan_from: None,
        next_plan_tax_rate_id: None,
        proration_behavior: None,
        delete_usage: None,
        plan_histories: Vec::new(),
    }
}

fn check_props(store: &Store, name: &str, attributes: &JsonObject, email: &str) -> ApiResult<()> {
    check_name("name", name)?;
    check_email("back_office_staff_email", email)?;
    check_attributes(&store.tenant_attributes, attributes, "attributes")
}

fn missing(tenant_id: &str) -> ApiError {
    ApiError::not_found("tenant", tenant_id)
}

async fn get_tenants(State(app): State<AppState>) -> Json<Tenants> {
    Json(Tenants { tenants: app.store().tenants.clone() })
}

async fn create_tenant(State(app): State<AppState>, JsonBody(p): JsonBody<CreateTenantParam>) -> ApiResult<(StatusCode, Json<Tenant>)> {
    let mut store = app.store();
    check_props(&store, &p.name, &p.attributes, &p.back_office_staff_email)?;
    let tenant = new_tenant(p.name, p.attributes, p.back_office_staff_email);
    store.tenants.push(tenant.clone());
    Ok((StatusCode::CREATED, Json(tenant)))
}

async fn get_tenant(State(app): State<AppState>, Path(tenant_id): Path<String>) -> ApiResult<Json<TenantDetail>> {
    let store = app.store();
    let t = store.tenant(&tenant_id).ok_or_else(|| missing(&tenant_id))?.clone();
    // The current period starts when the current plan was applied.
    let start = t.plan_id.as_ref().and_then(|p| t.plan_histories.iter().rev().find(|h| h.plan_id == *p)).map(|h| h.plan_applied_at);
    Ok(Json(TenantDetail {
        current_plan_period_start: start,
        current_plan_period_end: start.map(|s| s + PLAN_PERIOD),
        id: t.id,
        plan_id: t.plan_id,
        billing_info: t.billing_info,
        name: t.name,
        attributes: t.attributes,
        back_office_staff_email: t.back_office_staff_email,
        next_plan_id: t.next_plan_id,
        using_next_plan_from: t.using_next_plan_from,
        next_plan_tax_rate_id: t.next_plan_tax_rate_id,
        proration_behavior: t.proration_behavior,
        delete_usage: t.delete_usage,
        plan_histories: t.plan_histories,
    }))
}

async fn update_tenant(State(app): State<AppState>, Path(tenant_id): Path<String>, JsonBody(p): JsonBody<UpdateTenantParam>) -> Done {
    let mut store = app.store();
    check_props(&store, &p.name, &p.attributes, &p.back_office_staff_email)?;
    let t = store.tenant_mut(&tenant_id).ok_or_else(|| missing(&tenant_id))?;
    t.name = p.name;
    t.attributes = p.attributes;
    t.back_office_staff_email = p.back_office_staff_email;
    done()
}

/// The tenant's users, invitations and identity provider settings go with it.
async fn delete_tenant(State(app): State<AppState>, Path(tenant_id): Path<String>) -> Done {
    let mut store = app.store();
    store.tenant(&tenant_id).ok_or_else(|| missing(&tenant_id))?;
    store.tenants.retain(|t| t.id != tenant_id);
    store.members.retain(|m| m.tenant_id != tenant_id);
    store.invitations.retain(|i| i.tenant_id != tenant_id);
    store.tenant_idps.remove(&tenant_id);
    done()
}

/// Without `using_next_plan_from` the plan applies now (and joins the history); with it, the
/// change is reserved (at least 5 minutes ahead). No `next_plan_id` cancels a reservation. The
/// plan and tax rate must exist in the Pricing API, as the platform's own do.
async fn update_tenant_plan(
    State(app): State<AppState>,
    Path(tenant_id): Path<String>,
    JsonBody(p): JsonBody<UpdateTenantPlanParam>,
) -> Done {
    if let Some(ProrationBehavior::Unknown { value }) = &p.proration_behavior {
        return Err(ApiError::bad_request(format!("proration_behavior: `{value}` is not create_prorations, none or always_invoice")));
    }
    let mut store = app.store();
    if store.tenant_mut(&tenant_id).is_none() {
        return Err(missing(&tenant_id));
    }
    if let Some(plan) = &p.next_plan_id
        && !store.pricing.plans.iter().any(|r| &r.id == plan)
    {
        return Err(ApiError::bad_request(format!("next_plan_id: there is no pricing plan {plan}")));
    }
    if let Some(rate) = &p.next_plan_tax_rate_id
        && !store.pricing.tax_rates.iter().any(|r| &r.id == rate)
    {
        return Err(ApiError::bad_request(format!("next_plan_tax_rate_id: there is no tax rate {rate}")));
    }
    let t = store.tenant_mut(&tenant_id).ok_or_else(|| missing(&tenant_id))?;
    match (p.next_plan_id, p.using_next_plan_from) {
        (None, _) => {
            t.next_plan_id = None;
            t.using_next_plan_from = None;
            t.next_plan_tax_rate_id = None;
            t.proration_behavior = None;
            t.delete_usage = None;
        }
        (Some(plan), None) => {
            t.plan_histories.push(PlanHistory {
                plan_id: plan.clone(),
                plan_applied_at: now(),
                tax_rate_id: p.next_plan_tax_rate_id,
                proration_behavior: p.proration_behavior,
                delete_usage: p.delete_usage,
            });
            t.plan_id = Some(plan);
            t.next_plan_id = None;
            t.using_next_plan_from = None;
            t.next_plan_tax_rate_id = None;
        }
        (Some(plan), Some(from)) => {
            if from < now() + 300 {
                return Err(ApiError::bad_request("using_next_plan_from: must be at least 5 minutes from now"));
            }
            t.next_plan_id = Some(plan);
            t.using_next_plan_from = Some(from);
            t.next_plan_tax_rate_id = p.next_plan_tax_rate_id;
            t.proration_behavior = p.proration_behavior;
            t.delete_usage = p.delete_usage;
        }
    }
    done()
}

async fn update_tenant_billing_info(
    State(app): State<AppState>,
    Path(tenant_id): Path<String>,
    JsonBody(p): JsonBody<UpdateTenantBillingInfoParam>,
) -> Done {
    check_name("name", &p.name)?;
    let a = &p.address;
    for (field, value) in
        [("address.street", &a.street), ("address.city", &a.city), ("address.state", &a.state), ("address.postal_code", &a.postal_code)]
    {
        check_name(field, value)?;
    }
    if !(a.country.len() == 2 && a.country.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(ApiError::bad_request("address.country: must be an ISO 3166-1 alpha-2 code such as JP"));
    }
    if let InvoiceLanguage::Unknown { value } = &p.invoice_language {
        return Err(ApiError::bad_request(format!("invoice_language: `{value}` is not ja-JP or en-US")));
    }
    let mut store = app.store();
    let t = store.tenant_mut(&tenant_id).ok_or_else(|| missing(&tenant_id))?;
    t.billing_info = Some(BillingInfo { name: p.name, address: p.address, invoice_language: p.invoice_language });
    done()
}

async fn get_tenant_identity_providers(
    State(app): State<AppState>,
    Path(tenant_id): Path<String>,
) -> ApiResult<Json<TenantIdentityProviders>> {
    let store = app.store();
    store.tenant(&tenant_id).ok_or_else(|| missing(&tenant_id))?;
    Ok(Json(store.tenant_idps.get(&tenant_id).cloned().unwrap_or(TenantIdentityProviders { saml: None })))
}

async fn update_tenant_identity_provider(
    State(app): State<AppState>,
    Path(tenant_id): Path<String>,
    JsonBody(p): JsonBody<UpdateTenantIdentityProviderParam>,
) -> Done {
    if let ProviderType::Unknown { value } = &p.provider_type {
        return Err(ApiError::bad_request(format!("provider_type: `{value}` is not supported (SAML)")));
    }
    let saml = match p.identity_provider_props {
        None => None,
        Some(props) => {
            let get = |k: &str| props.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let metadata_url =
                get("metadata_url").ok_or_else(|| ApiError::bad_request("identity_provider_props.metadata_url: is required"))?;
            let email_attribute =
                get("email_attribute").ok_or_else(|| ApiError::bad_request("identity_provider_props.email_attribute: is required"))?;
            if !url_ok(&metadata_url) {
                return Err(ApiError::bad_request("identity_provider_props.metadata_url: must be an absolute http(s) URL"));
            }
            Some(TenantIdentityProviderSaml {
                sign_in_url: format!("https://auth.saasus-emulator.local/saml/{tenant_id}"),
                metadata_url,
                email_attribute,
            })
        }
    };
    let mut store = app.store();
    store.tenant(&tenant_id).ok_or_else(|| missing(&tenant_id))?;
    store.tenant_idps.insert(tenant_id, TenantIdentityProviders { saml });
    done()
}

async fn get_stripe_customer(State(app): State<AppState>, Path(tenant_id): Path<String>) -> ApiResult<Json<StripeCustomer>> {
    let store = app.store();
    let t = store.tenant(&tenant_id).ok_or_else(|| missing(&tenant_id))?;
    if !store.stripe_linked || t.plan_id.is_none() {
        return Err(ApiError::not_found("Stripe customer of tenant", &tenant_id));
    }
    let short: String = tenant_id.chars().filter(|c| c.is_ascii_alphanumeric()).take(14).collect();
    Ok(Json(StripeCustomer { customer_id: format!("cus_{short}"), subscription_schedule_id: format!("sub_sched_{short}") }))
}

async fn create_tenant_and_pricing(State(app): State<AppState>) -> Done {
    app.store().stripe_linked = true;
    done()
}

async fn delete_stripe_tenant_and_pricing(State(app): State<AppState>) -> Done {
    app.store().stripe_linked = false;
    done()
}

/// Removes every tenant's plan, reservation and history, and the Stripe link.
async fn reset_plan(State(app): State<AppState>) -> Done {
    let mut store = app.store();
    store.stripe_linked = false;
    for t in &mut store.tenants {
        t.plan_id = None;
        t.next_plan_id = None;
        t.using_next_plan_from = None;
        t.next_plan_tax_rate_id = None;
        t.proration_behavior = None;
        t.delete_usage = None;
        t.plan_histories.clear();
    }
    done()
}
