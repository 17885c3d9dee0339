//! The core's log events (`tracing`, target `saasus`: each attempt at debug, each retry at info,
//! a call given up after retries at warning) as records of Python's `logging`, logger `saasus`,
//! with the event's fields as the record's attributes (`record.operation`, `record.status`, …).
//!
//! Python's levels are honoured without asking Python at each event: every call reads the
//! logger's effective level as it starts (it holds the GIL then; a few hundred nanoseconds), and
//! events below it are dropped by an atomic load. A record is made with the GIL, on the thread
//! the event happens on: the calling thread for a blocking call, the SDK's I/O thread for an
//! awaitable one.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use std::sync::atomic::{AtomicU8, Ordering};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};

/// The `saasus` logger's effective level as last read (`logging.DEBUG` is 10); 255: disabled.
static LEVEL: AtomicU8 = AtomicU8::new(u8::MAX);

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    LOGGER
        .get_or_try_init(py, || Ok::<_, PyErr>(py.import("logging")?.call_method1("getLogger", ("saasus",))?.unbind()))
        .map(|l| l.bind(py))
}

/// Reads the logger's level for the calls that start now (with the GIL held).
pub fn refresh(py: Python<'_>) {
    let level = logger(py)
        .and_then(|l| {
            if l.getattr("disabled")?.is_truthy()? {
                return Ok(u8::MAX);
            }
            Ok(l.call_method0("getEffectiveLevel")?.extract::<i64>()?.clamp(0, 255) as u8)
        })
        .unwrap_or(u8::MAX);
    LEVEL.store(level, Ordering::Relaxed);
}

fn python_level(level: &Level) -> u8 {
    match *level {
        Level::TRACE => 5,
        Level::DEBUG => 10,
        Level::INFO => 20,
        Level::WARN => 30,
        Level::ERROR => 40,
    }
}

/// The process's `tracing` subscriber in the Python module: only the core's events, to logging.
pub struct ToPythonLogging;

impl Subscriber for ToPythonLogging {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> tracing::subscriber::Interest {
        // `sometimes`: asked again at each event, since Python's level can change at any time.
        // Not only events: `tracing::enabled!` asks through a callsite of its own.
        if meta.target() == "saasus" { tracing::subscriber::Interest::sometimes() } else { tracing::subscriber::Interest::never() }
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        meta.target() == "saasus" && python_level(meta.level()) >= LEVEL.load(Ordering::Relaxed)
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let level = python_level(event.metadata().level());
        // Never a panic or a Python error out of here: a record that cannot be made is dropped.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Python::attach(|py| {
                let made = (|| -> PyResult<()> {
                    let extra = PyDict::new(py);
                    for (name, value) in fields.values {
                        match value {
                            Value::Int(n) => extra.set_item(name, n)?,
                            Value::Float(f) => extra.set_item(name, f)?,
                            Value::Bool(b) => extra.set_item(name, b)?,
                            Value::Text(t) => extra.set_item(name, t)?,
                        }
                    }
                    let kwargs = PyDict::new(py);
                    kwargs.set_item("extra", extra)?;
                    logger(py)?.call_method("log", (level, fields.message), Some(&kwargs))?;
                    Ok(())
                })();
                if let Err(e) = made {
                    e.write_unraisable(py, None);
                }
            })
        }));
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

enum Value {
    Int(i128),
    Float(f64),
    Bool(bool),
    Text(String),
}

#[derive(Default)]
struct Fields {
    message: String,
    values: Vec<(&'static str, Value)>,
}

impl Visit for Fields {
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.values.push((field.name(), Value::Int(value.into())));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.values.push((field.name(), Value::Int(value.into())));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.values.push((field.name(), Value::Float(value)));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.values.push((field.name(), Value::Bool(value)));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.values.push((field.name(), Value::Text(value.to_string())));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.message = format!("{value:?}");
        } else {
            self.values.push((field.name(), Value::Text(format!("{value:?}"))));
        }
    }
}

/// Installs [`ToPythonLogging`] as the process's subscriber, unless one is installed already
/// (an application embedding Python with its own).
pub fn install() {
    let _ = tracing::subscriber::set_global_default(ToPythonLogging);
}
