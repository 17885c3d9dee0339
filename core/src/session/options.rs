//! How an [`Authenticator`](super::Authenticator) verifies, caches and keeps sessions.

use super::cookies::CookieOptions;
use crate::ConfigError;
use std::time::Duration;

/// The authenticator's settings; `AuthOptions::default()` suits a web backend.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthOptions {
    /// The ID tokens' issuer (`https://cognito-idp.<region>.amazonaws.com/<user pool id>`), to
    /// verify tokens locally against its key set from the first request. Without it the issuer is
    /// learned from the first token the platform accepts (see `learn_issuer`).
    pub issuer: Option<String>,
    /// The ID tokens' audience (the user pool's app client id), checked when given; learned with
    /// the issuer otherwise.
    pub audience: Option<String>,
    /// Learn the issuer (and audience) from the first ID token `GetUserInfo` accepts, whose `sub`
    /// is the user the platform answered (true). Until then, and if never, every new token is
    /// checked by `GetUserInfo`.
    pub learn_issuer: bool,
    /// How far clocks may disagree when checking `exp` and `iat` (10 s).
    pub clock_skew: Duration,
    /// How long a user's `UserInfo` (tenants, roles) is reused before it is asked for again, and so
    /// how soon a role change reaches a session (60 s). Never longer than the token lives. Zero
    /// asks on every request.
    pub user_cache_max_age: Duration,
    /// How many users' `UserInfo` are kept at most (10,000).
    pub user_cache_capacity: usize,
    /// Refresh an ID token this long before it expires (5 minutes), at most a quarter of its life.
    pub refresh_margin: Duration,
    /// The least time between two fetches of the issuer's key set for an unknown key id (30 s).
    pub jwks_cooldown: Duration,
    /// The hosted login page (`https://auth.example.com/`), where sign-in redirects to.
    pub login_url: Option<String>,
    /// How many requests one client (address) may make of the native-app endpoints per minute,
    /// and in a burst (30); 0 turns the limit off.
    pub app_requests_per_minute: u32,
    pub cookies: CookieOptions,
}

impl Default for AuthOptions {
    fn default() -> Self {
        AuthOptions {
            issuer: None,
            audience: None,
            learn_issuer: true,
            clock_skew: Duration::from_secs(10),
            user_cache_max_age: Duration::from_secs(60),
            user_cache_capacity: 10_000,
            refresh_margin: Duration::from_secs(300),
            jwks_cooldown: Duration::from_secs(30),
            login_url: None,
            app_requests_per_minute: 30,
            cookies: CookieOptions::default(),
        }
    }
}

fn at_most(field: &str, value: Duration, max: Duration) -> Result<(), ConfigError> {
    if value > max {
        return Err(ConfigError::new(field, format!("must be at most {} s", max.as_secs())));
    }
    Ok(())
}

impl AuthOptions {
    /// Every setting checked, naming the first one that is wrong.
    pub fn check(&self) -> Result<(), ConfigError> {
        if let Some(iss) = &self.issuer
            && !super::token::fetchable_issuer(iss)
        {
            return Err(ConfigError::new("issuer", "must be an https URL (http only on a loopback host), without query or fragment"));
        }
        if self.audience.as_ref().is_some_and(|a| a.trim().is_empty()) {
            return Err(ConfigError::new("audience", "must not be empty"));
        }
        if let Some(url) = &self.login_url {
            let ok = url::Url::parse(url).is_ok_and(|u| {
                let loopback = matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
                u.scheme() == "https" || (u.scheme() == "http" && loopback)
            });
            if !ok {
                return Err(ConfigError::new("login_url", "must be an https URL (http only on a loopback host)"));
            }
        }
        at_most("clock_skew", self.clock_skew, Duration::from_secs(300))?;
        at_most("user_cache_max_age", self.user_cache_max_age, Duration::from_secs(3600))?;
        at_most("refresh_margin", self.refresh_margin, Duration::from_secs(3600))?;
        at_most("jwks_cooldown", self.jwks_cooldown, Duration::from_secs(3600))?;
        if self.user_cache_capacity == 0 {
            return Err(ConfigError::new("user_cache_capacity", "must be at least 1 (user_cache_max_age 0 turns the cache off)"));
        }
        self.cookies.check()
    }
}
