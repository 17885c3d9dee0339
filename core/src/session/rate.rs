//! A per-client limit on the app endpoints (a token bucket per client key, usually its address):
//! a temp code lives 10 seconds and a refresh token for weeks, so guessing either is slowed to the
//! limit's pace. Small enough to own: one map under a lock, bounded (a flood of keys clears the
//! idle ones first); a keyed-limiter crate would add a concurrent map and a clock of its own.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most this many clients are tracked; beyond it, clients whose bucket has filled up again are
/// forgotten (they would start full anyway), then, if a flood of addresses left none idle, all.
const MAX_CLIENTS: usize = 100_000;

#[derive(Debug)]
pub(crate) struct RateLimit {
    /// Requests a client may make per minute, and in a burst; 0 turns the limit off.
    per_minute: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    pub(crate) fn new(per_minute: u32) -> Self {
        RateLimit { per_minute, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request of `client`'s allowance, or says how long until one is left.
    pub(crate) fn take(&self, client: &str) -> Result<(), Duration> {
        self.take_at(client, Instant::now())
    }

    fn take_at(&self, client: &str, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let full = f64::from(self.per_minute);
        let per_second = full / 60.0;
        let refill = |b: &Bucket| (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second).min(full);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(client) {
            buckets.retain(|_, b| refill(b) < full);
            if buckets.len() >= MAX_CLIENTS {
                buckets.clear();
            }
        }
        let bucket = buckets.entry(client.to_string()).or_insert(Bucket { tokens: full, at: now });
        let tokens = refill(bucket);
        if tokens < 1.0 {
            bucket.tokens = tokens;
            bucket.at = now;
            return Err(Duration::from_secs_f64((1.0 - tokens) / per_second));
        }
        *bucket = Bucket { tokens: tokens - 1.0, at: now };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_burst_then_one_request_per_share_of_the_minute() {
        let limit = RateLimit::new(6);
        let t0 = Instant::now();
        for _ in 0..6 {
            assert_eq!(limit.take_at("10.0.0.1", t0), Ok(()));
        }
        let wait = limit.take_at("10.0.0.1", t0).unwrap_err();
        assert_eq!(wait.as_secs(), 10, "one request per 10 s at 6 a minute");
        assert_eq!(limit.take_at("10.0.0.2", t0), Ok(()), "another client has its own allowance");
        assert_eq!(limit.take_at("10.0.0.1", t0 + Duration::from_secs(10)), Ok(()));
        assert!(limit.take_at("10.0.0.1", t0 + Duration::from_secs(11)).is_err());
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limit = RateLimit::new(0);
        let t0 = Instant::now();
        assert!((0..1000).all(|_| limit.take_at("c", t0).is_ok()));
    }

    #[test]
    fn a_flood_of_addresses_stays_bounded() {
        let limit = RateLimit::new(60);
        let t0 = Instant::now();
        for i in 0..(MAX_CLIENTS + 10) {
            limit.take_at(&i.to_string(), t0).unwrap();
        }
        assert!(limit.buckets.lock().unwrap().len() <= MAX_CLIENTS);
    }
}
