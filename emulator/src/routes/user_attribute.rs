//! The `userAttribute` tag: attributes of tenant users (per tenant) and of SaaS users (shared).

use super::common::check_name;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path};
use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use saasus::models::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/user-attributes", get(get_user_attributes).post(create_user_attribute))
        .route("/user-attributes/{attribute_name}", delete(delete_user_attribute))
        .route("/saas-user-attributes", post(create_saas_user_attribute))
}

pub(crate) fn new_attribute(list: &[Attribute], name: String, display_name: String, attribute_type: AttributeType) -> ApiResult<Attribute> {
    check_name("attribute_name", &name)?;
    check_name("display_name", &display_name)?;
    if let AttributeType::Unknown { value } = &attribute_type {
        return Err(ApiError::bad_request(format!("attribute_type: `{value}` is not one of string, number, bool, date")));
    }
    if list.iter().any(|a| a.attribute_name == name) {
        return Err(ApiError::conflict(format!("attribute_name: the attribute {name} already exists")));
    }
    Ok(Attribute { attribute_name: name, display_name, attribute_type })
}

async fn get_user_attributes(State(app): State<AppState>) -> Json<UserAttributes> {
    Json(UserAttributes { user_attributes: app.store().user_attributes.clone() })
}

async fn create_user_attribute(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<CreateUserAttributeParam>,
) -> ApiResult<(StatusCode, Json<Attribute>)> {
    let mut store = app.store();
    let a = new_attribute(&store.user_attributes, p.attribute_name, p.display_name, p.attribute_type)?;
    store.user_attributes.push(a.clone());
    Ok((StatusCode::CREATED, Json(a)))
}

/// Deletes the definition and every tenant user's value for it.
async fn delete_user_attribute(State(app): State<AppState>, Path(name): Path<String>) -> Done {
    let mut store = app.store();
    if !store.user_attributes.iter().any(|a| a.attribute_name == name) {
        return Err(ApiError::not_found("user attribute", &name));
    }
    store.user_attributes.retain(|a| a.attribute_name != name);
    for m in &mut store.members {
        m.attributes.0.remove(&name);
    }
    done()
}

async fn create_saas_user_attribute(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<CreateSaasUserAttributeParam>,
) -> ApiResult<(StatusCode, Json<Attribute>)> {
    let mut store = app.store();
    let a = new_attribute(&store.saas_user_attributes, p.attribute_name, p.display_name, p.attribute_type)?;
    store.saas_user_attributes.push(a.clone());
    Ok((StatusCode::CREATED, Json(a)))
}
