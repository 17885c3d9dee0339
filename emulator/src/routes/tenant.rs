//! The `tenant` tag: tenants of the SaaS.

use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use saasus::models::{CreateTenantParam, Tenant, TenantDetail, Tenants, UpdateTenantParam};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tenants", get(get_tenants).post(create_tenant))
        .route("/tenants/{tenant_id}", get(get_tenant).patch(update_tenant).delete(delete_tenant))
}

fn check_props(name: &str, email: &str) -> ApiResult<()> {
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("name: must not be empty"));
    }
    if !email.contains('@') {
        return Err(ApiError::bad_request("back_office_staff_email: must be an email address"));
    }
    Ok(())
}

async fn get_tenants(State(app): State<AppState>) -> Json<Tenants> {
    Json(Tenants { tenants: app.store().tenants.clone() })
}

async fn create_tenant(State(app): State<AppState>, JsonBody(p): JsonBody<CreateTenantParam>) -> ApiResult<(StatusCode, Json<Tenant>)> {
    check_props(&p.name, &p.back_office_staff_email)?;
    let tenant = Tenant {
        id: uuid::Uuid::new_v4().to_string(),
        plan_id: None,
        billing_info: None,
        name: p.name,
        attributes: p.attributes,
        back_office_staff_email: p.back_office_staff_email,
        next_plan_id: None,
        using_next_plan_from: None,
        next_plan_tax_rate_id: None,
        proration_behavior: None,
        delete_usage: None,
        plan_histories: Vec::new(),
    };
    app.store().tenants.push(tenant.clone());
    Ok((StatusCode::CREATED, Json(tenant)))
}

async fn get_tenant(State(app): State<AppState>, Path(tenant_id): Path<String>) -> ApiResult<Json<TenantDetail>> {
    let store = app.store();
    let t = store.tenant(&tenant_id).ok_or_else(|| ApiError::not_found("tenant", &tenant_id))?;
    Ok(Json(TenantDetail {
        // No plan is applied in the emulator until a plan is set, so there is no plan period.
        current_plan_period_start: None,
        current_plan_period_end: None,
        id: t.id.clone(),
        plan_id: t.plan_id.clone(),
        billing_info: t.billing_info.clone(),
        name: t.name.clone(),
        attributes: t.attributes.clone(),
        back_office_staff_email: t.back_office_staff_email.clone(),
        next_plan_id: t.next_plan_id.clone(),
        using_next_plan_from: t.using_next_plan_from,
        next_plan_tax_rate_id: t.next_plan_tax_rate_id.clone(),
        proration_behavior: t.proration_behavior.clone(),
        delete_usage: t.delete_usage,
        plan_histories: t.plan_histories.clone(),
    }))
}

async fn update_tenant(
    State(app): State<AppState>,
    Path(tenant_id): Path<String>,
    JsonBody(p): JsonBody<UpdateTenantParam>,
) -> ApiResult<StatusCode> {
    check_props(&p.name, &p.back_office_staff_email)?;
    let mut store = app.store();
    let t = store.tenant_mut(&tenant_id).ok_or_else(|| ApiError::not_found("tenant", &tenant_id))?;
    t.name = p.name;
    t.attributes = p.attributes;
    t.back_office_staff_email = p.back_office_staff_email;
    Ok(StatusCode::OK)
}

async fn delete_tenant(State(app): State<AppState>, Path(tenant_id): Path<String>) -> ApiResult<StatusCode> {
    let mut store = app.store();
    let before = store.tenants.len();
    store.tenants.retain(|t| t.id != tenant_id);
    if store.tenants.len() == before {
        return Err(ApiError::not_found("tenant", &tenant_id));
    }
    Ok(StatusCode::OK)
}
