//! SAASUSSIGV1 verification of every request, with the same signer the SDK uses.

use crate::error::ApiError;
use crate::server::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{OriginalUri, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use saasus::signing::{self, Minute, VerifyError};
use subtle::ConstantTimeEq;

/// Requests larger than this are refused before they are read whole.
const MAX_BODY: usize = 1 << 20;

/// The emulator's idea of now, to the minute. Tests pin it to a signing vector's minute.
#[derive(Clone, Copy, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Minute),
}

impl Clock {
    /// A clock stopped at `YYYYMMDDHHMM` (UTC); `None` when that is not a valid minute.
    pub fn fixed(minute: &str) -> Option<Clock> {
        Minute::parse(minute).map(Clock::Fixed)
    }

    pub fn now(self) -> Minute {
        match self {
            Clock::System => Minute::now(),
            Clock::Fixed(m) => m,
        }
    }
}

/// The API key of a request whose signature verified (a request extension).
#[derive(Clone)]
pub(crate) struct VerifiedApiKey(pub String);

fn unauthorized(error_type: &'static str, message: &str) -> Response {
    ApiError::new(StatusCode::UNAUTHORIZED, error_type, message).into_response()
}

/// Rebuilds the signed URL (`host[:port]/path?query`) from the request and checks the signature
/// of the exact bytes received against the current minute and its neighbours.
pub(crate) async fn verify_signature(app: &AppState, req: Request, next: impl AsyncFnOnce(Request) -> Response) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the request body exceeds 1 MiB").into_response();
        }
    };
    let Some(auth) = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(signing::parse_authorization) else {
        return unauthorized(
            "invalid_authorization",
            "missing or malformed Authorization header; expected SAASUSSIGV1 Sig=…, SaaSID=…, APIKey=…",
        );
    };
    let host = match parts.headers.get(header::HOST).and_then(|v| v.to_str().ok()) {
        Some(h) => h,
        None => parts.uri.authority().map_or("", |a| a.as_str()),
    };
    // Under `nest`, `parts.uri` has lost the `/v1/auth` prefix; the signed URL is the original.
    let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |o| &o.0);
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut signed_url = String::with_capacity(host.len() + path_and_query.len());
    signed_url.push_str(host);
    signed_url.push_str(path_and_query);
    // The accepted API keys and SaaS ID are state: CreateApiKey, DeleteApiKey and UpdateSaasId change them.
    let (key, saas_id) = {
        let store = app.store();
        let key = store.api_keys.iter().find(|k| bool::from(k.as_bytes().ct_eq(auth.api_key.as_bytes()))).cloned();
        (key, store.saas_id.clone())
    };
    let Some(key) = key else {
        return unauthorized("invalid_api_key", "the API key or SaaS ID is not known");
    };
    match app.signer.verify(&auth, &key, &saas_id, app.clock.now(), parts.method.as_str(), &signed_url, &bytes) {
        Ok(()) => {
            let mut req = Request::from_parts(parts, Body::from(bytes));
            // For the API log, which would otherwise parse the header again.
            req.extensions_mut().insert(VerifiedApiKey(key));
            next(req).await
        }
        Err(VerifyError::UnknownKey) => unauthorized("invalid_api_key", "the API key or SaaS ID is not known"),
        Err(_) => unauthorized("invalid_signature", "the signature does not match this request in the current minute"),
    }
}
