//! An ID token read before and after its signature is checked: the checks that need no key (size,
//! shape, algorithm, expiry) refuse a bad token before any call; the signature, issuer, audience
//! and use are checked against the issuer's key set when the issuer is known.

use super::failure::AuthFailure;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The longest token taken. Cognito's ID tokens are 1–2 KB, a few KB with many custom
/// attributes; a browser keeps at most 4 KB in a cookie.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// The claims of a SaaSus (Cognito) ID token that decide whether it is accepted.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Claims {
    #[serde(default)]
    pub sub: String,
    #[serde(default)]
    pub iss: String,
    #[serde(default)]
    pub aud: Option<String>,
    #[serde(default)]
    pub exp: i64,
    #[serde(default)]
    pub iat: i64,
    #[serde(default)]
    pub token_use: Option<String>,
}

/// A token that passed the checks that need no key, and its claims as it states them.
#[derive(Clone, Debug)]
pub(crate) struct Unverified {
    pub kid: Option<String>,
    pub claims: Claims,
}

pub(crate) fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Size, shape (three base64url parts), `alg` RS256 (so never `none` or a shared-key algorithm)
/// and readable claims; else a refusal saying which.
pub(crate) fn peek(token: &str) -> Result<Unverified, AuthFailure> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(AuthFailure::unauthorized(format!("the ID token is longer than {MAX_TOKEN_BYTES} bytes")));
    }
    let parts = token.split('.').count();
    let base64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    if parts != 3 || !token.chars().all(base64url) {
        return Err(AuthFailure::unauthorized("the ID token is not a JWT"));
    }
    let header = jsonwebtoken::decode_header(token).map_err(|_| AuthFailure::unauthorized("the ID token's header is not readable"))?;
    if header.alg != Algorithm::RS256 {
        return Err(AuthFailure::unauthorized(format!("the ID token is signed with {:?}, not RS256", header.alg)));
    }
    let claims = jsonwebtoken::dangerous::insecure_decode::<Claims>(token)
        .map_err(|_| AuthFailure::unauthorized("the ID token's claims are not readable"))?
        .claims;
    Ok(Unverified { kid: header.kid, claims })
}

impl Unverified {
    /// Refuses a token past its `exp` (with `skew`), or issued in the future.
    pub fn check_times(&self, skew: Duration) -> Result<(), AuthFailure> {
        let (now, skew) = (now(), skew.as_secs() as i64);
        if self.claims.exp + skew < now {
            return Err(AuthFailure::unauthorized("the ID token has expired"));
        }
        if self.claims.iat > now + skew {
            return Err(AuthFailure::unauthorized("the ID token was issued in the future"));
        }
        Ok(())
    }

    /// Whether the token should be replaced now: expired, or within a quarter of its life (at
    /// most `margin`) of it.
    pub fn expiring(&self, margin: Duration) -> bool {
        let life = (self.claims.exp - self.claims.iat).max(0);
        let margin = (margin.as_secs() as i64).min(life / 4);
        self.claims.exp - margin <= now()
    }
}

/// Who issues the SaaS's ID tokens, and for whom.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Issuer {
    pub iss: String,
    pub audience: Option<String>,
}

/// The signature against `key`, then `iss`, `aud` (when known), `exp`/`iat` with `skew`, and
/// `token_use` = `id`.
pub(crate) fn verify(token: &str, key: &DecodingKey, issuer: &Issuer, skew: Duration) -> Result<Claims, AuthFailure> {
    let mut v = Validation::new(Algorithm::RS256);
    v.leeway = skew.as_secs();
    v.set_issuer(&[&issuer.iss]);
    v.set_required_spec_claims(&["exp", "iss", "sub"]);
    match &issuer.audience {
        Some(aud) => v.set_audience(&[aud]),
        None => v.validate_aud = false,
    }
    let claims = jsonwebtoken::decode::<Claims>(token, key, &v)
        .map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            AuthFailure::unauthorized(match e.kind() {
                K::ExpiredSignature => "the ID token has expired",
                K::InvalidIssuer => "the ID token is from another issuer",
                K::InvalidAudience => "the ID token is for another audience",
                K::InvalidSignature => "the ID token's signature does not verify",
                _ => "the ID token is not valid",
            })
        })?
        .claims;
    if claims.token_use.as_deref() != Some("id") {
        return Err(AuthFailure::unauthorized("the token is not an ID token (token_use)"));
    }
    if claims.iat > now() + skew.as_secs() as i64 {
        return Err(AuthFailure::unauthorized("the ID token was issued in the future"));
    }
    Ok(claims)
}

/// Whether `iss` may be learned as the SaaS's issuer: an https URL, or http on a loopback host
/// (the emulator). Its key set is fetched from it.
pub(crate) fn fetchable_issuer(iss: &str) -> bool {
    let Ok(url) = url::Url::parse(iss) else { return false };
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    url.query().is_none() && url.fragment().is_none() && (url.scheme() == "https" || (url.scheme() == "http" && loopback))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn refuses_before_any_call() {
        let claims = b64(r#"{"sub":"u","exp":9999999999,"iat":1}"#);
        let none = format!("{}.{claims}.", b64(r#"{"alg":"none"}"#));
        let hs = format!("{}.{claims}.c2ln", b64(r#"{"alg":"HS256"}"#));
        for (token, why) in
            [("", "not a JWT"), ("a.b", "not a JWT"), ("a.b.c d", "not a JWT"), (none.as_str(), "header"), (hs.as_str(), "HS256")]
        {
            let e = peek(token).unwrap_err();
            assert!(e.to_string().contains(why), "{token}: {e}");
        }
        let long = format!("{}.{}.sig", b64(r#"{"alg":"RS256"}"#), "a".repeat(MAX_TOKEN_BYTES));
        assert!(peek(&long).unwrap_err().to_string().contains("longer than"));
        let rs = format!("{}.{claims}.c2ln", b64(r#"{"alg":"RS256","kid":"k"}"#));
        let t = peek(&rs).unwrap();
        assert_eq!((t.kid.as_deref(), t.claims.sub.as_str()), (Some("k"), "u"));
    }

    #[test]
    fn learns_only_issuers_it_can_fetch_safely() {
        assert!(fetchable_issuer("https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_abc"));
        assert!(fetchable_issuer("http://127.0.0.1:4010/cognito-idp/ap-northeast-1_abc"));
        assert!(!fetchable_issuer("http://example.com/pool"));
        assert!(!fetchable_issuer("file:///etc/passwd"));
        assert!(!fetchable_issuer("https://x/?q=1"));
    }
}
