//! The log event of each attempt: the operation and what came back, never arguments, bodies,
//! tokens or the signature.

use super::answer::Answer;
use crate::error::Result;
use crate::operation::Method;
use std::time::Duration;

/// What the log events of a call name: the operation, not its arguments.
#[derive(Clone, Copy)]
pub(super) struct CallInfo {
    pub(super) api: &'static str,
    pub(super) operation: &'static str,
    pub(super) method: Method,
    /// The path template (`/tenants/{tenant_id}`): path arguments may be personal data.
    pub(super) path: &'static str,
}

/// One attempt, at debug level: the operation and what came back, never arguments, bodies,
/// tokens or the signature.
pub(super) fn log_attempt(call: CallInfo, attempt: u32, elapsed: Duration, result: &Result<Answer>) {
    if !tracing::enabled!(target: "saasus", tracing::Level::DEBUG) {
        return;
    }
    let elapsed_ms = elapsed.as_secs_f64() * 1000.0;
    let (status, error) = match result {
        Ok(a) => (Some(a.status), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let outcome = match (status, &error) {
        (Some(status), _) => format!("-> {status}"),
        (None, error) => format!("failed ({})", error.as_deref().unwrap_or_default()),
    };
    tracing::debug!(
        target: "saasus",
        api = call.api,
        operation = call.operation,
        method = call.method.as_str(),
        path = call.path,
        status,
        attempt,
        elapsed_ms,
        trace_id = result.as_ref().ok().and_then(|a| a.trace_id.as_deref()),
        error = error.as_deref(),
        "{} {} {} {outcome} in {elapsed_ms:.1} ms",
        call.method.as_str(),
        call.api,
        call.path,
    );
}
