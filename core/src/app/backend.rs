//! The app's calls to its own backend's app endpoints: JSON in, JSON out, no signature (the
//! backend signs its own calls to the platform), never retried (a temp code works once).

use super::AppTokens;
use crate::config::ConfigError;
use crate::error::{ApiError, Error};
use serde_json::{Value, json};
use std::time::Duration;

/// The largest answer read: tokens are a few KB.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

pub(super) struct Backend {
    /// `backend_url` with one trailing `/`, so that `join("token")` appends.
    base: url::Url,
    http: reqwest::Client,
}

/// https anywhere; http only on a loopback host (a developer's machine, the tests).
pub(super) fn allowed_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        let loopback = matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        (u.scheme() == "https" || (u.scheme() == "http" && loopback)) && u.username().is_empty() && u.password().is_none()
    })
}

impl Backend {
    pub(super) fn new(backend_url: &str, timeout: Duration) -> Result<Self, ConfigError> {
        if !allowed_url(backend_url) {
            return Err(ConfigError::new("backend_url", "must be an https URL (http only on a loopback host), without credentials"));
        }
        if timeout.is_zero() || timeout > Duration::from_secs(300) {
            return Err(ConfigError::new("timeout", "must be more than 0 s and at most 300 s"));
        }
        let mut base = url::Url::parse(backend_url).map_err(|e| ConfigError::new("backend_url", e.to_string()))?;
        if base.query().is_some() || base.fragment().is_some() {
            return Err(ConfigError::new("backend_url", "must have no query or fragment"));
        }
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            // A redirect would carry the tokens' body wherever `Location` points.
            .redirect(reqwest::redirect::Policy::none())
            .tls_backend_preconfigured(crate::transport::connect::tls()?)
            .user_agent(format!("saasus-app/{}", crate::VERSION))
            .build()
            .map_err(|e| ConfigError::new("backend_url", format!("no HTTP client could be built: {}", e.without_url())))?;
        Ok(Backend { base, http })
    }

    pub(super) async fn token(&self, code: &str) -> Result<AppTokens, Error> {
        self.tokens("token", json!({ "code": code })).await
    }

    pub(super) async fn refresh(&self, refresh_token: &str) -> Result<AppTokens, Error> {
        self.tokens("refresh", json!({ "refresh_token": refresh_token })).await
    }

    pub(super) async fn sign_out(&self, tokens: &AppTokens) -> Result<(), Error> {
        let body = json!({ "refresh_token": tokens.refresh_token });
        self.post("sign-out", body, Some(&tokens.id_token)).await.map(|_| ())
    }

    async fn tokens(&self, route: &str, body: Value) -> Result<AppTokens, Error> {
        let answer = self.post(route, body, None).await?;
        let decode = |message: &str| Error::Decode { status: 200, message: message.into(), trace_id: None };
        let value: Value = serde_json::from_slice(&answer).map_err(|_| decode("the backend's answer is not JSON"))?;
        let id_token = value.get("id_token").and_then(Value::as_str).ok_or_else(|| decode("the backend's answer has no id_token"))?;
        let refresh_token = value.get("refresh_token").and_then(Value::as_str).map(str::to_string);
        Ok(AppTokens { id_token: id_token.to_string(), refresh_token })
    }

    /// Posts `body` to `<base>/<route>`; a non-2xx answer is an [`Error::Api`] with the backend's
    /// `type` and `message` (its JSON error), or the status alone.
    async fn post(&self, route: &str, body: Value, bearer: Option<&str>) -> Result<Vec<u8>, Error> {
        let url = self.base.join(route).map_err(|e| Error::Config(ConfigError::new("backend_url", e.to_string())))?;
        let mut request = self.http.post(url).header("content-type", "application/json").header("accept", "application/json");
        if let Some(token) = bearer {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = request.body(body.to_string()).send().await.map_err(crate::transport::connect::transport_error)?;
        let status = response.status().as_u16();
        let mut bytes = Vec::new();
        let mut response = response;
        while let Some(chunk) = response.chunk().await.map_err(crate::transport::connect::transport_error)? {
            if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(Error::Decode {
                    status,
                    message: format!("the backend's answer exceeds {MAX_ANSWER_BYTES} bytes"),
                    trace_id: None,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        if (200..300).contains(&status) {
            return Ok(bytes);
        }
        let error: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let text = |k: &str| error.get(k).and_then(Value::as_str).map(str::to_string);
        Err(Error::Api(Box::new(ApiError {
            status,
            error_type: text("type").unwrap_or_else(|| "http_error".into()),
            message: text("message").unwrap_or_else(|| format!("the backend answered {status}")),
            data: None,
            trace_id: None,
        })))
    }
}
