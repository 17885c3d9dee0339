//! The Node binding (napi-rs). Translation only: values cross as JSON keyed by the wire names,
//! which is exactly what the Node surface shows; `index.js` builds `client.auth.<tag>` from
//! `operations()` and turns error envelopes into the `SaasusError` classes.

use napi::{Result, Status};
use napi_derive::napi;
use saasus::{Client, Config, Operation, RequestContext};
use serde_json::{Value, json};
use std::time::Duration;

/// A core error as the plain object `index.js` turns into an error class.
fn error_json(e: &saasus::Error) -> Value {
    let (error_type, data) = match e {
        saasus::Error::Api(a) => (Some(a.error_type.clone()), a.data.clone().map(|d| Value::Object(d.0))),
        saasus::Error::InvalidArgument { field, .. } => (Some(field.clone()), None),
        saasus::Error::Config(c) => (Some(c.field.clone()), None),
        _ => (None, None),
    };
    let detail = match e {
        saasus::Error::Api(a) => a.message.clone(),
        other => other.to_string(),
    };
    json!({
        "kind": e.kind().as_str(),
        "status": e.status(),
        "type": error_type,
        "message": e.to_string(),
        "detail": detail,
        "data": data,
        "traceId": e.trace_id(),
    })
}

/// Errors thrown synchronously (construction) carry the same envelope as JSON text.
fn throw(e: &saasus::Error) -> napi::Error {
    napi::Error::new(Status::InvalidArg, format!("SAASUS_ERROR:{}", error_json(e)))
}

async fn run<O: Operation>(client: Client, path: Vec<String>, input: Value) -> std::result::Result<Value, saasus::Error> {
    let input = saasus::decode_operation_input::<O>(input)?;
    let refs: Vec<&str> = path.iter().map(String::as_str).collect();
    let out = client.execute::<O>(&refs, &input).await?;
    to_json(&out)
}

macro_rules! dispatch {
    ($(
        $tag:ident $group:ident $tag_wire:literal {
            $( $id:ident $name:ident $method:ident $path:literal [$($p:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        async fn call_by_name(client: Client, name: &str, path: Vec<String>, input: Value) -> std::result::Result<Value, saasus::Error> {
            match name {
                $($( stringify!($name) => run::<saasus::ops::$id>(client, path, input).await, )*)*
                _ => Err(saasus::Error::InvalidArgument { field: "operation".into(), rule: format!("no operation is named {name}") }),
            }
        }
    };
}
saasus::for_each_operation!(dispatch);

/// Options of `new Client(...)`; anything not given comes from the `SAASUS_*` variables.
#[napi(object)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub secret_key: Option<String>,
    pub saas_id: Option<String>,
    pub base_url: Option<String>,
    pub timeout_ms: Option<f64>,
    pub connect_timeout_ms: Option<f64>,
    pub max_retries: Option<u32>,
}

fn millis(field: &str, v: Option<f64>) -> std::result::Result<Option<Duration>, saasus::ConfigError> {
    match v {
        None => Ok(None),
        Some(ms) if ms.is_finite() && ms > 0.0 => Ok(Some(Duration::from_secs_f64(ms / 1000.0))),
        Some(_) => Err(saasus::ConfigError::new(field, "must be a positive number of milliseconds")),
    }
}

fn build(o: ClientOptions) -> std::result::Result<Client, saasus::ConfigError> {
    let explicit = [
        (saasus::config::ENV_API_KEY, o.api_key),
        (saasus::config::ENV_SECRET_KEY, o.secret_key),
        (saasus::config::ENV_SAAS_ID, o.saas_id),
        (saasus::config::ENV_BASE_URL, o.base_url),
    ];
    let lookup = |k: &str| explicit.iter().find(|(name, _)| *name == k).and_then(|(_, v)| v.clone()).or_else(|| std::env::var(k).ok());
    let mut c = Config::from_lookup(lookup)?.with_user_agent(format!("saasus-node/{}", saasus::VERSION));
    if let Some(t) = millis("timeoutMs", o.timeout_ms)? {
        c = c.with_timeout(t)?;
    }
    if let Some(t) = millis("connectTimeoutMs", o.connect_timeout_ms)? {
        c = c.with_connect_timeout(t)?;
    }
    if let Some(n) = o.max_retries {
        c = c.with_max_retries(n)?;
    }
    Client::new(c)
}

#[napi]
pub struct NativeClient {
    inner: Client,
}

#[napi]
impl NativeClient {
    #[napi(constructor)]
    pub fn new(options: Option<ClientOptions>) -> Result<Self> {
        let o = options.unwrap_or(ClientOptions {
            api_key: None,
            secret_key: None,
            saas_id: None,
            base_url: None,
            timeout_ms: None,
            connect_timeout_ms: None,
            max_retries: None,
        });
        build(o).map(|inner| NativeClient { inner }).map_err(|e| throw(&saasus::Error::Config(e)))
    }

    /// Calls an operation off the JS thread; resolves `{ ok: true, value }` or
    /// `{ ok: false, error }` (never rejects), which `index.js` unwraps.
    #[napi(ts_return_type = "Promise<{ ok: boolean, value?: unknown, error?: unknown }>")]
    pub async fn call(&self, name: String, path_args: Vec<String>, input: Option<Value>) -> Result<Value> {
        let client = self.inner.clone();
        Ok(match call_by_name(client, &name, path_args, input.unwrap_or(Value::Null)).await {
            Ok(value) => json!({ "ok": true, "value": value }),
            Err(e) => json!({ "ok": false, "error": error_json(&e) }),
        })
    }

    /// `{ ok, value | error }` of the core's login helpers (`exchange_temp_code`, `refresh`,
    /// `authenticate`), so that every surface shares their checks.
    #[napi(ts_return_type = "Promise<{ ok: boolean, value?: unknown, error?: unknown }>")]
    pub async fn login(&self, helper: String, argument: String) -> Result<Value> {
        let c = &self.inner;
        let result = match helper.as_str() {
            "exchange_temp_code" => c.exchange_temp_code(&argument).await.and_then(to_json),
            "refresh" => c.refresh(&argument).await.and_then(to_json),
            "authenticate" => c.authenticate(&argument).await.and_then(to_json),
            other => Err(saasus::Error::InvalidArgument { field: "helper".into(), rule: format!("no login helper is named {other}") }),
        };
        Ok(match result {
            Ok(value) => json!({ "ok": true, "value": value }),
            Err(e) => json!({ "ok": false, "error": error_json(&e) }),
        })
    }

    #[napi]
    pub fn with_context(
        &self,
        referer: Option<String>,
        x_saasus_referer: Option<String>,
        trace_id: Option<String>,
    ) -> Result<NativeClient> {
        self.inner
            .with_context(RequestContext { referer, x_saasus_referer, trace_id })
            .map(|inner| NativeClient { inner })
            .map_err(|e| throw(&e))
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.config().base_url.clone()
    }

    #[napi(getter)]
    pub fn api_key(&self) -> String {
        self.inner.config().api_key.clone()
    }

    #[napi(getter)]
    pub fn saas_id(&self) -> String {
        self.inner.config().saas_id.clone()
    }
}

#[napi(object)]
pub struct OperationEntry {
    /// The spec tag as the spec spells it (`saasUser`).
    pub tag: String,
    /// The operation's method name in snake case (`get_saas_user`).
    pub name: String,
    pub path_params: Vec<String>,
    /// `none`, `body` or `query`.
    pub input_kind: String,
}

/// Every operation of the core's table.
#[napi]
pub fn operations() -> Vec<OperationEntry> {
    let tags = saasus::operation::TAGS;
    saasus::operations()
        .into_iter()
        .map(|o| OperationEntry {
            tag: tags.iter().find(|(snake, _)| *snake == o.tag).map_or(o.tag, |(_, spec)| spec).to_string(),
            name: o.name.to_string(),
            path_params: o.path_params.iter().map(|p| p.to_string()).collect(),
            input_kind: match o.input_kind {
                saasus::InputKind::None => "none",
                saasus::InputKind::Body => "body",
                saasus::InputKind::Query => "query",
            }
            .to_string(),
        })
        .collect()
}

fn to_json<T: serde::Serialize>(v: T) -> std::result::Result<Value, saasus::Error> {
    serde_json::to_value(v).map_err(|e| saasus::Error::InvalidArgument { field: "response".into(), rule: e.to_string() })
}

/// The token of an `Authorization: Bearer …` header value.
#[napi]
pub fn bearer_token(authorization: Option<String>) -> Option<String> {
    authorization.as_deref().and_then(saasus::bearer_token).map(str::to_string)
}

/// Whether a user (a `UserInfo` as the API returns it) holds the role in the tenant.
#[napi]
pub fn has_role(user: Value, tenant_id: String, role_name: String, env_id: Option<i64>) -> Result<bool> {
    let user: saasus::models::UserInfo = saasus::decode_input(user).map_err(|e| throw(&e))?;
    Ok(user.has_role(&tenant_id, &role_name, env_id))
}

/// The wire names of a model's required fields (`Tenant` → `id`, `name`, …), for tests and
/// tools that check a result's shape; undefined for an unknown model.
#[napi]
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
