//! The token issuer's public documents, served where Cognito serves a user pool's
//! (`<iss>/.well-known/jwks.json` and `openid-configuration`), unsigned and to anyone: what an
//! SDK fetches to verify ID tokens without a call to `GetUserInfo`.

use crate::error::ApiError;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cognito-idp/{pool}/.well-known/jwks.json", get(jwks))
        .route("/cognito-idp/{pool}/.well-known/openid-configuration", get(openid_configuration))
}

fn unknown_pool(pool: &str) -> ApiError {
    ApiError::not_found("user pool", pool)
}

async fn jwks(State(app): State<AppState>, Path(pool): Path<String>) -> Result<Response, ApiError> {
    let store = app.store();
    if pool != store.user_pool_id() {
        return Err(unknown_pool(&pool));
    }
    // Cognito lets a key set be cached; an SDK refetches it only for a key id it does not know.
    Ok((StatusCode::OK, [(header::CACHE_CONTROL, "max-age=3600")], Json(store.token_keys().jwks())).into_response())
}

async fn openid_configuration(State(app): State<AppState>, Path(pool): Path<String>) -> Result<Json<serde_json::Value>, ApiError> {
    let store = app.store();
    if pool != store.user_pool_id() {
        return Err(unknown_pool(&pool));
    }
    let issuer = store.issuer();
    Ok(Json(serde_json::json!({
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "id_token_signing_alg_values_supported": ["RS256"],
        "subject_types_supported": ["public"],
        "response_types_supported": ["code"],
    })))
}
