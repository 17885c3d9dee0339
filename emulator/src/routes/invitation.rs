//! The `invitation` tag: inviting users into a tenant with roles per env.
//!
//! Invitations last 7 days. `ValidateInvitation` accepts one: with an `access_token` for an
//! existing user whose email matches, or with `email` and `password` for a new SaaS user.

use super::common::{check_email, create_user, token_user};
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path};
use crate::server::AppState;
use crate::state::{InvitationRec, Store, new_id, now};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use saasus::models::*;
use std::collections::BTreeMap;

const INVITATION_TTL: i64 = 7 * 24 * 3600;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tenants/{tenant_id}/invitations", get(get_tenant_invitations).post(create_tenant_invitation))
        .route("/tenants/{tenant_id}/invitations/{invitation_id}", get(get_tenant_invitation).delete(delete_tenant_invitation))
        .route("/invitations/{invitation_id}/validity", get(get_invitation_validity))
        .route("/invitations/{invitation_id}/validate", patch(validate_invitation))
}

fn roles_of(envs: &[InvitedEnv]) -> BTreeMap<i64, Vec<String>> {
    envs.iter().map(|e| (e.id, e.role_names.clone())).collect()
}

fn view(store: &Store, rec: &InvitationRec) -> Invitation {
    let status = if rec.accepted {
        InvitationStatus::Accepted
    } else if rec.expired_at < now() {
        InvitationStatus::Expired
    } else {
        InvitationStatus::Pending
    };
    Invitation {
        id: rec.id.clone(),
        email: rec.email.clone(),
        invitation_url: format!("{}/invitation?code={}", store.public_url, rec.id),
        envs: store.user_envs(&roles_of(&rec.envs)),
        expired_at: rec.expired_at,
        status,
    }
}

async fn get_tenant_invitations(State(app): State<AppState>, Path(tenant_id): Path<String>) -> ApiResult<Json<Invitations>> {
    let store = app.store();
    store.tenant(&tenant_id).ok_or_else(|| ApiError::not_found("tenant", &tenant_id))?;
    Ok(Json(Invitations { invitations: store.invitations.iter().filter(|i| i.tenant_id == tenant_id).map(|i| view(&store, i)).collect() }))
}

/// The inviter is the owner of `access_token`; every env and role must exist.
async fn create_tenant_invitation(
    State(app): State<AppState>,
    Path(tenant_id): Path<String>,
    JsonBody(p): JsonBody<CreateTenantInvitationParam>,
) -> ApiResult<(StatusCode, Json<Invitation>)> {
    check_email("email", &p.email)?;
    let mut store = app.store();
    token_user(&store, &p.access_token, "access_token")?;
    store.tenant(&tenant_id).ok_or_else(|| ApiError::not_found("tenant", &tenant_id))?;
    for (i, e) in p.envs.iter().enumerate() {
        store.env(e.id).ok_or_else(|| ApiError::bad_request(format!("envs[{i}].id: the env {} does not exist", e.id)))?;
        if let Some(r) = e.role_names.iter().find(|r| !store.roles.iter().any(|role| role.role_name == **r)) {
            return Err(ApiError::bad_request(format!("envs[{i}].role_names: the role {r} is not defined")));
        }
    }
    let rec = InvitationRec { tenant_id, id: new_id(), email: p.email, envs: p.envs, expired_at: now() + INVITATION_TTL, accepted: false };
    let v = view(&store, &rec);
    store.invitations.push(rec);
    Ok((StatusCode::CREATED, Json(v)))
}

fn find<'a>(store: &'a Store, tenant_id: &str, invitation_id: &str) -> ApiResult<&'a InvitationRec> {
    store
        .invitations
        .iter()
        .find(|i| i.tenant_id == tenant_id && i.id == invitation_id)
        .ok_or_else(|| ApiError::not_found("invitation", invitation_id))
}

async fn get_tenant_invitation(
    State(app): State<AppState>,
    Path((tenant_id, invitation_id)): Path<(String, String)>,
) -> ApiResult<Json<Invitation>> {
    let store = app.store();
    let rec = find(&store, &tenant_id, &invitation_id)?;
    Ok(Json(view(&store, rec)))
}

async fn delete_tenant_invitation(State(app): State<AppState>, Path((tenant_id, invitation_id)): Path<(String, String)>) -> Done {
    let mut store = app.store();
    find(&store, &tenant_id, &invitation_id)?;
    store.invitations.retain(|i| i.id != invitation_id);
    done()
}

async fn get_invitation_validity(State(app): State<AppState>, Path(invitation_id): Path<String>) -> ApiResult<Json<InvitationValidity>> {
    let store = app.store();
    let rec = store.invitations.iter().find(|i| i.id == invitation_id).ok_or_else(|| ApiError::not_found("invitation", &invitation_id))?;
    Ok(Json(InvitationValidity { is_valid: !rec.accepted && rec.expired_at >= now() }))
}

async fn validate_invitation(
    State(app): State<AppState>,
    Path(invitation_id): Path<String>,
    JsonBody(p): JsonBody<ValidateInvitationParam>,
) -> Done {
    let mut store = app.store();
    let rec = store
        .invitations
        .iter()
        .find(|i| i.id == invitation_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("invitation", &invitation_id))?;
    if rec.accepted || rec.expired_at < now() {
        return Err(ApiError::bad_request("invitation: is no longer valid (accepted or expired)"));
    }
    let user_id = match (&p.access_token, &p.email, &p.password) {
        (Some(token), _, _) => {
            let user = token_user(&store, token, "access_token")?;
            if !user.email.eq_ignore_ascii_case(&rec.email) {
                return Err(ApiError::bad_request("access_token: belongs to a user other than the one invited"));
            }
            user.id.clone()
        }
        (None, Some(email), Some(password)) => {
            if !email.eq_ignore_ascii_case(&rec.email) {
                return Err(ApiError::bad_request("email: is not the invited address"));
            }
            create_user(&mut store, Some(email.clone()), None, Some(password.clone()))?.0
        }
        _ => return Err(ApiError::bad_request("access_token, or email and password: required to accept the invitation")),
    };
    store.accept_invitation(&invitation_id, &user_id);
    done()
}
