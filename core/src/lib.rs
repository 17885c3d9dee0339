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

mod apis;
pub mod app;
mod call;
pub mod client;
pub mod config;
#[doc(hidden)]
pub mod dynamic;
pub mod error;
pub mod events;
pub mod json;
pub mod login;
pub mod meter;
pub mod model;
pub mod models;
pub mod operation;
mod operation_table;
pub mod pages;
pub mod session;
pub mod signing;
mod transport;

// Support for this crate's bindings (Python, Node, Kotlin/Swift), its code generator and its
// emulator: public for them, hidden from the docs — not the SDK's API, and free to change in
// any release.
#[doc(hidden)]
pub mod calendar;
mod error_view;
#[cfg(any(feature = "python", feature = "uniffi"))]
#[doc(hidden)]
pub mod glue;
#[doc(hidden)]
pub mod io_thread;
#[doc(hidden)]
pub mod json_schema;
#[doc(hidden)]
pub mod log_record;
#[doc(hidden)]
pub mod naming;
#[doc(hidden)]
pub mod options;
#[doc(hidden)]
pub mod redact;
#[doc(hidden)]
pub mod renamed;
#[doc(hidden)]
pub mod repeat;
#[doc(hidden)]
pub mod unwind;
#[doc(hidden)]
pub mod validate;

pub use apis::*;
pub use client::{Auth, CallOptions, Client, Observer, RequestContext};
pub use config::{AppInfo, Config, ConfigError, Secret};
pub use error::{ApiError, ERROR_CLASSES, Error, ErrorClass, ErrorKind, Result};
#[doc(hidden)]
pub use error_view::ErrorView;
pub use json::JsonObject;
pub use login::bearer_token;
pub use meter::{Meter, MeterOptions, MeterReport, MeterStats};
pub use operation::{InputKind, Method, Operation, OperationInfo, operations, ops};
pub use session::{AuthFailure, AuthOptions, Authenticator, Authorized, Denied};
pub use transport::{PreparedRequest, Response, TRACE_ID_HEADER};

/// The version of every package of this SDK (crate, wheel, npm, Maven): the workspace's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[doc(hidden)]
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

#[doc(hidden)]
/// The keyword (Python) or key (Node) under which the bindings take body fields newer than
/// this SDK: sent as given, beside the typed fields, instead of being refused as unknown.
pub const EXTRA_BODY: &str = "extra_body";
#[doc(hidden)]
/// Like [`EXTRA_BODY`], for query parameters.
pub const EXTRA_QUERY: &str = "extra_query";

#[doc(hidden)]
/// Decodes an operation's input given as a JSON object keyed by field names (the bindings'
/// keyword arguments): field names that differ from the wire (`auth_flow` for `auth-flow`) are
/// accepted too, a name the operation does not know is refused (naming it), and an operation
/// without input accepts nothing but an empty object or null. Fields under [`EXTRA_BODY`] /
/// [`EXTRA_QUERY`] come back apart, for [`Client::execute_with_extra`].
pub fn decode_operation_input<O: Operation>(value: serde_json::Value) -> Result<(O::Input, Option<JsonObject>)> {
    // Everything but the last step reads only the operation's facts: compiled once, not per operation.
    let (value, extra) = operation_input_value(&OperationInfo::of::<O>(), value)?;
    decode_input(value).map(|input| (input, extra))
}

/// [`decode_operation_input`] up to the input's decoding: the arguments checked and keyed by
/// their wire names, and the escape hatch's fields apart.
fn operation_input_value(op: &OperationInfo, value: serde_json::Value) -> Result<(serde_json::Value, Option<JsonObject>)> {
    use serde_json::Value;
    let mut map = match value {
        Value::Null => serde_json::Map::new(),
        Value::Object(m) => m,
        _ => return Err(Error::InvalidArgument { field: "arguments".into(), rule: "must be keyword arguments".into() }),
    };
    let extra = take_extra(op, &mut map)?;
    if op.input_kind == InputKind::None {
        if !map.is_empty() {
            let names: Vec<&str> = map.keys().map(String::as_str).collect();
            return Err(Error::InvalidArgument {
                field: names.join(", "),
                rule: format!("{} takes no arguments besides its path parameters", op.name),
            });
        }
        return Ok((Value::Null, None));
    }
    let ty = (op.input)();
    // The input's description, built once (it is a Vec of its fields).
    let fields = match &ty {
        model::TypeRef::Model(info) => info().fields,
        _ => Vec::new(),
    };
    let value = Value::Object(
        map.into_iter()
            .map(|(k, v)| {
                let wire = fields.iter().find(|f| f.name.trim_start_matches("r#") == k).map_or(k, |f| f.wire.to_string());
                (wire, v)
            })
            .collect(),
    );
    validate::check(&value, &ty, validate::Rules::CLIENT).map_err(|e| Error::InvalidArgument { field: e.field, rule: e.rule })?;
    let hatch = if op.input_kind == InputKind::Body { EXTRA_BODY } else { EXTRA_QUERY };
    // A renamed field sent through the escape hatch would be ignored by the platform: refused too.
    if let (Some(extra), model::TypeRef::Model(info)) = (&extra, &ty)
        && let Some((old, r)) = extra.0.keys().find_map(|k| renamed::renamed(info().name, k).map(|r| (k, r)))
    {
        return Err(Error::InvalidArgument { field: format!("{hatch}.{old}"), rule: r.rule() });
    }
    if let Some(extra) = &extra
        && let Some(known) = extra.0.keys().find(|k| fields.iter().any(|f| f.wire == k.as_str()))
    {
        return Err(Error::InvalidArgument {
            field: format!("{hatch}.{known}"),
            rule: format!("is a field of {}; pass it as an argument of its own", op.name),
        });
    }
    Ok((value, extra))
}

/// Removes the escape hatch's key from the arguments: an object, and only the one that fits
/// the operation (a body's fields for an operation with a body, query parameters for one with a query).
fn take_extra(op: &OperationInfo, map: &mut serde_json::Map<String, serde_json::Value>) -> Result<Option<JsonObject>> {
    let fits = match op.input_kind {
        InputKind::Body => EXTRA_BODY,
        InputKind::Query => EXTRA_QUERY,
        InputKind::None => "",
    };
    if let Some(key) = [EXTRA_BODY, EXTRA_QUERY].into_iter().find(|k| *k != fits && map.contains_key(*k)) {
        let rule = match op.input_kind {
            InputKind::None => format!("{} sends neither a body nor a query", op.name),
            _ => format!("{} sends no {}; use {fits}", op.name, if key == EXTRA_BODY { "body" } else { "query" }),
        };
        return Err(Error::InvalidArgument { field: key.into(), rule });
    }
    match map.remove(fits) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Object(m)) => {
            validate::check(&serde_json::Value::Object(m.clone()), &model::TypeRef::Json, validate::Rules::CLIENT)
                .map_err(|e| Error::InvalidArgument { field: fits.into(), rule: e.rule })?;
            Ok(Some(JsonObject(m)))
        }
        Some(_) => Err(Error::InvalidArgument { field: fits.into(), rule: "must be an object of field names and values".into() }),
    }
}

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("saasus");

/// The README's Rust examples compile as doc tests, so the front door cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
