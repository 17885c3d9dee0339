//! Sessions for Kotlin and Swift servers (`saasus::session`), as `Authenticator`: Kotlin's and
//! Swift's `Sessions` wrap it, turning `NativeAuthError` into their own `AuthException` /
//! `AuthError` and the `Secret`s of the records into plain strings.
//!
//! A request's headers, its tokens and the Set-Cookie headers handed back cross as `Secret`, a
//! string whose Kotlin `toString()` and Swift `description` are `***`: the generated records
//! print every field, and none of them may print a token.

use crate::{Client, SaasusError, runtime};
use saasus::models::UserInfo;
use saasus::session::{AuthOptions, CookieOptions, Denied};
use std::sync::Arc;
use std::time::Duration;

/// A token, a header value or a Set-Cookie header: Kotlin's and Swift's `Secret` (its `value`
/// is the text; its string forms are `***`), which `SecretString` aliases there.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(pub String);

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

uniffi::custom_type!(SecretString, String, {
    lower: |s| s.0,
    try_lift: |text| Ok(SecretString(text)),
});

fn secrets(values: Vec<String>) -> Vec<SecretString> {
    values.into_iter().map(SecretString).collect()
}

/// One header of a request, as it came (a repeated header as several).
#[derive(uniffi::Record, Clone, Debug)]
pub struct HeaderPair {
    pub name: String,
    pub value: SecretString,
}

/// The authenticator's settings (`saasus::session::AuthOptions` and its cookies), named as
/// Python's `saasus.Sessions` takes them; each left out takes the core's default.
#[derive(uniffi::Record, Clone, Debug, Default)]
pub struct AuthSettings {
    /// The hosted login page (`https://auth.example.com/`), where sign-in redirects to.
    #[uniffi(default = None)]
    pub login_url: Option<String>,
    /// The ID tokens' issuer, to verify them locally from the first request.
    #[uniffi(default = None)]
    pub issuer: Option<String>,
    /// The ID tokens' audience (the app client id), checked when given.
    #[uniffi(default = None)]
    pub audience: Option<String>,
    /// Learn the issuer from the first token the platform accepts (true).
    #[uniffi(default = None)]
    pub learn_issuer: Option<bool>,
    /// How far clocks may disagree (10 s, at most 300 s).
    #[uniffi(default = None)]
    pub clock_skew: Option<Duration>,
    /// How long a user's UserInfo is reused (60 s, at most an hour; 0 asks every time).
    #[uniffi(default = None)]
    pub user_cache_max_age: Option<Duration>,
    /// How many users' UserInfo are kept at most (10,000).
    #[uniffi(default = None)]
    pub user_cache_capacity: Option<u32>,
    /// Refresh an ID token this long before it expires (5 minutes).
    #[uniffi(default = None)]
    pub refresh_margin: Option<Duration>,
    /// The least time between two fetches of the issuer's key set (30 s).
    #[uniffi(default = None)]
    pub jwks_cooldown: Option<Duration>,
    /// The ID token's cookie (`saasus_id_token`).
    #[uniffi(default = None)]
    pub cookie_name: Option<String>,
    /// The refresh token's cookie (`saasus_refresh_token`).
    #[uniffi(default = None)]
    pub refresh_cookie_name: Option<String>,
    /// The sign-in state's cookie (`saasus_login_state`).
    #[uniffi(default = None)]
    pub state_cookie_name: Option<String>,
    /// The cookies' `Path` (`/`).
    #[uniffi(default = None)]
    pub cookie_path: Option<String>,
    /// The cookies' `Domain` (none: this host only).
    #[uniffi(default = None)]
    pub cookie_domain: Option<String>,
    /// `Secure` cookies (true; false only for http://localhost).
    #[uniffi(default = None)]
    pub secure: Option<bool>,
    /// How long the session's cookies live in the browser (30 days).
    #[uniffi(default = None)]
    pub session_max_age: Option<Duration>,
    /// How many requests one client (address) may make of the native-app endpoints per minute (30; 0 for none).
    #[uniffi(default = None)]
    pub app_requests_per_minute: Option<u32>,
}

impl AuthSettings {
    fn options(self) -> AuthOptions {
        let (d, c) = (AuthOptions::default(), CookieOptions::default());
        AuthOptions {
            issuer: self.issuer,
            audience: self.audience,
            learn_issuer: self.learn_issuer.unwrap_or(d.learn_issuer),
            app_requests_per_minute: self.app_requests_per_minute.unwrap_or(d.app_requests_per_minute),
            clock_skew: self.clock_skew.unwrap_or(d.clock_skew),
            user_cache_max_age: self.user_cache_max_age.unwrap_or(d.user_cache_max_age),
            user_cache_capacity: self.user_cache_capacity.map_or(d.user_cache_capacity, |n| n as usize),
            refresh_margin: self.refresh_margin.unwrap_or(d.refresh_margin),
            jwks_cooldown: self.jwks_cooldown.unwrap_or(d.jwks_cooldown),
            login_url: self.login_url,
            cookies: CookieOptions {
                id_token: self.cookie_name.unwrap_or(c.id_token),
                refresh_token: self.refresh_cookie_name.unwrap_or(c.refresh_token),
                state: self.state_cookie_name.unwrap_or(c.state),
                path: self.cookie_path.unwrap_or(c.path),
                domain: self.cookie_domain,
                secure: self.secure.unwrap_or(c.secure),
                max_age: self.session_max_age.unwrap_or(c.max_age),
            },
        }
    }
}

/// A signed-in request: its user, the ID token, and the Set-Cookie headers to send back
/// (rotated tokens after a refresh; usually none).
#[derive(uniffi::Record, Debug)]
pub struct NativeAuthorized {
    pub user: UserInfo,
    pub id_token: SecretString,
    pub set_cookies: Vec<SecretString>,
}

/// Where to send the browser to sign in (its `state` in the query), and the cookie binding the
/// sign-in to that browser.
#[derive(uniffi::Record, Debug)]
pub struct NativeSignInRedirect {
    pub location: SecretString,
    pub set_cookie: SecretString,
}

/// A completed sign-in: the user's id and the new session's Set-Cookie headers.
#[derive(uniffi::Record, Debug)]
pub struct NativeSignedIn {
    pub user_id: String,
    pub set_cookies: Vec<SecretString>,
}

/// What an app endpoint answers, to send as is: the status, the JSON body (the tokens of a 200:
/// a `Secret`), the headers; for a failure, the message for the server's log and whether it is
/// the server's fault.
#[derive(uniffi::Record, Debug)]
pub struct AppAnswer {
    pub status: u16,
    pub body: SecretString,
    pub headers: Vec<HeaderPair>,
    pub log_message: Option<String>,
    pub server_error: bool,
}

/// What a route requires of a signed-in user (`saasus::session::Requirement`): a tenant (a
/// given one, or any), and one of some roles there (in one env, or in any).
#[derive(uniffi::Record, Clone, Debug)]
pub struct Requirement {
    #[uniffi(default = None)]
    pub tenant_id: Option<String>,
    #[uniffi(default = true)]
    pub require_tenant: bool,
    #[uniffi(default = [])]
    pub roles: Vec<String>,
    #[uniffi(default = None)]
    pub env_id: Option<i64>,
}

/// A request not signed in, or that could not be checked (`saasus::session::Denied`): `status`
/// to answer (401, 400, 403, 503 or 500), `kind` (`unauthorized`, `bad_request`, `forbidden`,
/// `unavailable`, `misconfigured`), what the end user may read, what the log should, the
/// Set-Cookie headers to send with the answer, and the SDK error behind a server error (not
/// `cause`, which Kotlin's Throwable owns). Kotlin's and Swift's `Sessions` throw their own
/// `AuthException` / `AuthError` made of it.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum NativeAuthError {
    #[error("{log_message}")]
    Refused {
        status: u16,
        kind: String,
        public_message: String,
        log_message: String,
        set_cookies: Vec<SecretString>,
        error: Option<SaasusError>,
    },
}

impl From<Denied> for NativeAuthError {
    fn from(d: Denied) -> Self {
        let f = &d.failure;
        NativeAuthError::Refused {
            status: f.status(),
            kind: f.kind().to_string(),
            public_message: f.public_message(),
            log_message: f.to_string(),
            error: f.cause().cloned().map(SaasusError::from),
            set_cookies: secrets(d.set_cookies),
        }
    }
}

/// The call thread could not take the call: the platform is as good as unreachable (503).
impl From<SaasusError> for NativeAuthError {
    fn from(e: SaasusError) -> Self {
        NativeAuthError::Refused {
            status: 503,
            kind: "unavailable".into(),
            public_message: "sign-in is temporarily unavailable; try again shortly".into(),
            log_message: format!("the SaaSus platform is unavailable: {e}"),
            set_cookies: Vec::new(),
            error: Some(e),
        }
    }
}

fn borrowed(headers: &[HeaderPair]) -> Vec<(&str, &str)> {
    headers.iter().map(|h| (h.name.as_str(), h.value.0.as_str())).collect()
}

/// The core's authenticator (see Kotlin's and Swift's `Sessions`): one per process, whose
/// caches spare the platform calls; its calls go through the client it was made with (its
/// logger, retries and timeouts) and run on the library's call thread.
#[derive(uniffi::Object)]
pub struct Authenticator {
    inner: saasus::session::Authenticator,
}

#[uniffi::export]
impl Authenticator {
    /// A setting out of its range is a `Config` error naming it (`user_cache_max_age`).
    #[uniffi::constructor]
    pub fn new(client: Arc<Client>, settings: AuthSettings) -> Result<Arc<Self>, SaasusError> {
        let inner = saasus::session::Authenticator::new(client.inner.clone(), settings.options())?;
        Ok(Arc::new(Authenticator { inner }))
    }

    /// Who a request is signed in as: its `Authorization: Bearer` token, else its session's
    /// cookies, refreshed when the ID token is about to expire.
    pub async fn authorize(&self, headers: Vec<HeaderPair>) -> Result<NativeAuthorized, NativeAuthError> {
        let auth = self.inner.clone();
        let outcome = runtime::spawned(async move { Ok(auth.authorize(&borrowed(&headers)).await) }).await?;
        let a = outcome?;
        Ok(NativeAuthorized { user: a.user, id_token: SecretString(a.id_token), set_cookies: secrets(a.set_cookies) })
    }

    /// The user of an ID token: verified locally once the issuer is known, else by GetUserInfo;
    /// cached either way.
    pub async fn user(&self, id_token: String) -> Result<UserInfo, NativeAuthError> {
        let auth = self.inner.clone();
        let outcome = runtime::spawned(async move { Ok(auth.user(&id_token).await) }).await?;
        Ok(outcome.map_err(Denied::from)?)
    }

    /// The redirect to the hosted login page, and the cookie holding its state.
    pub fn begin_sign_in(&self) -> Result<NativeSignInRedirect, NativeAuthError> {
        let r = self.inner.begin_sign_in().map_err(Denied::from)?;
        Ok(NativeSignInRedirect { location: SecretString(r.location), set_cookie: SecretString(r.set_cookie) })
    }

    /// The callback: `code` and `state` from its query, the request's headers. A malformed code
    /// is 400, a browser that did not start this sign-in 401.
    pub async fn complete_sign_in(
        &self,
        code: Option<String>,
        state: Option<String>,
        headers: Vec<HeaderPair>,
    ) -> Result<NativeSignedIn, NativeAuthError> {
        let auth = self.inner.clone();
        let outcome =
            runtime::spawned(async move { Ok(auth.complete_sign_in(code.as_deref(), state.as_deref(), &borrowed(&headers)).await) })
                .await?;
        let s = outcome?;
        Ok(NativeSignedIn { user_id: s.user_id, set_cookies: secrets(s.set_cookies) })
    }

    /// A native app's request to an app endpoint (`route`: `token`, `refresh` or `sign-out`): its
    /// raw body, the client address the per-client limit counts it against, its headers. Never
    /// an error for the app's or the platform's faults: they are the answer's status.
    pub async fn app_request(
        &self,
        route: String,
        body: Vec<u8>,
        client: String,
        headers: Vec<HeaderPair>,
    ) -> Result<AppAnswer, SaasusError> {
        let Some(route) = saasus::session::AppRoute::from_segment(&route) else {
            return Err(SaasusError::InvalidArgument { field: "route".into(), rule: "must be token, refresh or sign-out".into() });
        };
        let auth = self.inner.clone();
        runtime::spawned(async move {
            let a = auth.app_request(route, &body, &client, &borrowed(&headers)).await;
            let mut headers = vec![HeaderPair { name: "cache-control".into(), value: SecretString("no-store".into()) }];
            if !a.body.is_empty() {
                headers.push(HeaderPair { name: "content-type".into(), value: SecretString("application/json".into()) });
            }
            if let Some(s) = a.retry_after {
                headers.push(HeaderPair { name: "retry-after".into(), value: SecretString(s.to_string()) });
            }
            Ok(AppAnswer {
                status: a.status,
                body: SecretString(a.body),
                headers,
                server_error: a.failure.as_ref().is_some_and(|f| f.is_server_error()),
                log_message: a.failure.map(|f| f.to_string()),
            })
        })
        .await
    }

    /// The Set-Cookie headers that end the request's session; what was cached for it goes too.
    pub fn sign_out(&self, headers: Vec<HeaderPair>) -> Vec<SecretString> {
        secrets(self.inner.sign_out(&borrowed(&headers)))
    }

    /// Nothing when `user` meets `requirement`; else a 403 saying what is missing.
    pub fn check(&self, user: UserInfo, requirement: Requirement) -> Result<(), NativeAuthError> {
        let need = saasus::session::Requirement {
            tenant_id: requirement.tenant_id,
            require_tenant: requirement.require_tenant,
            roles: requirement.roles,
            env_id: requirement.env_id,
        };
        Ok(need.check(&user).map_err(Denied::from)?)
    }

    /// Drops what is cached about a user (after changing their roles); how many entries went.
    pub fn forget_user(&self, user_id: String) -> u64 {
        self.inner.forget_user(&user_id) as u64
    }

    /// Drops every cached UserInfo.
    pub fn forget_all(&self) {
        self.inner.forget_all()
    }

    /// The issuer whose key set verifies ID tokens, once known.
    pub fn issuer(&self) -> Option<String> {
        self.inner.issuer_url()
    }
}
