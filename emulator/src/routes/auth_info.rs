//! The `authInfo` tag: the login callback URL, identity providers, sign-in settings.

use crate::error::{ApiError, Done, done};
use crate::extract::JsonBody;
use crate::server::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use saasus::models::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth-info", get(get_auth_info).put(update_auth_info))
        .route("/identity-providers", get(get_identity_providers).put(update_identity_provider))
        .route("/sign-in-settings", get(get_sign_in_settings).put(update_sign_in_settings))
}

async fn get_auth_info(State(app): State<AppState>) -> Json<AuthInfo> {
    Json(app.store().auth_info.clone())
}

async fn update_auth_info(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateAuthInfoParam>) -> Done {
    let ok = url_ok(&p.callback_url);
    if !ok {
        return Err(ApiError::bad_request("callback_url: must be an absolute http(s) URL"));
    }
    app.store().auth_info.callback_url = p.callback_url;
    done()
}

pub(crate) fn url_ok(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://")) && s.len() > "https://".len() && !s.contains(char::is_whitespace)
}

async fn get_identity_providers(State(app): State<AppState>) -> Json<IdentityProviders> {
    Json(app.store().identity_providers.clone())
}

/// `identity_provider_props` absent turns the provider off (its settings go blank).
async fn update_identity_provider(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateIdentityProviderParam>) -> Done {
    if let ProviderName::Unknown { value } = &p.provider {
        return Err(ApiError::bad_request(format!("provider: `{value}` is not supported (Google)")));
    }
    app.store().identity_providers.google = p.identity_provider_props.unwrap_or(IdentityProviderProps {
        application_id: String::new(),
        application_secret: String::new(),
        approval_scope: String::new(),
        is_button_hidden: Some(false),
    });
    done()
}

async fn get_sign_in_settings(State(app): State<AppState>) -> Json<SignInSettings> {
    Json(app.store().sign_in_settings.clone())
}

async fn update_sign_in_settings(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateSignInSettingsParam>) -> Done {
    if let Some(pp) = &p.password_policy
        && !(6..=99).contains(&pp.minimum_length)
    {
        return Err(ApiError::bad_request("password_policy.minimum_length: must be between 6 and 99"));
    }
    let mut store = app.store();
    let s = &mut store.sign_in_settings;
    if let Some(v) = p.password_policy {
        s.password_policy = v;
    }
    if let Some(v) = p.device_configuration {
        s.device_configuration = v;
    }
    if let Some(v) = p.mfa_configuration {
        s.mfa_configuration = v;
    }
    if let Some(v) = p.recaptcha_props {
        s.recaptcha_props = v;
    }
    if let Some(v) = p.account_verification {
        s.account_verification = v;
    }
    if let Some(v) = p.self_regist {
        s.self_regist = v;
    }
    done()
}
