//! Sending a request: building the URL, signing the exact bytes sent, retrying, decoding. One
//! file per concern: [`prepare`] (the URL, the body, the headers, the signature), [`connect`]
//! (connection pools and TLS), [`retry`] (when a request is sent again, and after how long),
//! [`send`] (one attempt, a public document), [`answer`] (what came back, as a result or an
//! error), [`log`] (the log event of each attempt) and [`response`] (the public result type).
//! It takes what a call carries from [`crate::call`], never from the client that calls it.

mod answer;
pub(crate) mod connect;
mod log;
mod prepare;
mod response;
mod retry;
mod send;

pub use prepare::PreparedRequest;
pub use response::Response;

use crate::call::CallOptions;
use crate::config::{Config, ConfigError};
use crate::error::{Error, Result};
use crate::model::ResponseBody;
use crate::operation::OperationInfo;
use crate::repeat::Repeat;
use crate::signing;
use answer::{api_error, redact_quoted};
use log::CallInfo;
use std::sync::Arc;

/// The response header carrying the platform's trace id.
pub const TRACE_ID_HEADER: &str = "x-saasus-trace-id";

pub(crate) struct Transport {
    /// Shared with this transport's thread-local twins ([`Transport::for_this_thread`]).
    pub(crate) config: Arc<Config>,
    /// Keyed once with `config.secret_key` (which never changes after construction).
    signer: signing::Signer,
    /// [`Config::user_agent_header`], made once.
    user_agent: String,
    /// `config.base_url` parsed once (when that is how it reads parsed): each request's URL is
    /// then this with its path and query set, not parsed whole with its host again.
    base: Option<Arc<reqwest::Url>>,
    http: reqwest::Client,
}

impl Transport {
    pub(crate) fn new(config: Config) -> Result<Self, ConfigError> {
        let http = connect::build_http(&config)?;
        Ok(Transport::with_http(config, http))
    }

    /// Like [`Transport::new`], with the connection pool shared by every client of this
    /// process that has the same connect timeout.
    pub(crate) fn shared(config: Config) -> Result<Self, ConfigError> {
        static POOLS: std::sync::Mutex<Option<connect::Pools>> = std::sync::Mutex::new(None);
        let mut pools = POOLS.lock().unwrap_or_else(|p| p.into_inner());
        let http = connect::pooled(pools.get_or_insert_with(Default::default), &config)?;
        Ok(Transport::with_http(config, http))
    }

    /// This transport (its configuration and keyed signer, not copied) with a pool of the
    /// calling thread's own: its connections' tasks live on the runtime that thread runs its
    /// calls on.
    pub(crate) fn for_this_thread(&self) -> Result<Self, ConfigError> {
        thread_local! {
            static POOLS: std::cell::RefCell<connect::Pools> = std::cell::RefCell::new(connect::Pools::new());
        }
        let http = POOLS.with(|pools| connect::pooled(&mut pools.borrow_mut(), &self.config))?;
        Ok(Transport {
            config: self.config.clone(),
            signer: self.signer.clone(),
            user_agent: self.user_agent.clone(),
            base: self.base.clone(),
            http,
        })
    }

    fn with_http(config: Config, http: reqwest::Client) -> Self {
        let base = reqwest::Url::parse(&config.base_url).ok().filter(|u| u.as_str() == config.base_url && u.query().is_none());
        Transport {
            signer: signing::Signer::new(config.secret_key.expose()),
            user_agent: config.user_agent_header(),
            base: base.map(Arc::new),
            config: Arc::new(config),
            http,
        }
    }

    /// Sends a request [`Transport::prepare`]d for `op` (retrying as [`retry`] says) and gives
    /// its answer in the 2xx range, not yet decoded ([`Answered::decode`]): the one part of a call
    /// that waits, compiled once for every operation.
    pub(crate) async fn exchange(
        &self,
        mut request: PreparedRequest,
        options: &CallOptions,
        op: &OperationInfo,
        repeat: Repeat,
    ) -> Result<Answered> {
        let call = CallInfo { api: op.api, operation: op.id, method: op.method, path: op.path };
        let sent = self.send_with_retries(&mut request, options, call, repeat).await;
        let once = |e: Error| if repeat == Repeat::Once { self.outcome_unknown(op.id, &request, e) } else { e };
        let (answer, attempts) = match sent {
            Ok(sent) => sent,
            // A timeout or a broken connection after the request left: it may have been applied.
            Err(e @ (Error::Timeout { .. } | Error::Transport { connect: false, .. })) => return Err(once(e)),
            Err(e) => return Err(e),
        };
        if !(200..300).contains(&answer.status) {
            let e = Error::Api(Box::new(api_error(&answer)));
            // Any 5xx leaves open whether the work was done before the failure.
            return Err(if answer.status >= 500 { once(e) } else { e });
        }
        Ok(Answered { answer, attempts })
    }

    /// What an outcome-unknown error says was sent: the path below the base URL without its query
    /// (it may carry a token), and the body with its secrets as `***`.
    fn outcome_unknown(&self, operation: &'static str, request: &PreparedRequest, cause: Error) -> Error {
        let below_base = request.url.get(self.config.base_url.len()..).unwrap_or_default();
        let path = below_base.split('?').next().unwrap_or_default().to_string();
        let body = request.body.as_deref().and_then(|b| serde_json::from_slice(b).ok()).map(|mut v| {
            crate::redact::secrets(&mut v);
            v
        });
        let sent = crate::error::Sent { operation, method: request.method.as_str(), path, body };
        Error::OutcomeUnknown { sent: Box::new(sent), cause: Box::new(cause) }
    }
}

/// A 2xx answer of [`Transport::exchange`], for the operation's output type to decode.
pub(crate) struct Answered {
    answer: answer::Answer,
    attempts: u32,
}

impl Answered {
    pub(crate) fn decode<T: ResponseBody>(self) -> Result<Response<T>> {
        let Answered { answer, attempts } = self;
        match T::from_body(&answer.body) {
            Ok(value) => Ok(Response { value, status: answer.status, trace_id: answer.trace_id, headers: answer.headers, attempts }),
            Err(e) => Err(Error::Decode { status: answer.status, message: redact_quoted(&e.to_string()), trace_id: answer.trace_id }),
        }
    }
}
