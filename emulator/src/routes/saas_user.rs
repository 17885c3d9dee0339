//! The `saasUser` tag: SaaS users, their credentials, attributes and MFA.

use super::common::{
    VERIFICATION_CODE, check_attributes, check_email, check_name, check_password, create_user, new_password, prefixes_match, token_user,
};
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path, QueryParams};
use crate::paging::page;
use crate::server::AppState;
use crate::state::{UserRec, now};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, post, put};
use axum::{Json, Router};
use saasus::models::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(get_saas_users).post(create_saas_user))
        .route("/users/count", get(get_saas_users_count).post(save_saas_users_count))
        .route("/users/search", get(search_saas_users))
        .route("/users/{user_id}", get(get_saas_user).delete(delete_saas_user))
        .route("/users/{user_id}/password", patch(update_saas_user_password))
        .route("/users/{user_id}/password/reset", post(reset_saas_user_password))
        .route("/users/{user_id}/email", patch(update_saas_user_email))
        .route("/users/{user_id}/sign-in-id", patch(update_saas_user_sign_in_id))
        .route("/users/{user_id}/email/request", post(request_email_update))
        .route("/users/{user_id}/email/confirm", post(confirm_email_update))
        .route("/users/{user_id}/attributes", patch(update_saas_user_attributes))
        .route("/users/{user_id}/mfa/software-token", put(update_software_token))
        .route("/users/{user_id}/mfa/software-token/secret-code", post(create_secret_code))
        .route("/users/{user_id}/mfa/preference", get(get_user_mfa_preference).patch(update_user_mfa_preference))
        .route("/users/{user_id}/providers/{provider_name}", delete(unlink_provider))
        .route("/external-users/request", post(request_external_user_link))
        .route("/external-users/confirm", post(confirm_external_user_link))
}

fn missing(user_id: &str) -> ApiError {
    ApiError::not_found("user", user_id)
}

async fn get_saas_users(State(app): State<AppState>) -> Json<SaasUsers> {
    Json(SaasUsers { users: app.store().users.iter().map(|u| u.view()).collect() })
}

/// Without a password a temporary one is generated and returned (the platform would email it).
async fn create_saas_user(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<CreateSaasUserParam>,
) -> ApiResult<(StatusCode, Json<CreatedSaasUser>)> {
    let mut store = app.store();
    let (id, generated) = create_user(&mut store, p.email, p.sign_in_id, p.password)?;
    let u = store.user(&id).expect("just created").view();
    Ok((
        StatusCode::CREATED,
        Json(CreatedSaasUser {
            id: u.id,
            email: u.email,
            sign_in_id: u.sign_in_id,
            attributes: u.attributes,
            last_login_at: u.last_login_at,
            password: generated,
        }),
    ))
}

/// The count last saved; before any save, 0 as of the epoch (`updated_at` 0): the spec has no
/// 404 here, and a count never saved is no error.
async fn get_saas_users_count(State(app): State<AppState>) -> Json<SaasUsersCount> {
    Json(app.store().saas_users_count.clone().unwrap_or(SaasUsersCount { count: 0, updated_at: 0 }))
}

async fn save_saas_users_count(State(app): State<AppState>, JsonBody(p): JsonBody<SaveSaasUsersCountParam>) -> Done {
    if p.count < 0 {
        return Err(ApiError::bad_request("count: must be 0 or more"));
    }
    app.store().saas_users_count = Some(SaasUsersCount { count: p.count, updated_at: now() });
    done()
}

/// Filters combine with AND: `id` exact, `email` and `sign_in_id` prefixes ([`prefixes_match`]).
/// Ordered by user id; see [`page`].
async fn search_saas_users(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<SearchSaasUsersQuery>,
) -> ApiResult<Json<SearchSaasUsersResult>> {
    let filters = serde_json::json!({ "id": q.id, "email": q.email, "sign_in_id": q.sign_in_id });
    let store = app.store();
    let found = store.users.iter().filter(|u| {
        q.id.as_ref().is_none_or(|id| u.id == *id) && prefixes_match(&u.email, &u.sign_in_id, q.email.as_deref(), q.sign_in_id.as_deref())
    });
    let (users, cursor) = page(found, |u: &&UserRec| u.id.clone(), &filters, q.cursor.as_deref(), q.limit)?;
    Ok(Json(SearchSaasUsersResult { users: users.into_iter().map(UserRec::view).collect(), cursor }))
}

async fn get_saas_user(State(app): State<AppState>, Path(user_id): Path<String>) -> ApiResult<Json<SaasUser>> {
    app.store().user(&user_id).map(|u| Json(u.view())).ok_or_else(|| missing(&user_id))
}

/// Removes the user from every tenant too; answers what the user looked like before.
async fn delete_saas_user(State(app): State<AppState>, Path(user_id): Path<String>) -> ApiResult<Json<UserInfo>> {
    let mut store = app.store();
    let info = store.user(&user_id).map(|u| store.user_info(u)).ok_or_else(|| missing(&user_id))?;
    store.users.retain(|u| u.id != user_id);
    store.members.retain(|m| m.user_id != user_id);
    store.refresh_tokens.retain(|_, u| *u != user_id);
    Ok(Json(info))
}

async fn update_saas_user_password(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<UpdateSaasUserPasswordParam>,
) -> Done {
    let mut store = app.store();
    check_password(&store.sign_in_settings.password_policy, "password", &p.password)?;
    store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?.password = p.password;
    done()
}

async fn reset_saas_user_password(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
) -> ApiResult<Json<SaasUserResetPasswordResult>> {
    let mut store = app.store();
    let user = store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?;
    user.password = new_password();
    Ok(Json(SaasUserResetPasswordResult { password: Some(user.password.clone()) }))
}

async fn update_saas_user_email(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<UpdateSaasUserEmailParam>,
) -> Done {
    check_email("email", &p.email)?;
    let mut store = app.store();
    if store.users.iter().any(|u| u.id != user_id && u.email.eq_ignore_ascii_case(&p.email)) {
        return Err(ApiError::conflict(format!("email: a user with {} already exists", p.email)));
    }
    store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?.email = p.email;
    done()
}

async fn update_saas_user_sign_in_id(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<UpdateSaasUserSignInIdParam>,
) -> Done {
    check_name("sign_in_id", &p.sign_in_id)?;
    let mut store = app.store();
    if store.users.iter().any(|u| u.id != user_id && u.sign_in_id == p.sign_in_id) {
        return Err(ApiError::conflict(format!("sign_in_id: a user with {} already exists", p.sign_in_id)));
    }
    store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?.sign_in_id = p.sign_in_id;
    done()
}

/// The emulator sends no email: the verification code is always `123456`.
async fn request_email_update(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<RequestEmailUpdateParam>,
) -> Done {
    check_email("email", &p.email)?;
    let mut store = app.store();
    let token_owner = token_user(&store, &p.access_token, "access_token")?.id.clone();
    if token_owner != user_id {
        return Err(ApiError::unauthorized("access_token: belongs to another user"));
    }
    if store.users.iter().any(|u| u.id != user_id && u.email.eq_ignore_ascii_case(&p.email)) {
        return Err(ApiError::conflict(format!("email: a user with {} already exists", p.email)));
    }
    store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?.pending_email = Some((p.email, VERIFICATION_CODE.into()));
    done()
}

async fn confirm_email_update(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<ConfirmEmailUpdateParam>,
) -> Done {
    let mut store = app.store();
    token_user(&store, &p.access_token, "access_token")?;
    let user = store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?;
    match user.pending_email.take() {
        Some((email, code)) if code == p.code => {
            user.email = email;
            done()
        }
        Some(pending) => {
            user.pending_email = Some(pending);
            Err(ApiError::bad_request("code: the verification code does not match"))
        }
        None => Err(ApiError::bad_request("code: no email change was requested")),
    }
}

async fn update_saas_user_attributes(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<UpdateSaasUserAttributesParam>,
) -> Done {
    let mut store = app.store();
    check_attributes(&store.saas_user_attributes, &p.attributes, "attributes")?;
    let user = store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?;
    for (k, v) in p.attributes.0 {
        user.attributes.0.insert(k, v);
    }
    done()
}

/// A deterministic authenticator secret per user; the emulator accepts the code `123456`.
async fn create_secret_code(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<CreateSecretCodeParam>,
) -> ApiResult<(StatusCode, Json<SoftwareTokenSecretCode>)> {
    let mut store = app.store();
    token_user(&store, &p.access_token, "access_token")?;
    let user = store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?;
    const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let secret: String = user.id.bytes().filter(u8::is_ascii_alphanumeric).take(32).map(|b| BASE32[(b % 32) as usize] as char).collect();
    user.software_token_secret = Some(secret.clone());
    Ok((StatusCode::CREATED, Json(SoftwareTokenSecretCode { secret_code: secret })))
}

async fn update_software_token(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<UpdateSoftwareTokenParam>,
) -> Done {
    let store = app.store();
    token_user(&store, &p.access_token, "access_token")?;
    let user = store.user(&user_id).ok_or_else(|| missing(&user_id))?;
    if user.software_token_secret.is_none() {
        return Err(ApiError::bad_request("access_token: create a secret code first (CreateSecretCode)"));
    }
    if p.verification_code != VERIFICATION_CODE {
        return Err(ApiError::bad_request("verification_code: does not match the authenticator"));
    }
    done()
}

async fn get_user_mfa_preference(State(app): State<AppState>, Path(user_id): Path<String>) -> ApiResult<Json<MfaPreference>> {
    app.store().user(&user_id).map(|u| Json(u.mfa.clone())).ok_or_else(|| missing(&user_id))
}

async fn update_user_mfa_preference(
    State(app): State<AppState>,
    Path(user_id): Path<String>,
    JsonBody(p): JsonBody<UpdateUserMfaPreferenceParam>,
) -> Done {
    let mut store = app.store();
    let user = store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?;
    if p.enabled && matches!(p.method, Some(MfaMethod::SoftwareToken)) && user.software_token_secret.is_none() {
        return Err(ApiError::bad_request("method: register an authenticator app first (CreateSecretCode, UpdateSoftwareToken)"));
    }
    user.mfa = MfaPreference { enabled: p.enabled, method: if p.enabled { p.method.or(Some(MfaMethod::SoftwareToken)) } else { None } };
    done()
}

async fn unlink_provider(State(app): State<AppState>, Path((user_id, provider_name)): Path<(String, String)>) -> Done {
    let mut store = app.store();
    let user = store.user_mut(&user_id).ok_or_else(|| missing(&user_id))?;
    let before = user.providers.len();
    user.providers.retain(|p| *p != provider_name);
    if user.providers.len() == before {
        return Err(ApiError::not_found("linked provider", &provider_name));
    }
    done()
}

/// Links the token's user to Google (the emulator's only external provider) once the code
/// `123456` is confirmed.
async fn request_external_user_link(State(app): State<AppState>, JsonBody(p): JsonBody<RequestExternalUserLinkParam>) -> Done {
    let mut store = app.store();
    let id = token_user(&store, &p.access_token, "access_token")?.id.clone();
    store.user_mut(&id).expect("token user exists").pending_external_link = Some(VERIFICATION_CODE.into());
    done()
}

async fn confirm_external_user_link(State(app): State<AppState>, JsonBody(p): JsonBody<ConfirmExternalUserLinkParam>) -> Done {
    let mut store = app.store();
    let id = token_user(&store, &p.access_token, "access_token")?.id.clone();
    let user = store.user_mut(&id).expect("token user exists");
    match &user.pending_external_link {
        Some(code) if *code == p.code => {
            user.pending_external_link = None;
            if !user.providers.iter().any(|p| p == "Google") {
                user.providers.push("Google".into());
            }
            done()
        }
        Some(_) => Err(ApiError::bad_request("code: the verification code does not match")),
        None => Err(ApiError::bad_request("code: no link was requested (RequestExternalUserLink)")),
    }
}
