//! The request log: what the emulator was sent, for a test asserting what its client sends
//! (the User-Agent with its app info, the trace id, the end user's Referer and X-SaaSus-Referer
//! a backend forwards) beyond what the ApiLog API's model holds.
//!
//! ```text
//! GET    /_emulator/requests  → [{"method": "GET", "path": "/v1/auth/envs", "status": 200,
//!                                  "user_agent": "saasus-python/0.1.0 acme/2.3.1", "trace_id": "…",
//!                                  "referer": null, "x_saasus_referer": null}, …]
//! DELETE /_emulator/requests  → forget them
//! ```
//! Oldest first, at most [`MAX_SEEN`]; the control endpoints themselves are not logged. Never the
//! `Authorization` header, a body, or a token in the query (shown `***`, as in the console log).

use crate::error::ApiError;
use crate::guard::Control;
use axum::extract::{Request, State};
use axum::http::{HeaderName, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// How many requests the log keeps, the oldest dropped first.
pub const MAX_SEEN: usize = 1000;

/// A request the emulator answered (its path with secrets in the query as `***`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub user_agent: Option<String>,
    pub trace_id: Option<String>,
    /// The `Referer` header (an end user's page, forwarded by a backend).
    pub referer: Option<String>,
    /// The `X-SaaSus-Referer` header.
    pub x_saasus_referer: Option<String>,
}

#[derive(Clone, Default)]
pub(crate) struct Requests(Arc<Mutex<VecDeque<SeenRequest>>>);

impl Requests {
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<SeenRequest>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The log, oldest first.
    pub(crate) fn seen(&self) -> Vec<SeenRequest> {
        self.lock().iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }
}

pub(crate) fn control_routes() -> Router<Requests> {
    Router::new().route("/_emulator/requests", get(list).delete(reset))
}

async fn list(State(r): State<Requests>, _: Control) -> Result<Json<Vec<SeenRequest>>, ApiError> {
    Ok(Json(r.seen()))
}

async fn reset(State(r): State<Requests>, _: Control) -> Result<StatusCode, ApiError> {
    r.clear();
    Ok(StatusCode::OK)
}

/// The request's path as the log shows it ([`crate::server::redacted_path`]), made once for the
/// request log and the API log.
#[derive(Clone)]
pub(crate) struct RedactedPath(pub String);

/// Logs each request but the control endpoints' with the status it was answered.
pub(crate) async fn record(r: &Requests, req: Request, next: impl AsyncFnOnce(Request) -> Response) -> Response {
    if req.uri().path().starts_with("/_emulator/") {
        return next(req).await;
    }
    let seen = seen(&req);
    let mut req = req;
    req.extensions_mut().insert(RedactedPath(seen.path.clone()));
    let resp = next(req).await;
    let mut log = r.lock();
    if log.len() == MAX_SEEN {
        log.pop_front();
    }
    log.push_back(SeenRequest { status: resp.status().as_u16(), ..seen });
    resp
}

/// The trace id's header, as a name: a lookup by `&str` parses the name each time.
pub(crate) static TRACE_ID: HeaderName = HeaderName::from_static(saasus::TRACE_ID_HEADER);
static X_SAASUS_REFERER: HeaderName = HeaderName::from_static("x-saasus-referer");

/// What the log keeps of a request (its status still 0).
fn seen(req: &Request) -> SeenRequest {
    let text = |name: &HeaderName| req.headers().get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    SeenRequest {
        method: req.method().to_string(),
        path: crate::server::redacted_path(req.uri()),
        status: 0,
        user_agent: text(&header::USER_AGENT),
        trace_id: text(&TRACE_ID),
        referer: text(&header::REFERER),
        x_saasus_referer: text(&X_SAASUS_REFERER),
    }
}
