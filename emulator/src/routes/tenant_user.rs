//! The `tenantUser` tag: SaaS users' memberships of tenants, and their roles per env.

use super::common::{check_attributes, prefixes_match};
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path, QueryParams};
use crate::paging::page;
use crate::server::AppState;
use crate::state::{MemberRec, Store, now};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use saasus::models::*;
use std::collections::{BTreeMap, HashSet};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tenants/all/users", get(get_all_tenant_users))
        .route("/tenants/all/users/count", get(get_all_tenant_users_count).post(save_tenant_users_counts))
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

/// The counts last saved, of the tenants that still exist, by tenant id; none before any save.
async fn get_all_tenant_users_count(State(app): State<AppState>) -> Json<TenantUsersCounts> {
    let store = app.store();
    let tenant_user_counts = store.tenant_user_counts.values().filter(|c| store.tenant(&c.tenant_id).is_some()).cloned().collect();
    Json(TenantUsersCounts { tenant_user_counts })
}

/// Saves each tenant's count (replacing what was saved for it; other tenants' stay). The whole
/// request is refused, naming the item, for a tenant that does not exist, one given twice or a
/// negative count.
async fn save_tenant_users_counts(State(app): State<AppState>, JsonBody(p): JsonBody<SaveTenantUsersCountsParam>) -> Done {
    const MAX_ITEMS: usize = 10_000;
    if p.tenant_user_counts.len() > MAX_ITEMS {
        return Err(ApiError::bad_request(format!("tenant_user_counts: at most {MAX_ITEMS} items")));
    }
    let mut store = app.store();
    let tenants: HashSet<&str> = store.tenants.iter().map(|t| t.id.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, c) in p.tenant_user_counts.iter().enumerate() {
        if c.count < 0 {
            return Err(ApiError::bad_request(format!("tenant_user_counts[{i}].count: must be 0 or more")));
        }
        if !tenants.contains(c.tenant_id.as_str()) {
            return Err(ApiError::bad_request(format!("tenant_user_counts[{i}].tenant_id: no tenant {} exists", c.tenant_id)));
        }
        if !seen.insert(c.tenant_id.as_str()) {
            return Err(ApiError::bad_request(format!("tenant_user_counts[{i}].tenant_id: {} is given twice", c.tenant_id)));
        }
    }
    let updated_at = now();
    for c in p.tenant_user_counts {
        store.tenant_user_counts.insert(c.tenant_id.clone(), TenantUserCount { tenant_id: c.tenant_id, count: c.count, updated_at });
    }
    done()
}

/// Filters combine with AND: `tenant_id`, `id` and `env_id` exact, `role_name` a role held in any
/// env (in `env_id` when both are given), `email` and `sign_in_id` prefixes ([`prefixes_match`]).
/// Ordered by user id, then tenant id; see [`page`].
async fn search_tenant_users(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<SearchTenantUsersQuery>,
) -> ApiResult<Json<SearchTenantUsersResult>> {
    if q.env_id.is_some_and(|e| e < 1) {
        return Err(ApiError::bad_request("env_id: must be at least 1"));
    }
    let filters = serde_json::json!({
        "tenant_id": q.tenant_id, "id": q.id, "email": q.email, "sign_in_id": q.sign_in_id, "env_id": q.env_id, "role_name": q.role_name,
    });
    let store = app.store();
    let found = users_where(&store, |m| {
        q.tenant_id.as_ref().is_none_or(|t| *t == m.tenant_id)
            && q.id.as_ref().is_none_or(|u| *u == m.user_id)
            && q.env_id.is_none_or(|e| m.roles.contains_key(&e))
            && q.role_name
                .as_ref()
                .is_none_or(|r| m.roles.iter().any(|(env, names)| q.env_id.is_none_or(|e| e == *env) && names.contains(r)))
    })
    .into_iter()
    .filter(|u| prefixes_match(&u.email, &u.sign_in_id, q.email.as_deref(), q.sign_in_id.as_deref()));
    let (users, cursor) = page(found, |u: &User| (u.id.clone(), u.tenant_id.clone()), &filters, q.cursor.as_deref(), q.limit)?;
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
