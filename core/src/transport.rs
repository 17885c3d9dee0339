//! Sending a request: building the URL, signing the exact bytes sent, retrying, decoding.

use crate::client::{CallOptions, RequestContext};
use crate::config::{Config, ConfigError};
use crate::error::{ApiError, Error, Result};
use crate::json::JsonObject;
use crate::model::ResponseBody;
use crate::operation::{InputKind, Method, Operation};
use crate::repeat::Repeat;
use crate::signing;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// The response header carrying the platform's trace id.
pub const TRACE_ID_HEADER: &str = "x-saasus-trace-id";

/// Characters left as they are in a path segment: RFC 3986 unreserved. Everything else,
/// `/` and `?` included, is percent-encoded so a parameter can never change the path.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A decoded result with what the response said about itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Response<T> {
    pub value: T,
    pub status: u16,
    /// The response's `X-SaaSus-Trace-Id`, to quote to SaaSus support.
    pub trace_id: Option<String>,
    /// The response's headers, moved out of the response as received: nothing is copied for
    /// the calls (most) that never read them. See [`Response::headers`].
    headers: reqwest::header::HeaderMap,
    /// How many attempts the call took: 1, or more after retries.
    pub attempts: u32,
}

impl<T> Response<T> {
    /// The response's headers as (lower-case name, value), in the order received; a value that
    /// is not text is left out.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)))
    }

    /// The value of one header, by its name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The headers as the bindings show them: one entry per lower-case name, in the order first
    /// received, a repeated header's values joined with ", " (RFC 9110's list form).
    pub fn joined_headers(&self) -> Vec<(String, String)> {
        let mut joined: Vec<(String, String)> = Vec::new();
        for (name, value) in self.headers() {
            match joined.iter_mut().find(|(n, _)| n == name) {
                Some((_, earlier)) => {
                    earlier.push_str(", ");
                    earlier.push_str(value);
                }
                None => joined.push((name.to_string(), value.to_string())),
            }
        }
        joined
    }

    /// The value, and the rest without it (what a [`crate::Client::observing`] observer gets).
    pub fn split(self) -> (T, Response<()>) {
        let Response { value, status, trace_id, headers, attempts } = self;
        (value, Response { value: (), status, trace_id, headers, attempts })
    }
}

/// What the log events of a call name: the operation, not its arguments.
#[derive(Clone, Copy)]
struct CallInfo {
    api: &'static str,
    operation: &'static str,
    method: Method,
    /// The path template (`/tenants/{tenant_id}`): path arguments may be personal data.
    path: &'static str,
}

pub(crate) struct Transport {
    /// Shared with this transport's thread-local twins ([`Transport::for_this_thread`]).
    pub(crate) config: Arc<Config>,
    /// Keyed once with `config.secret_key` (which never changes after construction).
    signer: signing::Signer,
    /// [`Config::user_agent_header`], made once.
    user_agent: String,
    http: reqwest::Client,
}

/// One attempt's answer.
struct Answer {
    status: u16,
    trace_id: Option<String>,
    retry_after: Option<Duration>,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Transport {
    pub(crate) fn new(config: Config) -> Result<Self, ConfigError> {
        let http = build_http(&config)?;
        Ok(Transport::with_http(config, http))
    }

    /// Like [`Transport::new`], with the connection pool shared by every client of this
    /// process that has the same connect timeout.
    pub(crate) fn shared(config: Config) -> Result<Self, ConfigError> {
        static POOLS: std::sync::Mutex<Option<Pools>> = std::sync::Mutex::new(None);
        let mut pools = POOLS.lock().unwrap_or_else(|p| p.into_inner());
        let http = pooled(pools.get_or_insert_with(Default::default), &config)?;
        Ok(Transport::with_http(config, http))
    }

    /// This transport (its configuration and keyed signer, not copied) with a pool of the
    /// calling thread's own: its connections' tasks live on the runtime that thread runs its
    /// calls on.
    pub(crate) fn for_this_thread(&self) -> Result<Self, ConfigError> {
        thread_local! {
            static POOLS: std::cell::RefCell<Pools> = std::cell::RefCell::new(Pools::new());
        }
        let http = POOLS.with(|pools| pooled(&mut pools.borrow_mut(), &self.config))?;
        Ok(Transport { config: self.config.clone(), signer: self.signer.clone(), user_agent: self.user_agent.clone(), http })
    }

    fn with_http(config: Config, http: reqwest::Client) -> Self {
        Transport {
            signer: signing::Signer::new(config.secret_key.expose()),
            user_agent: config.user_agent_header(),
            config: Arc::new(config),
            http,
        }
    }

    /// Everything done before the bytes go to the socket: the path expanded and
    /// percent-encoded, the query or body serialised once, the headers, and the signature of
    /// those very bytes for the current minute. `execute` sends exactly this.
    pub(crate) fn prepare<O: Operation>(
        &self,
        context: &RequestContext,
        options: &CallOptions,
        path_args: &[&str],
        input: &O::Input,
        extra: Option<&JsonObject>,
    ) -> Result<PreparedRequest> {
        let path = expand_path(O::PATH, O::PATH_PARAMS, path_args)?;
        for ((name, ty), arg) in O::PATH_PARAMS.iter().zip(O::PATH_TYPES).zip(path_args) {
            ty.check(name, arg)?;
        }
        // Fields the spec says are unsigned, held as i64: a negative one is refused here, named.
        crate::model::Signs::check_signs(input, false).map_err(|e| Error::InvalidArgument { field: e.field, rule: e.rule })?;
        let (query, body) = match (O::INPUT, extra) {
            (InputKind::None, _) => (None, None),
            (InputKind::Body, None) => (None, Some(serde_json::to_vec(input).map_err(|e| Error::invalid("body", e.to_string()))?)),
            (InputKind::Body, Some(extra)) => (None, Some(body_with_extra(input, extra)?)),
            (InputKind::Query, extra) => (encode_query(input, extra)?, None),
        };
        let base = &self.config.base_url;
        let mut url = String::with_capacity(base.len() + 1 + O::API.len() + path.len() + query.as_ref().map_or(0, |q| q.len() + 1));
        url.push_str(base);
        url.push('/');
        url.push_str(O::API);
        url.push_str(&path);
        if let Some(q) = query {
            url.push('?');
            url.push_str(&q);
        }
        let mut headers: Vec<(&'static str, Cow<'static, str>)> = Vec::with_capacity(7);
        // Filled in by `sign`, just below.
        headers.push(("authorization", Cow::Borrowed("")));
        headers.push(("accept", Cow::Borrowed("application/json")));
        if body.is_some() {
            headers.push(("content-type", Cow::Borrowed("application/json")));
        }
        headers.push(("user-agent", Cow::Owned(self.user_agent.clone())));
        let trace_id = if options.trace_id.is_some() { &options.trace_id } else { &context.trace_id };
        for (name, value) in [("referer", &context.referer), ("x-saasus-referer", &context.x_saasus_referer), (TRACE_ID_HEADER, trace_id)] {
            if let Some(v) = value {
                headers.push((name, Cow::Owned(v.clone())));
            }
        }
        let mut request = PreparedRequest { method: O::METHOD, url, body, headers };
        self.sign(&mut request, signing::Minute::of(SystemTime::now()));
        Ok(request)
    }

    /// Signs the request for `minute`, replacing any earlier signature.
    fn sign(&self, request: &mut PreparedRequest, minute: signing::Minute) {
        let value = self.signer.authorization(
            minute,
            &self.config.saas_id,
            &self.config.api_key,
            request.method.as_str(),
            signing::url_without_scheme(&request.url),
            request.body.as_deref().unwrap_or_default(),
        );
        match request.headers.iter_mut().find(|(name, _)| *name == "authorization") {
            Some((_, v)) => *v = Cow::Owned(value),
            None => request.headers.insert(0, ("authorization", Cow::Owned(value))),
        }
    }

    pub(crate) async fn execute<O: Operation>(
        &self,
        context: &RequestContext,
        options: &CallOptions,
        path_args: &[&str],
        input: &O::Input,
        extra: Option<&JsonObject>,
    ) -> Result<Response<O::Output>> {
        let mut request = self.prepare::<O>(context, options, path_args, input, extra)?;
        let call = CallInfo { api: O::API, operation: O::ID, method: O::METHOD, path: O::PATH };
        let repeat = crate::repeat::rule(O::METHOD, input);
        let sent = self.send_with_retries(&mut request, options, call, repeat).await;
        let once = |e: Error| if repeat == Repeat::Once { self.outcome_unknown(O::ID, &request, e) } else { e };
        let (answer, attempts) = match sent {
            Ok(sent) => sent,
            // A timeout or a broken connection after the request left: it may have been applied.
            Err(e @ (Error::Timeout { .. } | Error::Transport { connect: false, .. })) => return Err(once(e)),
            Err(e) => return Err(e),
        };
        if !(200..300).contains(&answer.status) {
            let e = Error::Api(Box::new(api_error(&answer)));
            // Any 5xx leaves open whether the work was done before the failure.
            return Err(if answer.status >= 500 { once(e) } else { e });
        }
        match O::Output::from_body(&answer.body) {
            Ok(value) => Ok(Response { value, status: answer.status, trace_id: answer.trace_id, headers: answer.headers, attempts }),
            Err(e) => Err(Error::Decode { status: answer.status, message: redact_quoted(&e.to_string()), trace_id: answer.trace_id }),
        }
    }

    /// What an outcome-unknown error says was sent: the path below the base URL without its query
    /// (it may carry a token), and the body with its secrets as `***`.
    fn outcome_unknown(&self, operation: &'static str, request: &PreparedRequest, cause: Error) -> Error {
        let below_base = request.url.get(self.config.base_url.len()..).unwrap_or_default();
        let path = below_base.split('?').next().unwrap_or_default().to_string();
        let body = request.body.as_deref().and_then(|b| serde_json::from_slice(b).ok()).map(|mut v| {
            crate::redact::secrets(&mut v);
            v
        });
        let sent = crate::error::Sent { operation, method: request.method.as_str(), path, body };
        Error::OutcomeUnknown { sent: Box::new(sent), cause: Box::new(cause) }
    }

    /// The last attempt's answer and the number of attempts made. A request is sent again after a
    /// failed connect or a 429 (neither applied it), and after a 502, 503 or 504 only when doing it
    /// twice does no more than once ([`Repeat::Safe`]).
    async fn send_with_retries(
        &self,
        request: &mut PreparedRequest,
        options: &CallOptions,
        call: CallInfo,
        repeat: Repeat,
    ) -> Result<(Answer, u32)> {
        let max_retries = options.max_retries.unwrap_or(self.config.max_retries);
        let timeout = options.timeout.unwrap_or(self.config.timeout);
        let mut attempt = 0;
        loop {
            if attempt > 0 {
                // Signed afresh on every attempt: a retry may fall in another minute.
                self.sign(request, signing::Minute::of(SystemTime::now()));
            }
            let started = Instant::now();
            let result = self.send_once(request, timeout).await;
            log_attempt(call, attempt + 1, started.elapsed(), &result);
            let retry = match &result {
                // A failed connect means the request never left: safe to repeat for any method.
                Err(Error::Transport { connect: true, .. }) => Some(None),
                Ok(a) if a.status == 429 || (repeat == Repeat::Safe && (502..=504).contains(&a.status)) => Some(a.retry_after),
                _ => None,
            };
            match retry {
                Some(retry_after) if attempt < max_retries => {
                    let delay = retry_delay(self.config.retry_base_delay, attempt, retry_after, self.config.max_retry_delay);
                    tracing::info!(
                        target: "saasus",
                        api = call.api,
                        operation = call.operation,
                        attempt = attempt + 1,
                        backoff_ms = delay.as_millis() as u64,
                        retry_after = retry_after.is_some(),
                        "retrying {} after {} ms",
                        call.operation,
                        delay.as_millis()
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                Some(_) if max_retries > 0 => {
                    tracing::warn!(
                        target: "saasus",
                        api = call.api,
                        operation = call.operation,
                        attempts = attempt + 1,
                        "{} failed after {} attempts",
                        call.operation,
                        attempt + 1
                    );
                    return result.map(|a| (a, attempt + 1));
                }
                _ => return result.map(|a| (a, attempt + 1)),
            }
        }
    }

    async fn send_once(&self, request: &PreparedRequest, timeout: Duration) -> Result<Answer> {
        let mut req = self.http.request(reqwest_method(request.method), &request.url).timeout(timeout);
        for (name, value) in request.headers() {
            req = req.header(name, value);
        }
        if let Some(b) = &request.body {
            req = req.body(b.clone());
        }
        let mut resp = req.send().await.map_err(transport_error)?;
        let status = resp.status().as_u16();
        let headers = std::mem::take(resp.headers_mut());
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let trace_id = header(TRACE_ID_HEADER).map(str::to_string);
        let retry_after = header("retry-after").and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = read_capped(resp, self.config.max_response_bytes, status, &trace_id).await?;
        Ok(Answer { status, trace_id, retry_after, headers, body })
    }
}

impl Transport {
    /// A public document (an ID token issuer's key set): an unsigned GET through the same
    /// connections, timeouts and log as the API's calls, its body capped at `cap` bytes. Sent
    /// again only after a failed connect; anything but a 200 is an error.
    pub(crate) async fn fetch_public(&self, url: &str, cap: usize) -> Result<Vec<u8>> {
        let call = CallInfo { api: "issuer", operation: "GetJwks", method: Method::Get, path: "/.well-known/jwks.json" };
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let result = self.fetch_once(url, cap).await;
            log_attempt(call, attempt + 1, started.elapsed(), &result);
            match result {
                Err(Error::Transport { connect: true, .. }) if attempt < self.config.max_retries => {
                    tokio::time::sleep(retry_delay(self.config.retry_base_delay, attempt, None, self.config.max_retry_delay)).await;
                    attempt += 1;
                }
                Ok(a) if a.status == 200 => return Ok(a.body),
                Ok(a) => return Err(Error::Api(Box::new(api_error(&a)))),
                Err(e) => return Err(e),
            }
        }
    }

    async fn fetch_once(&self, url: &str, cap: usize) -> Result<Answer> {
        let req =
            self.http.get(url).timeout(self.config.timeout).header("accept", "application/json").header("user-agent", &self.user_agent);
        let resp = req.send().await.map_err(transport_error)?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = read_capped(resp, cap, status, &None).await?;
        Ok(Answer { status, trace_id: None, retry_after: None, headers, body })
    }
}

/// The body, read chunk by chunk: one larger than `cap` fails as soon as it is known to be
/// (from `Content-Length`, or from the bytes received so far), without reading the rest.
async fn read_capped(mut resp: reqwest::Response, cap: usize, status: u16, trace_id: &Option<String>) -> Result<Vec<u8>> {
    let too_large = || Error::Decode {
        status,
        message: format!("the response is larger than max_response_bytes ({cap} bytes); raise the limit if the answer is legitimate"),
        trace_id: trace_id.clone(),
    };
    let declared = resp.content_length();
    if declared.is_some_and(|n| n > cap as u64) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    while let Some(chunk) = resp.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A request exactly as the SDK puts it on the wire — method, URL, body and headers — signed
/// for the minute it was prepared in: what [`Client::prepare`](crate::Client::prepare) returns,
/// for sending through an HTTP stack of your own or for looking at what would be sent.
///
/// A server accepts the signature until the end of the minute after the one it was made in,
/// so send it promptly (or prepare it again). Its `Debug` leaves out the `Authorization`
/// value, the query string (it may carry a token) and the body (it may carry a password).
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    method: Method,
    url: String,
    body: Option<Vec<u8>>,
    headers: Vec<(&'static str, Cow<'static, str>)>,
}

impl PreparedRequest {
    pub fn method(&self) -> Method {
        self.method
    }

    /// The whole URL: base URL, the API's segment (`/auth`), the path with its parameters percent-encoded, and the
    /// query string when the operation takes one.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The JSON body, byte for byte as signed; `None` for operations without one.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The request's headers as (lower-case name, value): `authorization`, `accept`,
    /// `content-type` (with a body), `user-agent`, and the client's context headers
    /// (`referer`, `x-saasus-referer`, `x-saasus-trace-id`) when set.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(name, value)| (*name, value.as_ref()))
    }

    /// The value of one header, by its name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }
}

impl std::fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Headers<'a>(&'a PreparedRequest);
        impl std::fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_map()
                    .entries(self.0.headers().map(|(name, value)| (name, if name == "authorization" { "***" } else { value })))
                    .finish()
            }
        }
        let url = match self.url.split_once('?') {
            Some((before, _)) => format!("{before}?…"),
            None => self.url.clone(),
        };
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("headers", &Headers(self))
            .finish()
    }
}

/// Connection pools by process id and connect timeout (the User-Agent is a header of each
/// request, so clients that differ only in it share a pool).
type Pools = std::collections::HashMap<(u32, Duration), reqwest::Client>;

/// The pool for `config` among `pools`. Keyed by process id too: a forked child must not reuse
/// the parent's connections; the parent's clients are forgotten, not dropped, since their tasks
/// ran on its runtime.
fn pooled(pools: &mut Pools, config: &Config) -> Result<reqwest::Client, ConfigError> {
    let key = (std::process::id(), config.connect_timeout);
    let inherited: Vec<_> = pools.keys().filter(|(pid, _)| *pid != key.0).copied().collect();
    for k in inherited {
        if let Some(http) = pools.remove(&k) {
            std::mem::forget(http);
        }
    }
    if let Some(http) = pools.get(&key) {
        return Ok(http.clone());
    }
    let http = build_http(config)?;
    pools.insert(key, http.clone());
    Ok(http)
}

fn build_http(config: &Config) -> Result<reqwest::Client, ConfigError> {
    reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        // The API never redirects; following one would re-send a signed request (and a 307's
        // body) to wherever `Location` points. A 3xx is an `ApiError` with its status instead.
        .redirect(reqwest::redirect::Policy::none())
        .tls_backend_preconfigured(tls()?)
        .build()
        .map_err(|e| ConfigError::new("http_client", format!("could not be built: {}", e.without_url())))
}

/// The TLS configuration of every pool of the process, built once: what reqwest builds for
/// each client by default (the platform's verifier and roots, TLS 1.2 and 1.3, ALPN h2 then
/// http/1.1), whose roots cost ~5 ms to load — paid by every thread's first blocking Python
/// call, each thread having a pool of its own, until it was shared. Sharing it also shares
/// the TLS session cache, so a new thread's connections resume sessions.
fn tls() -> Result<rustls::ClientConfig, ConfigError> {
    static TLS: std::sync::OnceLock<Result<rustls::ClientConfig, String>> = std::sync::OnceLock::new();
    let build = || -> Result<rustls::ClientConfig, String> {
        // A provider the application installed wins, as it would in reqwest.
        let provider = rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
        let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| e.to_string())?;
        let mut tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(tls)
    };
    TLS.get_or_init(build).clone().map_err(|e| ConfigError::new("http_client", format!("TLS could not be set up: {e}")))
}

fn reqwest_method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// Exponential backoff with jitter (half fixed, half random), or the server's `Retry-After`;
/// never longer than `max`.
fn retry_delay(base: Duration, attempt: u32, retry_after: Option<Duration>, max: Duration) -> Duration {
    let delay = match retry_after {
        Some(d) => d,
        None => {
            let exp = base.saturating_mul(1u32 << attempt.min(16));
            exp / 2 + exp.mul_f64(fastrand::f64() / 2.0)
        }
    };
    delay.min(max)
}

/// `Retry-After` (RFC 9110): a number of seconds, or an HTTP date, which is `now` or earlier
/// means at once. Anything else is ignored (the backoff applies).
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// One attempt, at debug level: the operation and what came back, never arguments, bodies,
/// tokens or the signature.
fn log_attempt(call: CallInfo, attempt: u32, elapsed: Duration, result: &Result<Answer>) {
    if !tracing::enabled!(target: "saasus", tracing::Level::DEBUG) {
        return;
    }
    let elapsed_ms = elapsed.as_secs_f64() * 1000.0;
    let (status, error) = match result {
        Ok(a) => (Some(a.status), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let outcome = match (status, &error) {
        (Some(status), _) => format!("-> {status}"),
        (None, error) => format!("failed ({})", error.as_deref().unwrap_or_default()),
    };
    tracing::debug!(
        target: "saasus",
        api = call.api,
        operation = call.operation,
        method = call.method.as_str(),
        path = call.path,
        status,
        attempt,
        elapsed_ms,
        trace_id = result.as_ref().ok().and_then(|a| a.trace_id.as_deref()),
        error = error.as_deref(),
        "{} {} {} {outcome} in {elapsed_ms:.1} ms",
        call.method.as_str(),
        call.api,
        call.path,
    );
}

fn transport_error(e: reqwest::Error) -> Error {
    // `without_url`: the URL may carry a token in its query string.
    let e = e.without_url();
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    if e.is_timeout() { Error::Timeout { message } } else { Error::Transport { connect: e.is_connect(), message } }
}

fn api_error(a: &Answer) -> ApiError {
    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(rename = "type")]
        error_type: String,
        message: String,
        #[serde(default)]
        data: Option<JsonObject>,
    }
    match serde_json::from_slice::<Body>(&a.body) {
        Ok(b) => ApiError { status: a.status, error_type: b.error_type, message: b.message, data: b.data, trace_id: a.trace_id.clone() },
        Err(_) => ApiError {
            status: a.status,
            error_type: "unknown".into(),
            message: format!("HTTP {} without the API's error body", a.status),
            data: None,
            trace_id: a.trace_id.clone(),
        },
    }
}

/// Replaces each `{name}` of the template with its percent-encoded argument.
pub(crate) fn expand_path(template: &str, names: &[&str], args: &[&str]) -> Result<String> {
    if names.len() != args.len() {
        return Err(Error::invalid("path", format!("expects {} parameter(s) ({}), got {}", names.len(), names.join(", "), args.len())));
    }
    let mut path = template.to_string();
    for (name, arg) in names.iter().zip(args) {
        if arg.is_empty() {
            return Err(Error::invalid(*name, "must not be empty"));
        }
        // URL parsers resolve `.` and `..` segments, percent-encoded or not (`%2E%2E` too, per
        // the WHATWG URL standard), so no encoding keeps them in their segment: refused.
        if *arg == "." || *arg == ".." {
            return Err(Error::invalid(*name, "must not be `.` or `..` (it would name another path)"));
        }
        let encoded = utf8_percent_encode(arg, PATH_SEGMENT).to_string();
        path = path.replace(&format!("{{{name}}}"), &encoded);
    }
    Ok(path)
}

/// The query string of a query struct, in field order, form-encoded (`/` → `%2F`, `=` → `%3D`).
fn encode_query<T: serde::Serialize>(input: &T, extra: Option<&JsonObject>) -> Result<Option<String>> {
    let value = serde_json::to_value(input).map_err(|e| Error::invalid("query", e.to_string()))?;
    let serde_json::Value::Object(mut map) = value else {
        return Err(Error::invalid("query", "must be an object of parameters"));
    };
    if let Some(extra) = extra {
        map.extend(extra.0.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in map {
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => {
                ser.append_pair(&k, &s);
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    ser.append_pair(&k, &scalar(&k, item)?);
                }
            }
            other => {
                ser.append_pair(&k, &scalar(&k, other)?);
            }
        }
    }
    let q = ser.finish();
    Ok((!q.is_empty()).then_some(q))
}

/// The typed body with the fields of `extra_body` beside its own.
fn body_with_extra<T: serde::Serialize>(input: &T, extra: &JsonObject) -> Result<Vec<u8>> {
    let mut value = serde_json::to_value(input).map_err(|e| Error::invalid("body", e.to_string()))?;
    if let serde_json::Value::Object(map) = &mut value {
        map.extend(extra.0.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    serde_json::to_vec(&value).map_err(|e| Error::invalid("body", e.to_string()))
}

fn scalar(field: &str, v: serde_json::Value) -> Result<String> {
    match v {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Error::invalid(field, "must be a string, number or boolean")),
    }
}

/// Decoder messages quote the offending value, which may be a token: keep only its shape.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '"' {
            if !inside {
                out.push_str("\"…");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_response_headers_are_joined_once_per_name() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.append("vary", "accept".parse().unwrap());
        headers.append("x-saasus-trace-id", "t".parse().unwrap());
        headers.append("vary", "origin".parse().unwrap());
        headers.append("x-bytes", reqwest::header::HeaderValue::from_bytes(b"\xff").unwrap());
        let r = Response { value: (), status: 200, trace_id: None, headers, attempts: 1 };
        let joined = r.joined_headers();
        let expected = [("vary", "accept, origin"), ("x-saasus-trace-id", "t")];
        assert_eq!(joined.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect::<Vec<_>>(), expected, "not text: left out");
    }

    #[test]
    fn path_parameters_are_percent_encoded() {
        assert_eq!(expand_path("/tenants/{tenant_id}/plans", &["tenant_id"], &["a/b?c"]).unwrap(), "/tenants/a%2Fb%3Fc/plans");
        assert_eq!(expand_path("/t/{a}/u/{b}", &["a", "b"], &["x y", "日"]).unwrap(), "/t/x%20y/u/%E6%97%A5");
        let e = expand_path("/tenants/{tenant_id}", &["tenant_id"], &[""]).unwrap_err();
        assert_eq!(e, Error::invalid("tenant_id", "must not be empty"));
        for dots in [".", ".."] {
            let e = expand_path("/tenants/{tenant_id}/users/{user_id}", &["tenant_id", "user_id"], &[dots, "u"]).unwrap_err();
            assert_eq!(e.to_string(), "invalid argument tenant_id: must not be `.` or `..` (it would name another path)");
        }
        // Dots inside a value stay in their segment.
        assert_eq!(expand_path("/t/{a}", &["a"], &["..."]).unwrap(), "/t/...");
        assert_eq!(expand_path("/t/{a}", &["a"], &["a..b"]).unwrap(), "/t/a..b");
    }

    #[test]
    fn query_is_form_encoded_in_field_order() {
        let q = serde_json::json!({"auth-flow": "refreshTokenAuth", "refresh-token": "abc/def==", "skip": null});
        assert_eq!(encode_query(&q, None).unwrap().unwrap(), "auth-flow=refreshTokenAuth&refresh-token=abc%2Fdef%3D%3D");
        let extra: JsonObject = serde_json::from_value(serde_json::json!({"new-param": ["a", "b"], "n": 2})).unwrap();
        assert_eq!(
            encode_query(&q, Some(&extra)).unwrap().unwrap(),
            "auth-flow=refreshTokenAuth&refresh-token=abc%2Fdef%3D%3D&new-param=a&new-param=b&n=2"
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_millis(100);
        for attempt in 0..4 {
            let d = retry_delay(base, attempt, None, crate::config::DEFAULT_MAX_RETRY_DELAY);
            let full = base * (1 << attempt);
            assert!(d >= full / 2 && d <= full, "{d:?} for attempt {attempt}");
        }
        let max = crate::config::DEFAULT_MAX_RETRY_DELAY;
        assert_eq!(retry_delay(base, 0, Some(Duration::from_secs(3)), max), Duration::from_secs(3));
        assert_eq!(retry_delay(base, 0, Some(Duration::from_secs(3600)), max), max);
        assert_eq!(retry_delay(base, 8, None, Duration::from_millis(150)), Duration::from_millis(150));
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        let now = httpdate::parse_http_date("Wed, 02 Dec 2026 10:00:00 GMT").unwrap();
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 02 Dec 2026 10:00:12 GMT", now), Some(Duration::from_secs(12)));
        assert_eq!(parse_retry_after("Wed, 02 Dec 2026 09:59:00 GMT", now), Some(Duration::ZERO), "a past date: at once");
        for ignored in ["", "soon", "-1", "1.5"] {
            assert_eq!(parse_retry_after(ignored, now), None, "{ignored:?}");
        }
    }

    #[test]
    fn decoder_messages_lose_quoted_values() {
        assert_eq!(redact_quoted(r#"invalid type: string "secret-token", expected i64"#), "invalid type: string \"…\", expected i64");
    }
}
