//! Who may talk to a served emulator: the `Host` it answers at all ([`check_host`], against DNS
//! rebinding) and who may use its control endpoints ([`Control`]: the printed token, or a
//! loopback peer of an emulator bound to loopback). An in-process router has no [`ControlGuard`]
//! and answers everything: it is local by construction.

use crate::error::ApiError;
use axum::extract::{ConnectInfo, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// The header that carries the control token.
pub const CONTROL_TOKEN_HEADER: &str = "x-saasus-emulator-token";

/// Who may use the control endpoints (faults, test sign-in) of a served emulator: a request with
/// its token; without one, a loopback peer when the emulator is bound to a loopback address (a
/// peer through a container's port mapping is not loopback, and needs the token). And which
/// `Host` a served emulator answers at all ([`check_host`]).
#[derive(Clone)]
pub(crate) struct ControlGuard {
    pub token: Arc<str>,
    pub loopback_trusted: bool,
    /// The host of `--public-url` (lower case, IPv6 without brackets), when one is configured.
    pub public_host: Option<Arc<str>>,
}

impl ControlGuard {
    /// Whether the request carries the token: `None` without the header, `Some(false)` with another value.
    fn token_given(&self, headers: &axum::http::HeaderMap) -> Option<bool> {
        headers.get(CONTROL_TOKEN_HEADER).map(|given| bool::from(given.as_bytes().ct_eq(self.token.as_bytes())))
    }

    /// Whether `authority` (a `Host` value, `name[:port]`) names this emulator: `localhost`, an IP
    /// address, or the public URL's host, on any port.
    ///
    /// A DNS-rebinding page (a name of the attacker's, re-pointed at 127.0.0.1) reaches the
    /// emulator with its own name in `Host`; that is what this refuses. An IP address cannot be
    /// such a name (a page whose origin is an address is served from that address), which is
    /// why every address is accepted, as dev servers do (Vite's `server.allowedHosts`): a
    /// container's or a LAN peer's clients reach the emulator by address, a Kubernetes probe
    /// sends the pod's, and the printed `SAASUS_BASE_URL` of an emulator bound to 0.0.0.0 names 0.0.0.0.
    fn allows_host(&self, authority: &str) -> bool {
        let Ok(authority) = authority.parse::<axum::http::uri::Authority>() else { return false };
        if authority.as_str().contains('@') {
            return false; // user info: no browser sends that
        }
        let host = authority.host().trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        host == "localhost" || host.parse::<std::net::IpAddr>().is_ok() || self.public_host.as_deref() == Some(host.as_str())
    }
}

/// The host of a public URL as [`ControlGuard::allows_host`] compares it.
pub(crate) fn public_host(public_url: &str) -> Option<Arc<str>> {
    let url = url::Url::parse(public_url).ok()?;
    Some(url.host_str()?.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase().into())
}

/// Refuses, on a served emulator, a request whose `Host` does not name it ([`ControlGuard::allows_host`])
/// and that does not carry its token: the API, the pages and the control endpoints alike, as a
/// rebinding page could read any of them (the request log, a user's tokens from a page's answer).
pub(crate) async fn check_host(req: Request, next: impl AsyncFnOnce(Request) -> Response) -> Response {
    let Some(guard) = req.extensions().get::<ControlGuard>() else { return next(req).await };
    let host = req
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    if host.as_deref().is_some_and(|h| guard.allows_host(h)) || guard.token_given(req.headers()) == Some(true) {
        return next(req).await;
    }
    let public = guard.public_host.as_deref().map_or(String::new(), |h| format!(", {h} (the public URL's host)"));
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!(
            "the Host header must name this emulator: localhost, an IP address{public}, on any port; {} is refused, as a DNS-rebinding web page would send it, unless the request carries the token the emulator printed (SAASUS_EMULATOR_TOKEN) in the x-saasus-emulator-token header; --public-url names the host clients use",
            host.map_or("a request without one".to_string(), |h| format!("Host {h:?}"))
        ),
    )
    .into_response()
}

/// A request the control endpoints answer. An in-process router (no [`ControlGuard`]) answers
/// every request: it is local by construction.
pub(crate) struct Control;

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Control {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, ApiError> {
        let Some(guard) = parts.extensions.get::<ControlGuard>().cloned() else { return Ok(Control) };
        let forbidden = |why: &str| ApiError::new(StatusCode::FORBIDDEN, "forbidden", why.to_string());
        match guard.token_given(&parts.headers) {
            Some(true) => Ok(Control),
            Some(false) => Err(forbidden("x-saasus-emulator-token: not the token this emulator printed (SAASUS_EMULATOR_TOKEN)")),
            None => {
                let Ok(Peer(peer)) = Peer::from_request_parts(parts, state).await;
                if guard.loopback_trusted && peer.is_none_or(|a| a.ip().is_loopback()) {
                    Ok(Control)
                } else {
                    Err(forbidden(
                        "the control endpoints need the token this emulator printed (SAASUS_EMULATOR_TOKEN) in the x-saasus-emulator-token header",
                    ))
                }
            }
        }
    }
}

/// The peer's address, when the server was started with connect info (in-process routers
/// served some other way have none, and are local by construction).
pub(crate) struct Peer(Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ours = parts.extensions.get::<ConnectInfo<crate::listener::ClientAddr>>().map(|c| c.0.addr);
        Ok(Peer(ours.or_else(|| parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0))))
    }
}
