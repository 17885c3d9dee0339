//! The `role` tag: the roles a tenant user can hold per env.

use super::common::check_name;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path};
use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use saasus::models::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/roles", get(get_roles).post(create_role)).route("/roles/{role_name}", patch(update_role).delete(delete_role))
}

async fn get_roles(State(app): State<AppState>) -> Json<Roles> {
    Json(Roles { roles: app.store().roles.clone() })
}

async fn create_role(State(app): State<AppState>, JsonBody(p): JsonBody<CreateRoleParam>) -> ApiResult<(StatusCode, Json<Role>)> {
    check_name("role_name", &p.role_name)?;
    check_name("display_name", &p.display_name)?;
    let mut store = app.store();
    if store.roles.iter().any(|r| r.role_name == p.role_name) {
        return Err(ApiError::conflict(format!("role_name: the role {} already exists", p.role_name)));
    }
    let role = Role { role_name: p.role_name, display_name: p.display_name };
    store.roles.push(role.clone());
    Ok((StatusCode::CREATED, Json(role)))
}

async fn update_role(State(app): State<AppState>, Path(role_name): Path<String>, JsonBody(p): JsonBody<UpdateRoleParam>) -> Done {
    check_name("display_name", &p.display_name)?;
    let mut store = app.store();
    let role = store.roles.iter_mut().find(|r| r.role_name == role_name).ok_or_else(|| ApiError::not_found("role", &role_name))?;
    role.display_name = p.display_name;
    done()
}

/// Tenant users lose the role in every env.
async fn delete_role(State(app): State<AppState>, Path(role_name): Path<String>) -> Done {
    let mut store = app.store();
    if !store.roles.iter().any(|r| r.role_name == role_name) {
        return Err(ApiError::not_found("role", &role_name));
    }
    store.roles.retain(|r| r.role_name != role_name);
    for m in &mut store.members {
        for held in m.roles.values_mut() {
            held.retain(|r| *r != role_name);
        }
        m.roles.retain(|_, held| !held.is_empty());
    }
    done()
}
