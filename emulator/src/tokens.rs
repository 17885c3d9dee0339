//! ID and access tokens: RS256 JWTs with the claims a SaaSus (Cognito) token carries, signed by
//! a key the emulator generates (once per data file, when it has one) and verified on every use.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// How long ID and access tokens live.
pub const TOKEN_TTL: i64 = 3600;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub iss: String,
    /// The SaaS the token was issued for (its SaaS ID); access tokens carry it as `client_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    pub exp: i64,
    pub iat: i64,
    /// `id` or `access`.
    pub token_use: String,
    /// The user's name in the pool: ID tokens call it `cognito:username`, access tokens `username`.
    #[serde(default, rename = "cognito:username", skip_serializing_if = "Option::is_none")]
    pub cognito_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Access tokens' scope (`aws.cognito.signin.user.admin`, as Cognito's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Makes two tokens issued in the same second differ.
    pub jti: String,
}

pub struct TokenKeys {
    kid: String,
    /// The public key's modulus and exponent, base64url: what the JWKS publishes.
    n: String,
    e: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// The private key as PKCS#8 PEM, to keep beside the data.
    pub pem: String,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl TokenKeys {
    /// A fresh 2048-bit RSA key.
    pub fn generate() -> Result<Self, String> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| "RSA key generation failed".to_string())?;
        let der = pair.as_der().map_err(|_| "RSA key encoding failed".to_string())?;
        // LF line ends, 64 characters a line: the layout data files have always had.
        let pem =
            pem::encode_config(&pem::Pem::new("PRIVATE KEY", der.as_ref()), pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF));
        Self::from_pem(&pem)
    }

    /// The key kept from an earlier run.
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        // The parser's error is left out: it can quote a character of the key.
        let der = pem::parse(pem).map_err(|_| "the token key is not PEM")?.into_contents();
        let pair = KeyPair::from_pkcs8(&der).map_err(|e| format!("the token key is not an RSA PKCS#8 key: {e}"))?;
        let encoding = EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| format!("the token key: {e}"))?;
        let public = pair.public_key();
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let (n, e) = (b64(public.modulus().big_endian_without_leading_zero()), b64(public.exponent().big_endian_without_leading_zero()));
        let der = public.as_ref().to_vec();
        let kid = b64(&der[der.len().saturating_sub(12)..]);
        Ok(TokenKeys { kid, n, e, encoding, decoding: DecodingKey::from_rsa_der(&der), pem: pem.to_string() })
    }

    pub fn sign(&self, claims: &Claims) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("an RS256 key signs any claims")
    }

    /// The key set the issuer publishes at `<iss>/.well-known/jwks.json`, as Cognito's.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [{ "alg": "RS256", "e": self.e, "kid": self.kid, "kty": "RSA", "n": self.n, "use": "sig" }] })
    }

    /// The claims of a token this key signed that has not expired, was issued for `saas_id`, and
    /// by `pool` under whatever URL the emulator had then (a restart on another port keeps the
    /// tokens of the data file's key good, as the platform's outlive a deploy).
    pub fn verify(&self, token: &str, pool: &str, saas_id: &str) -> Option<Claims> {
        let mut v = Validation::new(Algorithm::RS256);
        v.leeway = 0;
        v.set_required_spec_claims(&["exp", "iss", "sub"]);
        // ID tokens name the SaaS as audience, access tokens as client_id: checked below.
        v.validate_aud = false;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &v).ok()?.claims;
        let for_saas = claims.aud.as_deref() == Some(saas_id) || claims.client_id.as_deref() == Some(saas_id);
        let by_pool = claims.iss.strip_suffix(pool).is_some_and(|base| base.ends_with("/cognito-idp/"));
        (for_saas && by_pool).then_some(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::TokenKeys;

    #[test]
    fn the_key_is_kept_as_pem_and_read_back() {
        let keys = TokenKeys::generate().unwrap();
        let lines: Vec<&str> = keys.pem.lines().collect();
        assert_eq!((lines[0], lines[lines.len() - 1]), ("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"));
        assert!(keys.pem.ends_with("-----\n") && !keys.pem.contains('\r'));
        assert!(lines[1..lines.len() - 2].iter().all(|l| l.len() == 64) && lines[lines.len() - 2].len() <= 64);
        let again = TokenKeys::from_pem(&keys.pem).unwrap();
        assert_eq!((again.jwks(), &again.pem), (keys.jwks(), &keys.pem));
        let body = &lines[1];
        for bad in ["", "not pem", &keys.pem.replace(&body[..8], "!!!!!!!!")] {
            let e = TokenKeys::from_pem(bad).unwrap_err();
            assert!(!e.contains(&body[8..16]), "{e}");
        }
    }
}
