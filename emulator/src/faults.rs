//! Fault injection for client tests: the next N requests matching a method and path answer a
//! given status (with an optional `Retry-After`) or stall first.
//!
//! ```text
//! POST   /_emulator/faults  {"path": "/v1/auth/tenants", "method": "GET", "status": 503,
//!                            "retry_after": 1, "count": 2}       → 201 {"id": …}
//!                            ("retry_after_as_date": true sends it as the HTTP date that far ahead)
//! POST   /_emulator/faults  {"path": "/v1/auth/tenants", "stall_ms": 2000, "count": 1}
//! POST   /_emulator/faults  {"path": "/v1/pricing/metering/*", "status": 502, "after_applying": true}
//!                            (the request is served, its effect kept, and the answer replaced:
//!                            what a gateway failing after the platform did its work looks like)
//! POST   /_emulator/faults  {"path": "/v1/auth/users/search", "status": 200,
//!                            "body": {"users": [], "cursor": "c"}, "count": 2}
//!                            (answers with this JSON instead of the error JSON: an answer the
//!                            platform should never give, e.g. a cursor repeated from page to page)
//! GET    /_emulator/faults  → the faults still armed
//! DELETE /_emulator/faults  → disarm all
//! ```
//! `path` matches exactly, or as a prefix when it ends in `*`; no `method` matches any. A fault
//! fires on an API request only once its signature is verified, so a refused request leaves it
//! armed. The control endpoints need no signature; a served emulator answers them when the request
//! carries the token it printed (`x-saasus-emulator-token`), or, bound to a loopback address, to a
//! loopback peer ([`Control`](crate::guard::Control)). `GET /_emulator/health` answers anyone. A body is taken only as
//! `Content-Type: application/json` ([`EmulatorJson`]), and a served emulator answers no request
//! (control, API or page) whose `Host` does not name it, unless it carries the token
//! ([`check_host`](crate::guard::check_host)): so a web page the developer visits can neither send them a body without a
//! CORS preflight (never granted) nor read them through DNS rebinding.

use crate::error::ApiError;
use crate::extract::EmulatorJson;
use crate::guard::Control;
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Fault {
    #[serde(default)]
    pub id: u64,
    pub path: String,
    #[serde(default)]
    pub method: Option<String>,
    /// The status to answer with; none stalls and then serves the request normally.
    #[serde(default)]
    pub status: Option<u16>,
    /// Seconds, sent as `Retry-After` with the status.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Send `Retry-After` as the HTTP date `retry_after` seconds from now, as RFC 9110 allows.
    #[serde(default)]
    pub retry_after_as_date: bool,
    #[serde(default)]
    pub stall_ms: Option<u64>,
    /// Serve the request first (its effect is kept), then stall and answer `status` instead of
    /// its answer: a request whose outcome the caller cannot know.
    #[serde(default)]
    pub after_applying: bool,
    /// The JSON to answer with `status`, instead of the error JSON: an answer as wrong as a
    /// client must still survive (a repeated cursor, a missing field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
    /// How many matching requests this fault applies to.
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

/// A fault on `path` of the defaults (once, any method); a caller sets the rest by field.
impl Default for Fault {
    fn default() -> Self {
        Fault {
            id: 0,
            path: String::new(),
            method: None,
            status: None,
            retry_after: None,
            retry_after_as_date: false,
            stall_ms: None,
            after_applying: false,
            body: None,
            count: 1,
        }
    }
}

impl Fault {
    /// The rule a fault breaks, as (field, rule), if any.
    fn check(&self) -> Result<(), (&'static str, &'static str)> {
        if !self.path.starts_with('/') {
            return Err(("path", "must start with / (e.g. /v1/auth/tenants)"));
        }
        if self.status.is_none() && self.stall_ms.is_none() {
            return Err(("status or stall_ms", "one of them is required"));
        }
        if self.status.is_some_and(|s| !(100..=599).contains(&s)) {
            return Err(("status", "must be an HTTP status (100-599)"));
        }
        if self.body.is_some() && self.status.is_none() {
            return Err(("body", "needs status (the status to answer the body with)"));
        }
        if self.count == 0 {
            return Err(("count", "must be at least 1"));
        }
        if self.retry_after_as_date && self.retry_after.is_none() {
            return Err(("retry_after_as_date", "needs retry_after (the seconds from now)"));
        }
        if self.retry_after.is_some_and(|secs| secs > 86_400) {
            return Err(("retry_after", "must be at most 86400 seconds"));
        }
        if self.stall_ms.is_some_and(|ms| ms > 600_000) {
            return Err(("stall_ms", "must be at most 600000"));
        }
        Ok(())
    }
}

#[derive(Clone, Default)]
pub struct Faults {
    armed: Arc<Mutex<(u64, Vec<Fault>)>>,
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, Vec<Fault>)> {
        self.armed.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Arms `fault` once it is checked; its id, or the (field, rule) it breaks.
    pub(crate) fn arm(&self, mut fault: Fault) -> Result<u64, (&'static str, &'static str)> {
        fault.check()?;
        let mut armed = self.lock();
        armed.0 += 1;
        fault.id = armed.0;
        armed.1.push(fault);
        Ok(armed.0)
    }

    /// The faults still armed, oldest first.
    pub(crate) fn armed(&self) -> Vec<Fault> {
        self.lock().1.clone()
    }

    pub(crate) fn clear(&self) {
        self.lock().1.clear();
    }

    /// Takes one use of the first fault matching the request, if any.
    fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut armed = self.lock();
        let i = armed.1.iter().position(|f| {
            f.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
                && match f.path.strip_suffix('*') {
                    Some(prefix) => path.starts_with(prefix),
                    None => path == f.path,
                }
        })?;
        let fault = armed.1[i].clone();
        armed.1[i].count -= 1;
        if armed.1[i].count == 0 {
            armed.1.remove(i);
        }
        Some(fault)
    }
}

pub(crate) fn control_routes() -> Router<Faults> {
    Router::new().route("/_emulator/faults", get(list).post(arm).delete(reset)).route("/_emulator/health", get(health))
}

/// Whether the emulator serves: for a container's health check or a test waiting for it.
async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

async fn list(State(f): State<Faults>, _: Control) -> Result<Json<Vec<Fault>>, ApiError> {
    Ok(Json(f.armed()))
}

async fn arm(
    State(f): State<Faults>,
    _: Control,
    EmulatorJson(fault): EmulatorJson<Fault>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = f.arm(fault).map_err(|(field, rule)| ApiError::bad_request(format!("{field}: {rule}")))?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))))
}

async fn reset(State(f): State<Faults>, _: Control) -> Result<StatusCode, ApiError> {
    f.clear();
    Ok(StatusCode::OK)
}

/// Applies an armed fault to a matching request: on the API once its signature is verified, on
/// the pages before they answer; never on the control endpoint.
pub(crate) async fn inject(f: &Faults, req: Request, next: impl AsyncFnOnce(Request) -> Response) -> Response {
    // Under `nest`, the URI has lost its `/v1/auth` prefix; faults name the full path.
    let path = req.extensions().get::<OriginalUri>().map_or(req.uri().path(), |o| o.0.path()).to_string();
    let Some(fault) = f.take(req.method().as_str(), &path) else {
        return next(req).await;
    };
    if fault.after_applying {
        let served = next(req).await;
        if let Some(ms) = fault.stall_ms {
            // Past the caller's timeout, the effect is kept all the same.
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        // With a status, the answer is dropped: the caller sees only the fault's.
        return match fault.status {
            Some(status) => fault_answer(&fault, status),
            None => served,
        };
    }
    if let Some(ms) = fault.stall_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    match fault.status {
        None => next(req).await,
        Some(status) => fault_answer(&fault, status),
    }
}

/// The error answer of a fault: its status in the API's error JSON, with its `Retry-After`.
fn fault_answer(fault: &Fault, status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let mut resp = match &fault.body {
        Some(body) => (status, Json(body.clone())).into_response(),
        None => ApiError::new(status, "injected_fault", format!("fault {} injected by the emulator", fault.id)).into_response(),
    };
    if let Some(secs) = fault.retry_after {
        let value = if fault.retry_after_as_date {
            let at = std::time::SystemTime::now() + Duration::from_secs(secs);
            HeaderValue::from_str(&httpdate::fmt_http_date(at)).unwrap_or(HeaderValue::from(secs))
        } else {
            HeaderValue::from(secs)
        };
        resp.headers_mut().insert("retry-after", value);
    }
    resp
}
