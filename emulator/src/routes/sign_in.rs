//! The `saasUser` tag's sign-in, sign-up and device operations.
//!
//! Stand-ins (the emulator has no SRP, no mail and no AWS Marketplace):
//! - `SignIn` (`USER_SRP_AUTH`, `sign_in_parameters.USERNAME` = email or sign-in ID) answers a
//!   `PASSWORD_VERIFIER` challenge; `RespondToSignInChallenge` takes the plain password in
//!   `challenge_responses.PASSWORD` instead of an SRP signature. A user with MFA on is then asked
//!   `SOFTWARE_TOKEN_MFA`, answered with `SOFTWARE_TOKEN_MFA_CODE` = `123456`.
//! - Sign-up generates the temporary password the platform would email; any non-empty AWS
//!   Marketplace registration token is accepted.

use super::common::{VERIFICATION_CODE, check_email, create_user, signed_in, token_user};
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::JsonBody;
use crate::server::AppState;
use crate::state::{MemberRec, random_hex};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{patch, post};
use axum::{Json, Router};
use saasus::JsonObject;
use saasus::model::Map;
use saasus::models::*;
use std::collections::BTreeMap;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-in/challenge", post(respond_to_sign_in_challenge))
        .route("/device/confirm", post(confirm_device))
        .route("/device/status", post(update_device_status))
        .route("/sign-up", post(sign_up))
        .route("/sign-up/resend", post(resend_sign_up_confirmation_email))
        .route("/aws-marketplace/sign-up", post(sign_up_with_aws_marketplace))
        .route("/aws-marketplace/sign-up-confirm", post(confirm_sign_up_with_aws_marketplace))
        .route("/aws-marketplace/link", patch(link_aws_marketplace))
}

fn param<'a>(map: &'a Option<Map<String>>, key: &str, field: &str) -> ApiResult<&'a str> {
    map.as_ref().and_then(|m| m.get(key)).map(String::as_str).ok_or_else(|| ApiError::bad_request(format!("{field}.{key}: is required")))
}

async fn sign_in(State(app): State<AppState>, JsonBody(p): JsonBody<SignInParam>) -> ApiResult<Json<SignInResult>> {
    if let SignInFlow::Unknown { value } = &p.sign_in_flow {
        return Err(ApiError::bad_request(format!("sign_in_flow: `{value}` is not supported (USER_SRP_AUTH)")));
    }
    let username = param(&p.sign_in_parameters, "USERNAME", "sign_in_parameters")?.to_string();
    let mut store = app.store();
    let user = store
        .users
        .iter()
        .find(|u| u.sign_in_id == username || (!u.email.is_empty() && u.email.eq_ignore_ascii_case(&username)))
        .ok_or_else(|| ApiError::unauthorized("Incorrect username or password."))?;
    let user_id = user.id.clone();
    let session = random_hex(48);
    store.sign_in_sessions.insert(session.clone(), user_id.clone());
    let params: Map<String> = [
        ("USERNAME", username),
        ("USER_ID_FOR_SRP", user_id),
        ("SALT", "emulator".into()),
        ("SRP_B", "emulator".into()),
        ("SECRET_BLOCK", session.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Ok(Json(SignInResult {
        challenge_name: Some(ChallengeName::PasswordVerifier),
        challenge_parameters: Some(params),
        session: Some(session),
    }))
}

async fn respond_to_sign_in_challenge(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<RespondToSignInChallengeParam>,
) -> ApiResult<Json<RespondToSignInChallengeResult>> {
    let session = p.session.clone().ok_or_else(|| ApiError::bad_request("session: is required"))?;
    let mut store = app.store();
    let user_id = store.sign_in_sessions.remove(&session).ok_or_else(|| ApiError::unauthorized("session: invalid or already used"))?;
    let user = store.user(&user_id).cloned().ok_or_else(|| ApiError::unauthorized("the user no longer exists"))?;
    match p.challenge_name {
        ChallengeName::PasswordVerifier => {
            let password = param(&p.challenge_responses, "PASSWORD", "challenge_responses")?;
            if password != user.password {
                return Err(ApiError::unauthorized("Incorrect username or password."));
            }
            if user.mfa.enabled {
                let next = random_hex(48);
                store.sign_in_sessions.insert(next.clone(), user_id);
                return Ok(Json(RespondToSignInChallengeResult {
                    credentials: None,
                    challenge_name: Some(ChallengeName::SoftwareTokenMfa),
                    challenge_parameters: Some(Map::new()),
                    session: Some(next),
                    new_device_metadata: None,
                }));
            }
        }
        ChallengeName::SoftwareTokenMfa => {
            if param(&p.challenge_responses, "SOFTWARE_TOKEN_MFA_CODE", "challenge_responses")? != VERIFICATION_CODE {
                return Err(ApiError::unauthorized("Invalid code received for user"));
            }
        }
        other => return Err(ApiError::bad_request(format!("challenge_name: {other} is not part of the emulator's sign-in"))),
    }
    let credentials = signed_in(&mut store, &user_id);
    Ok(Json(RespondToSignInChallengeResult {
        credentials: Some(credentials),
        challenge_name: None,
        challenge_parameters: None,
        session: None,
        new_device_metadata: Some(NewDeviceMetadata {
            device_key: Some(format!("emu-device-{}", random_hex(12))),
            device_group_key: Some("emu-device-group".into()),
        }),
    }))
}

async fn confirm_device(State(app): State<AppState>, JsonBody(p): JsonBody<ConfirmDeviceParam>) -> ApiResult<Json<ConfirmDeviceResult>> {
    token_user(&app.store(), &p.access_token, "access_token")?;
    if p.device_key.trim().is_empty() {
        return Err(ApiError::bad_request("device_key: must not be empty"));
    }
    Ok(Json(ConfirmDeviceResult { user_confirmation_necessary: false }))
}

async fn update_device_status(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateDeviceStatusParam>) -> Done {
    token_user(&app.store(), &p.access_token, "access_token")?;
    if let DeviceRememberedStatus::Unknown { value } = &p.device_remembered_status {
        return Err(ApiError::bad_request(format!("device_remembered_status: `{value}` is not remembered or not_remembered")));
    }
    done()
}

async fn sign_up(State(app): State<AppState>, JsonBody(p): JsonBody<SignUpParam>) -> ApiResult<(StatusCode, Json<SaasUser>)> {
    let mut store = app.store();
    let (id, _) = create_user(&mut store, Some(p.email), None, None)?;
    Ok((StatusCode::CREATED, Json(store.user(&id).expect("just created").view())))
}

async fn resend_sign_up_confirmation_email(State(app): State<AppState>, JsonBody(p): JsonBody<ResendSignUpConfirmationEmailParam>) -> Done {
    check_email("email", &p.email)?;
    if !app.store().users.iter().any(|u| u.email.eq_ignore_ascii_case(&p.email)) {
        return Err(ApiError::not_found("user with email", &p.email));
    }
    done()
}

async fn sign_up_with_aws_marketplace(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<SignUpWithAwsMarketplaceParam>,
) -> ApiResult<(StatusCode, Json<SaasUser>)> {
    if p.registration_token.trim().is_empty() {
        return Err(ApiError::bad_request("registration_token: must not be empty"));
    }
    let mut store = app.store();
    let (id, _) = create_user(&mut store, Some(p.email), None, None)?;
    Ok((StatusCode::CREATED, Json(store.user(&id).expect("just created").view())))
}

/// Creates the buyer's tenant, with the token's user as its first member.
async fn confirm_sign_up_with_aws_marketplace(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<ConfirmSignUpWithAwsMarketplaceParam>,
) -> ApiResult<(StatusCode, Json<Tenant>)> {
    if p.registration_token.trim().is_empty() {
        return Err(ApiError::bad_request("registration_token: must not be empty"));
    }
    let mut store = app.store();
    let user = token_user(&store, &p.access_token, "access_token")?.clone();
    let name = p.tenant_name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| format!("{}'s tenant", user.email));
    let tenant = super::tenant::new_tenant(name, JsonObject::new(), user.email.clone());
    store.tenants.push(tenant.clone());
    store.members.push(MemberRec { tenant_id: tenant.id.clone(), user_id: user.id, attributes: JsonObject::new(), roles: BTreeMap::new() });
    Ok((StatusCode::CREATED, Json(tenant)))
}

async fn link_aws_marketplace(State(app): State<AppState>, JsonBody(p): JsonBody<LinkAwsMarketplaceParam>) -> Done {
    let store = app.store();
    token_user(&store, &p.access_token, "access_token")?;
    if p.registration_token.trim().is_empty() {
        return Err(ApiError::bad_request("registration_token: must not be empty"));
    }
    store.tenant(&p.tenant_id).ok_or_else(|| ApiError::not_found("tenant", &p.tenant_id))?;
    done()
}
