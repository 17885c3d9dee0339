//! The meter's task: sends the sums held, and decides from how each request ended whether its
//! count was counted, may have been, or was not (and may be sent again).

use super::pending::Aggregate;
use super::{Command, MeterFailure, MeterMethod, Outcome, Shared};
use crate::client::Client;
use crate::error::Error;
use crate::pricing::{UpdateMeteringUnitTimestampCountMethod, UpdateMeteringUnitTimestampCountParam};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

pub(super) type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Sends on the interval, when `flush_at` sums are held, and when asked; ends on `close` or
/// when every handle is gone (sending what is held first).
pub(super) async fn run(shared: Arc<Shared>, client: Client, mut commands: mpsc::UnboundedReceiver<Command>) {
    let mut tick = tokio::time::interval(shared.options.flush_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
        tokio::select! {
            _ = tick.tick() => send(&shared, &client, false).await,
            _ = shared.full.notified() => send(&shared, &client, false).await,
            command = commands.recv() => match command {
                Some(Command::Flush(done)) => {
                    send(&shared, &client, false).await;
                    let _ = done.send(());
                }
                Some(Command::Close(done)) => {
                    send(&shared, &client, true).await;
                    let _ = done.send(());
                    return;
                }
                None => {
                    shared.lock().closed = true;
                    send(&shared, &client, true).await;
                    return;
                }
            },
        }
    }
}

/// What became of one sum's request.
enum Ended {
    Counted,
    /// Certainly not applied and worth sending again (no connection; a 429 after the retries).
    Again(Error),
    Not(Outcome, Error),
}

fn ended(result: crate::Result<impl Sized>) -> Ended {
    match result {
        Ok(_) => Ended::Counted,
        Err(e @ Error::OutcomeUnknown { .. }) => Ended::Not(Outcome::Unknown, e),
        Err(e @ Error::Transport { connect: true, .. }) => Ended::Again(e),
        Err(e) if e.status() == Some(429) => Ended::Again(e),
        Err(e) => Ended::Not(Outcome::Failed, e),
    }
}

/// Sends every sum held: the additions, then the subtractions (the platform stops a count at 0,
/// so a subtraction must not arrive before what it takes from). `last`: the meter is closing, and
/// a sum that cannot be sent now is failed rather than held again.
async fn send(shared: &Arc<Shared>, client: &Client, last: bool) {
    let taken = {
        let mut state = shared.lock();
        state.full = false;
        state.pending.take()
    };
    if taken.is_empty() {
        return;
    }
    let split = taken.partition_point(|a| a.method == MeterMethod::Add);
    let mut taken = taken;
    let subs = taken.split_off(split);
    for batch in [taken, subs] {
        send_batch(shared, client, batch, last).await;
    }
}

async fn send_batch(shared: &Arc<Shared>, client: &Client, batch: Vec<Aggregate>, last: bool) {
    let mut batch = batch.into_iter();
    let mut flying = JoinSet::new();
    loop {
        while flying.len() < shared.options.concurrency {
            let Some(sum) = batch.next() else { break };
            let client = client.clone();
            flying.spawn(async move {
                let result = request(&client, &sum).await;
                (sum, result)
            });
        }
        let Some(joined) = flying.join_next().await else { return };
        let (sum, result) = match joined {
            Ok(done) => done,
            // A panic in the request (a bug): the task's sum is lost with it; nothing to report by.
            Err(e) => {
                tracing::error!(target: "saasus", "a meter request ended abnormally: {e}");
                continue;
            }
        };
        settle(shared, sum, result, last);
    }
}

async fn request(client: &Client, sum: &Aggregate) -> crate::Result<()> {
    let method = match sum.method {
        MeterMethod::Add => UpdateMeteringUnitTimestampCountMethod::Add,
        MeterMethod::Sub => UpdateMeteringUnitTimestampCountMethod::Sub,
    };
    let param = UpdateMeteringUnitTimestampCountParam { method, count: sum.count };
    client
        .pricing()
        .metering()
        .update_metering_unit_timestamp_count(&sum.tenant_id, &sum.metering_unit_name, sum.timestamp, &param)
        .await
        .map(drop)
}

fn settle(shared: &Shared, sum: Aggregate, result: crate::Result<()>, last: bool) {
    let mut state = shared.lock();
    state.stats.requests += 1;
    let count = sum.count.unsigned_abs();
    let (outcome, error) = match ended(result) {
        Ended::Counted => {
            state.stats.sent += count;
            state.stats.pending -= count;
            return;
        }
        Ended::Again(e) if !last => {
            let key = (sum.timestamp, sum.method);
            // Held again whatever the bound: it was taken already. (An overflow cannot happen
            // for a sum that was held; if one did, the count is failed, not lost.)
            let back = state.pending.add(&sum.tenant_id, &sum.metering_unit_name, key, sum.count, 0, true);
            if back != super::pending::Added::Overflow {
                tracing::info!(target: "saasus", tenant_id = %sum.tenant_id, metering_unit_name = %sum.metering_unit_name, count, "meter: not sent ({e}); held for the next send");
                return;
            }
            (Outcome::Failed, e)
        }
        Ended::Again(e) => (Outcome::Failed, e),
        Ended::Not(outcome, e) => (outcome, e),
    };
    tracing::warn!(
        target: "saasus",
        tenant_id = %sum.tenant_id,
        metering_unit_name = %sum.metering_unit_name,
        timestamp = sum.timestamp,
        method = sum.method.as_str(),
        count,
        outcome = outcome.as_str(),
        "meter: count not counted for sure: {error}"
    );
    state.fail(MeterFailure {
        tenant_id: sum.tenant_id,
        metering_unit_name: sum.metering_unit_name,
        timestamp: sum.timestamp,
        method: sum.method,
        count: sum.count,
        outcome,
        error: Some(error),
    });
}
