//! What the benchmark programs share: the driver protocol every surface's driver speaks.
//!
//! A driver is started by `bench/run.py` with `SAASUS_*` pointing at a release emulator and
//! `DRIVER TENANT_ID SEQUENTIAL CONCURRENCY CONCURRENT_CALLS WARM_UP` as arguments. It warms up
//! (`CONCURRENCY` workers making `WARM_UP` calls each, unmeasured), makes `SEQUENTIAL`
//! `GetTenant` calls one after another, then `CONCURRENT_CALLS` with `CONCURRENCY` in flight,
//! and prints one JSON line: the wall time, the process's CPU time (every thread) and each call's
//! latency (µs) of both phases. The
//! runner turns those into the table, the same way for every language.

use std::time::Duration;

/// The driver's arguments, in the order every driver takes them.
#[derive(Clone, Debug)]
pub struct DriverArgs {
    pub tenant_id: String,
    pub sequential: usize,
    pub concurrency: usize,
    pub concurrent_calls: usize,
    /// Calls per worker of the warm-up.
    pub warm_up: usize,
}

impl DriverArgs {
    pub fn from_args() -> Result<Self, String> {
        Self::parse(std::env::args().skip(1).collect())
    }

    /// The five arguments, after any of the driver's own.
    pub fn parse(args: Vec<String>) -> Result<Self, String> {
        let [tenant_id, sequential, concurrency, concurrent_calls, warm_up] = args.as_slice() else {
            return Err("usage: TENANT_ID SEQUENTIAL CONCURRENCY CONCURRENT_CALLS WARM_UP".into());
        };
        let n = |name: &str, v: &str| v.parse::<usize>().ok().filter(|n| *n > 0).ok_or(format!("{name}: `{v}` is not a positive integer"));
        Ok(DriverArgs {
            tenant_id: tenant_id.clone(),
            sequential: n("SEQUENTIAL", sequential)?,
            concurrency: n("CONCURRENCY", concurrency)?,
            concurrent_calls: n("CONCURRENT_CALLS", concurrent_calls)?,
            warm_up: n("WARM_UP", warm_up)?,
        })
    }
}

/// One phase's result as the runner reads it; `cpu` is the process CPU time the phase used.
pub fn phase_json(wall: Duration, cpu: Duration, latencies: &[Duration]) -> serde_json::Value {
    let us: Vec<f64> = latencies.iter().map(|d| (d.as_secs_f64() * 1e6 * 10.0).round() / 10.0).collect();
    serde_json::json!({ "seconds": wall.as_secs_f64(), "cpu_seconds": cpu.as_secs_f64(), "latencies_us": us })
}

/// CPU time used so far by every thread of this process (the clock Python's `process_time`
/// reads, and the JVM's `processCpuTime`).
pub fn process_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The value at quantile `q` (0..=1) of sorted samples, nearest rank.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    #[test]
    fn quantiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(super::quantile(&v, 0.5), 50.0);
        assert_eq!(super::quantile(&v, 0.99), 99.0);
        assert_eq!(super::quantile(&v, 1.0), 100.0);
        assert!(super::quantile(&[], 0.5).is_nan());
    }
}
