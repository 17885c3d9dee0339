//! The `saasusTenant` tag: the SaaS's own API keys, SaaS ID and client secret.
//!
//! These change what the emulator's signature check accepts: a created API key signs requests
//! from then on, a deleted one no longer does, and `UpdateSaasId` replaces the SaaS ID every
//! client must send (so the client that called it must be reconfigured, as on the platform).

use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::Path;
use crate::server::AppState;
use crate::state::{new_id, random_hex};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use saasus::models::*;

const MAX_API_KEYS: usize = 2;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/apikeys", get(get_api_keys).post(create_api_key))
        .route("/apikeys/{api_key}", delete(delete_api_key))
        .route("/saasid", get(get_saas_id).patch(update_saas_id))
        .route("/client-secret", get(get_client_secret).patch(update_client_secret))
}

async fn get_api_keys(State(app): State<AppState>) -> Json<ApiKeys> {
    Json(ApiKeys { api_keys: app.store().api_keys.clone() })
}

async fn create_api_key(State(app): State<AppState>) -> ApiResult<StatusCode> {
    let mut store = app.store();
    if store.api_keys.len() >= MAX_API_KEYS {
        return Err(ApiError::bad_request(format!("api_keys: at most {MAX_API_KEYS} API keys can exist; delete one first")));
    }
    store.api_keys.push(random_hex(32));
    Ok(StatusCode::CREATED)
}

async fn delete_api_key(State(app): State<AppState>, Path(api_key): Path<String>) -> Done {
    let mut store = app.store();
    if !store.api_keys.contains(&api_key) {
        return Err(ApiError::not_found("API key", "(given)"));
    }
    store.api_keys.retain(|k| *k != api_key);
    done()
}

async fn get_saas_id(State(app): State<AppState>) -> Json<SaasId> {
    let store = app.store();
    Json(SaasId { tenant_id: store.saasus_tenant_id.clone(), env_id: 3, saas_id: store.saas_id.clone() })
}

async fn update_saas_id(State(app): State<AppState>) -> Done {
    app.store().saas_id = new_id();
    done()
}

async fn get_client_secret(State(app): State<AppState>) -> Json<ClientSecret> {
    Json(ClientSecret { client_secret: app.store().client_secret.clone() })
}

async fn update_client_secret(State(app): State<AppState>) -> Done {
    app.store().client_secret = random_hex(40);
    done()
}
