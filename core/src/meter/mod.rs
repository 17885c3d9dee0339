//! A meter: metered usage counted at memory speed and sent to the platform as one request per
//! tenant, metering unit and minute, never twice.
//!
//! A backend that meters its own users' calls would otherwise send a request per event, and lose
//! what it had not sent at every deploy. [`Meter::add`] and [`Meter::sub`] return at once: the
//! count joins a sum per tenant, unit, time bucket (a minute by default) and direction, held in
//! memory up to a bound. A task sends the sums on an interval, when enough are held, on
//! [`Meter::flush`] and on [`Meter::close`] — each as `UpdateMeteringUnitTimestampCount` with the
//! bucket's first second as its timestamp, under the client's retry rules: a sum whose request
//! may have been applied is never sent again ([`crate::repeat`]). What could not be delivered is
//! reported ([`MeterReport`]) and counted ([`MeterStats`]); never lost silently.
//!
//! ```no_run
//! # async fn demo(client: saasus::Client) -> saasus::Result<()> {
//! let meter = saasus::Meter::new(client, saasus::MeterOptions::default())?;
//! meter.add("tenant-id", "api_calls", 1)?;
//! let report = meter.close().await; // sends what is held
//! assert_eq!(report.stats.pending, 0);
//! for failure in report.failures {
//!     eprintln!("not counted for sure: {failure:?}");
//! }
//! # Ok(()) }
//! ```

mod deliver;
mod pending;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::io_thread::IoThread;
use pending::{Added, Dropped, Pending};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{Notify, mpsc, oneshot};

/// How a meter holds and sends its counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeterOptions {
    /// How often held counts are sent (default 10 s; 100 ms to an hour).
    pub flush_interval: Duration,
    /// How many sums held start sending before the interval is up (default 1,000).
    pub flush_at: usize,
    /// The most sums held (default 10,000): a count that would start a new sum beyond it is
    /// dropped, counted in [`MeterStats::dropped`] and reported; counts for sums already held are
    /// still taken. Reached only when the platform has not taken what was sent for a while.
    pub max_pending: usize,
    /// The width of a time bucket (default 60 s): the counts of one are sent as one, at its first
    /// second. Whole seconds dividing an hour, so that no bucket spans two days in any time zone.
    pub bucket: Duration,
    /// Requests in flight while sending (default 4, at most 64).
    pub concurrency: usize,
}

impl Default for MeterOptions {
    fn default() -> Self {
        MeterOptions {
            flush_interval: Duration::from_secs(10),
            flush_at: 1_000,
            max_pending: 10_000,
            bucket: Duration::from_secs(60),
            concurrency: 4,
        }
    }
}

impl MeterOptions {
    /// The first setting out of its range, named by `name` as the caller's language spells it.
    pub fn check(&self, name: impl Fn(&str) -> String) -> Result<()> {
        let invalid = |field: &str, rule: &str| Err(Error::invalid(name(field), rule));
        if self.flush_interval < Duration::from_millis(100) || self.flush_interval > Duration::from_secs(3600) {
            return invalid("flush_interval", "must be from 100 ms to an hour");
        }
        if self.max_pending == 0 || self.max_pending > 10_000_000 {
            return invalid("max_pending", "must be from 1 to 10,000,000");
        }
        if self.flush_at == 0 || self.flush_at > self.max_pending {
            return invalid("flush_at", "must be from 1 to max_pending");
        }
        let secs = self.bucket.as_secs();
        if self.bucket.subsec_nanos() != 0 || secs == 0 || 3600 % secs != 0 {
            return invalid("bucket", "must be whole seconds dividing an hour (1, 2, … 60, … 3600)");
        }
        if self.concurrency == 0 || self.concurrency > 64 {
            return invalid("concurrency", "must be from 1 to 64");
        }
        Ok(())
    }
}

/// Which way a count goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MeterMethod {
    Add,
    Sub,
}

impl MeterMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            MeterMethod::Add => "add",
            MeterMethod::Sub => "sub",
        }
    }
}

/// What became of a sum that was not counted for sure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The platform refused it (a 4xx: no such tenant or unit), or it could not be sent before
    /// the meter closed: not counted.
    Failed,
    /// Its request ended without saying whether it was applied (a 5xx, a timeout, a broken
    /// connection after sending): maybe counted. Read the count before sending it again.
    Unknown,
    /// Refused at [`MeterOptions::max_pending`]: not counted.
    Dropped,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Failed => "failed",
            Outcome::Unknown => "unknown",
            Outcome::Dropped => "dropped",
        }
    }
}

/// A sum not counted for sure.
#[derive(Clone, Debug, PartialEq)]
pub struct MeterFailure {
    pub tenant_id: String,
    pub metering_unit_name: String,
    /// The bucket's first second (Unix time), sent as the count's timestamp.
    pub timestamp: i64,
    pub method: MeterMethod,
    pub count: i64,
    pub outcome: Outcome,
    /// How its request ended (none for a dropped count).
    pub error: Option<Error>,
}

/// A meter's counts so far, as sums of counts (not of calls): `added` is always `sent + pending +
/// failed + unknown + dropped`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeterStats {
    /// Counts given to `add` and `sub`.
    pub added: u64,
    /// Counts the platform answered as counted.
    pub sent: u64,
    /// Counts held or being sent.
    pub pending: u64,
    /// Counts refused by the platform or not sent before the meter closed.
    pub failed: u64,
    /// Counts whose request's outcome is unknown (maybe counted).
    pub unknown: u64,
    /// Counts refused at the bound.
    pub dropped: u64,
    /// Requests sent.
    pub requests: u64,
}

/// What [`Meter::flush`] and [`Meter::close`] answer: the stats, and every sum not counted for
/// sure since the last report (at most [`FAILURES_KEPT`] of them; the rest are in the stats and
/// `failures_left_out`). Each is also logged at WARN when it happens.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeterReport {
    pub stats: MeterStats,
    pub failures: Vec<MeterFailure>,
    /// Failures not kept in `failures` (beyond the bound), still in the stats.
    pub failures_left_out: u64,
}

/// The most failures a meter keeps between two reports.
pub const FAILURES_KEPT: usize = 1_000;

/// What a meter's handles and its sending task share.
struct Shared {
    options: MeterOptions,
    state: Mutex<State>,
    /// Woken when `flush_at` sums are held.
    full: Notify,
}

#[derive(Default)]
struct State {
    pending: Pending,
    dropped: Dropped,
    stats: MeterStats,
    failures: Vec<MeterFailure>,
    failures_left_out: u64,
    closed: bool,
    /// Counts have been dropped since the last send (warned once).
    full: bool,
}

impl State {
    fn fail(&mut self, failure: MeterFailure) {
        let count = failure.count.unsigned_abs();
        match failure.outcome {
            Outcome::Failed => self.stats.failed += count,
            Outcome::Unknown => self.stats.unknown += count,
            Outcome::Dropped => self.stats.dropped += count,
        }
        if failure.outcome != Outcome::Dropped {
            self.stats.pending -= count;
        }
        if self.failures.len() < FAILURES_KEPT {
            self.failures.push(failure);
        } else {
            self.failures_left_out += 1;
        }
    }

    fn report(&mut self) -> MeterReport {
        let mut failures = std::mem::take(&mut self.failures);
        failures.extend(self.dropped.take());
        MeterReport { stats: self.stats, failures, failures_left_out: std::mem::take(&mut self.failures_left_out) }
    }
}

enum Command {
    Flush(oneshot::Sender<()>),
    Close(oneshot::Sender<()>),
}

/// Counts metered usage and sends it in sums (see the [module](self)). Cheap to clone: clones
/// share the counts. Close it before the program ends ([`Meter::close`]); dropping the last
/// clone with counts held sends them only if the runtime lives on, and warns.
#[derive(Clone)]
pub struct Meter {
    shared: Arc<Shared>,
    commands: mpsc::UnboundedSender<Command>,
    _last: Arc<LastHandle>,
}

impl std::fmt::Debug for Meter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meter").field("options", &self.shared.options).field("stats", &self.stats()).finish()
    }
}

impl Meter {
    /// A meter sending through `client`, its task spawned on the current tokio runtime.
    pub fn new(client: Client, options: MeterOptions) -> Result<Meter> {
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::invalid("runtime", "Meter::new must be called within a tokio runtime (or use Meter::on)"))?;
        Self::start(client, options, |task| drop(handle.spawn(task)))
    }

    /// A meter whose task runs on `io` (for the language bindings, whose calls run there).
    pub fn on(io: &IoThread, client: Client, options: MeterOptions) -> Result<Meter> {
        Self::start(client, options, |task| drop(io.spawn(task)))
    }

    fn start(client: Client, options: MeterOptions, spawn: impl FnOnce(deliver::Task)) -> Result<Meter> {
        options.check(str::to_owned)?;
        let shared = Arc::new(Shared { options, state: Mutex::default(), full: Notify::new() });
        let (commands, received) = mpsc::unbounded_channel();
        spawn(Box::pin(deliver::run(shared.clone(), client, received)));
        Ok(Meter { _last: Arc::new(LastHandle(shared.clone())), shared, commands })
    }

    /// Counts `count` more of `metering_unit_name` for `tenant_id`, now.
    pub fn add(&self, tenant_id: &str, metering_unit_name: &str, count: i64) -> Result<()> {
        self.count(tenant_id, metering_unit_name, now(), MeterMethod::Add, count)
    }

    /// Counts `count` fewer, now (the platform stops a count at 0).
    pub fn sub(&self, tenant_id: &str, metering_unit_name: &str, count: i64) -> Result<()> {
        self.count(tenant_id, metering_unit_name, now(), MeterMethod::Sub, count)
    }

    /// Counts `count` at `timestamp` (Unix seconds) rather than now: usage noted earlier, or
    /// handed over from a buffer of the caller's own.
    pub fn count(&self, tenant_id: &str, metering_unit_name: &str, timestamp: i64, method: MeterMethod, count: i64) -> Result<()> {
        for (field, v) in [("tenant_id", tenant_id), ("metering_unit_name", metering_unit_name)] {
            if v.is_empty() || v == "." || v == ".." {
                return Err(Error::invalid(field, "must not be empty, `.` or `..`"));
            }
        }
        if count < 0 {
            return Err(Error::invalid("count", "must not be negative (use sub to take away)"));
        }
        if timestamp < 0 {
            return Err(Error::invalid("timestamp", "must not be before 1970"));
        }
        if count == 0 {
            return Ok(());
        }
        let width = self.shared.options.bucket.as_secs() as i64;
        let key = (timestamp - timestamp % width, method);
        let options = &self.shared.options;
        let mut state = self.shared.lock();
        if state.closed {
            return Err(Error::invalid("meter", "is closed: counts can no longer be added"));
        }
        let start_flush = match state.pending.add(tenant_id, metering_unit_name, key, count, options.max_pending, false) {
            Added::Overflow => return Err(Error::invalid("count", "would take the sum held past 2^63-1")),
            Added::Full => {
                state.stats.added += count as u64;
                state.stats.dropped += count as u64;
                let listed = state.dropped.note(tenant_id, metering_unit_name, key, count, FAILURES_KEPT);
                if !listed {
                    state.failures_left_out += 1;
                }
                // Once per fill, not per count: a full meter may be refusing thousands a second.
                let first = !std::mem::replace(&mut state.full, true);
                drop(state);
                if first {
                    tracing::warn!(
                        target: "saasus",
                        max_pending = options.max_pending,
                        "meter full: counts for new sums are dropped (and reported) until it has sent what it holds"
                    );
                }
                return Ok(());
            }
            Added::Merged => false,
            Added::New(held) => held == options.flush_at,
        };
        state.stats.added += count as u64;
        state.stats.pending += count as u64;
        drop(state);
        if start_flush {
            self.shared.full.notify_one();
        }
        Ok(())
    }

    /// The counts so far.
    pub fn stats(&self) -> MeterStats {
        self.shared.lock().stats
    }

    /// Sends every count held now, and answers when each has been answered: counted, refused,
    /// or of unknown outcome. A sum that could not be sent at all (no connection, a 429 after
    /// the retries) is held again for the next send, and stays in `pending`.
    pub async fn flush(&self) -> MeterReport {
        let (done, answered) = oneshot::channel();
        if self.commands.send(Command::Flush(done)).is_ok() {
            let _ = answered.await;
        }
        self.shared.lock().report()
    }

    /// Takes no more counts, sends every count held, and ends the meter's task. What could not
    /// be sent is failed and reported. Closing again only answers the report.
    pub async fn close(&self) -> MeterReport {
        self.shared.lock().closed = true;
        let (done, answered) = oneshot::channel();
        if self.commands.send(Command::Close(done)).is_ok() {
            let _ = answered.await;
        }
        self.shared.lock().report()
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent at every unlock; a panic elsewhere leaves it usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Dropped with the last clone of a [`Meter`]: warns when counts are still held, since they are
/// sent only if the runtime outlives the meter.
struct LastHandle(Arc<Shared>);

impl Drop for LastHandle {
    fn drop(&mut self) {
        let state = self.0.lock();
        if !state.closed && state.stats.pending > 0 {
            tracing::warn!(
                target: "saasus",
                pending = state.stats.pending,
                "a Meter was dropped with counts held and not closed: they are sent only if the runtime lives on; call close().await"
            );
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
