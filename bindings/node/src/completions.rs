//! How answers reach the JS thread: one threadsafe function per JS environment, made by
//! `index.js` at load, through which every call's answer arrives as `(callId, envelopeText)`;
//! `index.js` keeps the promise of each call id. (napi-rs's `async fn` made a promise, a
//! threadsafe function — with its libuv handle and cleanup hook — per call, and released them
//! again: most of what a call cost the one JS thread, bench/run.py. One queue also lets
//! answers that arrive together be delivered in one turn of the event loop.)
//!
//! The threadsafe function is weak: it does not keep the process alive by itself. While calls
//! are in flight, `index.js` holds it, so that the event loop waits for their answers.

use napi::bindgen_prelude::{FnArgs, Function};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Result, Status};
use napi_derive::napi;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

type Deliver = ThreadsafeFunction<(u32, String), (), FnArgs<(u32, String)>, Status, false, true>;

/// The channel of answers of one JS environment; cloned into every call's task. It also keeps
/// the calls that an `AbortSignal` may cancel, by call id (ids are this environment's own).
#[derive(Clone)]
pub struct Sender {
    deliver: Arc<Deliver>,
    cancellable: Arc<Mutex<HashMap<u32, oneshot::Sender<()>>>>,
}

impl Sender {
    /// Queues a call's answer for the JS thread; dropped if the environment is shutting down.
    pub fn send(&self, call_id: u32, envelope: String) {
        let _ = self.deliver.call((call_id, envelope), ThreadsafeFunctionCallMode::NonBlocking);
    }

    /// Queues a log record of a call for the JS thread (its text marked with a leading `L`, which
    /// no answer's JSON starts with); it arrives before the call's answer.
    pub fn log(&self, call_id: u32, record: String) {
        let _ = self.deliver.call((call_id, format!("L{record}")), ThreadsafeFunctionCallMode::NonBlocking);
    }

    /// What resolves when `cancel(call_id)` is called (before the call is started, so that no
    /// cancel can come too early to be seen).
    pub fn cancellable(&self, call_id: u32) -> oneshot::Receiver<()> {
        let (cancel, cancelled) = oneshot::channel();
        self.running().insert(call_id, cancel);
        cancelled
    }

    /// Cancels the call (it then never answers); nothing if it has answered already.
    pub fn cancel(&self, call_id: u32) {
        if let Some(cancel) = self.running().remove(&call_id) {
            let _ = cancel.send(());
        }
    }

    /// A cancellable call has answered: `cancel` no longer applies to it.
    pub fn forget(&self, call_id: u32) {
        self.running().remove(&call_id);
    }

    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<u32, oneshot::Sender<()>>> {
        self.cancellable.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[napi]
pub struct Completions {
    sender: Sender,
}

#[napi]
impl Completions {
    /// `deliver(callId, envelopeText)` is called on the JS thread with each answer.
    #[napi(constructor, catch_unwind)]
    pub fn new(deliver: Function<FnArgs<(u32, String)>, ()>) -> Result<Self> {
        let tsfn = deliver
            .build_threadsafe_function::<(u32, String)>()
            .callee_handled::<false>()
            .weak::<true>()
            .build_callback(|ctx| Ok(FnArgs::from(ctx.value)))?;
        Ok(Completions { sender: Sender { deliver: Arc::new(tsfn), cancellable: Arc::default() } })
    }

    /// Keeps the event loop alive until `release`: calls are in flight.
    #[napi(catch_unwind)]
    pub fn hold(&self, env: Env) -> Result<()> {
        self.reference(&env, true)
    }

    /// No call is in flight: the process may exit.
    #[napi(catch_unwind)]
    pub fn release(&self, env: Env) -> Result<()> {
        self.reference(&env, false)
    }
}

impl Completions {
    pub fn sender(&self) -> Sender {
        self.sender.clone()
    }

    fn reference(&self, env: &Env, held: bool) -> Result<()> {
        let handle = &self.sender.deliver.handle;
        handle.with_read_aborted(|aborted| {
            if aborted {
                return Ok(());
            }
            // SAFETY: called on the JS thread of the environment that made the threadsafe
            // function (a `#[napi]` method), which is not aborted (checked under its lock).
            let status = unsafe {
                if held {
                    napi::sys::napi_ref_threadsafe_function(env.raw(), handle.get_raw())
                } else {
                    napi::sys::napi_unref_threadsafe_function(env.raw(), handle.get_raw())
                }
            };
            if status == napi::sys::Status::napi_ok { Ok(()) } else { Err(napi::Error::from_status(Status::from(status))) }
        })
    }
}
