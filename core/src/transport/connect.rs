//! Connections: the pools (per process and connect timeout, or per thread), the HTTP client,
//! the process's one TLS configuration, and what a failed connection becomes.

use crate::config::{Config, ConfigError};
use crate::error::Error;
use crate::operation::Method;
use std::sync::Arc;
use std::time::Duration;

/// Connection pools by process id and connect timeout (the User-Agent is a header of each
/// request, so clients that differ only in it share a pool).
pub(super) type Pools = std::collections::HashMap<(u32, Duration), reqwest::Client>;

/// The pool for `config` among `pools`. Keyed by process id too: a forked child must not reuse
/// the parent's connections; the parent's clients are forgotten, not dropped, since their tasks
/// ran on its runtime.
pub(super) fn pooled(pools: &mut Pools, config: &Config) -> Result<reqwest::Client, ConfigError> {
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

pub(super) fn build_http(config: &Config) -> Result<reqwest::Client, ConfigError> {
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
pub(crate) fn tls() -> Result<rustls::ClientConfig, ConfigError> {
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

pub(super) fn reqwest_method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

pub(crate) fn transport_error(e: reqwest::Error) -> Error {
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
