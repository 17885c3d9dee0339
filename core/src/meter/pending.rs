//! The counts a meter holds: one sum per tenant, metering unit, time bucket and direction, found
//! without allocating when the sum already exists (the common case: one tenant's unit counted
//! again within the same minute), so that an `add` costs a lock and three hash lookups.

use super::{MeterMethod, Outcome};
use std::collections::HashMap;

/// The sums of one tenant and unit, by bucket start (Unix seconds) and direction.
type Buckets = HashMap<(i64, MeterMethod), i64>;

/// One sum, taken out to be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Aggregate {
    pub tenant_id: String,
    pub metering_unit_name: String,
    pub timestamp: i64,
    pub method: MeterMethod,
    pub count: i64,
}

#[derive(Default)]
pub(crate) struct Pending {
    tenants: HashMap<Box<str>, HashMap<Box<str>, Buckets>>,
    /// How many sums are held (the bound is on this).
    len: usize,
}

/// What happened to a count given to [`Pending::add`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Added {
    /// Added to a sum already held.
    Merged,
    /// Held as a new sum; the number of sums now held.
    New(usize),
    /// Not held: `len` sums are held already, the bound.
    Full,
    /// Not held: the sum would not fit in 64 bits.
    Overflow,
}

impl Pending {
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds `count` to its sum; a new sum only while fewer than `bound` are held (`force`
    /// ignores the bound, for counts put back after a failed send: they were taken already).
    pub fn add(&mut self, tenant: &str, unit: &str, key: (i64, MeterMethod), count: i64, bound: usize, force: bool) -> Added {
        if let Some(sum) = self.tenants.get_mut(tenant).and_then(|units| units.get_mut(unit)).and_then(|b| b.get_mut(&key)) {
            return match sum.checked_add(count) {
                Some(s) => {
                    *sum = s;
                    Added::Merged
                }
                None => Added::Overflow,
            };
        }
        if self.len >= bound && !force {
            return Added::Full;
        }
        let units = match self.tenants.get_mut(tenant) {
            Some(units) => units,
            None => self.tenants.entry(tenant.into()).or_default(),
        };
        let buckets = match units.get_mut(unit) {
            Some(b) => b,
            None => units.entry(unit.into()).or_default(),
        };
        buckets.insert(key, count);
        self.len += 1;
        Added::New(self.len)
    }

    /// Every sum, leaving none held: adds before subs of the same bucket, oldest bucket first,
    /// so that a subtraction never reaches the platform before the addition it takes from
    /// (the platform stops a count at 0).
    pub fn take(&mut self) -> Vec<Aggregate> {
        let mut out = Vec::with_capacity(self.len);
        for (tenant, units) in std::mem::take(&mut self.tenants) {
            for (unit, buckets) in units {
                for ((timestamp, method), count) in buckets {
                    out.push(Aggregate { tenant_id: tenant.to_string(), metering_unit_name: unit.to_string(), timestamp, method, count });
                }
            }
        }
        self.len = 0;
        out.sort_by_key(|a| (a.method, a.timestamp));
        out
    }
}

/// Counts refused at the bound, by sum, kept for the report up to a bound of their own.
#[derive(Default)]
pub(crate) struct Dropped {
    sums: HashMap<(Box<str>, Box<str>, i64, MeterMethod), i64>,
}

impl Dropped {
    /// Notes `count` as dropped; false when it could not be listed (only counted).
    pub fn note(&mut self, tenant: &str, unit: &str, key: (i64, MeterMethod), count: i64, listed: usize) -> bool {
        let id = (Box::from(tenant), Box::from(unit), key.0, key.1);
        if let Some(sum) = self.sums.get_mut(&id) {
            *sum = sum.saturating_add(count);
            return true;
        }
        if self.sums.len() >= listed {
            return false;
        }
        self.sums.insert(id, count);
        true
    }

    pub fn take(&mut self) -> impl Iterator<Item = super::MeterFailure> + use<> {
        std::mem::take(&mut self.sums).into_iter().map(|((tenant, unit, timestamp, method), count)| super::MeterFailure {
            tenant_id: tenant.into(),
            metering_unit_name: unit.into(),
            timestamp,
            method,
            count,
            outcome: Outcome::Dropped,
            error: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_one_sum_merge_and_the_bound_refuses_only_new_sums() {
        let mut p = Pending::default();
        let add = (60, MeterMethod::Add);
        assert_eq!(p.add("t", "u", add, 2, 2, false), Added::New(1));
        assert_eq!(p.add("t", "u", add, 3, 2, false), Added::Merged);
        assert_eq!(p.add("t", "u", (60, MeterMethod::Sub), 1, 2, false), Added::New(2));
        assert_eq!(p.add("t", "v", add, 1, 2, false), Added::Full);
        assert_eq!(p.add("t", "u", add, 1, 2, false), Added::Merged, "an existing sum still takes counts");
        assert_eq!(p.add("t", "v", add, 1, 2, true), Added::New(3), "put back past the bound");
        assert_eq!(p.add("t", "u", add, i64::MAX, 2, false), Added::Overflow);
        let taken = p.take();
        assert_eq!(p.len(), 0);
        let sums: Vec<_> = taken.iter().map(|a| (a.metering_unit_name.as_str(), a.method, a.count)).collect();
        assert_eq!(sums.last(), Some(&("u", MeterMethod::Sub, 1)), "subs last: {sums:?}");
        assert!(sums.contains(&("u", MeterMethod::Add, 6)) && sums.contains(&("v", MeterMethod::Add, 1)), "{sums:?}");
    }
}
