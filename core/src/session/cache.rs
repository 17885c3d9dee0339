//! What the authenticator remembers: each user's `UserInfo` for a short while, each refresh's
//! result for the requests that still carry the old cookies, and which of those are being fetched
//! now, so that concurrent requests make one call between them.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A bounded map whose entries expire. Full, it drops the expired entries, then the ones that
/// expire soonest: a burst of new sessions evicts old entries, never grows memory.
pub(crate) struct Expiring<K, V> {
    entries: Mutex<HashMap<K, (V, Instant)>>,
    capacity: usize,
}

impl<K: Eq + Hash + Clone, V: Clone> Expiring<K, V> {
    pub fn new(capacity: usize) -> Self {
        Expiring { entries: Mutex::new(HashMap::new()), capacity: capacity.max(1) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (V, Instant)>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let mut entries = self.lock();
        match entries.get(key) {
            Some((v, until)) if *until > Instant::now() => Some(v.clone()),
            Some(_) => {
                entries.remove(key);
                None
            }
            None => None,
        }
    }

    pub fn insert(&self, key: K, value: V, until: Instant) {
        let mut entries = self.lock();
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let now = Instant::now();
            entries.retain(|_, (_, u)| *u > now);
            // Still full: a tenth of the entries, those expiring soonest, make room for a while.
            if entries.len() >= self.capacity {
                let mut soonest: Vec<(K, Instant)> = entries.iter().map(|(k, (_, u))| (k.clone(), *u)).collect();
                soonest.sort_by_key(|(_, u)| *u);
                for (k, _) in soonest.into_iter().take((self.capacity / 10).max(1)) {
                    entries.remove(&k);
                }
            }
        }
        entries.insert(key, (value, until));
    }

    /// Drops every entry `drop` picks.
    pub fn remove_where(&self, drop: impl Fn(&K, &V) -> bool) -> usize {
        let mut entries = self.lock();
        let before = entries.len();
        entries.retain(|k, (v, _)| !drop(k, v));
        before - entries.len()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }
}

/// One call per key at a time: the first caller makes it, the others wait and then look at what
/// it left in the cache.
pub(crate) struct Flights<K> {
    running: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K: Eq + Hash + Clone> Flights<K> {
    pub fn new() -> Self {
        Flights { running: Mutex::new(HashMap::new()) }
    }

    /// Waits for the key's current call, if any; returns the guard of this caller's turn.
    pub async fn turn(&self, key: &K) -> Turn<'_, K> {
        let lock = self.running.lock().unwrap_or_else(|p| p.into_inner()).entry(key.clone()).or_default().clone();
        let guard = lock.clone().lock_owned().await;
        Turn { flights: self, key: key.clone(), lock, _guard: Some(guard) }
    }
}

pub(crate) struct Turn<'a, K: Eq + Hash + Clone> {
    flights: &'a Flights<K>,
    key: K,
    lock: Arc<tokio::sync::Mutex<()>>,
    _guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl<K: Eq + Hash + Clone> Drop for Turn<'_, K> {
    fn drop(&mut self) {
        self._guard = None;
        let mut running = self.flights.running.lock().unwrap_or_else(|p| p.into_inner());
        // Nobody else waits (the map's handle and this one): the key's entry goes.
        if Arc::strong_count(&self.lock) <= 2 {
            running.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn stays_within_capacity_and_forgets_expired() {
        let cache = Expiring::new(100);
        let later = Instant::now() + Duration::from_secs(60);
        for i in 0..1000 {
            cache.insert(i, i, later + Duration::from_millis(i as u64));
        }
        assert!(cache.len() <= 100);
        assert_eq!(cache.get(&999), Some(999), "the newest entry is kept");
        cache.insert(-1, -1, Instant::now());
        assert_eq!(cache.get(&-1), None, "an entry is not served at or past its expiry");
        assert_eq!(cache.remove_where(|_, v| *v == 999), 1);
    }

    #[tokio::test]
    async fn one_turn_at_a_time_and_no_entry_left_behind() {
        let flights = Arc::new(Flights::new());
        let first = flights.turn(&1).await;
        let waiting = {
            let flights = flights.clone();
            tokio::spawn(async move {
                let _t = flights.turn(&1).await;
            })
        };
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        drop(first);
        waiting.await.unwrap();
        assert!(flights.running.lock().unwrap().is_empty());
    }
}
