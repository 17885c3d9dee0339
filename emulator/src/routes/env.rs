//! The `env` tag: the SaaS's environments (1 dev, 2 stg, 3 prod to start with).

use super::common::check_name;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path};
use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use saasus::models::*;

/// The production env, which the platform never lets go.
const PROTECTED_ENV: i64 = 3;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/envs", get(get_envs).post(create_env)).route("/envs/{env_id}", get(get_env).patch(update_env).delete(delete_env))
}

async fn get_envs(State(app): State<AppState>) -> Json<Envs> {
    Json(Envs { envs: app.store().envs.clone() })
}

async fn create_env(State(app): State<AppState>, JsonBody(p): JsonBody<CreateEnvParam>) -> ApiResult<(StatusCode, Json<Env>)> {
    check_name("name", &p.name)?;
    if p.id < 1 {
        return Err(ApiError::bad_request("id: must be 1 or more"));
    }
    let mut store = app.store();
    if store.env(p.id).is_some() {
        return Err(ApiError::conflict(format!("id: the env {} already exists", p.id)));
    }
    if store.envs.iter().any(|e| e.name == p.name) {
        return Err(ApiError::conflict(format!("name: an env named {} already exists", p.name)));
    }
    let env = Env { id: p.id, name: p.name, display_name: p.display_name };
    store.envs.push(env.clone());
    store.envs.sort_by_key(|e| e.id);
    Ok((StatusCode::CREATED, Json(env)))
}

async fn get_env(State(app): State<AppState>, Path(env_id): Path<i64>) -> ApiResult<Json<Env>> {
    app.store().env(env_id).cloned().map(Json).ok_or_else(|| ApiError::not_found("env", env_id))
}

async fn update_env(State(app): State<AppState>, Path(env_id): Path<i64>, JsonBody(p): JsonBody<UpdateEnvParam>) -> Done {
    check_name("name", &p.name)?;
    let mut store = app.store();
    if store.envs.iter().any(|e| e.id != env_id && e.name == p.name) {
        return Err(ApiError::conflict(format!("name: an env named {} already exists", p.name)));
    }
    let env = store.envs.iter_mut().find(|e| e.id == env_id).ok_or_else(|| ApiError::not_found("env", env_id))?;
    env.name = p.name;
    env.display_name = p.display_name;
    done()
}

/// Tenant users lose their roles in the env.
async fn delete_env(State(app): State<AppState>, Path(env_id): Path<i64>) -> Done {
    if env_id == PROTECTED_ENV {
        return Err(ApiError::bad_request("env_id: env 3 (production) cannot be deleted"));
    }
    let mut store = app.store();
    store.env(env_id).ok_or_else(|| ApiError::not_found("env", env_id))?;
    store.envs.retain(|e| e.id != env_id);
    for m in &mut store.members {
        m.roles.remove(&env_id);
    }
    done()
}
