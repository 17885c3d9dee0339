//! When a request is sent again, and after how long: a failed connect or a 429 always (neither
//! applied it), a 502–504 only when doing it twice does no more than once; exponential backoff
//! with jitter, or the server's `Retry-After`, capped.

use super::answer::Answer;
use super::log::{CallInfo, log_attempt};
use super::{PreparedRequest, Transport};
use crate::call::CallOptions;
use crate::error::{Error, Result};
use crate::repeat::Repeat;
use crate::signing;
use std::time::{Duration, Instant, SystemTime};

impl Transport {
    /// The last attempt's answer and the number of attempts made. A request is sent again after a
    /// failed connect or a 429 (neither applied it), and after a 502, 503 or 504 only when doing it
    /// twice does no more than once ([`Repeat::Safe`]).
    pub(super) async fn send_with_retries(
        &self,
        request: &mut PreparedRequest,
        options: &CallOptions,
        call: CallInfo,
        repeat: Repeat,
    ) -> Result<(Answer, u32)> {
        let max_retries = options.max_retries.unwrap_or(self.config.max_retries);
        let timeout = options.timeout.unwrap_or(self.config.timeout);
        let mut attempt = 0;
        loop {
            if attempt > 0 {
                // Signed afresh on every attempt: a retry may fall in another minute.
                self.sign(request, signing::Minute::of(SystemTime::now()));
            }
            let started = Instant::now();
            let result = self.send_once(request, timeout).await;
            log_attempt(call, attempt + 1, started.elapsed(), &result);
            let retry = match &result {
                // A failed connect means the request never left: safe to repeat for any method.
                Err(Error::Transport { connect: true, .. }) => Some(None),
                Ok(a) if a.status == 429 || (repeat == Repeat::Safe && (502..=504).contains(&a.status)) => Some(a.retry_after),
                _ => None,
            };
            match retry {
                Some(retry_after) if attempt < max_retries => {
                    let delay = retry_delay(self.config.retry_base_delay, attempt, retry_after, self.config.max_retry_delay);
                    tracing::info!(
                        target: "saasus",
                        api = call.api,
                        operation = call.operation,
                        attempt = attempt + 1,
                        backoff_ms = delay.as_millis() as u64,
                        retry_after = retry_after.is_some(),
                        "retrying {} after {} ms",
                        call.operation,
                        delay.as_millis()
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                Some(_) if max_retries > 0 => {
                    tracing::warn!(
                        target: "saasus",
                        api = call.api,
                        operation = call.operation,
                        attempts = attempt + 1,
                        "{} failed after {} attempts",
                        call.operation,
                        attempt + 1
                    );
                    return result.map(|a| (a, attempt + 1));
                }
                _ => return result.map(|a| (a, attempt + 1)),
            }
        }
    }
}

/// Exponential backoff with jitter (half fixed, half random), or the server's `Retry-After`;
/// never longer than `max`.
pub(super) fn retry_delay(base: Duration, attempt: u32, retry_after: Option<Duration>, max: Duration) -> Duration {
    let delay = match retry_after {
        Some(d) => d,
        None => {
            let exp = base.saturating_mul(1u32 << attempt.min(16));
            exp / 2 + exp.mul_f64(fastrand::f64() / 2.0)
        }
    };
    delay.min(max)
}

/// `Retry-After` (RFC 9110): a number of seconds, or an HTTP date, which is `now` or earlier
/// means at once. Anything else is ignored (the backoff applies).
pub(super) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_millis(100);
        for attempt in 0..4 {
            let d = retry_delay(base, attempt, None, crate::config::DEFAULT_MAX_RETRY_DELAY);
            let full = base * (1 << attempt);
            assert!(d >= full / 2 && d <= full, "{d:?} for attempt {attempt}");
        }
        let max = crate::config::DEFAULT_MAX_RETRY_DELAY;
        assert_eq!(retry_delay(base, 0, Some(Duration::from_secs(3)), max), Duration::from_secs(3));
        assert_eq!(retry_delay(base, 0, Some(Duration::from_secs(3600)), max), max);
        assert_eq!(retry_delay(base, 8, None, Duration::from_millis(150)), Duration::from_millis(150));
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        let now = httpdate::parse_http_date("Wed, 02 Dec 2026 10:00:00 GMT").unwrap();
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 02 Dec 2026 10:00:12 GMT", now), Some(Duration::from_secs(12)));
        assert_eq!(parse_retry_after("Wed, 02 Dec 2026 09:59:00 GMT", now), Some(Duration::ZERO), "a past date: at once");
        for ignored in ["", "soon", "-1", "1.5"] {
            assert_eq!(parse_retry_after(ignored, now), None, "{ignored:?}");
        }
    }
}
