//! Where an app session keeps its tokens, and who hears of its changes: interfaces the app
//! implements (the Keychain, EncryptedSharedPreferences), called so that whatever they do —
//! panic, or throw across uniffi — never crashes the app or fails its call.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

/// A session's tokens, as the store keeps them.
#[derive(Clone, PartialEq, Eq)]
pub struct AppTokens {
    pub id_token: String,
    /// Absent when the backend handed none (the session then ends with its ID token).
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for AppTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppTokens").field("id_token", &"***").field("refresh_token", &self.refresh_token.as_ref().map(|_| "***")).finish()
    }
}

/// Keeps the session's tokens across launches. Implement it on the platform's secure storage;
/// [`MemoryTokenStore`] keeps them for the process only.
pub trait TokenStore: Send + Sync {
    /// The tokens saved last, if any.
    fn load(&self) -> Option<AppTokens>;
    fn save(&self, tokens: &AppTokens);
    /// Forgets the tokens (sign-out, or a session that ended).
    fn clear(&self);
}

/// Tokens kept in memory: a session that ends with the process. The default.
#[derive(Default)]
pub struct MemoryTokenStore(Mutex<Option<AppTokens>>);

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> Option<AppTokens> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn save(&self, tokens: &AppTokens) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(tokens.clone());
    }

    fn clear(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// What happened to a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionEvent {
    /// A sign-in completed.
    SignedIn,
    /// The ID token was replaced before it expired.
    Refreshed,
    /// The session ended: the app signed the user out, or the backend refused the refresh token
    /// (revoked, expired, or the user removed). The user must sign in again.
    SignedOut,
    /// The ID token expired with no refresh token to renew it (the backend handed none): the
    /// user must sign in again.
    Expired,
}

/// Hears a session's events (update the UI, say). Called on the thread that caused the event.
pub trait SessionListener: Send + Sync {
    fn on_event(&self, event: SessionEvent);
}

/// Runs a callback of the app's; a panic (or a foreign exception uniffi turned into one) is
/// logged and becomes `fallback`.
pub(crate) fn guarded<T>(what: &str, fallback: T, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(payload) => {
            tracing::error!(target: "saasus", "the app's {what} failed: {}", crate::unwind::panic_message(payload.as_ref()));
            fallback
        }
    }
}
