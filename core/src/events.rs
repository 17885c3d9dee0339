//! The platform's events (../shared/EVENTS.md): one Amazon EventBridge event per non-GET operation,
//! `detail-type` `api_call`, whose `detail.event` is the API log of the request as a JSON string.
//! Built from an API log here (the emulator's events and `saasus listen` against the platform's
//! log), parsed back into the operation they record (found from method and URI by the operation
//! table, with the ids in its path), and signed as `saasus listen` forwards them.
//!
//! Delivery is unordered: [`Event::is_newer_than`] and [`in_order`] apply the documented rule
//! (keep each entity's last applied `time`; apply an event only when its `time` is newer).

use crate::apilog::ApiLog;
use crate::error::Error;
use crate::operation::OperationInfo;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::Sha256;

/// The header `saasus listen` signs each forwarded event with: `t=<unix seconds>,v1=<hex>`, the
/// HMAC-SHA256 of `<t>.<body>` with the secret `listen` prints.
pub const SIGNATURE_HEADER: &str = "saasus-signature";

/// An EventBridge event as the platform sends it (unknown fields kept in `extra`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub id: String,
    #[serde(rename = "detail-type", default)]
    pub detail_type: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub account: String,
    /// RFC 3339, seconds, UTC.
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub resources: Vec<Value>,
    pub detail: Detail,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The event's `detail`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    /// The operation in snake case (`create_tenant`).
    pub event_type: String,
    /// The request's API log, as a JSON string ([`ApiCall`]).
    pub event: String,
    #[serde(default)]
    pub trace_id: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The API log inside `detail.event`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiCall {
    #[serde(default)]
    pub log_id: String,
    #[serde(default)]
    pub date_time: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub ttl: String,
    /// The answer's status, as text (`"201"`).
    #[serde(default)]
    pub http_status: String,
    /// `/v1/auth/tenants`.
    #[serde(default)]
    pub uri: String,
    #[serde(default)]
    pub ip_address: String,
    #[serde(default)]
    pub referer: String,
    #[serde(default)]
    pub request_method: String,
    #[serde(default)]
    pub saas_id: String,
    #[serde(default)]
    pub api_key: String,
    /// JSON text (a password masked).
    #[serde(default)]
    pub request_body: String,
    /// JSON text.
    #[serde(default)]
    pub response_body: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `YYYY-MM-DDTHH:MM:SSZ` of an epoch second.
pub fn rfc3339(epoch: i64) -> String {
    let (y, m, d) = crate::calendar::civil_from_days(epoch.div_euclid(86_400));
    let s = epoch.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The event the platform sends for `log` (a non-GET request's API log; `None` for a GET), as
/// the partner event source `partner_id` of `account` in `region`.
pub fn envelope_of(log: &ApiLog, partner_id: &str, account: &str, region: &str) -> Option<Envelope> {
    if log.request_method.eq_ignore_ascii_case("GET") {
        return None;
    }
    let uri = log.request_uri.split('?').next().unwrap_or_default();
    let event_type = find(&log.request_method, uri).map_or_else(|| "unknown".to_string(), |(o, _)| o.name.to_string());
    let call = ApiCall {
        log_id: log.api_log_id.clone(),
        date_time: rfc3339(log.created_at),
        date: log.created_date.clone(),
        ttl: rfc3339(log.created_at + 7 * 365 * 86_400 + 2 * 86_400),
        http_status: log.response_status.clone(),
        uri: uri.to_string(),
        ip_address: log.remote_address.clone(),
        referer: log.referer.clone(),
        request_method: log.request_method.clone(),
        saas_id: log.saas_id.clone(),
        api_key: log.api_key.clone(),
        request_body: log.request_body.clone(),
        response_body: log.response_body.clone(),
        extra: Map::new(),
    };
    Some(Envelope {
        version: "0".into(),
        id: log.api_log_id.clone(),
        detail_type: "api_call".into(),
        source: format!("aws.partner/saasus.io/{partner_id}/event"),
        account: account.into(),
        time: rfc3339(log.created_at),
        region: region.into(),
        resources: Vec::new(),
        detail: Detail {
            event_type,
            event: serde_json::to_string(&call).unwrap_or_default(),
            trace_id: log.trace_id.clone(),
            extra: Map::new(),
        },
        extra: Map::new(),
    })
}

/// The operation a request was (`POST /v1/auth/tenants` → CreateTenant) and its path parameters'
/// values, found by the operation table.
pub fn find(method: &str, uri: &str) -> Option<(OperationInfo, Vec<String>)> {
    let path = uri.split('?').next()?.strip_prefix("/v1/")?;
    let (api, rest) = path.split_once('/').unwrap_or((path, ""));
    let given: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    crate::dynamic::operations().into_iter().map(|(o, _)| o).find_map(|o| {
        if o.api != api || !o.method.as_str().eq_ignore_ascii_case(method) {
            return None;
        }
        let template: Vec<&str> = o.path.split('/').filter(|s| !s.is_empty()).collect();
        if template.len() != given.len() {
            return None;
        }
        let mut values = Vec::new();
        for (t, g) in template.iter().zip(&given) {
            if t.starts_with('{') {
                values.push(percent_encoding::percent_decode_str(g).decode_utf8_lossy().into_owned());
            } else if t != g {
                return None;
            }
        }
        Some((o, values))
    })
}

/// A SaaSus event, read: what happened (the operation), to what (the ids in its path), with what
/// (the request and response bodies as JSON), when, and the trace id. Unknown fields stay in
/// `envelope`.
#[derive(Clone, Debug)]
pub struct Event {
    pub envelope: Envelope,
    pub call: ApiCall,
    /// The operation, when this SDK knows it (`None` for one newer than it).
    pub operation: Option<OperationInfo>,
    /// The path parameters by name (`tenant_id`), in the path's order.
    pub path_params: Vec<(String, String)>,
    /// The request body as JSON (`None` when empty or not JSON).
    pub request: Option<Value>,
    pub response: Option<Value>,
    pub status: u16,
}

fn invalid(rule: impl Into<String>) -> Error {
    Error::InvalidArgument { field: "event".into(), rule: rule.into() }
}

/// Reads an event: the EventBridge envelope, or its `detail` alone (as a rule's input
/// transformer may pass it), as JSON text.
pub fn parse(text: &str) -> Result<Event, Error> {
    let value: Value = serde_json::from_str(text).map_err(|e| invalid(format!("is not JSON ({e})")))?;
    parse_value(value)
}

/// [`parse`] of a JSON value.
pub fn parse_value(value: Value) -> Result<Event, Error> {
    let envelope: Envelope = if value.get("detail").is_some() {
        serde_json::from_value(value).map_err(|e| invalid(format!("is not an EventBridge event ({e})")))?
    } else if value.get("event_type").is_some() {
        let detail: Detail = serde_json::from_value(value).map_err(|e| invalid(format!("is not an event's detail ({e})")))?;
        Envelope {
            version: String::new(),
            id: String::new(),
            detail_type: "api_call".into(),
            source: String::new(),
            account: String::new(),
            time: String::new(),
            region: String::new(),
            resources: Vec::new(),
            detail,
            extra: Map::new(),
        }
    } else {
        return Err(invalid("has neither detail nor event_type: not a SaaSus event"));
    };
    let call: ApiCall =
        serde_json::from_str(&envelope.detail.event).map_err(|e| invalid(format!("detail.event is not an API log ({e})")))?;
    let mut envelope = envelope;
    if envelope.time.is_empty() {
        // The detail alone: its log's time stands for the event's.
        envelope.time = call.date_time.clone();
    }
    finish(envelope, call)
}

fn finish(envelope: Envelope, call: ApiCall) -> Result<Event, Error> {
    let json = |t: &str| serde_json::from_str::<Value>(t).ok();
    let found = find(&call.request_method, &call.uri);
    let path_params = found
        .as_ref()
        .map(|(o, values)| o.path_params.iter().map(|p| p.to_string()).zip(values.iter().cloned()).collect())
        .unwrap_or_default();
    Ok(Event {
        request: json(&call.request_body),
        response: json(&call.response_body),
        status: call.http_status.parse().unwrap_or(0),
        operation: found.map(|(o, _)| o),
        path_params,
        envelope,
        call,
    })
}

impl Event {
    /// The operation in snake case, as `detail.event_type` says.
    pub fn event_type(&self) -> &str {
        &self.envelope.detail.event_type
    }

    pub fn trace_id(&self) -> &str {
        &self.envelope.detail.trace_id
    }

    /// The value of the path parameter `name` (`tenant_id`).
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Whether this event should be applied over one applied at `last_time` (RFC 3339): the
    /// documented rule for unordered delivery.
    pub fn is_newer_than(&self, last_time: &str) -> bool {
        self.envelope.time.as_str() > last_time
    }
}

/// Events sorted by their `time` (then id): RFC 3339 in UTC sorts as text.
pub fn in_order(mut events: Vec<Event>) -> Vec<Event> {
    events.sort_by(|a, b| (&a.envelope.time, &a.envelope.id).cmp(&(&b.envelope.time, &b.envelope.id)));
    events
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The [`SIGNATURE_HEADER`] value of `body` sent at `timestamp` (unix seconds).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    format!("t={timestamp},v1={}", hex::encode(mac(secret, timestamp, body).finalize().into_bytes()))
}

/// Checks a forwarded event's [`SIGNATURE_HEADER`]: signed with `secret`, over this `body`, at most
/// `tolerance_secs` from `now` (unix seconds). The error says which check failed, never the secret.
pub fn verify(secret: &str, header: &str, body: &[u8], tolerance_secs: i64, now: i64) -> Result<(), Error> {
    let bad = |rule: &str| Error::InvalidArgument { field: SIGNATURE_HEADER.into(), rule: rule.into() };
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", s)) => signatures.extend(hex::decode(s).ok()),
            _ => {}
        }
    }
    let t = timestamp.ok_or_else(|| bad("has no t=<unix seconds>"))?;
    if (now - t).abs() > tolerance_secs {
        return Err(bad("is too old (or from the future): a replayed event?"));
    }
    let ok = signatures.iter().any(|s| mac(secret, t, body).verify_slice(s).is_ok());
    if ok { Ok(()) } else { Err(bad("does not match the body and the secret")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{"version":"0","id":"0b9f","detail-type":"api_call","source":"aws.partner/saasus.io/p-1/event","account":"123456789012","time":"2026-12-06T01:02:03Z","region":"ap-northeast-1","resources":[],"newer_field":1,"detail":{"event_type":"update_tenant","event":"{\"log_id\":\"5f0c\",\"date_time\":\"2026-12-06T01:02:03Z\",\"http_status\":\"200\",\"uri\":\"/v1/auth/tenants/t-1\",\"request_method\":\"PATCH\",\"request_body\":\"{\\\"name\\\":\\\"Beta\\\"}\",\"response_body\":\"\",\"added_later\":true}","trace_id":"tr-1"}}"#;

    #[test]
    fn an_event_is_read_into_its_operation_ids_and_bodies() {
        let e = parse(EXAMPLE).unwrap();
        assert_eq!(e.operation.as_ref().map(|o| o.id), Some("UpdateTenant"));
        assert_eq!(e.path_param("tenant_id"), Some("t-1"));
        assert_eq!(e.request, Some(serde_json::json!({"name": "Beta"})));
        assert_eq!((e.response.clone(), e.status, e.trace_id()), (None, 200, "tr-1"));
        assert_eq!(e.envelope.extra["newer_field"], 1, "unknown fields are kept");
        assert_eq!(e.call.extra["added_later"], true);
        let detail_only = serde_json::to_string(&e.envelope.detail).unwrap();
        assert_eq!(parse(&detail_only).unwrap().envelope.time, "2026-12-06T01:02:03Z");
        assert_eq!(parse("[]").unwrap_err().to_string(), "invalid argument event: has neither detail nor event_type: not a SaaSus event");
    }

    #[test]
    fn signatures_are_checked_for_body_secret_and_age() {
        let header = sign("whsec_1", 1_000, b"{}");
        assert_eq!(verify("whsec_1", &header, b"{}", 300, 1_100), Ok(()));
        assert!(verify("whsec_2", &header, b"{}", 300, 1_100).is_err());
        assert!(verify("whsec_1", &header, b"{ }", 300, 1_100).is_err());
        assert!(verify("whsec_1", &header, b"{}", 300, 2_000).unwrap_err().to_string().contains("too old"));
    }

    #[test]
    fn the_newer_event_wins() {
        let mut older = parse(EXAMPLE).unwrap();
        older.envelope.time = "2026-12-06T01:02:02Z".into();
        let newer = parse(EXAMPLE).unwrap();
        assert!(newer.is_newer_than(&older.envelope.time) && !older.is_newer_than(&newer.envelope.time));
        let sorted = in_order(vec![newer.clone(), older.clone()]);
        assert_eq!(sorted[0].envelope.time, older.envelope.time);
    }
}
