//! The Integration API (paths relative to `/v1/integration`): the Amazon EventBridge settings
//! and the events sent through them, and its `error` tag.
//!
//! A stand-in: there is no EventBridge. The settings are stored and answered; an event (or the
//! test event) is accepted with 201 once settings are saved, and kept in the store's record of
//! sent events (the last [`MAX_EVENTS`]), which no operation reads back: the API log shows them.

use super::common::check_name;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::JsonBody;
use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use saasus::integration::*;

/// How many sent events are kept; the oldest go first.
pub const MAX_EVENTS: usize = 1_000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/eventbridge/info", get(get_settings).put(save_settings).delete(delete_settings))
        .route("/eventbridge/event", post(create_event))
        .route("/eventbridge/test-event", post(create_test_event))
        .merge(super::error::routes())
}

fn not_configured() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no EventBridge settings are saved; SaveEventBridgeSettings first")
}

/// Before any save (or after a delete), an empty account id in the platform's own region: the
/// spec answers this read with 200 or 500 only, so "not configured" is a value, not a 404.
async fn get_settings(State(app): State<AppState>) -> Json<EventBridgeSettings> {
    let unset = || EventBridgeSettings { aws_account_id: String::new(), aws_region: AwsRegion::ApNortheast1 };
    Json(app.store().event_bridge.clone().unwrap_or_else(unset))
}

/// An AWS account id is twelve digits.
async fn save_settings(State(app): State<AppState>, JsonBody(p): JsonBody<SaveEventBridgeSettingsParam>) -> Done {
    if p.aws_account_id.len() != 12 || !p.aws_account_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::bad_request("aws_account_id: must be an AWS account id, 12 digits"));
    }
    app.store().event_bridge = Some(EventBridgeSettings { aws_account_id: p.aws_account_id, aws_region: p.aws_region });
    done()
}

async fn delete_settings(State(app): State<AppState>) -> Done {
    app.store().event_bridge = None;
    done()
}

fn send(app: &AppState, events: Vec<EventMessage>) -> ApiResult<StatusCode> {
    let mut store = app.store();
    if store.event_bridge.is_none() {
        return Err(not_configured());
    }
    let sent = &mut store.event_bridge_events;
    sent.extend(events);
    let over = sent.len().saturating_sub(MAX_EVENTS);
    sent.drain(..over);
    Ok(StatusCode::CREATED)
}

async fn create_event(State(app): State<AppState>, JsonBody(p): JsonBody<CreateEventBridgeEventParam>) -> ApiResult<StatusCode> {
    if p.event_messages.is_empty() {
        return Err(ApiError::bad_request("event_messages: must hold at least one event"));
    }
    for (i, e) in p.event_messages.iter().enumerate() {
        check_name(&format!("event_messages[{i}].event_type"), &e.event_type)?;
        check_name(&format!("event_messages[{i}].event_detail_type"), &e.event_detail_type)?;
    }
    send(&app, p.event_messages)
}

/// The test event: `saasus.test` / `EventBridge Connection Test`.
async fn create_test_event(State(app): State<AppState>) -> ApiResult<StatusCode> {
    let test = EventMessage {
        event_type: "saasus.test".into(),
        event_detail_type: "EventBridge Connection Test".into(),
        message: "a test event from the SaaSus emulator".into(),
    };
    send(&app, vec![test])
}
