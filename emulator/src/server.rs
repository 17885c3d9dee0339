//! Starting and stopping the emulator, in-process or as the `saasus-emulator` binary.

use crate::auth::Clock;
use crate::error::ApiError;
use crate::faults::{self, Faults};
use crate::listener::{ClientAddr, Listener};
use crate::persist::Persistence;
use crate::routes;
use crate::state::Store;
use axum::Router;
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// The credentials the emulator accepts.
#[derive(Clone)]
pub struct Credentials {
    pub api_key: String,
    pub secret_key: String,
    pub saas_id: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("api_key", &self.api_key).field("secret_key", &"***").field("saas_id", &self.saas_id).finish()
    }
}

impl Credentials {
    /// Fresh random credentials, so that no two emulators accept each other's requests.
    pub fn generate() -> Self {
        let hex = |n: usize| (0..n).map(|_| char::from_digit(fastrand::u32(0..16), 16).unwrap()).collect::<String>();
        Credentials { api_key: hex(32), secret_key: hex(48), saas_id: uuid::Uuid::new_v4().to_string() }
    }

    /// `SAASUS_API_KEY`, `SAASUS_SECRET_KEY` and `SAASUS_SAAS_ID` where set, generated otherwise.
    pub fn from_env_or_generate() -> Self {
        let g = Self::generate();
        let var = |k: &str, d: String| std::env::var(k).ok().filter(|v| !v.trim().is_empty()).unwrap_or(d);
        Credentials {
            api_key: var(saasus::config::ENV_API_KEY, g.api_key),
            secret_key: var(saasus::config::ENV_SECRET_KEY, g.secret_key),
            saas_id: var(saasus::config::ENV_SAAS_ID, g.saas_id),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub host: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    pub credentials: Credentials,
    pub clock: Clock,
    /// How long ID and access tokens live, in seconds (default one hour).
    pub token_ttl: i64,
    /// Keep the state in this SQLite file (created when missing) instead of in memory only.
    pub data: Option<std::path::PathBuf>,
    /// Log each request (method, path, status, time) on stderr, secrets redacted.
    pub log: bool,
    /// The URL clients reach the emulator at (`http://localhost:4010`), when it is not the address
    /// it binds: bound to 0.0.0.0, or behind a port mapping. The links it writes (login,
    /// invitations) and [`Emulator::base_url`] use it.
    pub public_url: Option<String>,
    /// The token the control endpoints (faults, test sign-in) accept; None: a random one.
    pub control_token: Option<saasus::Secret>,
    /// Start from this export's data ([`crate::export_state`]), over the data file's when both are given.
    pub import: Option<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            credentials: Credentials::generate(),
            clock: Clock::System,
            token_ttl: crate::tokens::TOKEN_TTL,
            data: None,
            log: false,
            public_url: None,
            control_token: None,
            import: None,
        }
    }
}

#[derive(Clone)]
pub(crate) struct AppState {
    pub store: Arc<Mutex<Store>>,
    pub persist: Option<Arc<Persistence>>,
    /// The HMAC keyed once with the secret key the emulator accepts, for every request's signature.
    pub signer: Arc<saasus::signing::Signer>,
    pub clock: Clock,
    /// Woken at each API log written: the event polls waiting (crate::events).
    pub events: Arc<tokio::sync::Notify>,
}

impl AppState {
    /// The store, even if a handler panicked while holding it (its data is still consistent:
    /// every handler finishes its checks before it writes).
    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The emulator's HTTP application: the Auth, Communication, Pricing, Billing, Integration,
/// Analysis, AWS Marketplace, Smart API Gateway and ApiLog APIs under `/v1/auth`,
/// `/v1/communication`, `/v1/pricing`, `/v1/billing`, `/v1/integration`, `/v1/analysis`,
/// `/v1/awsmarketplace`, `/v1/apigateway` and `/v1/apilog`, every request signed.
pub fn router(credentials: Credentials, clock: Clock) -> Router {
    router_with(Store::new(&credentials.api_key, &credentials.saas_id), None, credentials, clock).0
}

/// What the control endpoints act on, for [`crate::Background`]'s methods to act on directly.
#[derive(Clone)]
pub(crate) struct Controls {
    pub faults: Faults,
    pub requests: crate::requests::Requests,
    pub app: AppState,
}

fn router_with(store: Store, persist: Option<Arc<Persistence>>, credentials: Credentials, clock: Clock) -> (Router, Controls) {
    let faults = Faults::default();
    let requests = crate::requests::Requests::default();
    let state = AppState {
        store: Arc::new(Mutex::new(store)),
        persist,
        signer: Arc::new(saasus::signing::Signer::new(&credentials.secret_key)),
        clock,
        events: Arc::new(tokio::sync::Notify::new()),
    };
    if let Some(p) = &state.persist {
        p.serve(state.store.clone());
    }
    let controls = Controls { faults: faults.clone(), requests: requests.clone(), app: state.clone() };
    // Each API under its own prefix with the same stack: the signature covers the whole URL.
    let api = |routes: Router<AppState>, logged: bool| {
        let stack = Stack { app: state.clone(), faults: faults.clone(), logged };
        routes
            .fallback(|method: Method, OriginalUri(uri): OriginalUri| async move {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no operation at {method} {}", uri.path()))
            })
            .method_not_allowed_fallback(|method: Method, OriginalUri(uri): OriginalUri| async move {
                ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", format!("{method} is not allowed on {}", uri.path()))
            })
            .layer(middleware::from_fn_with_state(stack, api_stack))
            .with_state(state.clone())
    };
    let (auth, communication, pricing, billing, integration, analysis, awsmarketplace, apigateway, apilog) = (
        api(routes::auth_routes(), true),
        api(routes::communication_routes(), true),
        api(routes::pricing_routes(), true),
        api(routes::billing_routes(), true),
        api(routes::integration_routes(), true),
        api(routes::analysis_routes(), true),
        api(routes::awsmarketplace_routes(), true),
        api(routes::apigateway_routes(), true),
        api(routes::apilog_routes(), false),
    );
    let pages = crate::pages::routes()
        .merge(crate::issuer::routes())
        .layer(middleware::from_fn_with_state(Stack { app: state.clone(), faults: faults.clone(), logged: false }, pages_stack))
        .with_state(state.clone());
    let router = Router::new()
        .nest("/v1/auth", auth)
        .nest("/v1/communication", communication)
        .nest("/v1/pricing", pricing)
        .nest("/v1/billing", billing)
        .nest("/v1/integration", integration)
        .nest("/v1/analysis", analysis)
        .nest("/v1/awsmarketplace", awsmarketplace)
        .nest("/v1/apigateway", apigateway)
        .nest("/v1/apilog", apilog)
        .merge(pages)
        .merge(faults::control_routes().with_state(faults.clone()))
        .merge(crate::requests::control_routes().with_state(requests.clone()))
        .merge(crate::events::control_routes().with_state(state.clone()))
        .fallback(|req: Request| async move {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!(
                    "no such path {}; the APIs live under /v1/auth, /v1/communication, /v1/pricing, /v1/billing, /v1/integration, /v1/analysis, /v1/awsmarketplace, /v1/apigateway and /v1/apilog",
                    req.uri().path()
                ),
            )
        })
        .layer(middleware::from_fn_with_state(requests, outer_stack));
    (router, controls)
}

/// What an API's and the pages' stacks act on.
#[derive(Clone)]
struct Stack {
    app: AppState,
    faults: Faults,
    /// Whether the API's requests go into the API log (reading the log is not logged).
    logged: bool,
}

// The stacks are one middleware each, calling their steps in turn, rather than a layer per step:
// the router clones a route's whole service for every request, a boxed service per layer.

/// Every API request, outermost first: the signature check; the API log, which records what the
/// caller got (an injected fault included); an armed fault (inside the signature check: a request
/// refused there never consumes or waits for one); the data file written after a change.
async fn api_stack(State(s): State<Stack>, req: Request, next: Next) -> Response {
    crate::auth::verify_signature(&s.app, req, async |req| {
        let inner = async |req| {
            faults::inject(&s.faults, req, async |req| persist_changes(&s.app, req, async |req| next.run(req).await).await).await
        };
        if s.logged { routes::apilog::record(&s.app, req, inner).await } else { inner(req).await }
    })
    .await
}

/// The pages (login, sign-up, the token issuer): faults, then the data file written after a change.
async fn pages_stack(State(s): State<Stack>, req: Request, next: Next) -> Response {
    faults::inject(&s.faults, req, async |req| persist_changes(&s.app, req, async |req| next.run(req).await).await).await
}

/// Every request, outermost first: its trace id; the Host check (outside the request log: a
/// request for another host is not this emulator's to log); the request log (inside the trace
/// id's step, which gives each request one, so that the log shows it); refusals as error JSON.
async fn outer_stack(State(requests): State<crate::requests::Requests>, req: Request, next: Next) -> Response {
    trace_id(req, async |req| {
        crate::guard::check_host(req, async |req| {
            crate::requests::record(&requests, req, async |req| crate::refusals::as_error_json(req, async |req| next.run(req).await).await)
                .await
        })
        .await
    })
    .await
}

/// With a data file, a request that may have changed the state is written before it is answered.
async fn persist_changes(app: &AppState, req: Request, next: impl AsyncFnOnce(Request) -> Response) -> Response {
    let reads_only = req.method() == Method::GET;
    let resp = next(req).await;
    if let (Some(p), false) = (&app.persist, reads_only)
        && let Err(e) = p.state_changed().await
    {
        eprintln!("saasus-emulator: could not write the data file: {e}");
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", "the emulator could not write its data file")
            .into_response();
    }
    resp
}

/// One line per request on stderr. Query values that may be secrets (tokens, codes) are
/// replaced by `***`; bodies and headers are never logged.
async fn log_request(req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let path = redacted_path(req.uri());
    let resp = next.run(req).await;
    eprintln!("{method} {path} {} {:.1}ms", resp.status().as_u16(), started.elapsed().as_secs_f64() * 1000.0);
    resp
}

/// The request's path and query for the log: decoded, secrets replaced by `***`, and every
/// character that could break or restyle the line escaped (see [`escape_for_log`]).
pub(crate) fn redacted_path(uri: &axum::http::Uri) -> String {
    const SECRET: [&str; 5] = ["token", "refresh-token", "code", "access_token", "id_token"];
    let plain = |s: &str| s.bytes().all(|b| matches!(b, 0x21..=0x7e) && b != b'%' && b != b'\\');
    // Nearly every path has nothing to decode or escape.
    let path = if plain(uri.path()) {
        uri.path().to_string()
    } else {
        escape_for_log(&percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy())
    };
    match uri.query() {
        None => path,
        Some(q) => {
            let parts: Vec<String> = url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| {
                    let value = if SECRET.contains(&k.as_ref()) { "***".into() } else { escape_for_log(&v) };
                    format!("{}={value}", escape_for_log(&k))
                })
                .collect();
            format!("{path}?{}", parts.join("&"))
        }
    }
}

/// Escapes what an unsigned request could use to forge log lines (CR, LF), drive the terminal
/// (ESC and the other C0 and C1 controls, DEL), or reorder what is shown (line separators and
/// bidirectional overrides). A backslash is doubled, so an escape in the log is always ours.
fn escape_for_log(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Every response carries `X-SaaSus-Trace-Id`: the caller's own when it sent one, a new one otherwise.
async fn trace_id(mut req: Request, next: impl AsyncFnOnce(Request) -> Response) -> Response {
    let id = req.headers().get(&crate::requests::TRACE_ID).cloned().unwrap_or_else(|| {
        HeaderValue::from_str(crate::state::request_id().hyphenated().encode_lower(&mut uuid::Uuid::encode_buffer()))
            .expect("a UUID is a valid header value")
    });
    // On the request too, for the API log to record.
    req.headers_mut().insert(crate::requests::TRACE_ID.clone(), id.clone());
    let mut resp = next(req).await;
    resp.headers_mut().insert(crate::requests::TRACE_ID.clone(), id);
    resp
}

/// A running emulator. Dropping it without [`Emulator::stop`] leaves the server running until
/// the runtime ends.
pub struct Emulator {
    addr: SocketAddr,
    public_url: String,
    control_token: String,
    credentials: Credentials,
    controls: Controls,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Emulator {
    /// Binds, starts serving, and returns once connections are accepted.
    pub async fn start(options: Options) -> std::io::Result<Emulator> {
        let mut store = Store::new(&options.credentials.api_key, &options.credentials.saas_id);
        store.token_ttl = options.token_ttl;
        store.secret_key = options.credentials.secret_key.clone();
        // The data file first: one that cannot be used is refused before anything listens.
        let persist = match &options.data {
            Some(path) => Some(Arc::new(Persistence::open(path, &mut store).map_err(std::io::Error::other)?)),
            None => None,
        };
        if let Some(path) = &options.import {
            let bad = |e: String| std::io::Error::other(format!("--import {}: {e}", path.display()));
            let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
            crate::import_state(&mut store, &text).map_err(bad)?;
            if let Some(p) = &persist {
                p.save(&store).map_err(bad)?;
            }
        }
        let listener = tokio::net::TcpListener::bind((options.host, options.port)).await?;
        let addr = listener.local_addr()?;
        let public_host = options.public_url.as_deref().and_then(crate::guard::public_host);
        let public_url = options.public_url.map_or_else(|| format!("http://{addr}"), |u| u.trim_end_matches('/').to_string());
        store.public_url = public_url.clone();
        let control_token = options.control_token.map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), |t| t.expose().to_string());
        let guard =
            crate::guard::ControlGuard { token: control_token.as_str().into(), loopback_trusted: options.host.is_loopback(), public_host };
        let (app, controls) = router_with(store, persist, options.credentials.clone(), options.clock);
        let mut app = app.layer(axum::Extension(guard));
        if options.log {
            app = app.layer(middleware::from_fn(log_request));
        }
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(Listener(listener), app.into_make_service_with_connect_info::<ClientAddr>())
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Emulator { addr, public_url, control_token, credentials: options.credentials, controls, shutdown: Some(tx), task })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The whole state but the credentials as JSON ([`crate::export_state`]).
    pub fn export(&self) -> String {
        crate::export_state(&self.controls.app.store())
    }

    /// The value for `SAASUS_BASE_URL`, e.g. `http://127.0.0.1:4010/v1` (under the public URL
    /// when one was given).
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.public_url)
    }

    /// The token of the control endpoints, for their `x-saasus-emulator-token` header.
    pub fn control_token(&self) -> &str {
        &self.control_token
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub(crate) fn controls(&self) -> &Controls {
        &self.controls
    }

    /// A client configuration pointing at this emulator.
    pub fn config(&self) -> saasus::Config {
        let c = &self.credentials;
        saasus::Config::new(&c.api_key, &c.secret_key, &c.saas_id)
            .and_then(|c| c.with_base_url(self.base_url()))
            .expect("the emulator's own credentials and URL are valid")
    }

    /// Stops accepting, finishes requests in flight, and returns when the server is down.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
        // Stopped: the data file is free for another emulator (a test kit's next one).
        if let Some(p) = &self.controls.app.persist {
            p.release();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_in_query_strings_are_redacted() {
        let uri: axum::http::Uri = "/v1/auth/credentials?code=abc&auth-flow=tempCodeAuth&refresh-token=xyz".parse().unwrap();
        assert_eq!(super::redacted_path(&uri), "/v1/auth/credentials?code=***&auth-flow=tempCodeAuth&refresh-token=***");
        let uri: axum::http::Uri = "/v1/auth/userinfo?token=eyJ.x.y".parse().unwrap();
        assert_eq!(super::redacted_path(&uri), "/v1/auth/userinfo?token=***");
    }

    /// An unsigned request must not be able to forge log lines or recolour the terminal.
    #[test]
    fn control_characters_in_logged_paths_and_queries_are_escaped() {
        let uri: axum::http::Uri =
            "/v1/auth/tenants/a%0d%0aGET%20/v1/auth/forged%20200?name=x%0aPOST%20/v1/auth/y%20201&q=%1b[31mred%7f%c2%85%5c&code=%0a"
                .parse()
                .unwrap();
        let line = super::redacted_path(&uri);
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert_eq!(line, r"/v1/auth/tenants/a\r\nGET /v1/auth/forged 200?name=x\nPOST /v1/auth/y 201&q=\x1b[31mred\x7f\u{85}\\&code=***");
        let uri: axum::http::Uri = "/login?%0aforged=%e2%80%a8%e2%80%ae".parse().unwrap();
        assert_eq!(super::redacted_path(&uri), r"/login?\nforged=\u{2028}\u{202e}");
        // A `%` without two hex digits stays as it is; bytes that are not UTF-8 show as U+FFFD.
        let uri: axum::http::Uri = "/a%zz%4/b%ff%41%".parse().unwrap();
        assert_eq!(super::redacted_path(&uri), "/a%zz%4/b\u{fffd}A%");
    }
}
