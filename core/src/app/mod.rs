//! A native app's session, for code that runs on a user's device: it holds no API key and no
//! secret key (anyone who unpacks an app can read what it ships), only the user's tokens, and
//! talks to the app's own backend — whose framework helper exchanges the sign-in code and
//! refreshes the tokens with the SaaSus platform (`saasus::session::AppRoute`).
//!
//! ```text
//!  device (AppSession)          your backend (helper + secret key)       SaaSus platform
//!  sign_in_url() ──browser──▶ hosted login page ──redirect myapp://callback?code=…
//!  complete_sign_in(url) ──POST /token {code}──▶ exchange ──────────────▶ GetAuthCredentials
//!  id_token()  (near expiry) ──POST /refresh {refresh_token}──▶ refresh ─▶ GetAuthCredentials
//!  API calls ──Authorization: Bearer <ID token>──▶ your routes (verified by the helper)
//! ```
//!
//! The ID token is refreshed before it expires, once however many callers wait for it; a
//! refresh token the backend refuses ends the session ([`SessionEvent::SignedOut`]).

mod backend;
mod store;

pub use store::{AppTokens, MemoryTokenStore, SessionEvent, SessionListener, TokenStore};

use crate::config::ConfigError;
use crate::error::{ApiError, Error};
use crate::json::JsonObject;
use crate::session::token;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use store::guarded;

/// How an [`AppSession`] reaches its backend and when it refreshes.
#[derive(Clone, Debug, PartialEq)]
pub struct AppSessionOptions {
    /// Where the backend mounted the app endpoints (`https://api.example.com/auth/app`): the
    /// session posts to `<backend_url>/token`, `/refresh` and `/sign-out`. https, or http on a
    /// loopback host (development).
    pub backend_url: String,
    /// The hosted login page (`https://auth.example.com/`), for [`AppSession::sign_in_url`].
    pub login_url: Option<String>,
    /// Refresh the ID token this long before it expires (60 s), at most a quarter of its life.
    pub refresh_margin: Duration,
    /// The longest a call to the backend may take (30 s).
    pub timeout: Duration,
}

impl AppSessionOptions {
    pub fn new(backend_url: impl Into<String>) -> Self {
        AppSessionOptions {
            backend_url: backend_url.into(),
            login_url: None,
            refresh_margin: Duration::from_secs(60),
            timeout: Duration::from_secs(30),
        }
    }
}

/// What the ID token says of its user, read without checking its signature: for showing (the
/// name in a menu), never for deciding what the user may do — the backend verifies the token.
#[derive(Clone, Debug, PartialEq)]
pub struct AppClaims {
    /// The user's id (`sub`).
    pub user_id: String,
    pub email: Option<String>,
    /// When the ID token expires, in seconds since the epoch.
    pub expires_at: i64,
    /// Every claim of the token.
    pub claims: JsonObject,
}

/// A signed-in user's session on a device. Cheap to clone (clones share it); thread-safe.
#[derive(Clone)]
pub struct AppSession {
    inner: Arc<Inner>,
}

struct Inner {
    options: AppSessionOptions,
    backend: backend::Backend,
    store: Arc<dyn TokenStore>,
    listener: RwLock<Option<Arc<dyn SessionListener>>>,
    /// Held while refreshing: whoever waits for it finds the new token in the store.
    refreshing: tokio::sync::Mutex<()>,
    /// The `state` of the sign-in [`AppSession::sign_in_url`] began.
    state: Mutex<Option<String>>,
}

impl std::fmt::Debug for AppSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppSession").field("options", &self.inner.options).finish_non_exhaustive()
    }
}

/// The error of a call made without a session: a 401 as the backend would answer, so that one
/// check (`status == 401`: show the sign-in) covers both.
fn signed_out(message: &str) -> Error {
    Error::Api(Box::new(ApiError { status: 401, error_type: "signed_out".into(), message: message.into(), data: None, trace_id: None }))
}

fn claims_of(id_token: &str) -> Option<AppClaims> {
    let t = token::peek(id_token).ok()?;
    let all = jsonwebtoken::dangerous::insecure_decode::<serde_json::Map<String, serde_json::Value>>(id_token).ok()?.claims;
    Some(AppClaims {
        user_id: t.claims.sub,
        email: all.get("email").and_then(|e| e.as_str()).map(str::to_string),
        expires_at: t.claims.exp,
        claims: JsonObject(all),
    })
}

impl AppSession {
    /// A session kept in `store` (signed in already if the store holds tokens).
    pub fn new(options: AppSessionOptions, store: Arc<dyn TokenStore>) -> Result<Self, ConfigError> {
        if let Some(login) = &options.login_url
            && !backend::allowed_url(login)
        {
            return Err(ConfigError::new("login_url", "must be an https URL (http only on a loopback host)"));
        }
        if options.refresh_margin > Duration::from_secs(3600) {
            return Err(ConfigError::new("refresh_margin", "must be at most 3600 s"));
        }
        let backend = backend::Backend::new(&options.backend_url, options.timeout)?;
        Ok(AppSession {
            inner: Arc::new(Inner {
                options,
                backend,
                store,
                listener: RwLock::new(None),
                refreshing: tokio::sync::Mutex::new(()),
                state: Mutex::new(None),
            }),
        })
    }

    /// A session whose tokens live in memory: gone when the process ends.
    pub fn in_memory(options: AppSessionOptions) -> Result<Self, ConfigError> {
        AppSession::new(options, Arc::new(MemoryTokenStore::default()))
    }

    /// Who hears the session's events (one listener; `None` removes it).
    pub fn set_listener(&self, listener: Option<Arc<dyn SessionListener>>) {
        *self.inner.listener.write().unwrap_or_else(|p| p.into_inner()) = listener;
    }

    fn emit(&self, event: SessionEvent) {
        let listener = self.inner.listener.read().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(l) = listener {
            guarded("session listener", (), || l.on_event(event));
        }
    }

    fn load(&self) -> Option<AppTokens> {
        guarded("token store's load", None, || self.inner.store.load())
    }

    fn save(&self, tokens: &AppTokens) {
        guarded("token store's save", (), || self.inner.store.save(tokens));
    }

    fn clear(&self) {
        guarded("token store's clear", (), || self.inner.store.clear());
    }

    /// The hosted login page to open (in the system browser or an auth session), with a fresh
    /// `state` that [`AppSession::complete_sign_in`] checks.
    pub fn sign_in_url(&self) -> Result<String, Error> {
        let Some(login) = &self.inner.options.login_url else {
            return Err(Error::Config(ConfigError::new("login_url", "is not set: the hosted login page's URL is needed to sign in")));
        };
        let mut bytes = [0u8; 32];
        aws_lc_rs::rand::fill(&mut bytes)
            .map_err(|_| Error::Config(ConfigError::new("state", "the system's random number generator failed")))?;
        let state = hex::encode(bytes);
        let mut url = url::Url::parse(login).map_err(|e| Error::Config(ConfigError::new("login_url", e.to_string())))?;
        url.query_pairs_mut().append_pair("state", &state);
        *self.inner.state.lock().unwrap_or_else(|p| p.into_inner()) = Some(state);
        Ok(url.into())
    }

    /// Completes a sign-in with the URL the login page redirected to (`myapp://callback?code=…&state=…`,
    /// its `state` checked against [`AppSession::sign_in_url`]'s) or with the bare code: the
    /// backend exchanges it for the session's tokens, which the store keeps.
    pub async fn complete_sign_in(&self, callback: &str) -> Result<AppClaims, Error> {
        let callback = callback.trim();
        let (code, state) = match url::Url::parse(callback) {
            Ok(url) if url.query().is_some() => {
                let get = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
                let Some(code) = get("code") else {
                    return Err(Error::InvalidArgument { field: "callback".into(), rule: "has no code in its query".into() });
                };
                (code, get("state"))
            }
            _ => (callback.to_string(), None),
        };
        if code.is_empty() {
            return Err(Error::InvalidArgument { field: "callback".into(), rule: "must be the callback URL or its code".into() });
        }
        let expected = self.inner.state.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let (Some(expected), Some(state)) = (&expected, &state)
            && !bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), state.as_bytes()))
        {
            return Err(Error::InvalidArgument {
                field: "state".into(),
                rule: "is not the one this sign-in began with: sign in again".into(),
            });
        }
        if expected.is_none() && state.is_some() {
            return Err(Error::InvalidArgument {
                field: "state".into(),
                rule: "this app began no sign-in (call sign_in_url first)".into(),
            });
        }
        let tokens = self.inner.backend.token(&code).await?;
        let claims = claims_of(&tokens.id_token).ok_or_else(|| Error::Decode {
            status: 200,
            message: "the backend's ID token is not a JWT".into(),
            trace_id: None,
        })?;
        self.save(&tokens);
        self.emit(SessionEvent::SignedIn);
        Ok(claims)
    }

    /// Whether the store holds a session (its ID token may need a refresh).
    pub fn is_signed_in(&self) -> bool {
        self.load().is_some()
    }

    /// The session's claims, read from its ID token without verifying it (see [`AppClaims`]).
    pub fn claims(&self) -> Option<AppClaims> {
        self.load().and_then(|t| claims_of(&t.id_token))
    }

    /// A valid ID token for the backend's `Authorization: Bearer`, refreshed through the backend
    /// first when it is about to expire — once, however many callers ask at the same time. A 401
    /// ([`Error::Api`], `signed_out`) when there is no session or it ended; the backend's or the
    /// network's error when a refresh failed (the session is kept, to try again).
    pub async fn id_token(&self) -> Result<String, Error> {
        let margin = self.inner.options.refresh_margin;
        let due = |t: &AppTokens| token::peek(&t.id_token).map_or(true, |u| u.expiring(margin));
        let current = self.load().ok_or_else(|| signed_out("not signed in: sign in first"))?;
        if !due(&current) {
            return Ok(current.id_token);
        }
        let _turn = self.inner.refreshing.lock().await;
        // Whoever refreshed while this caller waited left the new token in the store.
        let current = self.load().ok_or_else(|| signed_out("not signed in: sign in first"))?;
        if !due(&current) {
            return Ok(current.id_token);
        }
        let Some(refresh) = current.refresh_token.clone() else {
            self.clear();
            self.emit(SessionEvent::Expired);
            return Err(signed_out("the session ended (no refresh token): sign in again"));
        };
        match self.inner.backend.refresh(&refresh).await {
            Ok(fresh) => {
                let tokens = AppTokens { id_token: fresh.id_token, refresh_token: fresh.refresh_token.or(Some(refresh)) };
                self.save(&tokens);
                self.emit(SessionEvent::Refreshed);
                Ok(tokens.id_token)
            }
            Err(Error::Api(a)) if a.status == 401 => {
                self.clear();
                self.emit(SessionEvent::SignedOut);
                Err(signed_out(&format!("the session ended ({}): sign in again", a.message)))
            }
            Err(e) => {
                // The backend or the network failed: a token not yet expired still serves.
                let usable = token::peek(&current.id_token).is_ok_and(|t| t.check_times(Duration::ZERO).is_ok());
                if usable { Ok(current.id_token) } else { Err(e) }
            }
        }
    }

    /// Signs out: tells the backend (which forgets what it cached; a failure there is ignored —
    /// the platform has no revocation call, so the tokens end with their lifetimes) and clears
    /// the store.
    pub async fn sign_out(&self) -> Result<(), Error> {
        let _turn = self.inner.refreshing.lock().await;
        let Some(tokens) = self.load() else {
            return Ok(());
        };
        if let Err(e) = self.inner.backend.sign_out(&tokens).await {
            tracing::debug!(target: "saasus", "the backend's sign-out failed (the device's tokens are cleared anyway): {e}");
        }
        self.clear();
        self.emit(SessionEvent::SignedOut);
        Ok(())
    }
}
