//! The Node binding (napi-rs). Translation only: values cross as JSON keyed by the wire names,
//! which is exactly what the Node surface shows; `index.js` builds `client.<api>.<tag>` from
//! `operations()` and turns error envelopes into the `SaasusError` classes.
//!
//! A call's answer crosses as JSON text, serialised from the typed result on a tokio thread and
//! parsed by `JSON.parse` on the JS thread: building the same object property by property
//! through napi cost the one JS thread several times more (bench/run.py).
//!
//! Arguments cross as JSON text too, written by `index.js`, which refuses what JSON cannot
//! carry (a cycle, a BigInt, a function, `NaN`, a `Date`, …) naming the field at fault, and
//! parsed here off the JS thread. napi's own conversion to `serde_json::Value` turned a BigInt
//! into a number (or a string), a `Date` or a `Map` into `{}`, and a cycle into "Exceeded maximum
//! JSON nesting depth" without naming anything.

mod completions;
mod emulator;
mod logging;
mod meter;
mod pages;
mod session;

use completions::{Completions, Sender};
use napi::bindgen_prelude::Reference;
use napi::{Result, Status};
use napi_derive::napi;
use saasus::io_thread::IoThread;
use saasus::naming::{camel, node_option};
use saasus::{Client, RequestContext};
use serde_json::{Value, json};

/// A core error as the plain object `index.js` turns into the error class the core chose.
fn error_json(e: &saasus::Error) -> Value {
    let v = e.view();
    json!({
        "kind": v.kind.as_str(),
        "class": v.class.node_name,
        "code": v.class.code,
        "status": v.status,
        "type": v.error_type,
        "message": v.text,
        "detail": v.message,
        "data": v.data.map(|d| Value::Object(d.0)),
        "traceId": v.trace_id,
    })
}

/// The envelope of a call: `{ ok: true, value }`, `{ ok: false, error }`, or for a call that
/// panicked (a bug of the SDK) an error `index.js` makes a `SaasusError` with code
/// `SAASUS_INTERNAL`. The panic's own text stays on stderr. The panic is caught where the future
/// is polled, not by spawning it as a task of its own: that was a hand-off between threads per
/// call, which on 2 cores cost more than the call's own work (bench/run.py).
async fn envelope<F>(fut: F) -> String
where
    F: std::future::Future<Output = std::result::Result<String, saasus::Error>> + Send + 'static,
{
    match saasus::unwind::catch_unwind(fut).await {
        Ok(Ok(value)) => {
            const HEAD: &str = r#"{"ok":true,"value":"#;
            let mut text = String::with_capacity(HEAD.len() + value.len() + 1);
            text.push_str(HEAD);
            text.push_str(&value);
            text.push('}');
            text
        }
        Ok(Err(e)) => json!({ "ok": false, "error": error_json(&e) }).to_string(),
        Err(_) => {
            json!({ "ok": false, "error": { "kind": "internal", "message": "internal error: the SDK call panicked; please report it" } })
                .to_string()
        }
    }
}

/// Errors thrown synchronously (construction) carry the same envelope as JSON text.
pub(crate) fn throw(e: &saasus::Error) -> napi::Error {
    napi::Error::new(Status::InvalidArg, format!("SAASUS_ERROR:{}", error_json(e)))
}

/// The JSON text `index.js` wrote for an argument (none: `null`), as a value. `index.js` keeps
/// it within serde_json's depth limit; text from anywhere else is refused, not trusted.
fn parse_json(text: Option<&str>, field: &str) -> std::result::Result<Value, saasus::Error> {
    match text {
        None => Ok(Value::Null),
        Some(t) => serde_json::from_str(t)
            .map_err(|e| saasus::Error::InvalidArgument { field: field.into(), rule: format!("is not valid JSON ({e})") }),
    }
}

type PendingCall = std::pin::Pin<Box<dyn std::future::Future<Output = std::result::Result<String, saasus::Error>> + Send>>;

/// The call of the operation `name` of the API `api` (`auth`, `pricing`, …), through the core's
/// table of every operation: its value's JSON text, or with `with_response`, that of `{ value,
/// status, traceId, headers, attempts }` (headers by lower-case name, a repeated one's values
/// joined with ", ").
fn call_by_name(client: Client, api: &str, name: &str, path: Vec<String>, input: Option<String>, with_response: bool) -> PendingCall {
    let pending = saasus::dynamic::call(client, api, name, path, input, with_response);
    Box::pin(async move {
        let called = pending.await?;
        match called.response {
            None => to_json_text(&called.value),
            Some(r) => {
                let headers: serde_json::Map<String, Value> = r.headers.into_iter().map(|(n, v)| (n, Value::String(v))).collect();
                to_json_text(
                    json!({ "value": called.value, "status": r.status, "traceId": r.trace_id, "headers": headers, "attempts": r.attempts }),
                )
            }
        }
    })
}

/// The largest whole number a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A JS number that must be a whole number, 0 or more: refused otherwise as a `ConfigError`
/// naming `field` (the core then checks the setting's own range). Saturates above `u64::MAX`.
fn whole(field: &str, v: f64) -> std::result::Result<u64, saasus::ConfigError> {
    if v.is_finite() && v.fract() == 0.0 && v >= 0.0 {
        Ok(v as u64)
    } else {
        Err(saasus::ConfigError::new(field, format!("must be a whole number, 0 or more (got {})", number(v))))
    }
}

/// A number as JS would print it (`2.5`, `1e300`, `NaN`), not Rust's 301 digits of `1e300`.
fn number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e16 { format!("{}", v as i64) } else { format!("{v:?}") }
}

/// The core names settings in snake case (`max_retries`); a Node user wrote `maxRetries`.
/// Anything else — an environment variable (`SAASUS_API_KEY`), a key of the user's that is no
/// setting (` `, `a.b`) — stays as it is, so the error names what was given.
fn node_field(field: &str) -> String {
    let snake = field.starts_with(|c: char| c.is_ascii_lowercase())
        && field.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if snake { camel(field) } else { field.to_string() }
}

/// Decodes an options object (`top` names it: `options`, `context`), naming the key at fault:
/// keys must be among `known`.
fn decode_object<T: serde::de::DeserializeOwned + Default>(
    value: Value,
    top: &str,
    known: &[&str],
) -> std::result::Result<T, (String, String)> {
    match value {
        Value::Null => Ok(T::default()),
        Value::Object(map) => {
            if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
                let expected = format!("expected one of {}", known.join(", "));
                return Err(match unknown.as_str() {
                    "" => (top.into(), format!("has an empty key, which is not an option ({expected})")),
                    _ => (unknown.clone(), format!("is not an option ({expected})")),
                });
            }
            saasus::decode_input(Value::Object(map)).map_err(|e| match e {
                // Options are JS values: a number is a number, not serde's `f64`.
                saasus::Error::InvalidArgument { field, rule } => (field, rule.replace("expected f64", "expected a number")),
                other => (top.into(), other.to_string()),
            })
        }
        _ => Err((top.into(), "must be an object".into())),
    }
}

/// The client from the options object of `new Client(options)`: its keys are the settings of
/// `saasus::options::CLIENT_OPTIONS` as Node names them (`maxRetries`, `timeoutMs`); anything not
/// given comes from the `SAASUS_*` variables. A wrong key, type or value is a `ConfigError`
/// naming the option.
fn build(options: Value) -> std::result::Result<Client, saasus::ConfigError> {
    use saasus::options::{CLIENT_OPTIONS, OptionKind, OptionValue};
    let error = |field: &str, rule: String| saasus::ConfigError::new(field, rule);
    let map = match options {
        Value::Null => serde_json::Map::new(),
        Value::Object(map) => map,
        _ => return Err(error("options", "must be an object".into())),
    };
    let mut given = Vec::new();
    for (key, value) in map {
        let Some(option) = CLIENT_OPTIONS.iter().find(|o| node_option(o) == key) else {
            let known: Vec<String> = CLIENT_OPTIONS.iter().map(node_option).collect();
            let expected = format!("expected one of {}", known.join(", "));
            return Err(match key.as_str() {
                "" => error("options", format!("has an empty key, which is not an option ({expected})")),
                _ => error(&key, format!("is not an option ({expected})")),
            });
        };
        let v = match (option.kind, value) {
            (_, Value::Null) => continue, // not given
            (OptionKind::Text, Value::String(t)) => OptionValue::Text(t),
            (OptionKind::Text, _) => return Err(error(&key, "must be a string".into())),
            (OptionKind::Duration, Value::Number(n)) => OptionValue::Number(n.as_f64().unwrap_or(f64::INFINITY)),
            (OptionKind::Duration, _) => return Err(error(&key, "must be a number of milliseconds".into())),
            (OptionKind::Count { .. }, Value::Number(n)) => {
                let v = n.as_f64().unwrap_or(f64::INFINITY);
                let n = whole(&key, v)?;
                if v > MAX_SAFE_INTEGER {
                    return Err(error(&key, format!("must be at most {MAX_SAFE_INTEGER} (got {})", number(v))));
                }
                OptionValue::Count(n)
            }
            (OptionKind::Count { .. }, _) => return Err(error(&key, "must be a whole number".into())),
            (OptionKind::AppInfo, Value::Object(fields)) => {
                let mut entries = Vec::with_capacity(fields.len());
                for (name, value) in fields {
                    match value {
                        Value::Null => {}
                        Value::String(text) => entries.push((name, text)),
                        _ => return Err(error(&format!("{key}.{name}"), "must be a string".into())),
                    }
                }
                OptionValue::AppInfo(saasus::options::app_info(&key, entries)?)
            }
            (OptionKind::AppInfo, _) => return Err(error(&key, "must be an object ({ name, version?, url? })".into())),
        };
        given.push((option, v));
    }
    // The core's own refusals name its settings in snake case; the keys checked above are named as
    // given (an unknown `api_key` is `api_key`, not the option `apiKey`).
    let core_named = |mut e: saasus::ConfigError| {
        e.field = node_field(&e.field);
        e
    };
    let config = saasus::options::configure(given, saasus::config::TimeUnit::Milliseconds, node_option).map_err(core_named)?;
    Client::new_shared(config.with_user_agent(format!("saasus-node/{}", saasus::VERSION))).map_err(core_named)
}

/// What `withContext({ referer, xSaasusReferer, traceId })` takes.
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContextOptions {
    referer: Option<String>,
    x_saasus_referer: Option<String>,
    trace_id: Option<String>,
}

/// What `withOptions({ timeoutMs, maxRetries, traceId })` takes natively.
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct PerCallOptions {
    timeout_ms: Option<f64>,
    max_retries: Option<f64>,
    trace_id: Option<String>,
}

#[napi]
pub struct NativeClient {
    inner: Client,
    answers: Sender,
}

#[napi]
impl NativeClient {
    /// `options`: the JSON text of `ClientOptions`. Every synchronous export catches panics
    /// (`catch_unwind`) so that none unwinds into Node.
    /// `completions`: where this client's answers go (see `completions.rs`).
    #[napi(constructor, catch_unwind)]
    pub fn new(options: Option<String>, completions: Reference<Completions>) -> Result<Self> {
        let config_error = |field: String, rule: String| throw(&saasus::Error::Config(saasus::ConfigError::new(field, rule)));
        let options = parse_json(options.as_deref(), "options").map_err(|e| match e {
            saasus::Error::InvalidArgument { field, rule } => config_error(field, rule),
            other => throw(&other),
        })?;
        let answers = completions.sender();
        build(options).map(|inner| NativeClient { inner, answers }).map_err(|e| throw(&saasus::Error::Config(e)))
    }

    /// Starts an operation off the JS thread; its answer, the JSON text of `{ ok: true, value }`
    /// or `{ ok: false, error }`, arrives through the client's completions as `callId`'s.
    /// `input`: the JSON text of the body or query object (parsed off the JS thread).
    /// `api`: the API's path segment (`auth`, `pricing`, …); `name`: the operation's snake-case
    /// name. `withResponse`: the value is `{ value, status, traceId, headers, attempts }`.
    /// `cancellable`: `cancel(callId)` may end the call (an `AbortSignal`'s). `logLevel`
    /// (`debug`, `info`, `warn`): the call's log records at that level and above come to JS.
    #[napi(catch_unwind)]
    #[allow(clippy::too_many_arguments)]
    pub fn call(
        &self,
        call_id: u32,
        api: String,
        name: String,
        path_args: Vec<String>,
        input: Option<String>,
        with_response: Option<bool>,
        cancellable: Option<bool>,
        log_level: Option<String>,
    ) {
        let call = call_by_name(self.inner.clone(), &api, &name, path_args, input, with_response.unwrap_or(false));
        start_call(&self.answers, call_id, call, cancellable.unwrap_or(false), log_level.as_deref());
    }

    /// One iteration over a cursor-paged operation (`index.js`'s `<operation>Iter`), from the
    /// JSON text of the plain operation's query; refused here, as the plain call would refuse it.
    #[napi(catch_unwind)]
    pub fn pages(&self, api: String, name: String, path_args: Vec<String>, input: Option<String>) -> Result<pages::NativePages> {
        pages::NativePages::open(self.inner.clone(), self.answers.clone(), &api, &name, path_args, input).map_err(|e| throw(&e))
    }

    /// Ends a call started `cancellable` (its request is dropped, its connection closed); it
    /// never answers. Nothing if it has answered already.
    #[napi(catch_unwind)]
    pub fn cancel(&self, call_id: u32) {
        self.answers.cancel(call_id);
    }

    /// Starts one of the core's login helpers (`exchange_temp_code`, `refresh`,
    /// `authenticate`), so that every surface shares their checks; answered (and logged at
    /// `logLevel`) as `call` is.
    #[napi(catch_unwind)]
    pub fn login(&self, call_id: u32, helper: String, argument: String, log_level: Option<String>) {
        let c = self.inner.clone();
        let call: PendingCall = Box::pin(async move {
            match helper.as_str() {
                "exchange_temp_code" => c.exchange_temp_code(&argument).await.and_then(to_json_text),
                "refresh" => c.refresh(&argument).await.and_then(to_json_text),
                "authenticate" => c.authenticate(&argument).await.and_then(to_json_text),
                other => Err(saasus::Error::InvalidArgument { field: "helper".into(), rule: format!("no login helper is named {other}") }),
            }
        });
        start_call(&self.answers, call_id, call, false, log_level.as_deref());
    }

    /// A client sending these headers with every request; `context` is the JSON text of
    /// `{ referer?, xSaasusReferer?, traceId? }`.
    #[napi(catch_unwind)]
    pub fn with_context(&self, context: Option<String>) -> Result<NativeClient> {
        let context = parse_json(context.as_deref(), "context").map_err(|e| throw(&e))?;
        let c: ContextOptions = decode_object(context, "context", &["referer", "xSaasusReferer", "traceId"])
            .map_err(|(field, rule)| throw(&saasus::Error::InvalidArgument { field, rule }))?;
        self.inner
            .with_context(RequestContext { referer: c.referer, x_saasus_referer: c.x_saasus_referer, trace_id: c.trace_id })
            .map(|inner| NativeClient { inner, answers: self.answers.clone() })
            .map_err(|e| throw(&e))
    }

    /// A client whose calls take these settings over this one's; `options` is the JSON text of
    /// `{ timeoutMs?, maxRetries?, traceId? }` (the JS side keeps `signal`).
    #[napi(catch_unwind)]
    pub fn with_options(&self, options: Option<String>) -> Result<NativeClient> {
        let invalid = |(field, rule): (String, String)| throw(&saasus::Error::InvalidArgument { field, rule });
        let options = parse_json(options.as_deref(), "options").map_err(|e| throw(&e))?;
        let o: PerCallOptions = decode_object(options, "options", &["timeoutMs", "maxRetries", "traceId"]).map_err(invalid)?;
        let timeout = match o.timeout_ms {
            Some(ms) => Some(
                saasus::config::duration("timeoutMs", ms, saasus::config::TimeUnit::Milliseconds)
                    .map_err(|e| invalid((e.field, e.rule)))?,
            ),
            None => None,
        };
        let max_retries = match o.max_retries {
            Some(n) => Some(u32::try_from(whole("maxRetries", n).map_err(|e| invalid((e.field, e.rule)))?).unwrap_or(u32::MAX)),
            None => None,
        };
        let options = saasus::CallOptions { timeout, max_retries, trace_id: o.trace_id };
        self.inner.with_options(options).map(|inner| NativeClient { inner, answers: self.answers.clone() }).map_err(|e| {
            throw(&match e {
                saasus::Error::InvalidArgument { field, rule } => saasus::Error::InvalidArgument { field: node_field(&field), rule },
                other => other,
            })
        })
    }

    /// A meter sending through this client; `options` is the JSON text of `{ flushIntervalMs?,
    /// flushAt?, maxPending?, bucketMs?, concurrency? }`.
    #[napi(catch_unwind)]
    pub fn meter(&self, options: Option<String>) -> Result<meter::NativeMeter> {
        meter::NativeMeter::start(self.inner.clone(), self.answers.clone(), options)
    }

    /// The sessions of web requests signed in through this client; `options` is the JSON text
    /// of `{ loginUrl?, userCacheMaxAgeMs?, secure?, … }` (node/sessions.js lists them).
    #[napi(catch_unwind)]
    pub fn sessions(&self, options: Option<String>) -> Result<session::NativeAuthenticator> {
        session::NativeAuthenticator::start(self.inner.clone(), self.answers.clone(), options)
    }

    #[napi(getter, catch_unwind)]
    pub fn base_url(&self) -> String {
        self.inner.config().base_url.clone()
    }

    #[napi(getter, catch_unwind)]
    pub fn api_key(&self) -> String {
        self.inner.config().api_key.clone()
    }

    #[napi(getter, catch_unwind)]
    pub fn saas_id(&self) -> String {
        self.inner.config().saas_id.clone()
    }
}

#[napi(object)]
pub struct OperationEntry {
    /// The API's path segment (`auth`, `pricing`, …): `client.<api>`.
    pub api: String,
    /// The spec tag as the spec spells it (`saasUser`).
    pub tag: String,
    /// The operation's name in snake case (`get_saas_user`), what `call` dispatches on.
    pub name: String,
    /// The JS method name (`getSaasUser`).
    pub method: String,
    /// The HTTP method (`GET`).
    pub http_method: String,
    /// The path below `/<api>`, with `{name}` placeholders.
    pub path: String,
    pub path_params: Vec<String>,
    /// Each path parameter's type: `str`, `int` or `uint` (an integer, 0 or more).
    pub path_types: Vec<String>,
    /// `none`, `body` or `query`.
    pub input_kind: String,
    /// Whether it pages by cursor: `index.js` gives it an `<method>Iter` (core/src/pages.rs).
    pub paged: bool,
    /// Where the answer's secrets are (`saasus::redact::Shape` as JSON), for `util.inspect`.
    pub secrets: Option<String>,
    /// The same for each item of a paged operation's pages.
    pub item_secrets: Option<String>,
}

/// Every operation of every API's table.
#[napi(catch_unwind)]
pub fn operations() -> Vec<OperationEntry> {
    saasus::dynamic::operations()
        .into_iter()
        .map(|(o, tags)| {
            let paged = saasus::pages::PAGED.iter().find(|p| (p.api, p.name) == (o.api, o.name));
            let shape = saasus::redact::Shape::of(&(o.output)());
            let item = paged.and_then(|p| shape.as_ref()?.children.get(p.items)?.each.as_deref());
            let json = |s: &saasus::redact::Shape| serde_json::to_string(s).expect("a shape is JSON");
            OperationEntry {
                api: o.api.to_string(),
                tag: tags.iter().find(|(snake, _)| *snake == o.tag).map_or(o.tag, |(_, spec)| spec).to_string(),
                name: o.name.to_string(),
                method: camel(o.name),
                http_method: o.method.as_str().to_string(),
                path: o.path.to_string(),
                path_params: o.path_params.iter().map(|p| p.to_string()).collect(),
                path_types: o.path_types.iter().map(|t| t.as_str().to_string()).collect(),
                input_kind: match o.input_kind {
                    saasus::InputKind::None => "none",
                    saasus::InputKind::Body => "body",
                    saasus::InputKind::Query => "query",
                }
                .to_string(),
                paged: paged.is_some(),
                secrets: shape.as_ref().map(json),
                item_secrets: item.map(json),
            }
        })
        .collect()
}

/// Starts a call whose answer goes to `answers` as `call_id`'s: with its log records at
/// `log_level` and above sent to JS, and, when `cancellable`, ended by `cancel(call_id)`.
pub(crate) fn start_call(answers: &Sender, call_id: u32, call: PendingCall, cancellable: bool, log_level: Option<&str>) {
    let call: PendingCall = match log_level.and_then(logging::level) {
        Some(level) => {
            use tracing::instrument::WithSubscriber;
            Box::pin(call.with_subscriber(logging::to_js(answers.clone(), call_id, level)))
        }
        None => call,
    };
    if cancellable {
        let cancelled = answers.cancellable(call_id);
        let forget = answers.clone();
        start(answers, call_id, async move {
            let answer = tokio::select! {
                answer = call => answer,
                // Nobody reads this: the JS side has rejected the call's promise already.
                _ = cancelled => Err(saasus::Error::InvalidArgument { field: "signal".into(), rule: "the call was aborted".into() }),
            };
            // Only cancellable calls are in the map: the others never take its lock.
            forget.forget(call_id);
            answer
        });
    } else {
        start(answers, call_id, call);
    }
}

/// Runs `call` on the SDK's call thread; its envelope goes to `answers` as `call_id`'s.
fn start<F>(answers: &Sender, call_id: u32, call: F)
where
    F: std::future::Future<Output = std::result::Result<String, saasus::Error>> + Send + 'static,
{
    let answers = answers.clone();
    // The thread every call of the process runs on (see `saasus::io_thread`).
    match IoThread::shared() {
        Ok(io) => {
            io.spawn(async move { answers.send(call_id, envelope(call).await) });
        }
        Err(e) => {
            let message = format!("internal error: the saasus call thread could not start: {e}");
            answers.send(call_id, json!({ "ok": false, "error": { "kind": "internal", "message": message } }).to_string())
        }
    }
}

fn to_json_text<T: serde::Serialize>(v: T) -> std::result::Result<String, saasus::Error> {
    serde_json::to_string(&v).map_err(|e| saasus::Error::InvalidArgument { field: "response".into(), rule: e.to_string() })
}

/// The `saasus` command line (`argv` with the program's name first), for the package's `bin`;
/// its exit code. It blocks the JS thread: the command is the process. A panic is exit code 70.
#[napi]
pub fn cli_main(argv: Vec<String>) -> i32 {
    let args = argv.into_iter().map(std::ffi::OsString::from).collect();
    std::panic::catch_unwind(|| saasus_cli::run(args)).unwrap_or(70)
}

/// An EventBridge event of the platform (or its detail) read (`saasus::events::parse`): the JSON
/// text of `{ envelope, call, operation, api, pathParams, status, request, response }`.
#[napi(catch_unwind)]
pub fn parse_event(text: String) -> Result<String> {
    let e = saasus::events::parse(&text).map_err(|e| throw(&e))?;
    let params: serde_json::Map<String, Value> = e.path_params.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    let value = json!({
        "envelope": e.envelope,
        "call": e.call,
        "operation": e.operation.as_ref().map(|o| o.id),
        "api": e.operation.as_ref().map(|o| o.api),
        "name": e.operation.as_ref().map(|o| o.name),
        "pathParams": params,
        "status": e.status,
        "request": e.request,
        "response": e.response,
    });
    to_json_text(value).map_err(|e| throw(&e))
}

/// Checks `saasus listen`'s signature header of a forwarded event's body; throws
/// `InvalidArgumentError` naming the check that failed.
#[napi(catch_unwind)]
pub fn verify_event(secret: String, header: String, body: napi::bindgen_prelude::Buffer, tolerance: i64, now: i64) -> Result<()> {
    saasus::events::verify(&secret, &header, &body, tolerance, now).map_err(|e| throw(&e))
}

/// The token of an `Authorization: Bearer …` header value.
#[napi(catch_unwind)]
pub fn bearer_token(authorization: Option<String>) -> Option<String> {
    authorization.as_deref().and_then(saasus::bearer_token).map(str::to_string)
}

/// Whether a user (the JSON text of a `UserInfo` as the API returns it) holds the role in the tenant.
#[napi(catch_unwind)]
pub fn has_role(user: String, tenant_id: String, role_name: String, env_id: Option<i64>) -> Result<bool> {
    let user: saasus::models::UserInfo = parse_json(Some(&user), "user").and_then(saasus::decode_input).map_err(|e| throw(&e))?;
    Ok(user.has_role(&tenant_id, &role_name, env_id))
}

/// The wire names of a model's required fields (`Tenant` → `id`, `name`, …), for tests and
/// tools that check a result's shape; undefined for an unknown model.
#[napi(catch_unwind)]
pub fn required_fields(model: String) -> Option<Vec<String>> {
    use saasus::model::{Describe, TypeRef};
    macro_rules! find {
        ($($m:ident)* ; $($e:ident)*) => {
            $( if model == stringify!($m) {
                if let TypeRef::Model(info) = <saasus::models::$m as Describe>::type_ref() {
                    return Some(info().fields.iter().filter(|f| !matches!(f.ty, TypeRef::Optional(_))).map(|f| f.wire.to_string()).collect());
                }
            } )*
        };
    }
    saasus::for_each_model!(find);
    None
}

#[napi]
pub const VERSION: &str = saasus::VERSION;
