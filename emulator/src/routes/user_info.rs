//! The `userInfo` tag: who a token (or an email, or a sign-in ID) belongs to, with the user's
//! tenants, envs, roles and attributes as they are now.

use super::common::token_user;
use crate::error::{ApiError, ApiResult};
use crate::extract::QueryParams;
use crate::server::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use saasus::models::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/userinfo", get(get_user_info))
        .route("/userinfo/search/email", get(get_user_info_by_email))
        .route("/userinfo/search/sign-in-id", get(get_user_info_by_sign_in_id))
}

async fn get_user_info(State(app): State<AppState>, QueryParams(q): QueryParams<GetUserInfoQuery>) -> ApiResult<Json<UserInfo>> {
    let store = app.store();
    let user = token_user(&store, &q.token, "token")?;
    Ok(Json(store.user_info(user)))
}

async fn get_user_info_by_email(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<GetUserInfoByEmailQuery>,
) -> ApiResult<Json<UserInfo>> {
    let store = app.store();
    let user = store
        .users
        .iter()
        .find(|u| u.email.eq_ignore_ascii_case(&q.email))
        .ok_or_else(|| ApiError::not_found("user with email", &q.email))?;
    Ok(Json(store.user_info(user)))
}

async fn get_user_info_by_sign_in_id(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<GetUserInfoBySignInIdQuery>,
) -> ApiResult<Json<UserInfo>> {
    let store = app.store();
    let user = store
        .users
        .iter()
        .find(|u| u.sign_in_id == q.sign_in_id)
        .ok_or_else(|| ApiError::not_found("user with sign-in ID", &q.sign_in_id))?;
    Ok(Json(store.user_info(user)))
}
