//! The ApiLog API (paths relative to `/v1/apilog`): the emulator's own record of the signed
//! requests it served, and its `error` tag.
//!
//! [`record`] sits on every other API just inside the signature check: every request whose
//! signature verified is logged with the answer its caller got (an injected fault included), so
//! a test can assert what its code called. Reading the log is not logged itself.
//! At most [`MAX_API_LOGS`] logs are kept, the oldest dropped first; each body is kept up to
//! [`MAX_LOGGED_BODY`] bytes.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Path, QueryParams};
use crate::listener::ClientAddr;
use crate::server::AppState;
use crate::state::{MAX_API_LOGS, now, request_id};
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, OriginalUri, Request, State};
use axum::http::{HeaderMap, HeaderName, header};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use saasus::apilog::*;
use saasus::calendar::{civil_from_days, days_from_civil};

/// How many bytes of each request and response body a log keeps.
pub const MAX_LOGGED_BODY: usize = 16 << 10;
/// How long the platform would keep a log (its `ttl`), in seconds: 30 days.
const LOG_RETENTION: i64 = 30 * 86_400;
/// Logs per page when `limit` is not given.
const DEFAULT_LIMIT: usize = 100;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/logs", get(get_logs)).route("/logs/{api_log_id}", get(get_log)).merge(super::error::routes())
}

/// Logs the request and the answer it got (see the module's description).
pub(crate) async fn record(app: &AppState, req: Request, next: impl AsyncFnOnce(Request) -> Response) -> Response {
    let (parts, body) = req.into_parts();
    // The signature check has read the body whole already (and refused it over 1 MiB).
    let request_body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |o| &o.0);
    // Tokens and codes in the query are shown as `***`, as in the request log.
    let request_uri = match parts.extensions.get::<crate::requests::RedactedPath>() {
        Some(path) => path.0.clone(),
        None => crate::server::redacted_path(uri),
    };
    let remote_address = parts
        .extensions
        .get::<ConnectInfo<ClientAddr>>()
        .map(|c| c.0.ip.to_string())
        .or_else(|| parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()))
        .unwrap_or_default();
    let header_text =
        |headers: &HeaderMap, name: &HeaderName| headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let trace_id = header_text(&parts.headers, &crate::requests::TRACE_ID).unwrap_or_default();
    let referer = header_text(&parts.headers, &header::REFERER).unwrap_or_default();
    // Put there by the signature check, which every logged request has passed.
    let api_key = parts.extensions.get::<crate::auth::VerifiedApiKey>().map(|key| key.0.clone()).unwrap_or_default();
    let method = parts.method.to_string();
    let resp = next(Request::from_parts(parts, Body::from(request_body.clone()))).await;

    let (resp_parts, resp_body) = resp.into_parts();
    let response_body = to_bytes(resp_body, usize::MAX).await.unwrap_or_default();
    let created_at = now();
    // Made before the store is locked: every request's log waits for that lock.
    let (request_body, logged_response) = (body_text(&request_body, false), body_text(&response_body, true));
    let (api_log_id, response_status) = (request_id().to_string(), resp_parts.status.as_u16().to_string());
    // The guard in a block of its own: it is gone before the wait for the data file.
    let pending = {
        let mut store = app.store();
        let log = ApiLog {
            trace_id,
            api_log_id,
            created_at,
            created_date: date_of(created_at),
            ttl: created_at + LOG_RETENTION,
            request_method: method,
            saas_id: store.saas_id.clone(),
            api_key,
            response_status,
            request_uri,
            remote_address,
            referer,
            request_body,
            response_body: logged_response,
        };
        store.api_logs.push_back(log);
        let mut dropped = Vec::new();
        while store.api_logs.len() > MAX_API_LOGS {
            dropped.extend(store.api_logs.pop_front().map(|l| l.api_log_id));
        }
        // Handed to the data file's writer under the store's lock, so in the order they are kept.
        app.persist.as_ref().zip(store.api_logs.back()).map(|(p, log)| p.append_log(log, dropped))
    };
    app.events.notify_waiters();
    let written = match pending {
        Some(Ok(pending)) => pending.written().await,
        Some(Err(e)) => Err(e),
        None => Ok(()),
    };
    if let Err(e) = written {
        eprintln!("saasus-emulator: could not write an API log to the data file: {e}");
    }
    Response::from_parts(resp_parts, Body::from(response_body))
}

/// A body as text (not UTF-8 shown lossily), secrets in JSON shown as `***` (passwords, tokens,
/// codes: the log is served to whoever holds the API key), cut at [`MAX_LOGGED_BODY`] bytes.
/// `compact`: the body is the emulator's own answer, JSON as serde_json writes it, which parsing
/// and writing again would leave as it is unless it holds a secret — so one that cannot
/// ([`saasus::redact::may_hold_secret`]) is taken as it is, without that round trip.
fn body_text(bytes: &[u8], compact: bool) -> String {
    if bytes.is_empty() {
        return String::new(); // a GET's: not worth a parse that fails
    }
    if compact
        && bytes.len() <= MAX_LOGGED_BODY
        && !saasus::redact::may_hold_secret(bytes)
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        return text.to_string();
    }
    let redacted = serde_json::from_slice::<serde_json::Value>(bytes).ok().map(|mut v| {
        saasus::redact::secrets(&mut v);
        v.to_string()
    });
    let text = match &redacted {
        Some(r) => std::borrow::Cow::Borrowed(r.as_str()),
        None => String::from_utf8_lossy(bytes),
    };
    if text.len() <= MAX_LOGGED_BODY {
        return text.into_owned();
    }
    let mut end = MAX_LOGGED_BODY;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Newest first. `created_date` keeps the logs of that day (UTC), `created_at` those made at or
/// after that moment; `start_at` and `end_at` (epoch seconds, each bound included, either alone
/// leaving that side open) those made in that range, with `created_date` then ignored and
/// `created_at` refused, as the spec says. The cursor, given back while more logs match,
/// continues after the last log of the previous page.
async fn get_logs(State(app): State<AppState>, QueryParams(q): QueryParams<GetLogsQuery>) -> ApiResult<Json<ApiLogs>> {
    let ranged = q.start_at.is_some() || q.end_at.is_some();
    if ranged && q.created_at.is_some() {
        let given = if q.start_at.is_some() { "start_at" } else { "end_at" };
        return Err(ApiError::bad_request(format!(
            "created_at, {given}: cannot be given together (created_at or a start_at/end_at range)"
        )));
    }
    if let (Some(start), Some(end)) = (q.start_at, q.end_at)
        && start > end
    {
        return Err(ApiError::bad_request(format!("start_at, end_at: the range starts after it ends ({start} > {end})")));
    }
    let date = match q.created_date.as_ref().filter(|_| !ranged) {
        Some(d) => Some(parse_date(d).ok_or_else(|| ApiError::bad_request("created_date: must be a date as YYYY-MM-DD"))?),
        None => None,
    };
    let since = match &q.created_at {
        Some(t) => Some(
            parse_date_time(t)
                .ok_or_else(|| ApiError::bad_request("created_at: must be a date-time in ISO 8601 (e.g. 2024-05-01T09:30:00Z)"))?,
        ),
        None => None,
    };
    let limit = match q.limit {
        Some(n) if n < 1 => return Err(ApiError::bad_request("limit: must be 1 or more")),
        Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
        None => DEFAULT_LIMIT,
    };
    let store = app.store();
    let end = match &q.cursor {
        Some(c) => store
            .api_logs
            .iter()
            .position(|l| &l.api_log_id == c)
            .ok_or_else(|| ApiError::bad_request("cursor: is not a cursor this emulator gave, or the logs it pointed to are gone"))?,
        None => store.api_logs.len(),
    };
    let mut matching = store
        .api_logs
        .range(..end)
        .rev()
        .filter(|l| date.is_none_or(|d| l.created_at.div_euclid(86_400) == d))
        .filter(|l| since.is_none_or(|s| l.created_at >= s))
        .filter(|l| q.start_at.is_none_or(|s| l.created_at >= s) && q.end_at.is_none_or(|e| l.created_at <= e));
    let api_logs: Vec<ApiLog> = matching.by_ref().take(limit).cloned().collect();
    let cursor = match matching.next() {
        Some(_) => api_logs.last().map(|l| l.api_log_id.clone()),
        None => None,
    };
    Ok(Json(ApiLogs { api_logs, cursor }))
}

async fn get_log(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<ApiLog>> {
    app.store().api_logs.iter().find(|l| l.api_log_id == id).cloned().map(Json).ok_or_else(|| ApiError::not_found("API log", &id))
}

/// `YYYY-MM-DD` (UTC) of an epoch second.
pub(crate) fn date_of(epoch: i64) -> String {
    day_text(epoch.div_euclid(86_400))
}

/// `YYYY-MM-DD` of a day since 1970-01-01.
pub(crate) fn day_text(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `YYYY-MM-DD`, a real day, as days since 1970-01-01.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(&s[..4])?, digits(&s[5..7])?, digits(&s[8..])?);
    let days = days_from_civil(i64::from(y), m, d)?;
    // A day past its month's end (2024-02-30) comes back as another date.
    (civil_from_days(days) == (i64::from(y), m, d)).then_some(days)
}

/// An ISO 8601 date-time (`YYYY-MM-DDTHH:MM[:SS[.fff]]`, then `Z`, `±HH:MM` or nothing for UTC)
/// as an epoch second; a date alone is its midnight UTC.
///
/// Read by hand, not by `time`'s `Iso8601` parser: that one refuses forms `created_at` has
/// always taken (a date alone, no offset, a space or lower-case `t`/`z`, a one-digit hour, second
/// 60) and takes others it never has (basic `20221214T055204Z`, week and ordinal dates).
fn parse_date_time(s: &str) -> Option<i64> {
    let (date, time) = match s.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, t),
        None => (s, "00:00"),
    };
    let days = parse_date(date)?;
    let (clock, offset) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let (c, off) = time.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let o = &off[1..];
        let (h, m) = match o.split_once(':') {
            Some(hm) => hm,
            None if o.len() == 4 && o.is_ascii() => o.split_at(2),
            None => (o, "00"),
        };
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m) = (digits(h)?, digits(m)?);
        if h > 23 || m > 59 {
            return None;
        }
        (c, sign * i64::from(h * 3600 + m * 60))
    } else {
        (time, 0)
    };
    let mut parts = clock.splitn(3, ':');
    let h = digits(parts.next()?)?;
    let m = digits(parts.next()?)?;
    let sec = match parts.next() {
        Some(sec) => {
            let (whole, frac) = sec.split_once(['.', ',']).unwrap_or((sec, "0"));
            if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits(whole)?
        }
        None => 0,
    };
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(days * 86_400 + i64::from(h * 3600 + m * 60 + sec) - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_logged_bodies_are_redacted() {
        let body = br#"{"email":"a@b.c","password":"Passw0rd!","nested":{"refresh_token":"r","PreviousPassword":"x"},"code":"c","items":[{"id_token":"t"}]}"#;
        let text = body_text(body, false);
        for secret in ["Passw0rd!", "\"r\"", "\"x\"", "\"c\"", "\"t\""] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("a@b.c") && text.contains(r#""password":"***""#), "{text}");
        assert_eq!(body_text(b"not json, password=x", false), "not json, password=x");
    }

    /// The emulator's own answers are logged the same with and without the parse.
    #[test]
    fn compact_answers_are_logged_as_a_parse_would_log_them() {
        let tenant = serde_json::json!({"id": "t", "name": "a \"b\" é", "attributes": {"n": 1.5, "big": 1e300}, "plan_id": null});
        let token = serde_json::json!({"id_token": "x", "refresh_token": "y", "expires_in": 3600});
        for value in [tenant, token, serde_json::json!([]), serde_json::json!({"message": "password too short"})] {
            let bytes = serde_json::to_vec(&value).unwrap();
            assert_eq!(body_text(&bytes, true), body_text(&bytes, false), "{value}");
        }
    }

    #[test]
    fn dates_and_date_times() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(1_670_997_124), "2022-12-14");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(parse_date("2022-12-14"), Some(1_670_997_124 / 86_400));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2022-13-01"), None);
        assert_eq!(parse_date("22-12-14"), None);
        assert_eq!(parse_date_time("2022-12-14T05:52:04Z"), Some(1_670_997_124));
        assert_eq!(parse_date_time("2022-12-14T14:52:04+09:00"), Some(1_670_997_124));
        assert_eq!(parse_date_time("2022-12-14T14:52:04+0900"), Some(1_670_997_124));
        assert_eq!(parse_date_time("2022-12-14T00:52:04-05"), Some(1_670_997_124));
        assert_eq!(parse_date_time("2022-12-14T05:52:04.123Z"), Some(1_670_997_124));
        assert_eq!(parse_date_time("2022-12-14T05:52:04"), Some(1_670_997_124));
        assert_eq!(parse_date_time("2022-12-14"), Some(1_670_976_000));
        for bad in ["", "yesterday", "2022-12-14T25:00:00Z", "2022-12-14T05:52:04+9", "2022-12-14T05:52:04.x", "2022-12-14T"] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
    }
}
