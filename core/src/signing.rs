//! SAASUSSIGV1: the HMAC-SHA256 request signature of every SaaSus API call (shared/spec/SIGNING.md).
//!
//! The signer and the verifier live together so that the SDK and the emulator can never disagree.

use crate::calendar::{civil_from_days, days_from_civil};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::{SystemTime, UNIX_EPOCH};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// The scheme name at the start of the `Authorization` header.
pub const SCHEME: &str = "SAASUSSIGV1";

/// A UTC minute, the unit a signature is valid for (formatted `YYYYMMDDHHMM`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minute(i64);

impl Minute {
    /// The minute `t` falls in.
    pub fn of(t: SystemTime) -> Minute {
        let secs = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            Err(e) => -(e.duration().as_secs() as i64),
        };
        Minute(secs.div_euclid(60))
    }

    pub fn now() -> Minute {
        Minute::of(SystemTime::now())
    }

    /// Parses `YYYYMMDDHHMM`; `None` when it is not a valid UTC minute.
    pub fn parse(s: &str) -> Option<Minute> {
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().ok();
        let (y, mo, d, h, mi) = (n(0..4)?, n(4..6)?, n(6..8)?, n(8..10)?, n(10..12)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 {
            return None;
        }
        Some(Minute((days_from_civil(y, mo as u32, d as u32)? * 24 + h) * 60 + mi))
    }

    /// Seconds since 1970-01-01T00:00Z at the minute's start.
    pub fn unix_seconds(self) -> i64 {
        self.0.saturating_mul(60)
    }

    pub fn offset(self, minutes: i64) -> Minute {
        Minute(self.0 + minutes)
    }

    /// `YYYYMMDDHHMM` in UTC.
    pub fn format(self) -> String {
        match self.digits() {
            Some(digits) => digits.iter().map(|&b| char::from(b)).collect(),
            None => {
                let (y, m, d, h, mi) = self.fields();
                format!("{y:04}{m:02}{d:02}{h:02}{mi:02}")
            }
        }
    }

    /// (year, month, day, hour, minute) in UTC.
    fn fields(self) -> (i64, i64, i64, i64, i64) {
        let in_day = self.0.rem_euclid(24 * 60);
        let (y, m, d) = civil_from_days(self.0.div_euclid(24 * 60));
        (y, i64::from(m), i64::from(d), in_day / 60, in_day % 60)
    }

    /// [`Minute::format`] without allocating, for the years 0 to 9999 (`None` for the others,
    /// which do not fit twelve digits).
    fn digits(self) -> Option<[u8; 12]> {
        let (y, m, d, h, mi) = self.fields();
        if !(0..=9999).contains(&y) {
            return None;
        }
        let mut out = [0u8; 12];
        for (range, mut v) in [(0..4, y), (4..6, m), (6..8, d), (8..10, h), (10..12, mi)] {
            for b in out[range].iter_mut().rev() {
                *b = b'0' + (v % 10) as u8;
                v /= 10;
            }
        }
        Some(out)
    }
}

/// The exact string that is signed: minute, API key, upper-case method, the URL without its
/// scheme (`host[:port]/path[?query]` as sent), and the body as sent.
pub fn message(minute: Minute, api_key: &str, method: &str, url_without_scheme: &str, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(32 + api_key.len() + url_without_scheme.len() + body.len());
    message_parts(minute, api_key, method, url_without_scheme, body, |part| m.extend_from_slice(part));
    m
}

/// Hands the signed message to `sink` part by part, with no copy of the whole: the one
/// definition of the message, for [`message`] and for the MAC.
fn message_parts(minute: Minute, api_key: &str, method: &str, url_without_scheme: &str, body: &[u8], mut sink: impl FnMut(&[u8])) {
    match minute.digits() {
        Some(digits) => sink(&digits),
        None => sink(minute.format().as_bytes()),
    }
    sink(api_key.as_bytes());
    if method.bytes().any(|b| b.is_ascii_lowercase()) {
        let mut upper = [0u8; 16];
        for chunk in method.as_bytes().chunks(upper.len()) {
            let upper = &mut upper[..chunk.len()];
            upper.copy_from_slice(chunk);
            upper.make_ascii_uppercase();
            sink(upper);
        }
    } else {
        sink(method.as_bytes());
    }
    sink(url_without_scheme.as_bytes());
    sink(body);
}

/// The HMAC keyed once with the secret key, for signing or verifying many requests: each one
/// starts from a copy of the keyed state instead of hashing the key again. Its `Debug` shows
/// nothing of the key.
#[derive(Clone)]
pub struct Signer {
    keyed: HmacSha256,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").finish_non_exhaustive()
    }
}

impl Signer {
    pub fn new(secret_key: &str) -> Signer {
        // HMAC takes keys of any length, so this cannot fail.
        Signer { keyed: HmacSha256::new_from_slice(secret_key.as_bytes()).expect("HMAC accepts any key length") }
    }

    fn digest(&self, minute: Minute, api_key: &str, method: &str, url_without_scheme: &str, body: &[u8]) -> [u8; 32] {
        let mut mac = self.keyed.clone();
        message_parts(minute, api_key, method, url_without_scheme, body, |part| mac.update(part));
        mac.finalize().into_bytes().into()
    }

    /// The lower-case hex signature of one request, as [`signature`].
    pub fn signature(&self, minute: Minute, api_key: &str, method: &str, url_without_scheme: &str, body: &[u8]) -> String {
        let mut out = String::with_capacity(64);
        push_hex(&mut out, &self.digest(minute, api_key, method, url_without_scheme, body));
        out
    }

    /// The whole `Authorization` header value of one request, as [`authorization`] of
    /// [`signature`], in one allocation.
    pub fn authorization(
        &self,
        minute: Minute,
        saas_id: &str,
        api_key: &str,
        method: &str,
        url_without_scheme: &str,
        body: &[u8],
    ) -> String {
        let digest = self.digest(minute, api_key, method, url_without_scheme, body);
        let mut out = String::with_capacity(authorization_len(64, saas_id, api_key));
        out.push_str(SCHEME);
        out.push_str(" Sig=");
        push_hex(&mut out, &digest);
        push_authorization_rest(&mut out, saas_id, api_key);
        out
    }

    /// Checks a signature as [`verify`] does, with this signer's key.
    #[allow(clippy::too_many_arguments)]
    pub fn verify(
        &self,
        auth: &ParsedAuthorization,
        expected_api_key: &str,
        expected_saas_id: &str,
        now: Minute,
        method: &str,
        url_without_scheme: &str,
        body: &[u8],
    ) -> Result<(), VerifyError> {
        let key_ok: bool = auth.api_key.as_bytes().ct_eq(expected_api_key.as_bytes()).into();
        let saas_ok: bool = auth.saas_id.as_bytes().ct_eq(expected_saas_id.as_bytes()).into();
        if !(key_ok && saas_ok) {
            return Err(VerifyError::UnknownKey);
        }
        let mut given = [0u8; 32];
        if hex::decode_to_slice(&auth.signature, &mut given).is_err() {
            return Err(VerifyError::BadSignature);
        }
        // The current minute first, its neighbours only when it does not match: a request signed
        // this minute (nearly all) costs one MAC, not three. Which minute matched is no secret;
        // each comparison stays constant-time, so a forged signature learns nothing of the key.
        for skew in [0, -1, 1] {
            if bool::from(self.digest(now.offset(skew), &auth.api_key, method, url_without_scheme, body)[..].ct_eq(&given[..])) {
                return Ok(());
            }
        }
        Err(VerifyError::BadSignature)
    }
}

/// Appends the lower-case hex of a digest, encoded on the stack first.
fn push_hex(out: &mut String, digest: &[u8; 32]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = [0u8; 64];
    for (pair, &b) in hex.chunks_exact_mut(2).zip(digest) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 0xf)];
    }
    out.push_str(std::str::from_utf8(&hex).expect("hex digits are ASCII"));
}

fn authorization_len(signature_len: usize, saas_id: &str, api_key: &str) -> usize {
    SCHEME.len() + " Sig=".len() + signature_len + ", SaaSID=".len() + saas_id.len() + ", APIKey=".len() + api_key.len()
}

fn push_authorization_rest(out: &mut String, saas_id: &str, api_key: &str) {
    out.push_str(", SaaSID=");
    out.push_str(saas_id);
    out.push_str(", APIKey=");
    out.push_str(api_key);
}

/// The lower-case hex signature of one request. Keys the HMAC each time: to sign many
/// requests with one key, keep a [`Signer`].
pub fn signature(secret_key: &str, minute: Minute, api_key: &str, method: &str, url_without_scheme: &str, body: &[u8]) -> String {
    Signer::new(secret_key).signature(minute, api_key, method, url_without_scheme, body)
}

/// The whole `Authorization` header value.
pub fn authorization(signature: &str, saas_id: &str, api_key: &str) -> String {
    let mut out = String::with_capacity(authorization_len(signature.len(), saas_id, api_key));
    out.push_str(SCHEME);
    out.push_str(" Sig=");
    out.push_str(signature);
    push_authorization_rest(&mut out, saas_id, api_key);
    out
}

/// The URL without its scheme and `://`, as SIGNING.md defines the signed part of the URL.
pub fn url_without_scheme(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

/// The three fields of a parsed `Authorization: SAASUSSIGV1 …` header.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedAuthorization {
    pub signature: String,
    pub saas_id: String,
    pub api_key: String,
}

impl std::fmt::Debug for ParsedAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParsedAuthorization").field("saas_id", &self.saas_id).field("api_key", &self.api_key).finish_non_exhaustive()
    }
}

/// Parses `SAASUSSIGV1 Sig=…, SaaSID=…, APIKey=…`; the three parts may come in any order.
pub fn parse_authorization(header: &str) -> Option<ParsedAuthorization> {
    let rest = header.trim().strip_prefix(SCHEME)?.strip_prefix(' ')?;
    let (mut sig, mut saas, mut key) = (None, None, None);
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        let slot = match k {
            "Sig" => &mut sig,
            "SaaSID" => &mut saas,
            "APIKey" => &mut key,
            _ => return None,
        };
        if slot.replace(v.to_string()).is_some() {
            return None;
        }
    }
    Some(ParsedAuthorization { signature: sig?, saas_id: saas?, api_key: key? })
}

/// Why a request's signature was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// No `Authorization` header, or not of the SAASUSSIGV1 form.
    Malformed,
    /// The API key or SaaS ID is not the one this verifier knows.
    UnknownKey,
    /// No minute in the accepted window gives this signature.
    BadSignature,
}

/// Checks a signature against the minute `now` and its neighbours (clock skew at a minute
/// boundary), comparing in constant time so the comparison leaks nothing about the secret.
/// Keys the HMAC once per call: a server checking many requests can keep a [`Signer`].
#[allow(clippy::too_many_arguments)]
pub fn verify(
    auth: &ParsedAuthorization,
    expected_api_key: &str,
    expected_saas_id: &str,
    secret_key: &str,
    now: Minute,
    method: &str,
    url_without_scheme: &str,
    body: &[u8],
) -> Result<(), VerifyError> {
    Signer::new(secret_key).verify(auth, expected_api_key, expected_saas_id, now, method, url_without_scheme, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_round_trips_and_rejects_nonsense() {
        for s in ["202611221015", "202612312359", "202601010000", "200002290000", "197001010000"] {
            assert_eq!(Minute::parse(s).unwrap().format(), s);
        }
        assert_eq!(Minute::parse("202612312359").unwrap().offset(1).format(), "202701010000");
        for bad in ["", "2026112210155", "20261122101x", "202613011015", "202611221060"] {
            assert!(Minute::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Minute::of(UNIX_EPOCH).format(), "197001010000");
        // Twelve digits from the year 0 to 9999; the years beyond are still formatted.
        let y10k = Minute::parse("999912312359").unwrap().offset(1);
        assert_eq!(y10k.format(), "1000001010000");
        for m in [Minute::parse("000001010000").unwrap(), y10k.offset(-1), Minute::now(), y10k, Minute(-1)] {
            let (y, mo, d, h, mi) = m.fields();
            assert_eq!(m.format(), format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}"), "{m:?}");
        }
    }

    #[test]
    fn signer_agrees_with_the_functions_and_keeps_its_key_out_of_debug() {
        let (secret, minute, key) = ("a-secret-key-longer-than-one-block-of-sha-256-which-is-64-bytes-long", Minute::now(), "k");
        for (method, url, body) in [("GET", "h/p", &b""[..]), ("post", "h:1/p?q=1", b"{}"), ("m-s-e-a-r-c-h-with-a-long-name", "h", b"x")] {
            let signer = Signer::new(secret);
            let sig = signer.signature(minute, key, method, url, body);
            let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
            mac.update(&message(minute, key, method, url, body));
            assert_eq!(sig, hex::encode(mac.finalize().into_bytes()));
            assert_eq!(sig, signature(secret, minute, key, method, url, body));
            assert_eq!(signer.authorization(minute, "s", key, method, url, body), authorization(&sig, "s", key));
            let parsed = parse_authorization(&authorization(&sig, "s", key)).unwrap();
            assert_eq!(signer.verify(&parsed, key, "s", minute.offset(1), method, url, body), Ok(()));
            assert_eq!(signer.verify(&parsed, key, "s", minute.offset(2), method, url, body), Err(VerifyError::BadSignature));
            assert_eq!(verify(&parsed, key, "s", "other", minute, method, url, body), Err(VerifyError::BadSignature));
            assert_eq!(verify(&parsed, key, "t", secret, minute, method, url, body), Err(VerifyError::UnknownKey));
            assert!(!format!("{signer:?}").contains("secret"));
        }
        assert!(message(Minute::now(), "k", "post", "h", b"").windows(4).any(|w| w == b"POST"));
    }

    #[test]
    fn parses_authorization_in_any_order_and_rejects_others() {
        let p = parse_authorization("SAASUSSIGV1 APIKey=k, Sig=ab, SaaSID=s").unwrap();
        assert_eq!((p.signature.as_str(), p.saas_id.as_str(), p.api_key.as_str()), ("ab", "s", "k"));
        assert!(parse_authorization("Bearer x").is_none());
        assert!(parse_authorization("SAASUSSIGV1 Sig=a, SaaSID=s").is_none());
        assert!(parse_authorization("SAASUSSIGV1 Sig=a, Sig=b, SaaSID=s, APIKey=k").is_none());
        assert!(!format!("{p:?}").contains("ab"), "the signature stays out of Debug");
    }
}
