//! # saasus
//!
//! The SDK for the SaaSus Platform's Auth API, written once in Rust and shipped to Python,
//! Node, Kotlin and Swift.
//!
//! ```no_run
//! # async fn demo() -> saasus::Result<()> {
//! let client = saasus::Client::from_env()?;
//! for tenant in client.auth().tenant().get_tenants().await?.tenants {
//!     println!("{} {}", tenant.id, tenant.name);
//! }
//! # Ok(()) }
//! ```

pub mod client;
pub mod config;
pub mod error;
pub mod io_thread;
pub mod json;
pub mod login;
pub mod model;
pub mod models;
pub mod operation;
mod operation_table;
pub mod signing;
mod transport;
pub mod unwind;

#[cfg(any(feature = "python", feature = "uniffi"))]
pub mod glue;

pub use client::{Auth, Client, RequestContext};
pub use config::{Config, ConfigError, Secret};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use json::JsonObject;
pub use login::bearer_token;
pub use operation::{InputKind, Method, Operation, OperationInfo, operations, ops};
pub use transport::{PreparedRequest, Response, TRACE_ID_HEADER};

/// The version of every package of this SDK (crate, wheel, npm, Maven): the workspace's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Decodes an argument given as JSON into an operation's input or a model, naming the field
/// at fault (`billing_info.address.city: invalid type…`). The bindings go through this.
pub fn decode_input<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let rule = e.into_inner().to_string();
        // serde reports a missing field at its parent: name the field itself.
        let missing = rule.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`'));
        let field = match (path.as_str(), missing) {
            (".", Some(name)) => name.to_string(),
            (".", None) => "arguments".to_string(),
            (parent, Some(name)) => format!("{parent}.{name}"),
            (parent, None) => parent.to_string(),
        };
        let rule = if missing.is_some() { "is required".to_string() } else { rule };
        Error::InvalidArgument { field, rule }
    })
}

/// Decodes an operation's input given as a JSON object keyed by field names (the bindings'
/// keyword arguments): field names that differ from the wire (`auth_flow` for `auth-flow`) are
/// accepted too, and an operation without input accepts nothing but an empty object or null.
pub fn decode_operation_input<O: Operation>(value: serde_json::Value) -> Result<O::Input> {
    use serde_json::Value;
    if O::INPUT == InputKind::None {
        return match value {
            Value::Null => decode_input(Value::Null),
            Value::Object(m) if m.is_empty() => decode_input(Value::Null),
            Value::Object(m) => {
                let names: Vec<&str> = m.keys().map(String::as_str).collect();
                Err(Error::InvalidArgument {
                    field: names.join(", "),
                    rule: format!("{} takes no arguments besides its path parameters", O::NAME),
                })
            }
            _ => Err(Error::InvalidArgument { field: "arguments".into(), rule: "must be keyword arguments".into() }),
        };
    }
    let value = match (value, <O::Input as model::Describe>::type_ref()) {
        (Value::Object(m), model::TypeRef::Model(info)) => {
            let fields = info().fields;
            Value::Object(
                m.into_iter()
                    .map(|(k, v)| {
                        let wire = fields.iter().find(|f| f.name.trim_start_matches("r#") == k).map_or(k, |f| f.wire.to_string());
                        (wire, v)
                    })
                    .collect(),
            )
        }
        (Value::Null, _) => Value::Object(Default::default()),
        (v, _) => v,
    };
    decode_input(value)
}

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("saasus");

/// The README's Rust examples compile as doc tests, so the front door cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
