//! Sessions for web backends, shared by every framework helper of every language: which request
//! is signed in as whom, without a platform call per request, kept signed in past the ID token's
//! hour, and refused or failed with the status that says why.
//!
//! - **Verified locally.** Once the issuer is known (configured, or learned from the first token
//!   the platform accepts), an ID token's RS256 signature is checked against the issuer's key set,
//!   with its issuer, audience, `token_use` and times; a forged, unsigned, re-signed, expired or
//!   foreign token is refused without a call. Until then, `GetUserInfo` checks each new token.
//! - **Cached.** A user's `UserInfo` is reused for `user_cache_max_age` (never past the token's
//!   expiry); concurrent requests of one user make one `GetUserInfo` between them.
//! - **Refreshed.** With the refresh token's cookie, an ID token about to expire is replaced once
//!   however many requests arrive with it, and the new one is handed back as a cookie.
//! - **Errors that mean what they say:** [`AuthFailure`].

mod app;
mod cache;
mod cookies;
mod failure;
mod guard;
mod jwks;
mod options;
mod rate;
mod sign_in;
pub(crate) mod token;

pub use app::{AppAnswer, AppRoute};
pub use cookies::CookieOptions;
pub use failure::AuthFailure;
pub use guard::Requirement;
pub use options::AuthOptions;
pub use sign_in::{SignInRedirect, SignedIn};
pub use token::MAX_TOKEN_BYTES;

use crate::client::{Client, RequestContext};
use crate::models::UserInfo;
use cache::{Expiring, Flights};
use jwks::{Jwks, Lookup};
use sha2::{Digest, Sha256};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use token::Issuer;

/// A request's headers as the helpers pass them: (name, value) pairs, names in any case, a
/// repeated header as several pairs.
pub type Headers<'a> = [(&'a str, &'a str)];

/// Authenticates web requests for one SaaS. Cheap to clone (clones share caches); make one per
/// process, as its caches are what spare the platform calls.
#[derive(Clone)]
pub struct Authenticator {
    client: Client,
    inner: Arc<Inner>,
}

struct Inner {
    options: AuthOptions,
    issuer: RwLock<Option<(Issuer, Arc<Jwks>)>>,
    users: Expiring<UserKey, UserInfo>,
    user_flights: Flights<UserKey>,
    refreshed: Expiring<[u8; 32], Refreshed>,
    refresh_flights: Flights<[u8; 32]>,
    app_limit: rate::RateLimit,
}

/// Whose `UserInfo` an entry is: a verified token's subject, or (before the issuer is known) the
/// digest of a token the platform accepted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum UserKey {
    Subject(String),
    Token([u8; 32]),
}

#[derive(Clone)]
struct Refreshed {
    id_token: String,
    refresh_token: Option<String>,
}

/// A signed-in request: the user, the ID token it was signed in with, and the `Set-Cookie`
/// headers to send back (rotated tokens after a refresh; usually none).
#[derive(Clone)]
pub struct Authorized {
    pub user: UserInfo,
    pub id_token: String,
    pub set_cookies: Vec<String>,
}

impl std::fmt::Debug for Authorized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorized")
            .field("user_id", &self.user.id)
            .field("id_token", &"***")
            .field("set_cookies", &self.set_cookies.len())
            .finish()
    }
}

/// A request that is not signed in, or could not be checked: why, and the `Set-Cookie` headers to
/// send with the answer (the session's cookies cleared after a refusal; rotated ones kept after a
/// refresh that a later failure followed).
#[derive(Clone, PartialEq, thiserror::Error)]
#[error("{failure}")]
pub struct Denied {
    pub failure: AuthFailure,
    pub set_cookies: Vec<String>,
}

impl std::fmt::Debug for Denied {
    // The cookies may carry a refreshed session's tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Denied").field("failure", &self.failure).field("set_cookies", &self.set_cookies.len()).finish()
    }
}

impl From<AuthFailure> for Denied {
    fn from(failure: AuthFailure) -> Self {
        Denied { failure, set_cookies: Vec::new() }
    }
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let issuer = self.issuer().map(|(i, _)| i.iss);
        f.debug_struct("Authenticator").field("issuer", &issuer).field("options", &self.inner.options).finish_non_exhaustive()
    }
}

pub(crate) fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// The values of header `name` (any case).
pub(crate) fn header_values<'a>(headers: &Headers<'a>, name: &str) -> Vec<&'a str> {
    headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v).collect()
}

fn header<'a>(headers: &Headers<'a>, name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
}

impl Authenticator {
    /// An authenticator calling the platform through `client` (its logger, retries and timeouts).
    pub fn new(client: Client, options: AuthOptions) -> Result<Self, crate::ConfigError> {
        options.check()?;
        let issuer = options.issuer.as_ref().map(|iss| {
            let issuer = Issuer { iss: iss.trim_end_matches('/').to_string(), audience: options.audience.clone() };
            let jwks = Arc::new(Jwks::new(&issuer.iss, options.jwks_cooldown));
            (issuer, jwks)
        });
        Ok(Authenticator {
            client,
            inner: Arc::new(Inner {
                users: Expiring::new(options.user_cache_capacity),
                user_flights: Flights::new(),
                refreshed: Expiring::new(options.user_cache_capacity),
                refresh_flights: Flights::new(),
                app_limit: rate::RateLimit::new(options.app_requests_per_minute),
                issuer: RwLock::new(issuer),
                options,
            }),
        })
    }

    pub fn options(&self) -> &AuthOptions {
        &self.inner.options
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// This authenticator (its settings and caches, shared) calling through `client`: for a
    /// binding whose blocking calls use the calling thread's connections.
    pub fn with_client(&self, client: Client) -> Self {
        Authenticator { client, inner: self.inner.clone() }
    }

    /// The issuer whose key set verifies tokens, once known.
    pub fn issuer_url(&self) -> Option<String> {
        self.issuer().map(|(i, _)| i.iss)
    }

    fn issuer(&self) -> Option<(Issuer, Arc<Jwks>)> {
        self.inner.issuer.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The client with the end user's `Referer` and `X-SaaSus-Referer` forwarded (left out when
    /// not valid header values).
    fn scoped(&self, headers: &Headers<'_>) -> Client {
        let context = RequestContext {
            referer: header(headers, "referer").map(str::to_string),
            x_saasus_referer: header(headers, "x-saasus-referer").map(str::to_string),
            trace_id: None,
        };
        if context.referer.is_none() && context.x_saasus_referer.is_none() {
            return self.client.clone();
        }
        self.client.with_context(context).unwrap_or_else(|_| self.client.clone())
    }

    /// Who a request is signed in as: the `Authorization: Bearer` token, else the session's
    /// cookies, refreshed when the ID token is about to expire.
    pub async fn authorize(&self, headers: &Headers<'_>) -> Result<Authorized, Denied> {
        let client = self.scoped(headers);
        if let Some(token) = header(headers, "authorization").and_then(crate::bearer_token) {
            let user = self.user_with(&client, token).await?;
            return Ok(Authorized { user, id_token: token.to_string(), set_cookies: Vec::new() });
        }
        let cookie_headers = header_values(headers, "cookie");
        let names = &self.inner.options.cookies;
        let id_token = cookies::read(&cookie_headers, &names.id_token);
        let refresh_token = cookies::read(&cookie_headers, &names.refresh_token);
        if id_token.is_none() && refresh_token.is_none() {
            return Err(AuthFailure::unauthorized("no ID token: sign in first").into());
        }
        let refused = |failure: AuthFailure| Denied { failure, set_cookies: names.clear_session() };
        let peeked = id_token.as_deref().map(token::peek);
        let due = match &peeked {
            Some(Ok(t)) => t.expiring(self.inner.options.refresh_margin),
            _ => true,
        };
        let mut set_cookies = Vec::new();
        let mut token = id_token.clone();
        if let (true, Some(refresh)) = (due, &refresh_token) {
            match self.refresh_with(&client, refresh).await {
                Ok(fresh) => {
                    set_cookies.push(names.id_token_cookie(&fresh.id_token));
                    if let Some(r) = &fresh.refresh_token {
                        set_cookies.push(names.refresh_token_cookie(r));
                    }
                    token = Some(fresh.id_token);
                }
                Err(f @ AuthFailure::Unauthorized { .. }) => return Err(refused(f)),
                // The platform failed: a token not yet expired carries on until it does.
                Err(f) => {
                    let usable = matches!(&peeked, Some(Ok(t)) if t.check_times(Duration::ZERO).is_ok());
                    if !usable {
                        return Err(f.into());
                    }
                    tracing::warn!(target: "saasus", "the session's refresh failed; its ID token serves until it expires: {f}");
                }
            }
        }
        let Some(token) = token else {
            return Err(refused(AuthFailure::unauthorized("the session has no ID token: sign in again")));
        };
        match self.user_with(&client, &token).await {
            Ok(user) => Ok(Authorized { user, id_token: token, set_cookies }),
            Err(f @ AuthFailure::Unauthorized { .. }) => Err(refused(f)),
            Err(failure) => Err(Denied { failure, set_cookies }),
        }
    }

    /// The user of an ID token (a bearer token, say): verified locally when the issuer is known,
    /// else by `GetUserInfo`; cached either way.
    pub async fn user(&self, id_token: &str) -> Result<UserInfo, AuthFailure> {
        self.user_with(&self.client, id_token).await
    }

    async fn user_with(&self, client: &Client, token: &str) -> Result<UserInfo, AuthFailure> {
        let o = &self.inner.options;
        let t = token::peek(token)?;
        t.check_times(o.clock_skew)?;
        let mut exp = t.claims.exp;
        let key = match self.issuer() {
            Some((issuer, jwks)) => match self.verify(client, token, &t, &issuer, &jwks).await {
                Ok(claims) => {
                    exp = claims.exp;
                    UserKey::Subject(claims.sub)
                }
                Err(f @ AuthFailure::Unavailable { .. }) => {
                    // The key set could not be read: the platform still can say who this is.
                    tracing::warn!(target: "saasus", "verifying an ID token locally failed, asking GetUserInfo instead: {f}");
                    UserKey::Token(digest(token))
                }
                Err(f) => return Err(f),
            },
            None => UserKey::Token(digest(token)),
        };
        if let Some(user) = self.inner.users.get(&key) {
            return Ok(user);
        }
        let _turn = self.inner.user_flights.turn(&key).await;
        if let Some(user) = self.inner.users.get(&key) {
            return Ok(user);
        }
        let user = client.authenticate(token).await.map_err(|e| AuthFailure::of_call(e, "the ID token was refused"))?;
        let life = Duration::from_secs((exp - token::now()).max(0) as u64);
        let keep = o.user_cache_max_age.min(life);
        if matches!(key, UserKey::Token(_)) {
            self.learn(&t, &user);
            // The platform vouched for this token, so for its subject: a locally verified token of
            // the same user (the next session, once the issuer is known) finds it too.
            if t.claims.sub == user.id && !keep.is_zero() {
                self.inner.users.insert(UserKey::Subject(user.id.clone()), user.clone(), Instant::now() + keep);
            }
        }
        if !keep.is_zero() {
            self.inner.users.insert(key, user.clone(), Instant::now() + keep);
        }
        Ok(user)
    }

    async fn verify(
        &self,
        client: &Client,
        token: &str,
        t: &token::Unverified,
        issuer: &Issuer,
        jwks: &Jwks,
    ) -> Result<token::Claims, AuthFailure> {
        if t.claims.iss.trim_end_matches('/') != issuer.iss {
            return Err(AuthFailure::unauthorized("the ID token is from another issuer"));
        }
        let kid = t.kid.as_deref().ok_or_else(|| AuthFailure::unauthorized("the ID token names no key (kid)"))?;
        match jwks.key(client, kid).await? {
            Lookup::Key(key) => token::verify(token, &key, issuer, self.inner.options.clock_skew),
            Lookup::Unknown => Err(AuthFailure::unauthorized("the ID token is signed by a key its issuer does not publish")),
        }
    }

    /// After the platform accepted a token: its issuer and audience are the SaaS's, when the token
    /// is an ID token for the user the platform named and the issuer can be fetched from.
    fn learn(&self, t: &token::Unverified, user: &UserInfo) {
        let o = &self.inner.options;
        let c = &t.claims;
        if !o.learn_issuer || c.token_use.as_deref() != Some("id") || c.sub != user.id || !token::fetchable_issuer(&c.iss) {
            return;
        }
        let mut held = self.inner.issuer.write().unwrap_or_else(|p| p.into_inner());
        if held.is_none() {
            let issuer = Issuer { iss: c.iss.trim_end_matches('/').to_string(), audience: o.audience.clone().or_else(|| c.aud.clone()) };
            tracing::info!(target: "saasus", issuer = issuer.iss.as_str(), "ID tokens are now verified locally against {}'s key set", issuer.iss);
            let jwks = Arc::new(Jwks::new(&issuer.iss, o.jwks_cooldown));
            *held = Some((issuer, jwks));
        }
    }

    /// New tokens for a refresh token: one `GetAuthCredentials` for however many requests bring
    /// the same refresh token at once, its result reused by those that arrive with the old cookies
    /// until the new ID token is itself due.
    async fn refresh_with(&self, client: &Client, refresh_token: &str) -> Result<Refreshed, AuthFailure> {
        if refresh_token.len() > MAX_TOKEN_BYTES || !refresh_token.chars().all(|c| c.is_ascii_graphic()) {
            return Err(AuthFailure::unauthorized("the refresh token is not one"));
        }
        let key = digest(refresh_token);
        let margin = self.inner.options.refresh_margin;
        let fresh = |r: &Refreshed| token::peek(&r.id_token).is_ok_and(|t| !t.expiring(margin));
        if let Some(r) = self.inner.refreshed.get(&key).filter(fresh) {
            return Ok(r);
        }
        let _turn = self.inner.refresh_flights.turn(&key).await;
        if let Some(r) = self.inner.refreshed.get(&key).filter(fresh) {
            return Ok(r);
        }
        let creds = client.refresh(refresh_token).await.map_err(|e| AuthFailure::of_call(e, "the refresh token was refused"))?;
        let r = Refreshed { id_token: creds.id_token, refresh_token: creds.refresh_token };
        // Long enough for the requests already on their way with the old cookies.
        self.inner.refreshed.insert(key, r.clone(), Instant::now() + Duration::from_secs(60));
        Ok(r)
    }

    /// Drops what is cached about a user (after changing their roles or removing them), so that
    /// their next request asks the platform. Returns how many entries went.
    pub fn forget_user(&self, user_id: &str) -> usize {
        self.inner.users.remove_where(|k, u| u.id == user_id || matches!(k, UserKey::Subject(s) if s == user_id))
    }

    /// Drops every cached `UserInfo`.
    pub fn forget_all(&self) {
        self.inner.users.remove_where(|_, _| true);
    }
}
