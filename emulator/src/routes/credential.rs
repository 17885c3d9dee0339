//! The `credential` tag: the temp-code and refresh-token flows.

use super::common::issue_credentials;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, QueryParams};
use crate::server::AppState;
use crate::state::{TempCode, now, random_hex};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use saasus::models::*;

/// Temp codes work once, for this long.
const TEMP_CODE_TTL: i64 = 10;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/credentials", get(get_auth_credentials).post(create_auth_credentials))
}

/// Keeps the tokens for 10 seconds behind a one-time code.
async fn create_auth_credentials(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<CreateAuthCredentialsParam>,
) -> ApiResult<(StatusCode, Json<AuthorizationTempCode>)> {
    if p.id_token.trim().is_empty() || p.access_token.trim().is_empty() {
        return Err(ApiError::bad_request("id_token and access_token: must not be empty"));
    }
    let code = random_hex(32);
    let credentials = Credentials { id_token: p.id_token, access_token: p.access_token, refresh_token: p.refresh_token };
    app.store().temp_codes.insert(code.clone(), TempCode { credentials, expires_at: now() + TEMP_CODE_TTL });
    Ok((StatusCode::CREATED, Json(AuthorizationTempCode { code })))
}

/// `auth-flow=tempCodeAuth` (the default) exchanges `code`; `refreshTokenAuth` exchanges
/// `refresh-token` for new ID and access tokens.
async fn get_auth_credentials(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<GetAuthCredentialsQuery>,
) -> ApiResult<Json<Credentials>> {
    let mut store = app.store();
    match q.auth_flow.unwrap_or(AuthFlow::TempCodeAuth) {
        AuthFlow::TempCodeAuth => {
            let code = q.code.ok_or_else(|| ApiError::bad_request("code: is required for tempCodeAuth"))?;
            let temp = store
                .temp_codes
                .remove(&code)
                .filter(|t| t.expires_at >= now())
                .ok_or_else(|| ApiError::not_found("temp code", "(given)"))?;
            Ok(Json(temp.credentials))
        }
        AuthFlow::RefreshTokenAuth => {
            let token = q.refresh_token.ok_or_else(|| ApiError::bad_request("refresh-token: is required for refreshTokenAuth"))?;
            let user_id = store.refresh_tokens.get(&token).cloned().ok_or_else(|| ApiError::not_found("refresh token", "(given)"))?;
            let fresh = issue_credentials(&mut store, &user_id);
            // A refresh keeps the refresh token: only the ID and access tokens are new.
            store.refresh_tokens.remove(fresh.refresh_token.as_deref().unwrap_or_default());
            Ok(Json(Credentials { id_token: fresh.id_token, access_token: fresh.access_token, refresh_token: None }))
        }
        AuthFlow::Unknown { value } => Err(ApiError::bad_request(format!("auth-flow: `{value}` is not tempCodeAuth or refreshTokenAuth"))),
    }
}
