//! Signing in and out: the redirect to the hosted login page with a `state` bound to this browser
//! (a short-lived cookie), the callback that refuses a code this browser did not ask for, and the
//! sign-out that clears the session's cookies.

use super::{AuthFailure, Authenticator, Denied, Headers, cookies, digest, header_values, token};
use subtle::ConstantTimeEq;

/// Where to send the browser to sign in, and the cookie that binds the sign-in to it.
#[derive(Clone, PartialEq)]
pub struct SignInRedirect {
    pub location: String,
    pub set_cookie: String,
}

impl std::fmt::Debug for SignInRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInRedirect").field("location", &"***").field("set_cookie", &"***").finish()
    }
}

/// A completed sign-in: the user's id and the `Set-Cookie` headers of the new session.
#[derive(Clone, PartialEq)]
pub struct SignedIn {
    pub user_id: String,
    pub set_cookies: Vec<String>,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn").field("user_id", &self.user_id).field("set_cookies", &self.set_cookies.len()).finish()
    }
}

/// The longest temp code taken.
const MAX_CODE_BYTES: usize = 1024;

/// 32 random bytes from the operating system's CSPRNG, as hex.
fn random_state() -> Result<String, AuthFailure> {
    let mut bytes = [0u8; 32];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| AuthFailure::Misconfigured {
        cause: crate::Error::Config(crate::ConfigError::new("state", "the system's random number generator failed")),
    })?;
    Ok(hex::encode(bytes))
}

/// The temp code, trimmed, if it can be one; else a 400 naming the rule.
pub(super) fn checked_code(code: Option<&str>) -> Result<&str, AuthFailure> {
    let code = code.map(str::trim).unwrap_or_default();
    if code.is_empty() {
        return Err(AuthFailure::bad_request("code: is required (the hosted login page's temp code)"));
    }
    if code.len() > MAX_CODE_BYTES || !code.chars().all(|c| c.is_ascii_graphic()) {
        return Err(AuthFailure::bad_request(format!("code: must be at most {MAX_CODE_BYTES} visible ASCII characters")));
    }
    Ok(code)
}

impl Authenticator {
    /// The redirect to the hosted login page (`login_url`, with `state=`), and the cookie holding
    /// that state for ten minutes.
    pub fn begin_sign_in(&self) -> Result<SignInRedirect, AuthFailure> {
        let Some(login_url) = &self.inner.options.login_url else {
            return Err(AuthFailure::Misconfigured {
                cause: crate::Error::Config(crate::ConfigError::new(
                    "login_url",
                    "is not set: the hosted login page's URL is needed to sign in",
                )),
            });
        };
        let state = random_state()?;
        let mut location = url::Url::parse(login_url)
            .map_err(|e| AuthFailure::Misconfigured { cause: crate::Error::Config(crate::ConfigError::new("login_url", e.to_string())) })?;
        location.query_pairs_mut().append_pair("state", &state);
        Ok(SignInRedirect { location: location.into(), set_cookie: self.inner.options.cookies.state_cookie(&state) })
    }

    /// The callback: `code` and `state` from its query, the request's headers. Refuses a malformed
    /// code (400), a browser that did not start this sign-in — no state cookie, or a `state` that
    /// is not its (401) — then exchanges the code for the session's cookies.
    pub async fn complete_sign_in(&self, code: Option<&str>, state: Option<&str>, headers: &Headers<'_>) -> Result<SignedIn, Denied> {
        let o = &self.inner.options.cookies;
        let code = checked_code(code)?;
        let clear_state = o.clearing(&o.state);
        let refused = |reason: &str| Denied { failure: AuthFailure::unauthorized(reason), set_cookies: vec![clear_state.clone()] };
        let Some(expected) = cookies::read(&header_values(headers, "cookie"), &o.state) else {
            return Err(refused("this sign-in was not started in this browser (no state cookie): sign in again"));
        };
        if let Some(state) = state
            && !bool::from(state.as_bytes().ct_eq(expected.as_bytes()))
        {
            return Err(refused("the sign-in's state is not this browser's: sign in again"));
        }
        let creds = self
            .scoped(headers)
            .exchange_temp_code(code)
            .await
            .map_err(|e| AuthFailure::of_call(e, "the sign-in code was refused (expired, or used already)"))
            .map_err(|failure| Denied { set_cookies: if failure.status() == 401 { vec![clear_state.clone()] } else { vec![] }, failure })?;
        let user_id = token::peek(&creds.id_token).map(|t| t.claims.sub).unwrap_or_default();
        let mut set_cookies = vec![clear_state.clone(), o.id_token_cookie(&creds.id_token)];
        if let Some(r) = &creds.refresh_token {
            set_cookies.push(o.refresh_token_cookie(r));
        }
        Ok(SignedIn { user_id, set_cookies })
    }

    /// Ends the request's session: the `Set-Cookie` headers that clear its cookies. What was cached
    /// for its tokens goes too.
    pub fn sign_out(&self, headers: &Headers<'_>) -> Vec<String> {
        let o = &self.inner.options.cookies;
        let cookie_headers = header_values(headers, "cookie");
        if let Some(id) = cookies::read(&cookie_headers, &o.id_token) {
            let d = digest(&id);
            self.inner.users.remove_where(|k, _| *k == super::UserKey::Token(d));
            if let Ok(t) = token::peek(&id) {
                self.forget_user(&t.claims.sub);
            }
        }
        if let Some(r) = cookies::read(&cookie_headers, &o.refresh_token) {
            let d = digest(&r);
            self.inner.refreshed.remove_where(|k, _| *k == d);
        }
        o.clear_session()
    }
}
