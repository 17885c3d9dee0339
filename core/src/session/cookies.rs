//! The session's cookies: the ID token, the refresh token and the sign-in's state, each HttpOnly
//! and SameSite=Lax (sent on the top-level navigation back from the login page, not on a
//! cross-site POST), Secure unless turned off for plain-HTTP development.

use cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use std::time::Duration;

/// The cookies' names and attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieOptions {
    /// The ID token's cookie (`saasus_id_token`).
    pub id_token: String,
    /// The refresh token's cookie (`saasus_refresh_token`).
    pub refresh_token: String,
    /// The sign-in state's cookie (`saasus_login_state`), alive for ten minutes.
    pub state: String,
    /// `Path` of the session's cookies (`/`). Narrow it to where the helpers run (`/app`) to keep
    /// the tokens away from the rest of the site; the refresh happens only there.
    pub path: String,
    /// `Domain`, when the cookies should reach subdomains; none by default (this host only).
    pub domain: Option<String>,
    /// `Secure` (true): the cookies travel over HTTPS only. Off only for http://localhost.
    pub secure: bool,
    /// How long the session's cookies live in the browser (30 days, Cognito's default refresh
    /// token validity); the refresh token decides how long the session really lasts.
    pub max_age: Duration,
}

impl Default for CookieOptions {
    fn default() -> Self {
        CookieOptions {
            id_token: "saasus_id_token".into(),
            refresh_token: "saasus_refresh_token".into(),
            state: "saasus_login_state".into(),
            path: "/".into(),
            domain: None,
            secure: true,
            max_age: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// How long a sign-in may take between the redirect to the login page and the callback.
pub(crate) const STATE_MAX_AGE: Duration = Duration::from_secs(600);

impl CookieOptions {
    pub(crate) fn check(&self) -> Result<(), crate::ConfigError> {
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$&'*+-.^_`|~".contains(c);
        for (field, name) in
            [("cookies.id_token", &self.id_token), ("cookies.refresh_token", &self.refresh_token), ("cookies.state", &self.state)]
        {
            if name.is_empty() || !name.chars().all(token) {
                return Err(crate::ConfigError::new(field, "must be a cookie name: letters, digits and !#$&'*+-.^_`|~"));
            }
        }
        if self.id_token == self.refresh_token || self.id_token == self.state || self.refresh_token == self.state {
            return Err(crate::ConfigError::new("cookies", "the ID token's, refresh token's and state's cookies need three names"));
        }
        if !self.path.starts_with('/') || self.path.contains([';', ' ', ',']) || self.path.chars().any(char::is_control) {
            return Err(crate::ConfigError::new("cookies.path", "must be a path starting with /"));
        }
        if let Some(d) = &self.domain
            && (d.is_empty() || !d.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        {
            return Err(crate::ConfigError::new("cookies.domain", "must be a host name"));
        }
        if self.max_age.is_zero() {
            return Err(crate::ConfigError::new("cookies.max_age", "must be more than 0"));
        }
        Ok(())
    }

    fn build(&self, name: &str, value: String, max_age: Duration) -> String {
        let mut c = Cookie::build((name.to_string(), value))
            .path(self.path.clone())
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .max_age(CookieDuration::seconds(max_age.as_secs() as i64));
        if let Some(d) = &self.domain {
            c = c.domain(d.clone());
        }
        c.build().to_string()
    }

    pub(crate) fn id_token_cookie(&self, token: &str) -> String {
        self.build(&self.id_token, token.into(), self.max_age)
    }

    pub(crate) fn refresh_token_cookie(&self, token: &str) -> String {
        self.build(&self.refresh_token, token.into(), self.max_age)
    }

    pub(crate) fn state_cookie(&self, state: &str) -> String {
        self.build(&self.state, state.into(), STATE_MAX_AGE)
    }

    /// Set-Cookie headers that make the browser drop the named cookie.
    pub(crate) fn clearing(&self, name: &str) -> String {
        self.build(name, String::new(), Duration::ZERO)
    }

    /// Set-Cookie headers that end the session.
    pub(crate) fn clear_session(&self) -> Vec<String> {
        vec![self.clearing(&self.id_token), self.clearing(&self.refresh_token)]
    }
}

/// The value of cookie `name` in `Cookie` header values (the first, if repeated); malformed
/// pairs are skipped, as browsers and servers do.
pub(crate) fn read(cookie_headers: &[&str], name: &str) -> Option<String> {
    cookie_headers
        .iter()
        .flat_map(|h| Cookie::split_parse(h.to_string()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_httponly_lax_secure_cookies_and_reads_them_back() {
        let o = CookieOptions::default();
        let set = o.id_token_cookie("a.b.c");
        for part in ["saasus_id_token=a.b.c", "HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age=2592000"] {
            assert!(set.contains(part), "{set}");
        }
        assert!(o.clearing("saasus_id_token").contains("Max-Age=0"));
        assert_eq!(read(&["x=1; saasus_id_token=a.b.c; bad", "saasus_id_token=later"], "saasus_id_token").as_deref(), Some("a.b.c"));
        assert_eq!(read(&["saasus_id_token="], "saasus_id_token"), None);
    }

    #[test]
    fn refuses_names_and_paths_that_would_break_the_header() {
        let bad = |f: fn(&mut CookieOptions)| {
            let mut o = CookieOptions::default();
            f(&mut o);
            o.check().unwrap_err().field
        };
        assert_eq!(bad(|o| o.id_token = "a b".into()), "cookies.id_token");
        assert_eq!(bad(|o| o.refresh_token = "saasus_id_token".into()), "cookies");
        assert_eq!(bad(|o| o.path = "app".into()), "cookies.path");
        assert_eq!(bad(|o| o.domain = Some("a;b".into())), "cookies.domain");
    }
}
