//! The core's log events (`tracing`, target `saasus`) as plain records, for the bindings that
//! hand them to a logger of their language (Node's `logger` option, Kotlin's and Swift's
//! `withLogger`): [`Forward`] is a subscriber that makes each event a [`Record`] and passes it on.
//! Scoped to a client's calls ([`crate::Client::logging`]) or to one call (`WithSubscriber`).

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

/// One log event: its level, message and fields (absent ones left out).
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub level: Level,
    pub message: String,
    pub fields: Vec<(&'static str, Value)>,
}

/// A field's value as the event recorded it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(t) => f.write_str(t),
            Value::Int(n) => write!(f, "{n}"),
            Value::UInt(n) => write!(f, "{n}"),
            Value::Float(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A subscriber passing each of the core's events at `level` or more severe to `sink`.
pub struct Forward<F> {
    level: Level,
    sink: F,
}

impl<F: Fn(Record) + Send + Sync + 'static> Forward<F> {
    pub fn new(level: Level, sink: F) -> Self {
        Forward { level, sink }
    }
}

impl<F: Fn(Record) + Send + Sync + 'static> Subscriber for Forward<F> {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        // `sometimes`: scoped subscribers of other clients or calls may want other levels.
        if meta.target() == "saasus" { Interest::sometimes() } else { Interest::never() }
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::from_level(self.level))
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        // tracing orders levels by verbosity: DEBUG > INFO > WARN.
        meta.target() == "saasus" && *meta.level() <= self.level
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut record = Record { level: *event.metadata().level(), message: String::new(), fields: Vec::new() };
        event.record(&mut record);
        (self.sink)(record);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

impl Visit for Record {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = text;
        } else {
            self.fields.push((field.name(), Value::Text(text)));
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields.push((field.name(), Value::Text(value.to_string())));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.fields.push((field.name(), Value::UInt(value)));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.fields.push((field.name(), Value::Int(value)));
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.fields.push((field.name(), Value::Float(value)));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.fields.push((field.name(), Value::Bool(value)));
    }
}
