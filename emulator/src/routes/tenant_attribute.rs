//! The `tenantAttribute` tag: the attributes every tenant carries.

use super::user_attribute::new_attribute;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path};
use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use saasus::models::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tenant-attributes", get(get_tenant_attributes).post(create_tenant_attribute))
        .route("/tenant-attributes/{attribute_name}", delete(delete_tenant_attribute))
}

async fn get_tenant_attributes(State(app): State<AppState>) -> Json<TenantAttributes> {
    Json(TenantAttributes { tenant_attributes: app.store().tenant_attributes.clone() })
}

async fn create_tenant_attribute(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<CreateTenantAttributeParam>,
) -> ApiResult<(StatusCode, Json<Attribute>)> {
    let mut store = app.store();
    let a = new_attribute(&store.tenant_attributes, p.attribute_name, p.display_name, p.attribute_type)?;
    store.tenant_attributes.push(a.clone());
    Ok((StatusCode::CREATED, Json(a)))
}

/// Deletes the definition and every tenant's value for it.
async fn delete_tenant_attribute(State(app): State<AppState>, Path(name): Path<String>) -> Done {
    let mut store = app.store();
    if !store.tenant_attributes.iter().any(|a| a.attribute_name == name) {
        return Err(ApiError::not_found("tenant attribute", &name));
    }
    store.tenant_attributes.retain(|a| a.attribute_name != name);
    for t in &mut store.tenants {
        t.attributes.0.remove(&name);
    }
    done()
}
