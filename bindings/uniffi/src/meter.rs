//! The meter for Kotlin and Swift (`saasus::meter`), as `NativeMeter`: Kotlin's `Meter`
//! (AutoCloseable, closed by a shutdown hook too) and Swift's `Meter` wrap it, since uniffi's
//! own `close()` (Kotlin) would free the object without sending what it holds.

use crate::{Client, SaasusError, runtime};
use std::sync::Arc;
use std::time::Duration;

/// Which way a count went.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeterMethod {
    Add,
    Sub,
}

/// What became of a sum not counted for sure: `Failed` (not counted: refused by the platform,
/// or not sent before the meter closed), `Unknown` (maybe counted: read the count before sending
/// it again), `Dropped` (refused at `maxPending`: not counted).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeterOutcome {
    Failed,
    Unknown,
    Dropped,
}

/// A meter's counts so far, as sums of counts: `added` is always `sent + pending + failed +
/// unknown + dropped`; `requests` is the requests sent.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct MeterStats {
    pub added: u64,
    pub sent: u64,
    pub pending: u64,
    pub failed: u64,
    pub unknown: u64,
    pub dropped: u64,
    pub requests: u64,
}

/// A sum not counted for sure; `timestamp` is its bucket's first second (Unix time), `error`
/// what its request failed with (none when dropped).
#[derive(uniffi::Record, Debug)]
pub struct MeterFailure {
    pub tenant_id: String,
    pub metering_unit_name: String,
    pub timestamp: i64,
    pub method: MeterMethod,
    pub count: i64,
    pub outcome: MeterOutcome,
    pub error: Option<SaasusError>,
}

/// What `flush` and `close` answer: the stats, and every sum not counted for sure since the last
/// report (at most 1,000; `failuresLeftOut` more are in the stats only).
#[derive(uniffi::Record, Debug)]
pub struct MeterReport {
    pub stats: MeterStats,
    pub failures: Vec<MeterFailure>,
    pub failures_left_out: u64,
}

fn stats(s: saasus::MeterStats) -> MeterStats {
    MeterStats {
        added: s.added,
        sent: s.sent,
        pending: s.pending,
        failed: s.failed,
        unknown: s.unknown,
        dropped: s.dropped,
        requests: s.requests,
    }
}

fn report(r: saasus::MeterReport) -> MeterReport {
    use saasus::meter::{MeterMethod as M, Outcome};
    let failures = r
        .failures
        .into_iter()
        .map(|f| MeterFailure {
            tenant_id: f.tenant_id,
            metering_unit_name: f.metering_unit_name,
            timestamp: f.timestamp,
            method: if f.method == M::Add { MeterMethod::Add } else { MeterMethod::Sub },
            count: f.count,
            outcome: match f.outcome {
                Outcome::Failed => MeterOutcome::Failed,
                Outcome::Unknown => MeterOutcome::Unknown,
                Outcome::Dropped => MeterOutcome::Dropped,
            },
            error: f.error.map(SaasusError::from),
        })
        .collect();
    MeterReport { stats: stats(r.stats), failures, failures_left_out: r.failures_left_out }
}

/// A count at a second (Unix time), as `NativeMeter::add_counts` takes it.
#[derive(uniffi::Record, Clone, Debug)]
pub struct MeterCount {
    pub tenant_id: String,
    pub metering_unit_name: String,
    pub timestamp: i64,
    pub method: MeterMethod,
    pub count: i64,
}

/// The core's meter (see Kotlin's and Swift's `Meter`).
#[derive(uniffi::Object)]
pub struct NativeMeter {
    inner: saasus::Meter,
}

#[uniffi::export]
impl Client {
    /// A meter sending through this client, for Kotlin's and Swift's `Client.meter(…)`: every
    /// setting left out takes the core's default (`saasus::MeterOptions`).
    #[uniffi::method(default(flush_interval = None, flush_at = None, max_pending = None, bucket = None, concurrency = None))]
    pub fn native_meter(
        &self,
        flush_interval: Option<Duration>,
        flush_at: Option<u32>,
        max_pending: Option<u32>,
        bucket: Option<Duration>,
        concurrency: Option<u32>,
    ) -> Result<Arc<NativeMeter>, SaasusError> {
        let d = saasus::MeterOptions::default();
        let options = saasus::MeterOptions {
            flush_interval: flush_interval.unwrap_or(d.flush_interval),
            flush_at: flush_at.map_or(d.flush_at, |n| n as usize),
            max_pending: max_pending.map_or(d.max_pending, |n| n as usize),
            bucket: bucket.unwrap_or(d.bucket),
            concurrency: concurrency.map_or(d.concurrency, |n| n as usize),
        };
        options.check(saasus::naming::camel)?;
        let io = saasus::io_thread::IoThread::shared()
            .map_err(|e| SaasusError::Transport { detail: format!("the saasus call thread could not start: {e}") })?;
        Ok(Arc::new(NativeMeter { inner: saasus::Meter::on(io, self.inner.clone(), options)? }))
    }
}

#[uniffi::export]
impl NativeMeter {
    pub fn add(&self, tenant_id: String, metering_unit_name: String, count: i64) -> Result<(), SaasusError> {
        Ok(self.inner.add(&tenant_id, &metering_unit_name, count)?)
    }

    pub fn sub(&self, tenant_id: String, metering_unit_name: String, count: i64) -> Result<(), SaasusError> {
        Ok(self.inner.sub(&tenant_id, &metering_unit_name, count)?)
    }

    pub fn stats(&self) -> MeterStats {
        stats(self.inner.stats())
    }

    pub async fn flush(&self) -> Result<MeterReport, SaasusError> {
        let meter = self.inner.clone();
        runtime::spawned(async move { Ok(report(meter.flush().await)) }).await
    }

    /// Counts handed over at once, each at its own second: what Kotlin's `Meter` summed on its
    /// side of the FFI (a JNA crossing costs microseconds, an add there a hash lookup). Each is
    /// taken as `add`/`sub` would take it; the first refused stops the rest and is thrown.
    pub fn add_counts(&self, counts: Vec<MeterCount>) -> Result<(), SaasusError> {
        for c in counts {
            let method = if c.method == MeterMethod::Add { saasus::meter::MeterMethod::Add } else { saasus::meter::MeterMethod::Sub };
            self.inner.count(&c.tenant_id, &c.metering_unit_name, c.timestamp, method, c.count)?;
        }
        Ok(())
    }

    /// Takes no more counts, sends every count held, and answers what became of them (not
    /// `close`, which is Kotlin's `AutoCloseable` on every uniffi object: freeing it).
    pub async fn shutdown(&self) -> Result<MeterReport, SaasusError> {
        let meter = self.inner.clone();
        runtime::spawned(async move { Ok(report(meter.close().await)) }).await
    }

    /// `shutdown`, blocking the calling thread (Kotlin's `AutoCloseable.close` and shutdown hook).
    pub fn shutdown_blocking(&self) -> Result<MeterReport, SaasusError> {
        let io = saasus::io_thread::IoThread::shared()
            .map_err(|e| SaasusError::Transport { detail: format!("the saasus call thread could not start: {e}") })?;
        let meter = self.inner.clone();
        let (done, answered) = tokio::sync::oneshot::channel();
        drop(io.spawn(async move {
            let _ = done.send(meter.close().await);
        }));
        answered.blocking_recv().map(report).map_err(|_| SaasusError::Transport { detail: "the meter's close was cancelled".into() })
    }
}
