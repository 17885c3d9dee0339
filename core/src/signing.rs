//! SAASUSSIGV1: the HMAC-SHA256 request signature of every SaaSus API call (shared/spec/SIGNING.md).
//!
//! The signer and the verifier live together so that the SDK and the emulator can never disagree.

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
        Some(Minute((days_from_civil(y, mo, d) * 24 + h) * 60 + mi))
    }

    pub fn offset(self, minutes: i64) -> Minute {
        Minute(self.0 + minutes)
    }

    /// `YYYYMMDDHHMM` in UTC.
    pub fn format(self) -> String {
        let days = self.0.div_euclid(24 * 60);
        let in_day = self.0.rem_euclid(24 * 60);
        let (y, m, d) = civil_from_days(days);
        format!("{y:04}{m:02}{d:02}{:02}{:02}", in_day / 60, in_day % 60)
    }
}

// Howard Hinnant's civil calendar algorithms: exact for the proleptic Gregorian calendar,
// and small enough not to need a date crate for one timestamp format.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// The exact string that is signed: minute, API key, upper-case method, the URL without its
/// scheme (`host[:port]/path[?query]` as sent), and the body as sent.
pub fn message(minute: Minute, api_key: &str, method: &str, url_without_scheme: &str, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(32 + api_key.len() + url_without_scheme.len() + body.len());
    m.extend_from_slice(minute.format().as_bytes());
    m.extend_from_slice(api_key.as_bytes());
    m.extend_from_slice(method.to_ascii_uppercase().as_bytes());
    m.extend_from_slice(url_without_scheme.as_bytes());
    m.extend_from_slice(body);
    m
}

fn mac(secret_key: &str, msg: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret_key.as_bytes()).expect("HMAC accepts any key length");
    mac.update(msg);
    mac
}

/// The lower-case hex signature of one request.
pub fn signature(secret_key: &str, minute: Minute, api_key: &str, method: &str, url_without_scheme: &str, body: &[u8]) -> String {
    hex::encode(mac(secret_key, &message(minute, api_key, method, url_without_scheme, body)).finalize().into_bytes())
}

/// The whole `Authorization` header value.
pub fn authorization(signature: &str, saas_id: &str, api_key: &str) -> String {
    format!("{SCHEME} Sig={signature}, SaaSID={saas_id}, APIKey={api_key}")
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
    let key_ok: bool = auth.api_key.as_bytes().ct_eq(expected_api_key.as_bytes()).into();
    let saas_ok: bool = auth.saas_id.as_bytes().ct_eq(expected_saas_id.as_bytes()).into();
    if !(key_ok && saas_ok) {
        return Err(VerifyError::UnknownKey);
    }
    let Ok(given) = hex::decode(&auth.signature) else {
        return Err(VerifyError::BadSignature);
    };
    let mut ok = subtle::Choice::from(0);
    for skew in [-1, 0, 1] {
        let m = mac(secret_key, &message(now.offset(skew), &auth.api_key, method, url_without_scheme, body));
        ok |= m.finalize().into_bytes().as_slice().ct_eq(&given);
    }
    if ok.into() { Ok(()) } else { Err(VerifyError::BadSignature) }
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
