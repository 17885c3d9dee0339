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
pub mod json;
pub mod login;
pub mod model;
pub mod models;
pub mod operation;
mod operation_table;
pub mod signing;
mod transport;

#[cfg(any(feature = "python", feature = "uniffi"))]
pub mod glue;

pub use client::{Auth, Client, RequestContext};
pub use login::bearer_token;
pub use config::{Config, ConfigError, Secret};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use json::JsonObject;
pub use operation::{InputKind, Method, Operation, OperationInfo, operations, ops};
pub use transport::{Response, TRACE_ID_HEADER};

/// The version of every package of this SDK (crate, wheel, npm, Maven): the workspace's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Decodes an argument given as JSON into an operation's input or a model, naming the field
/// at fault (`billing_info.address.city: invalid type…`). The bindings go through this.
pub fn decode_input<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "arguments".to_string() } else { path };
        Error::InvalidArgument { field, rule: e.into_inner().to_string() }
    })
}

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("saasus");

/// The README's Rust examples compile as doc tests, so the front door cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
