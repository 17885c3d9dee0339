//! The `tenantUser` tag: SaaS users' memberships of tenants, and their roles per env.

use super::common::check_attributes;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::Path;
use crate::extract::{JsonBody, QueryParams};
use crate::server::AppState;
use crate::state::{MemberRec, Store};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use saasus::models::*;
use std::collections::BTreeMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tenants/all/users", get(get_all_tenant_users))
        .route("/tenants/all/users/search", get(search_tenant_users))
        .route("/tenants/all/users/{user_id}", get(get_all_tenant_user))
        .route("/tenants/{tenant_id}/users", get(get_tenant_users).post(create_tenant_user))
        .route("/tenants/{tenant_id}/users/{user_id}", get(get_tenant_user).patch(update_tenant_user).delete(delete_tenant_user))
        .route("/tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles", post(create_tenant_user_roles))
        .route("/tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles/{role_name}", delete(delete_tenant_user_role))
}

fn users_where(store: &Store, keep: impl Fn(&MemberRec) -> bool) -> Vec<User> {
    store.members.iter().filter(|m| keep(m)).filter_map(|m| store.tenant_user(m)).collect()
}

fn check_tenant(store: &Store, tenant_id: &str) -> ApiResult<()> {
    store.tenant(tenant_id).map(|_| ()).ok_or_else(|| ApiError::not_found("tenant", tenant_id))
}

fn member_missing(tenant_id: &str, user_id: &str) -> ApiError {
    ApiError::not_found("tenant user", format!("{user_id} in tenant {tenant_id}"))
}

async fn get_all_tenant_users(State(app): State<AppState>) -> Json<Users> {
    let store = app.store();
    Json(Users { users: users_where(&store, |_| true) })
}

/// Filters combine with AND; `email` and `sign_in_id` match prefixes; `role_id` is a role name.
/// The cursor is the position after the last user returned.
async fn search_tenant_users(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<SearchTenantUsersQuery>,
) -> ApiResult<Json<SearchTenantUsersResult>> {
    if q.env_id.is_some_and(|e| e < 1) {
        return Err(ApiError::bad_request("env_id: must be at least 1"));
    }
    let limit = q.limit.unwrap_or(100);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::bad_request("limit: must be between 1 and 100"));
    }
    let start = match &q.cursor {
        Some(c) => c.parse::<usize>().map_err(|_| ApiError::bad_request("cursor: not a cursor this search returned"))?,
        None => 0,
    };
    let store = app.store();
    let all: Vec<User> = users_where(&store, |m| {
        q.tenant_id.as_ref().is_none_or(|t| *t == m.tenant_id)
            && q.id.as_ref().is_none_or(|u| *u == m.user_id)
            && q.env_id.is_none_or(|e| m.roles.contains_key(&e))
            && q.role_id.as_ref().is_none_or(|r| m.roles.values().any(|names| names.contains(r)))
    })
    .into_iter()
    .filter(|u| {
        q.email.as_ref().is_none_or(|e| u.email.starts_with(e.as_str()))
            && q.sign_in_id.as_ref().is_none_or(|s| u.sign_in_id.starts_with(s.as_str()))
    })
    .collect();
    let end = (start + limit as usize).min(all.len());
    let users = all.get(start..end).unwrap_or_default().to_vec();
    let cursor = (end < all.len()).then(|| end.to_string());
    Ok(Json(SearchTenantUsersResult { users, cursor }))
}

/// One user's memberships, one `User` per tenant.
async fn get_all_tenant_user(State(app): State<AppState>, Path(user_id): Path<String>) -> ApiResult<Json<Users>> {
    let store = app.store();
    store.user(&user_id).ok_or_else(|| ApiError::not_found("user", &user_id))?;
    Ok(Json(Users { users: users_where(&store, |m| m.user_id == user_id) }))
}

async fn get_tenant_users(State(app): State<AppState>, Path(tenant_id): Path<String>) -> ApiResult<Json<Users>> {
    let store = app.store();
    check_tenant(&store, &tenant_id)?;
    Ok(Json(Users { users: users_where(&store, |m| m.tenant_id == tenant_id) }))
}

/// Adds an existing SaaS user (found by email, or by sign-in ID) to the tenant.
async fn create_tenant_user(
    State(app): State<AppState>,
    Path(tenant_id): Path<String>,
    JsonBody(p): JsonBody<CreateTenantUserParam>,
) -> ApiResult<(StatusCode, Json<User>)> {
    let mut store = app.store();
    check_tenant(&store, &tenant_id)?;
    check_attributes(&store.user_attributes, &p.attributes, "attributes")?;
    let user = match (&p.email, &p.sign_in_id) {
        (Some(e), _) => {
            store.users.iter().find(|u| u.email.eq_ignore_ascii_case(e)).ok_or_else(|| ApiError::not_found("SaaS user with email", e))?
        }
        (None, Some(s)) => {
            store.users.iter().find(|u| u.sign_in_id == *s).ok_or_else(|| ApiError::not_found("SaaS user with sign-in ID", s))?
        }
        (None, None) => return Err(ApiError::bad_request("email or sign_in_id: one of them is required")),
    };
    let user_id = user.id.clone();
    if store.member(&tenant_id, &user_id).is_some() {
        return Err(ApiError::conflict(format!("the user {user_id} already belongs to tenant {tenant_id}")));
    }
    let member = MemberRec { tenant_id, user_id, attributes: p.attributes, roles: BTreeMap::new() };
    let view = store.tenant_user(&member).expect("tenant and user exist");
    store.members.push(member);
    Ok((StatusCode::CREATED, Json(view)))
}

async fn get_tenant_user(State(app): State<AppState>, Path((tenant_id, user_id)): Path<(String, String)>) -> ApiResult<Json<User>> {
    let store = app.store();
    let m = store.member(&tenant_id, &user_id).ok_or_else(|| member_missing(&tenant_id, &user_id))?;
    Ok(Json(store.tenant_user(m).expect("members reference live users and tenants")))
}

async fn update_tenant_user(
    State(app): State<AppState>,
    Path((tenant_id, user_id)): Path<(String, String)>,
    JsonBody(p): JsonBody<UpdateTenantUserParam>,
) -> Done {
    let mut store = app.store();
    check_attributes(&store.user_attributes, &p.attributes, "attributes")?;
    let m = store.member_mut(&tenant_id, &user_id).ok_or_else(|| member_missing(&tenant_id, &user_id))?;
    for (k, v) in p.attributes.0 {
        m.attributes.0.insert(k, v);
    }
    done()
}

async fn delete_tenant_user(State(app): State<AppState>, Path((tenant_id, user_id)): Path<(String, String)>) -> Done {
    let mut store = app.store();
    store.member(&tenant_id, &user_id).ok_or_else(|| member_missing(&tenant_id, &user_id))?;
    store.members.retain(|m| !(m.tenant_id == tenant_id && m.user_id == user_id));
    done()
}

async fn create_tenant_user_roles(
    State(app): State<AppState>,
    Path((tenant_id, user_id, env_id)): Path<(String, String, i64)>,
    JsonBody(p): JsonBody<CreateTenantUserRolesParam>,
) -> ApiResult<StatusCode> {
    let mut store = app.store();
    store.env(env_id).ok_or_else(|| ApiError::not_found("env", env_id))?;
    if let Some(unknown) = p.role_names.iter().find(|r| !store.roles.iter().any(|role| role.role_name == **r)) {
        return Err(ApiError::bad_request(format!("role_names: the role {unknown} is not defined")));
    }
    let m = store.member_mut(&tenant_id, &user_id).ok_or_else(|| member_missing(&tenant_id, &user_id))?;
    let held = m.roles.entry(env_id).or_default();
    for r in p.role_names {
        if !held.contains(&r) {
            held.push(r);
        }
    }
    Ok(StatusCode::CREATED)
}

async fn delete_tenant_user_role(
    State(app): State<AppState>,
    Path((tenant_id, user_id, env_id, role_name)): Path<(String, String, i64, String)>,
) -> Done {
    let mut store = app.store();
    let m = store.member_mut(&tenant_id, &user_id).ok_or_else(|| member_missing(&tenant_id, &user_id))?;
    let held = m
        .roles
        .get_mut(&env_id)
        .filter(|h| h.contains(&role_name))
        .ok_or_else(|| ApiError::not_found("role", format!("{role_name} in env {env_id}")))?;
    held.retain(|r| *r != role_name);
    if held.is_empty() {
        m.roles.remove(&env_id);
    }
    done()
}
