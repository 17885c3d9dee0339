//! The endpoints a native app's session talks to (`saasus::app::AppSession` on the device): the
//! app holds no API key or secret key, so its backend exchanges the hosted login page's temp code
//! and refreshes the tokens for it, answering them as JSON (no cookies: an app is not a browser).
//! Every framework helper routes `POST <prefix>/token`, `/refresh` and `/sign-out` here.
//!
//! The rules are the browser sessions': 400 for a malformed request, 401 for a code or refresh
//! token the platform refuses, 503 when the platform fails, 500 when it refuses this backend, and
//! 429 past the per-client limit ([`super::AuthOptions::app_requests_per_minute`]).

use super::{AuthFailure, Authenticator, Headers, digest, header, token};
use serde_json::{Value, json};

/// The largest request body taken: a refresh token is a few KB.
const MAX_BODY_BYTES: usize = 16 * 1024;

/// Which app endpoint a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppRoute {
    /// `POST …/token` `{"code": "…"}`: the hosted login page's temp code for the session's tokens.
    Token,
    /// `POST …/refresh` `{"refresh_token": "…"}`: new tokens for a refresh token.
    Refresh,
    /// `POST …/sign-out` `{"refresh_token": "…"}` (optional): forgets what this backend cached for
    /// the session. The platform has no revocation call: the device deletes its tokens.
    SignOut,
}

impl AppRoute {
    /// The route named by the last segment of a path (`token`, `refresh`, `sign-out`).
    pub fn from_segment(segment: &str) -> Option<AppRoute> {
        match segment {
            "token" => Some(AppRoute::Token),
            "refresh" => Some(AppRoute::Refresh),
            "sign-out" => Some(AppRoute::SignOut),
            _ => None,
        }
    }

    /// The routes and their path segments, for the helpers to mount.
    pub const ALL: [(AppRoute, &'static str); 3] =
        [(AppRoute::Token, "token"), (AppRoute::Refresh, "refresh"), (AppRoute::SignOut, "sign-out")];
}

/// What an app endpoint answers: the status, the JSON body (empty for 204), a `Retry-After` in
/// seconds for a 429, and the failure behind an error, for the helper's log (a server error's
/// cause is never in the body). Every answer is sent with `Cache-Control: no-store`.
#[derive(Clone, PartialEq)]
pub struct AppAnswer {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<u64>,
    pub failure: Option<AuthFailure>,
}

impl std::fmt::Debug for AppAnswer {
    // A 200's body holds the tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppAnswer").field("status", &self.status).field("body", &"***").field("failure", &self.failure).finish()
    }
}

impl AppAnswer {
    fn tokens(id_token: &str, refresh_token: Option<&str>) -> AppAnswer {
        let expires_at = token::peek(id_token).map(|t| t.claims.exp).unwrap_or_default();
        let mut body = json!({ "id_token": id_token, "expires_at": expires_at });
        if let Some(r) = refresh_token {
            body["refresh_token"] = Value::from(r);
        }
        AppAnswer { status: 200, body: body.to_string(), retry_after: None, failure: None }
    }

    fn failed(failure: AuthFailure) -> AppAnswer {
        let retry_after = match failure {
            AuthFailure::TooManyRequests { retry_after } => Some(retry_after),
            _ => None,
        };
        let body = json!({ "type": failure.kind(), "message": failure.public_message() }).to_string();
        AppAnswer { status: failure.status(), body, retry_after, failure: Some(failure) }
    }
}

/// The request's JSON object, or why not.
fn object(headers: &Headers<'_>, body: &[u8]) -> Result<serde_json::Map<String, Value>, AuthFailure> {
    // Only JSON: a form or text/plain body can be posted cross-site without a preflight.
    let json = header(headers, "content-type").is_some_and(|c| {
        let media = c.split(';').next().unwrap_or_default().trim();
        media.eq_ignore_ascii_case("application/json")
    });
    if !json {
        return Err(AuthFailure::bad_request("the body must be JSON (Content-Type: application/json)"));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(AuthFailure::bad_request(format!("the body is larger than {MAX_BODY_BYTES} bytes")));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(AuthFailure::bad_request("the body must be a JSON object")),
    }
}

/// The string field `name`, when given.
fn field<'a>(body: &'a serde_json::Map<String, Value>, name: &str) -> Result<Option<&'a str>, AuthFailure> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(AuthFailure::bad_request(format!("{name}: must be a string"))),
    }
}

impl Authenticator {
    /// Answers one request of a native app's session: `route` from the path, the request's raw
    /// `body` and `headers`, and `client` — who the per-client limit counts the request against
    /// (the peer's address, or the address a trusted proxy forwarded).
    pub async fn app_request(&self, route: AppRoute, body: &[u8], client: &str, headers: &Headers<'_>) -> AppAnswer {
        match self.app_answer(route, body, client, headers).await {
            Ok(answer) => answer,
            Err(failure) => AppAnswer::failed(failure),
        }
    }

    async fn app_answer(&self, route: AppRoute, body: &[u8], client: &str, headers: &Headers<'_>) -> Result<AppAnswer, AuthFailure> {
        if let Err(wait) = self.inner.app_limit.take(client) {
            return Err(AuthFailure::TooManyRequests { retry_after: wait.as_secs().max(1) });
        }
        let body = object(headers, body)?;
        match route {
            AppRoute::Token => {
                let code = super::sign_in::checked_code(field(&body, "code")?)?;
                let creds = self
                    .scoped(headers)
                    .exchange_temp_code(code)
                    .await
                    .map_err(|e| AuthFailure::of_call(e, "the sign-in code was refused (expired, or used already)"))?;
                Ok(AppAnswer::tokens(&creds.id_token, creds.refresh_token.as_deref()))
            }
            AppRoute::Refresh => {
                let Some(refresh) = field(&body, "refresh_token")?.filter(|r| !r.is_empty()) else {
                    return Err(AuthFailure::bad_request("refresh_token: is required"));
                };
                let fresh = self.refresh_with(&self.scoped(headers), refresh).await?;
                Ok(AppAnswer::tokens(&fresh.id_token, fresh.refresh_token.as_deref()))
            }
            AppRoute::SignOut => {
                if let Some(refresh) = field(&body, "refresh_token")? {
                    let d = digest(refresh);
                    self.inner.refreshed.remove_where(|k, _| *k == d);
                }
                if let Some(id) = header(headers, "authorization").and_then(crate::bearer_token)
                    && let Ok(t) = token::peek(id)
                {
                    self.forget_user(&t.claims.sub);
                }
                Ok(AppAnswer { status: 204, body: String::new(), retry_after: None, failure: None })
            }
        }
    }
}
