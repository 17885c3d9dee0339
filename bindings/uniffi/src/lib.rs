//! The Kotlin and Swift binding (uniffi). Translation only: `Client`, an object per API (`Auth`,
//! `PricingApi`, …) and one per spec tag whose async methods are generated from the core's
//! operation tables; the records and enums are core's own (derived under its `uniffi` feature).
//! uniffi has one namespace, so the other APIs' objects carry the API's name
//! (`PricingPricingUnitsApi`), as their records do; Kotlin and Swift alias them back.

// The error enum is uniffi's shape (flat fields a foreign caller reads); boxing it would hide them.
#![allow(clippy::result_large_err)]

use saasus::JsonObject;
use std::sync::Arc;
use std::time::Duration;

mod app;
mod emulator;
// Generated (codegen/src/event_body.rs): kept as written, so that `generate --check` reads it fresh.
#[rustfmt::skip]
mod event_body;
mod events;
mod meter;
mod pages;
mod runtime;
mod session;

uniffi::setup_scaffolding!();

/// Every failure of a call; the text never contains the secret key, a signature or a token.
/// (Kotlin sees `SaasusException`; no field is called `message`, which Throwable owns.)
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SaasusError {
    /// The API answered with an error status.
    #[error("{status} {error_type}: {error_message}")]
    Api { status: i32, error_type: String, error_message: String, data: Option<JsonObject>, trace_id: Option<String> },
    /// The request could not be sent or the answer not read.
    #[error("transport error: {detail}")]
    Transport { detail: String },
    /// The connect or total timeout elapsed.
    #[error("timed out: {detail}")]
    Timeout { detail: String },
    /// A 2xx answer whose body is not what the API documents.
    #[error("could not decode the {status} response: {detail}")]
    Decode { status: i32, detail: String, trace_id: Option<String> },
    /// A missing or invalid setting.
    #[error("invalid configuration: {field}: {rule}")]
    Config { field: String, rule: String },
    /// An argument refused before anything was sent.
    #[error("invalid argument {field}: {rule}")]
    InvalidArgument { field: String, rule: String },
    /// A request that may have been applied (a metering add, a create) ended without saying
    /// whether it was (a 5xx, a timeout, a broken connection) and was not sent again: check before
    /// sending it again. `body` is the JSON sent (secrets as `***`); `failure` how it ended, with
    /// the answer's `status`, `errorType` and `traceId` when there was one. (Not `cause`, which
    /// Kotlin's Throwable owns.)
    #[error("outcome unknown: {method} {path} ({operation}) may or may not have been applied and was not sent again: {failure}")]
    OutcomeUnknown {
        operation: String,
        method: String,
        path: String,
        body: Option<String>,
        failure: String,
        status: Option<i32>,
        error_type: Option<String>,
        trace_id: Option<String>,
    },
}

impl From<saasus::Error> for SaasusError {
    fn from(e: saasus::Error) -> Self {
        match e {
            saasus::Error::Api(a) => SaasusError::Api {
                status: i32::from(a.status),
                error_type: a.error_type,
                error_message: a.message,
                data: a.data,
                trace_id: a.trace_id,
            },
            saasus::Error::Transport { message, .. } => SaasusError::Transport { detail: message },
            saasus::Error::Timeout { message } => SaasusError::Timeout { detail: message },
            saasus::Error::Decode { status, message, trace_id } => {
                SaasusError::Decode { status: i32::from(status), detail: message, trace_id }
            }
            saasus::Error::Config(c) => SaasusError::Config { field: c.field, rule: c.rule },
            saasus::Error::InvalidArgument { field, rule } => SaasusError::InvalidArgument { field, rule },
            saasus::Error::OutcomeUnknown { sent, cause } => {
                let cause = cause.view();
                SaasusError::OutcomeUnknown {
                    operation: sent.operation.to_string(),
                    method: sent.method.to_string(),
                    path: sent.path,
                    body: sent.body.map(|b| b.to_string()),
                    status: cause.status.map(i32::from),
                    error_type: cause.error_type,
                    trace_id: cause.trace_id,
                    failure: cause.text,
                }
            }
        }
    }
}

impl From<saasus::ConfigError> for SaasusError {
    fn from(c: saasus::ConfigError) -> Self {
        SaasusError::Config { field: c.field, rule: c.rule }
    }
}

/// A client of the SaaSus API; share one per process (its connections are pooled).
#[derive(uniffi::Object)]
pub struct Client {
    inner: saasus::Client,
}

/// Your application, named in the User-Agent of every request
/// (`saasus-uniffi/0.1.0 acme-billing/2.3.1 (https://acme.example)`), as Stripe's SDKs do.
#[derive(uniffi::Record)]
pub struct AppInfo {
    pub name: String,
    #[uniffi(default = None)]
    pub version: Option<String>,
    #[uniffi(default = None)]
    pub url: Option<String>,
}

/// The constructors' settings other than the credentials.
struct Settings {
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_retry_delay: Option<Duration>,
    app_info: Option<AppInfo>,
    max_response_bytes: Option<u64>,
}

/// The settings (`saasus::options::CLIENT_OPTIONS`, which a test checks these constructors
/// against) as the core takes them; one User-Agent for every uniffi consumer (Kotlin and Swift
/// load the same library).
fn configured(base: saasus::Config, s: Settings) -> Result<saasus::Config, SaasusError> {
    use saasus::options::{OptionValue, find};
    let app_info = s.app_info.map(|a| saasus::AppInfo { name: a.name, version: a.version, url: a.url });
    let mut given = Vec::new();
    let options = [
        ("timeout", s.timeout.map(|t| OptionValue::Number(t.as_secs_f64()))),
        ("connect_timeout", s.connect_timeout.map(|t| OptionValue::Number(t.as_secs_f64()))),
        ("max_retries", s.max_retries.map(|n| OptionValue::Count(u64::from(n)))),
        ("max_retry_delay", s.max_retry_delay.map(|t| OptionValue::Number(t.as_secs_f64()))),
        ("app_info", app_info.map(OptionValue::AppInfo)),
        ("max_response_bytes", s.max_response_bytes.map(OptionValue::Count)),
    ];
    for (name, value) in options {
        if let (Some(option), Some(value)) = (find(name), value) {
            given.push((option, value));
        }
    }
    let config = saasus::options::apply(base, given, saasus::config::TimeUnit::Seconds, |o| o.name.to_string())?;
    Ok(config.with_user_agent(format!("saasus-uniffi/{}", saasus::VERSION)))
}

/// The levels of the SDK's log events.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLevel {
    Debug,
    Info,
    Warn,
}

/// What your app implements to receive the SDK's log events (`Client.withLogger`): `message`
/// reads `GET auth /envs -> 200 in 1.2 ms`; `fields` are the event's (api, operation, method,
/// path, status, attempt, elapsed_ms, trace_id, backoff_ms, …) as text. Called on the SDK's I/O
/// thread: hand the record to your logging framework and return.
#[uniffi::export(with_foreign)]
pub trait SaasusLogger: Send + Sync {
    fn log(&self, level: LogLevel, message: String, fields: std::collections::HashMap<String, String>);
}

/// How an answer came: its status, trace id, headers (by lower-case name, a repeated one's
/// values joined with ", ") and how many attempts the call took.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct ResponseMetadata {
    pub status: u16,
    pub trace_id: Option<String>,
    pub headers: std::collections::HashMap<String, String>,
    pub attempts: u32,
}

/// Keeps the metadata of the last answer of a `Client::recording` client's calls.
#[derive(uniffi::Object, Default)]
pub struct ResponseRecorder {
    last: std::sync::Mutex<Option<ResponseMetadata>>,
}

#[uniffi::export]
impl ResponseRecorder {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(ResponseRecorder::default())
    }

    /// The last answer's metadata; none before the first call answers (or if every call failed).
    pub fn last(&self) -> Option<ResponseMetadata> {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl ResponseRecorder {
    fn keep(&self, r: saasus::Response<()>) {
        let headers = r.joined_headers().into_iter().collect();
        let meta = ResponseMetadata { status: r.status, trace_id: r.trace_id, headers, attempts: r.attempts };
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(meta);
    }
}

/// The client's settings in the core's order, snake case: the constructors' parameters.
#[uniffi::export]
pub fn client_options() -> Vec<String> {
    saasus::options::CLIENT_OPTIONS.iter().map(|o| o.name.to_string()).collect()
}

#[uniffi::export]
impl Client {
    /// Explicit credentials; `base_url` defaults to `https://api.saasus.io/v1`, `timeout` (one
    /// attempt, send to last byte) to 30 s, `connect_timeout` to 10 s, `max_retries` (of
    /// GET/PUT/DELETE on 429/502/503/504 and connect errors) to 2, `max_retry_delay` (the longest
    /// wait between attempts, Retry-After included) to 30 s, `max_response_bytes` (a larger answer
    /// fails without being read whole) to 8 MiB; `app_info` names your application in the
    /// User-Agent.
    #[uniffi::constructor(default(
        base_url = None,
        timeout = None,
        connect_timeout = None,
        max_retries = None,
        max_retry_delay = None,
        app_info = None,
        max_response_bytes = None
    ))]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        api_key: String,
        secret_key: String,
        saas_id: String,
        base_url: Option<String>,
        timeout: Option<Duration>,
        connect_timeout: Option<Duration>,
        max_retries: Option<u32>,
        max_retry_delay: Option<Duration>,
        app_info: Option<AppInfo>,
        max_response_bytes: Option<u64>,
    ) -> Result<Arc<Self>, SaasusError> {
        let explicit = saasus::config::Explicit { api_key: Some(api_key), secret_key: Some(secret_key), saas_id: Some(saas_id), base_url };
        // Every value is explicit here: nothing is read from the environment.
        let base = saasus::Config::from_explicit_or_env(explicit, |_| None)?;
        let settings = Settings { timeout, connect_timeout, max_retries, max_retry_delay, app_info, max_response_bytes };
        Ok(Arc::new(Client { inner: saasus::Client::new_shared(configured(base, settings)?)? }))
    }

    /// Credentials from `SAASUS_API_KEY`, `SAASUS_SECRET_KEY`, `SAASUS_SAAS_ID`, `SAASUS_BASE_URL`.
    #[uniffi::constructor(default(
        timeout = None,
        connect_timeout = None,
        max_retries = None,
        max_retry_delay = None,
        app_info = None,
        max_response_bytes = None
    ))]
    pub fn from_env(
        timeout: Option<Duration>,
        connect_timeout: Option<Duration>,
        max_retries: Option<u32>,
        max_retry_delay: Option<Duration>,
        app_info: Option<AppInfo>,
        max_response_bytes: Option<u64>,
    ) -> Result<Arc<Self>, SaasusError> {
        let settings = Settings { timeout, connect_timeout, max_retries, max_retry_delay, app_info, max_response_bytes };
        Ok(Arc::new(Client { inner: saasus::Client::new_shared(configured(saasus::Config::from_env()?, settings)?)? }))
    }

    /// A client that sends these headers with every request; it shares this client's pool.
    #[uniffi::method(default(referer = None, x_saasus_referer = None, trace_id = None))]
    pub fn with_context(
        &self,
        referer: Option<String>,
        x_saasus_referer: Option<String>,
        trace_id: Option<String>,
    ) -> Result<Arc<Client>, SaasusError> {
        let inner = self.inner.with_context(saasus::RequestContext { referer, x_saasus_referer, trace_id })?;
        Ok(Arc::new(Client { inner }))
    }

    /// A client whose calls take these settings over this one's (`timeout` per attempt,
    /// `max_retries`, `trace_id` sent as X-SaaSus-Trace-Id); it shares this client's pool.
    #[uniffi::method(default(timeout = None, max_retries = None, trace_id = None))]
    pub fn with_options(
        &self,
        timeout: Option<Duration>,
        max_retries: Option<u32>,
        trace_id: Option<String>,
    ) -> Result<Arc<Client>, SaasusError> {
        let inner = self.inner.with_options(saasus::CallOptions { timeout, max_retries, trace_id })?;
        Ok(Arc::new(Client { inner }))
    }

    /// A client whose calls' answers `recorder` keeps (status, trace id, headers, attempts): the
    /// metadata of the last one to answer is `recorder.last()`. `withResponse { … }` (Kotlin)
    /// and `withResponse { … }` (Swift) are built on it.
    pub fn recording(&self, recorder: Arc<ResponseRecorder>) -> Arc<Client> {
        let observer: saasus::Observer = Arc::new(move |r: saasus::Response<()>| recorder.keep(r));
        Arc::new(Client { inner: self.inner.observing(observer) })
    }

    /// A client whose calls' log events go to `logger` (at `level` and more severe): each
    /// attempt at debug, each retry at info, a call given up after retries at warn; never
    /// arguments, bodies, keys, tokens or signatures. It shares this client's pool. `level`
    /// defaults to debug (every event).
    #[uniffi::method(default(level = None))]
    pub fn with_logger(&self, logger: Arc<dyn SaasusLogger>, level: Option<LogLevel>) -> Arc<Client> {
        let level = match level.unwrap_or(LogLevel::Debug) {
            LogLevel::Debug => tracing::Level::DEBUG,
            LogLevel::Info => tracing::Level::INFO,
            LogLevel::Warn => tracing::Level::WARN,
        };
        let forward = saasus::log_record::Forward::new(level, move |record: saasus::log_record::Record| {
            let level = if record.level == tracing::Level::DEBUG {
                LogLevel::Debug
            } else if record.level == tracing::Level::INFO {
                LogLevel::Info
            } else {
                LogLevel::Warn
            };
            let fields = record.fields.into_iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
            // A logger that panics (a Kotlin or Swift exception comes back as one) must not end the call.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| logger.log(level, record.message, fields)));
        });
        Arc::new(Client { inner: self.inner.logging(tracing::Dispatch::new(forward)) })
    }

    /// The Auth API, one accessor per spec tag.
    pub fn auth(&self) -> Arc<Auth> {
        Arc::new(Auth { inner: self.inner.clone() })
    }
}

#[uniffi::export]
impl Client {
    /// The user's tokens for the `code` your callback URL received from the hosted login page.
    pub async fn exchange_temp_code(&self, code: String) -> Result<saasus::models::Credentials, SaasusError> {
        let c = self.inner.clone();
        runtime::spawned(async move { Ok(c.exchange_temp_code(&code).await?) }).await
    }

    /// New ID and access tokens for a refresh token.
    pub async fn refresh(&self, refresh_token: String) -> Result<saasus::models::Credentials, SaasusError> {
        let c = self.inner.clone();
        runtime::spawned(async move { Ok(c.refresh(&refresh_token).await?) }).await
    }

    /// Who an ID token belongs to, with tenants, envs and roles; a bad token is `Api` with 401.
    pub async fn authenticate(&self, id_token: String) -> Result<saasus::models::UserInfo, SaasusError> {
        let c = self.inner.clone();
        runtime::spawned(async move { Ok(c.authenticate(&id_token).await?) }).await
    }
}

/// The token of an `Authorization: Bearer …` header value, or null.
#[uniffi::export]
pub fn bearer_token(authorization: String) -> Option<String> {
    saasus::bearer_token(&authorization).map(str::to_string)
}

/// Whether the user holds `role_name` in the tenant: in `env_id`, or in any env.
#[uniffi::export(default(env_id = None))]
pub fn has_role(user: saasus::models::UserInfo, tenant_id: String, role_name: String, env_id: Option<i64>) -> bool {
    user.has_role(&tenant_id, &role_name, env_id)
}

/// The Auth API.
#[derive(uniffi::Object)]
pub struct Auth {
    inner: saasus::Client,
}

/// One row of the operation tables as this binding exposes it: `client.<api>()` returns the
/// API's object, whose `<accessor>()` returns the class `<group>`, whose method `<name>` (in the
/// language's case) runs the operation.
#[derive(uniffi::Record)]
pub struct OperationEntry {
    pub api: String,
    /// The class of `client.<api>()`: `Auth`, `PricingApi`, …
    pub api_class: String,
    pub accessor: String,
    pub group: String,
    pub name: String,
}

/// A path parameter's type by its kind in the operation table (`env_id: uint`): Kotlin's
/// `String`/`Long`, Swift's `String`/`Int64`. Aliases rather than a macro, which uniffi's
/// attribute would see unexpanded; the core refuses a negative `uint` before sending.
#[allow(non_camel_case_types)]
mod path_type {
    pub type str = String;
    pub type int = i64;
    pub type uint = i64;
}

/// One API's tag objects and their methods, from its operation table; `$api_object` is what
/// `client.<api>()` returns, `$prefix` what the tag objects' names start with.
macro_rules! define_groups {
    (@api $api:literal $api_object:ident $prefix:literal $(
        $tag:ident $group:ident $tag_wire:literal {
            $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => { pastey::paste! {
        $(
            // The operations of one spec tag (uniffi reads docs only from literal doc comments).
            #[derive(uniffi::Object)]
            pub struct [<$prefix:camel $group>] {
                pub(crate) inner: saasus::Client,
            }

            $( define_groups!(@method [<$prefix:camel $group>] $(#[doc = $doc])* $id $name [$($p: $pt),*] $kind $input => $output); )*
        )*

        /// The API's rows of the operation table as generated here.
        pub fn entries() -> Vec<crate::OperationEntry> {
            vec![$($(
                crate::OperationEntry {
                    api: $api.into(),
                    api_class: stringify!($api_object).into(),
                    accessor: stringify!($tag).into(),
                    group: stringify!([<$prefix:camel $group>]).into(),
                    name: stringify!($name).into(),
                },
            )*)*]
        }

        #[uniffi::export]
        impl $api_object {
            $(
                pub fn $tag(&self) -> Arc<[<$prefix:camel $group>]> {
                    Arc::new([<$prefix:camel $group>] { inner: self.inner.clone() })
                }
            )*
        }
    } };
    // One exported impl per operation: uniffi's attribute must see the finished method.
    (@method $group:ident $(#[doc = $doc:literal])* $id:ident $name:ident [$($p:ident : $pt:ident),*] none $input:ty => $output:ty) => {
        #[uniffi::export]
        impl $group {
            $(#[doc = $doc])*
            pub async fn $name(&self, $($p: crate::path_type::$pt),*) -> Result<$output, SaasusError> {
                let client = self.inner.clone();
                runtime::spawned(async move { Ok(client.execute::<ops::$id>(&[$(&*saasus::operation::PathArg::text(&$p)),*], &()).await?) }).await
            }
        }
    };
    (@method $group:ident $(#[doc = $doc:literal])* $id:ident $name:ident [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty) => {
        #[uniffi::export]
        impl $group {
            $(#[doc = $doc])*
            pub async fn $name(&self, $($p: crate::path_type::$pt,)* input: $input) -> Result<$output, SaasusError> {
                let client = self.inner.clone();
                runtime::spawned(async move { Ok(client.execute::<ops::$id>(&[$(&*saasus::operation::PathArg::text(&$p)),*], &input).await?) }).await
            }
        }
    };
    // Auth's objects keep the names they have always had (`TenantApi`).
    (@auth $($table:tt)*) => { define_groups!(@api "auth" Auth "" $($table)*); };
    // Another API's table starts with its path segment, which prefixes its objects' names.
    ($api:literal $($table:tt)*) => { pastey::paste! { define_groups!(@api $api [<$api:camel Api>] $api $($table)*); } };
}

/// Auth's table has no path segment of its own.
macro_rules! auth_groups {
    ($($table:tt)*) => { define_groups!(@auth $($table)*); };
}

mod auth {
    use super::{Auth, SaasusError, runtime};
    use saasus::ops;
    use std::sync::Arc;
    saasus::for_each_operation!(auth_groups);
}

/// Every other API: its object (`PricingApi`), `client.<api>()`, and its tags' objects.
macro_rules! every_api {
    ($($api:ident $table:ident $types:ident),*) => { pastey::paste! {
        $(
            #[doc = "The " $api " API, one accessor per spec tag."]
            #[derive(uniffi::Object)]
            pub struct [<$api:camel Api>] {
                inner: saasus::Client,
            }

            #[uniffi::export]
            impl Client {
                #[doc = "The " $api " API (`/" $api "`), one accessor per spec tag."]
                pub fn $api(&self) -> Arc<[<$api:camel Api>]> {
                    Arc::new([<$api:camel Api>] { inner: self.inner.clone() })
                }
            }

            mod $api {
                use super::{[<$api:camel Api>], SaasusError, runtime};
                use saasus::$api::ops;
                use std::sync::Arc;
                saasus::$table!(define_groups);
            }
        )*

        /// The operation tables as generated here, for tests that check the Kotlin and Swift sources.
        #[uniffi::export]
        pub fn operation_table() -> Vec<OperationEntry> {
            let mut all = auth::entries();
            $( all.extend($api::entries()); )*
            all
        }
    } };
}
saasus::for_each_api!(every_api);
