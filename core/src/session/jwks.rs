//! The issuer's key set (`<iss>/.well-known/jwks.json`), fetched once and again only for a key id
//! it does not hold, at most once per cooldown, as aws-jwt-verify does: a flood of tokens with
//! made-up key ids costs one fetch per cooldown, not one each.

use super::failure::AuthFailure;
use crate::client::Client;
use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::JwkSet;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The largest key set read (Cognito's has two keys, under 1 KB).
const MAX_JWKS_BYTES: usize = 64 * 1024;

pub(crate) struct Jwks {
    url: String,
    cooldown: Duration,
    keys: Mutex<Keys>,
    /// One fetch at a time; the others wait for it and read its keys.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Keys {
    by_kid: HashMap<String, DecodingKey>,
    fetched_at: Option<Instant>,
    /// The last fetch's failure, answered again until the cooldown passes.
    failed: Option<AuthFailure>,
}

/// What looking a key up found.
pub(crate) enum Lookup {
    Key(DecodingKey),
    /// The set, fetched within the cooldown, has no such key.
    Unknown,
}

impl Jwks {
    pub fn new(issuer: &str, cooldown: Duration) -> Self {
        Jwks {
            url: format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/')),
            cooldown,
            keys: Mutex::default(),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// The answer from what is held, or `None` when the set should be fetched.
    fn cached(&self, kid: &str) -> Option<Result<Lookup, AuthFailure>> {
        let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = keys.by_kid.get(kid) {
            return Some(Ok(Lookup::Key(k.clone())));
        }
        if keys.fetched_at.is_some_and(|at| at.elapsed() < self.cooldown) {
            return Some(keys.failed.clone().map_or(Ok(Lookup::Unknown), Err));
        }
        None
    }

    /// The key `kid` names; the set fetched if it is not held and the cooldown allows.
    pub async fn key(&self, client: &Client, kid: &str) -> Result<Lookup, AuthFailure> {
        if let Some(answer) = self.cached(kid) {
            return answer;
        }
        let _one = self.fetching.lock().await;
        // Fetched by another caller while this one waited?
        if let Some(answer) = self.cached(kid) {
            return answer;
        }
        let fetched = self.fetch(client).await;
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys.fetched_at = Some(Instant::now());
        match fetched {
            Ok(by_kid) => {
                keys.by_kid = by_kid;
                keys.failed = None;
                Ok(keys.by_kid.get(kid).cloned().map_or(Lookup::Unknown, Lookup::Key))
            }
            Err(e) => {
                // The keys held stay: a failed refetch does not forget a good set.
                keys.failed = Some(e.clone());
                Err(e)
            }
        }
    }

    async fn fetch(&self, client: &Client) -> Result<HashMap<String, DecodingKey>, AuthFailure> {
        let body = client.fetch_public(&self.url, MAX_JWKS_BYTES).await.map_err(|cause| AuthFailure::Unavailable { cause })?;
        let undecodable = |message: String| AuthFailure::Unavailable {
            cause: crate::Error::Decode { status: 200, message: format!("the issuer's key set: {message}"), trace_id: None },
        };
        let set: JwkSet = serde_json::from_slice(&body).map_err(|e| undecodable(e.to_string()))?;
        let keys: HashMap<String, DecodingKey> =
            set.keys.iter().filter_map(|jwk| Some((jwk.common.key_id.clone()?, DecodingKey::from_jwk(jwk).ok()?))).collect();
        if keys.is_empty() {
            return Err(undecodable("no usable key".into()));
        }
        Ok(keys)
    }
}
