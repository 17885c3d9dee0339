//! A client's `logger` (console- or pino-like): the core's log events (each attempt at debug,
//! each retry at info, a call given up after retries at warn) of that client's calls, delivered
//! to the JS thread, where `index.js` calls `logger[level](fields, message)`.
//!
//! Each logged call runs with a subscriber of its own (`WithSubscriber`), so its records reach
//! its own client's logger, as its call id's; a call without a logger runs without a subscriber,
//! where the core's events cost a disabled callsite's check.

use crate::completions::Sender;
use saasus::log_record::{Forward, Record, Value};
use tracing::Level;

/// The least severe level a logger takes (`debug`, `info`, `warn`), or none (`off`).
pub fn level(name: &str) -> Option<Level> {
    match name {
        "debug" => Some(Level::DEBUG),
        "info" => Some(Level::INFO),
        "warn" => Some(Level::WARN),
        _ => None,
    }
}

/// The subscriber of one call: its records go to the JS thread as `call_id`'s.
pub fn to_js(answers: Sender, call_id: u32, level: Level) -> impl tracing::Subscriber + Send + Sync {
    Forward::new(level, move |record: Record| {
        let fields: serde_json::Map<String, serde_json::Value> = record
            .fields
            .into_iter()
            .map(|(name, value)| {
                let value = match value {
                    Value::Text(t) => serde_json::Value::String(t),
                    Value::Int(n) => n.into(),
                    Value::UInt(n) => n.into(),
                    Value::Float(n) => n.into(),
                    Value::Bool(b) => b.into(),
                };
                (name.to_string(), value)
            })
            .collect();
        let level = record.level.as_str().to_ascii_lowercase();
        answers.log(call_id, serde_json::json!({ "level": level, "message": record.message, "fields": fields }).to_string());
    })
}
