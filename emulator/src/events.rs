//! The platform's EventBridge events, as the emulator emits them: one for every applied (2xx)
//! non-GET operation, built from its API log (`saasus::events::envelope_of`), read by long
//! polling `GET /_emulator/events?after=<id>&wait_ms=<ms>` — what `saasus listen` forwards.

use crate::error::ApiError;
use crate::guard::Control;
use crate::server::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use saasus::events::Envelope;
use std::time::Duration;

/// The longest a poll waits for an event.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// The query: `after`, the id of the last event seen (only later ones are answered; all without
/// it), and `wait_ms`, how long to wait for one when there is none yet (0 answers at once; at
/// most 30 s).
fn query(raw: Option<&str>) -> Result<(Option<String>, Duration), ApiError> {
    let (mut after, mut wait) = (None, Duration::ZERO);
    for (k, v) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match &*k {
            "after" => after = Some(v.into_owned()),
            "wait_ms" => {
                let ms = v.parse::<u64>().map_err(|_| ApiError::bad_request("wait_ms: must be a whole number of milliseconds"))?;
                wait = Duration::from_millis(ms).min(MAX_WAIT);
            }
            other => return Err(ApiError::bad_request(format!("{other}: is not a parameter (after, wait_ms)"))),
        }
    }
    Ok((after, wait))
}

pub(crate) fn control_routes() -> Router<AppState> {
    Router::new().route("/_emulator/events", get(events))
}

/// The events after `after`, oldest first.
fn pending(app: &AppState, after: Option<&str>) -> Vec<Envelope> {
    let store = app.store();
    let start = after.and_then(|id| store.api_logs.iter().position(|l| l.api_log_id == id)).map_or(0, |i| i + 1);
    let partner = format!("emulator-{}", store.saas_id);
    store
        .api_logs
        .iter()
        .skip(start)
        .filter(|l| l.response_status.starts_with('2'))
        .filter_map(|l| saasus::events::envelope_of(l, &partner, "000000000000", "ap-northeast-1"))
        .collect()
}

async fn events(State(app): State<AppState>, _: Control, RawQuery(raw): RawQuery) -> Result<Json<Vec<Envelope>>, ApiError> {
    let (after, wait) = query(raw.as_deref())?;
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        // Registered before looking, so that an event logged in between still wakes this poll.
        let notified = app.events.notified();
        let found = pending(&app, after.as_deref());
        if !found.is_empty() || tokio::time::Instant::now() >= deadline {
            return Ok(Json(found));
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}
