//! A native app's session for Kotlin and Swift apps (`saasus::app`): it holds no API key and no
//! secret key, only the user's tokens, in a store the app implements (the Keychain,
//! EncryptedSharedPreferences), and talks to the app's own backend. A store or listener that
//! throws never crashes the app: the core calls them under `catch_unwind`, and uniffi turns a
//! foreign exception in a method without an error type into a panic there.

use crate::session::SecretString;
use crate::{SaasusError, runtime};
use saasus::JsonObject;
use saasus::app::{AppSessionOptions, AppTokens, SessionEvent, SessionListener, TokenStore};
use std::sync::Arc;
use std::time::Duration;

/// The session's tokens as the store keeps them (`Secret`s: their string forms are `***`).
#[derive(uniffi::Record, Clone, Debug)]
pub struct AppTokenPair {
    pub id_token: SecretString,
    pub refresh_token: Option<SecretString>,
}

/// Where the app keeps its session's tokens across launches.
#[uniffi::export(with_foreign)]
pub trait AppTokenStore: Send + Sync {
    /// The tokens saved last, if any.
    fn load(&self) -> Option<AppTokenPair>;
    fn save(&self, tokens: AppTokenPair);
    /// Forgets the tokens (sign-out, or a session that ended).
    fn clear(&self);
}

/// What happened to the session (`saasus::app::SessionEvent`).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppSessionEvent {
    /// A sign-in completed.
    SignedIn,
    /// The ID token was replaced before it expired.
    Refreshed,
    /// The session ended: the app signed the user out, or the backend refused the refresh token
    /// (revoked, expired, or the user removed). Sign in again.
    SignedOut,
    /// The ID token expired with no refresh token to renew it: sign in again.
    Expired,
}

/// Hears the session's events; called on the thread that caused the event.
#[uniffi::export(with_foreign)]
pub trait AppSessionListener: Send + Sync {
    fn on_event(&self, event: AppSessionEvent);
}

/// What the ID token says of its user, read without verifying it: for display, never for
/// deciding what the user may do (the backend verifies the token).
#[derive(uniffi::Record, Clone, Debug)]
pub struct AppClaims {
    pub user_id: String,
    pub email: Option<String>,
    /// When the ID token expires, in seconds since the epoch.
    pub expires_at: i64,
    pub claims: JsonObject,
}

impl From<saasus::app::AppClaims> for AppClaims {
    fn from(c: saasus::app::AppClaims) -> Self {
        AppClaims { user_id: c.user_id, email: c.email, expires_at: c.expires_at, claims: c.claims }
    }
}

struct ForeignStore(Arc<dyn AppTokenStore>);

impl TokenStore for ForeignStore {
    fn load(&self) -> Option<AppTokens> {
        self.0.load().map(|t| AppTokens { id_token: t.id_token.0, refresh_token: t.refresh_token.map(|r| r.0) })
    }

    fn save(&self, tokens: &AppTokens) {
        self.0.save(AppTokenPair {
            id_token: SecretString(tokens.id_token.clone()),
            refresh_token: tokens.refresh_token.clone().map(SecretString),
        })
    }

    fn clear(&self) {
        self.0.clear()
    }
}

struct ForeignListener(Arc<dyn AppSessionListener>);

impl SessionListener for ForeignListener {
    fn on_event(&self, event: SessionEvent) {
        self.0.on_event(match event {
            SessionEvent::SignedIn => AppSessionEvent::SignedIn,
            SessionEvent::Refreshed => AppSessionEvent::Refreshed,
            SessionEvent::SignedOut => AppSessionEvent::SignedOut,
            SessionEvent::Expired => AppSessionEvent::Expired,
        })
    }
}

/// A signed-in user's session on a device, over the app's backend (its framework helper's app
/// endpoints: `<backendUrl>/token`, `/refresh`, `/sign-out`). Thread-safe; make one per app.
#[derive(uniffi::Object)]
pub struct AppSession {
    inner: saasus::app::AppSession,
}

#[uniffi::export]
impl AppSession {
    /// `backend_url`: where the backend mounted the app endpoints (https, or http on a loopback
    /// host); `login_url`: the hosted login page; `store`: where the tokens are kept (in memory
    /// when none). A setting out of its range is a `Config` error naming it.
    #[uniffi::constructor(default(login_url = None, refresh_margin = None, timeout = None, store = None))]
    pub fn new(
        backend_url: String,
        login_url: Option<String>,
        refresh_margin: Option<Duration>,
        timeout: Option<Duration>,
        store: Option<Arc<dyn AppTokenStore>>,
    ) -> Result<Arc<Self>, SaasusError> {
        let d = AppSessionOptions::new(backend_url);
        let options = AppSessionOptions {
            login_url,
            refresh_margin: refresh_margin.unwrap_or(d.refresh_margin),
            timeout: timeout.unwrap_or(d.timeout),
            ..d
        };
        let store: Arc<dyn TokenStore> = match store {
            Some(s) => Arc::new(ForeignStore(s)),
            None => Arc::new(saasus::app::MemoryTokenStore::default()),
        };
        Ok(Arc::new(AppSession { inner: saasus::app::AppSession::new(options, store)? }))
    }

    /// Who hears the session's events (one listener; null removes it).
    pub fn set_listener(&self, listener: Option<Arc<dyn AppSessionListener>>) {
        self.inner.set_listener(listener.map(|l| Arc::new(ForeignListener(l)) as Arc<dyn SessionListener>));
    }

    /// The hosted login page to open, with a fresh `state` that `complete_sign_in` checks.
    pub fn sign_in_url(&self) -> Result<String, SaasusError> {
        Ok(self.inner.sign_in_url()?)
    }

    /// Completes the sign-in with the URL the login page redirected to (or its bare code): the
    /// backend exchanges it for the session's tokens, which the store keeps.
    pub async fn complete_sign_in(&self, callback: String) -> Result<AppClaims, SaasusError> {
        let session = self.inner.clone();
        runtime::spawned(async move { Ok(session.complete_sign_in(&callback).await?.into()) }).await
    }

    /// A valid ID token for `Authorization: Bearer`, refreshed through the backend first when it is
    /// about to expire (once, however many callers wait). An `Api` error with status 401 when
    /// there is no session or it ended: show the sign-in.
    pub async fn id_token(&self) -> Result<String, SaasusError> {
        let session = self.inner.clone();
        runtime::spawned(async move { Ok(session.id_token().await?) }).await
    }

    /// The session's claims, read without verifying the token; null when signed out.
    pub fn claims(&self) -> Option<AppClaims> {
        self.inner.claims().map(AppClaims::from)
    }

    /// Whether the store holds a session (its ID token may need a refresh).
    pub fn is_signed_in(&self) -> bool {
        self.inner.is_signed_in()
    }

    /// Signs out: tells the backend, clears the store.
    pub async fn sign_out(&self) -> Result<(), SaasusError> {
        let session = self.inner.clone();
        runtime::spawned(async move { Ok(session.sign_out().await?) }).await
    }
}

/// Lets this process build a secret-key `Client` on a device: for an internal tool that must
/// hold the key, on devices its owner controls. Built for iOS or Android, a `Client` is refused
/// (a `Config` error saying why) until this is called; apps for users use `AppSession` instead.
#[uniffi::export]
pub fn allow_secret_key_on_device() {
    saasus::config::allow_secret_key_on_device()
}
