//! The platform's EventBridge events for Kotlin and Swift (`saasus::events`): read into the
//! operation they record, and `saasus listen`'s signature checked.

use crate::SaasusError;
use crate::event_body::SaasusEventBody;
use saasus::JsonObject;
use std::collections::HashMap;

/// A SaaSus event, read: the operation (`CreateTenant`; null for one newer than this SDK), its
/// snake-case name as the event says, the ids in its path, its status and trace id, `body` — the
/// request and answer as the operation's own types — the same bodies as JSON objects, and the
/// whole envelope (unknown fields too).
#[derive(uniffi::Record, Clone, Debug)]
pub struct SaasusEvent {
    pub id: String,
    /// RFC 3339, UTC, whole seconds: apply an event only when newer than the last applied to its entity.
    pub time: String,
    pub event_type: String,
    pub operation: Option<String>,
    pub api: Option<String>,
    pub path_params: HashMap<String, String>,
    pub status: u16,
    pub trace_id: String,
    /// The request and answer as the operation's input and output types (`CreateTenant(input, output)`).
    pub body: SaasusEventBody,
    pub request: Option<JsonObject>,
    pub response: Option<JsonObject>,
    pub envelope: JsonObject,
}

fn object(v: Option<serde_json::Value>) -> Option<JsonObject> {
    match v {
        Some(serde_json::Value::Object(m)) => Some(JsonObject(m)),
        _ => None,
    }
}

/// Reads an event: the EventBridge envelope (what a Lambda receives or `saasus listen` POSTs) or
/// its `detail` alone, as JSON text. An `InvalidArgument` error for what is not one.
#[uniffi::export]
pub fn parse_event(body: String) -> Result<SaasusEvent, SaasusError> {
    let e = saasus::events::parse(&body)?;
    let envelope = match serde_json::to_value(&e.envelope) {
        Ok(serde_json::Value::Object(m)) => JsonObject(m),
        _ => JsonObject::default(),
    };
    Ok(SaasusEvent {
        id: e.envelope.id.clone(),
        time: e.envelope.time.clone(),
        event_type: e.envelope.detail.event_type.clone(),
        operation: e.operation.as_ref().map(|o| o.id.to_string()),
        api: e.operation.as_ref().map(|o| o.api.to_string()),
        path_params: e.path_params.iter().cloned().collect(),
        status: e.status,
        trace_id: e.envelope.detail.trace_id.clone(),
        body: match &e.operation {
            Some(o) => crate::event_body::typed(o.api, o.id, e.request.as_ref(), e.response.as_ref()),
            None => SaasusEventBody::Other,
        },
        request: object(e.request),
        response: object(e.response),
        envelope,
    })
}

/// Checks the `saasus-signature` header of an event `saasus listen` forwarded: signed with
/// `secret` over this exact body, at most `tolerance_seconds` ago. An `InvalidArgument` error
/// saying which check failed.
#[uniffi::export(default(tolerance_seconds = 300))]
pub fn verify_event(secret: String, header: String, body: Vec<u8>, tolerance_seconds: i64) -> Result<(), SaasusError> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    Ok(saasus::events::verify(&secret, &header, &body, tolerance_seconds, now)?)
}
