//! What came back from one attempt, and how it becomes an error: the API's error body, and
//! decoder messages without the values they quote.

use crate::error::ApiError;
use crate::json::JsonObject;
use std::time::Duration;

/// One attempt's answer.
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) trace_id: Option<String>,
    pub(super) retry_after: Option<Duration>,
    pub(super) headers: reqwest::header::HeaderMap,
    pub(super) body: Vec<u8>,
}

pub(super) fn api_error(a: &Answer) -> ApiError {
    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(rename = "type")]
        error_type: String,
        message: String,
        #[serde(default)]
        data: Option<JsonObject>,
    }
    match serde_json::from_slice::<Body>(&a.body) {
        Ok(b) => ApiError { status: a.status, error_type: b.error_type, message: b.message, data: b.data, trace_id: a.trace_id.clone() },
        Err(_) => ApiError {
            status: a.status,
            error_type: "unknown".into(),
            message: format!("HTTP {} without the API's error body", a.status),
            data: None,
            trace_id: a.trace_id.clone(),
        },
    }
}

/// Decoder messages quote the offending value, which may be a token: keep only its shape.
pub(super) fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '"' {
            if !inside {
                out.push_str("\"…");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_messages_lose_quoted_values() {
        assert_eq!(redact_quoted(r#"invalid type: string "secret-token", expected i64"#), "invalid type: string \"…\", expected i64");
    }
}
