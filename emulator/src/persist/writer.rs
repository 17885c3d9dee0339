//! Group commits: the changes of requests served together are written in one transaction, and
//! each request waits for the commit that holds its change before it is answered.
//!
//! A request hands its change (an API log, or "the state changed") to the queue. If no request
//! is writing, it leads: it takes every change waiting, writes them in one transaction, tells
//! each of their requests the result, and passes the lead to the first request that queued in
//! the meantime. So alone a request writes its own change at once, on its own thread (no hand-off
//! to a writer thread to wait for), and under load one commit — and one snapshot of the state —
//! serves every request that arrived while the previous one was written.

use super::{Files, rows};
use crate::state::Store;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

pub(super) enum Change {
    /// The state may have changed: the whole of it is compared with what the file holds.
    State,
    /// An API log (its id and JSON) to add, and the ids of those dropped to make room.
    Log { id: String, body: String, dropped: Vec<String> },
}

enum Outcome {
    Written(Result<(), String>),
    /// Write what is queued (this request's change with it).
    Lead,
}

struct Job {
    change: Change,
    /// None for the leader's own change, and once the request was told to lead.
    done: Option<oneshot::Sender<Outcome>>,
}

#[derive(Default)]
struct Queue {
    jobs: Vec<Job>,
    leading: bool,
}

/// The data file's queue of changes, and what a batch is written from.
pub(super) struct Commits {
    files: Arc<Files>,
    store: Arc<Mutex<Store>>,
    queue: Mutex<Queue>,
}

impl Commits {
    pub(super) fn new(files: Arc<Files>, store: Arc<Mutex<Store>>) -> Arc<Commits> {
        Arc::new(Commits { files, store, queue: Mutex::default() })
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues a change; the request then waits on [`Pending::written`].
    pub(super) fn hand(self: &Arc<Commits>, change: Change) -> Pending {
        let mut q = self.queue();
        let wait = if q.leading {
            let (done, wait) = oneshot::channel();
            q.jobs.push(Job { change, done: Some(done) });
            Some(wait)
        } else {
            q.leading = true;
            q.jobs.push(Job { change, done: None });
            None
        };
        Pending { commits: self.clone(), wait, done: false }
    }

    /// Writes every queued change in one transaction, tells their requests, and passes the lead.
    fn lead(&self) -> Result<(), String> {
        let batch = std::mem::take(&mut self.queue().jobs);
        // A panic here must not leave the lead taken, every later change waiting for it.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write(&self.files, &self.store, &batch)))
            .unwrap_or_else(|_| Err("writing the data file failed unexpectedly".into()));
        for done in batch.into_iter().filter_map(|j| j.done) {
            let _ = done.send(Outcome::Written(result.clone()));
        }
        let mut q = self.queue();
        // To the first waiting request still there (a request whose client went away is not).
        let next = q.jobs.iter_mut().filter_map(|j| j.done.take()).find_map(|done| done.send(Outcome::Lead).ok());
        if next.is_none() {
            // What is left (changes of requests gone) is written with the next change, or at the stop.
            q.leading = false;
        }
        result
    }

    /// Writes what is still queued (at the stop, when no request is left to lead).
    pub(super) fn flush(&self) -> Result<(), String> {
        {
            let mut q = self.queue();
            if q.leading || q.jobs.is_empty() {
                return Ok(());
            }
            q.leading = true;
        }
        self.lead()
    }
}

/// A change handed to the data file; [`Pending::written`] waits until it is in the file.
/// Dropped unawaited (its request cancelled), it still writes or passes on the lead it was given,
/// so that no other request waits for it.
pub(crate) struct Pending {
    commits: Arc<Commits>,
    /// None when this request leads at once.
    wait: Option<oneshot::Receiver<Outcome>>,
    done: bool,
}

impl Pending {
    /// Once the transaction holding the change has committed (or failed).
    pub(crate) async fn written(mut self) -> Result<(), String> {
        let outcome = match self.wait.as_mut() {
            None => Outcome::Lead,
            Some(wait) => wait.await.unwrap_or(Outcome::Written(Err("the data file's write was abandoned".into()))),
        };
        self.done = true;
        match outcome {
            Outcome::Written(result) => result,
            Outcome::Lead => self.commits.lead(),
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let lead = match self.wait.as_mut() {
            None => true,
            Some(wait) => {
                // Closed first: a lead sent from now on goes to the next request instead.
                wait.close();
                matches!(wait.try_recv(), Ok(Outcome::Lead))
            }
        };
        if lead {
            let _ = self.commits.lead();
        }
    }
}

fn write(files: &Files, store: &Mutex<Store>, batch: &[Job]) -> Result<(), String> {
    let logs = batch.iter().filter_map(|j| match &j.change {
        Change::Log { id, body, dropped } => Some((id.as_str(), body.as_str(), dropped.as_slice())),
        Change::State => None,
    });
    if !batch.iter().any(|j| matches!(j.change, Change::State)) {
        return files.commit(files.written(), None, logs);
    }
    // `written` is taken before the store is let go: a save that follows (holding the store,
    // then `written`) can then only write a later state than this one, never be overwritten by it.
    let (now, written) = {
        let store = store.lock().unwrap_or_else(|p| p.into_inner());
        (rows(&store), files.written())
    };
    files.commit(written, Some(now), logs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::Persistence;
    use std::time::Duration;

    fn opened(name: &str) -> (Persistence, Arc<Mutex<Store>>, Arc<Commits>, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!("saasus-writer-{name}-{}.sqlite", std::process::id()));
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let mut store = Store::new("api-key", "saas-id");
        let p = Persistence::open(&path, &mut store).unwrap();
        let store = Arc::new(Mutex::new(store));
        p.serve(store.clone());
        let commits = p.commits.get().unwrap().clone();
        (p, store, commits, path)
    }

    fn log(id: &str) -> Change {
        Change::Log { id: id.into(), body: "{}".into(), dropped: vec![] }
    }

    fn logs_in_file(p: &Persistence) -> Vec<String> {
        let conn = p.files.conn.lock().unwrap();
        let mut stmt = conn.prepare("SELECT id FROM records WHERE kind = 'api_log' ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    }

    fn block_on<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    /// Runs a first change (which leads) on a thread while the store is held, so that it has taken
    /// its batch but not written it when `meanwhile` queues more; returns once it is written.
    fn while_leading(commits: &Arc<Commits>, store: &Mutex<Store>, meanwhile: impl FnOnce()) {
        let first = commits.hand(Change::State);
        let held = store.lock().unwrap();
        let leader = std::thread::spawn(move || block_on(first.written()));
        while !commits.queue().jobs.is_empty() {
            std::thread::sleep(Duration::from_millis(1));
        }
        meanwhile();
        drop(held);
        leader.join().unwrap().unwrap();
    }

    #[test]
    fn the_lead_skips_a_request_that_went_away_and_its_change_is_written_with_the_next() {
        let (p, store, commits, path) = opened("skip");
        let mut rest = None;
        while_leading(&commits, &store, || {
            let gone = commits.hand(log("gone"));
            let next = commits.hand(log("next"));
            drop(gone);
            rest = Some(next);
        });
        // `gone`'s request was cancelled: `next` was given the lead, and writes both.
        assert!(commits.queue().leading);
        block_on(rest.unwrap().written()).unwrap();
        assert!(!commits.queue().leading && commits.queue().jobs.is_empty());
        assert_eq!(logs_in_file(&p), ["gone", "next"]);
        p.release();
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_request_dropped_after_it_was_given_the_lead_still_writes() {
        let (p, store, commits, path) = opened("dropped-lead");
        let mut given = None;
        while_leading(&commits, &store, || given = Some(commits.hand(log("given"))));
        // Told to lead, then cancelled before it ran: its drop writes the batch.
        drop(given);
        assert!(!commits.queue().leading && commits.queue().jobs.is_empty());
        assert_eq!(logs_in_file(&p), ["given"]);
        // And the next change leads at once.
        block_on(commits.hand(log("after")).written()).unwrap();
        assert_eq!(logs_in_file(&p), ["after", "given"]);
        p.release();
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn what_no_request_is_left_to_write_is_written_at_the_stop() {
        let (p, store, commits, path) = opened("flush");
        while_leading(&commits, &store, || {
            let orphan = commits.hand(log("orphan"));
            drop(orphan);
        });
        assert!(!commits.queue().leading);
        assert!(logs_in_file(&p).is_empty());
        p.release();
        assert_eq!(logs_in_file(&p), ["orphan"]);
        let _ = std::fs::remove_file(path);
    }
}
