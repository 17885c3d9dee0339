//! What a call carries besides its input: the headers of a derived client's context and the
//! options of its calls. Apart from the client so that the transport, which sends them, does
//! not depend on the client, which calls it.

use crate::error::{Error, Result};

/// Headers forwarded with every request of a derived client ([`Client::with_context`](crate::Client::with_context)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// The end user's `Referer`, forwarded to the platform.
    pub referer: Option<String>,
    /// Sent as `X-SaaSus-Referer`.
    pub x_saasus_referer: Option<String>,
    /// Sent as `X-SaaSus-Trace-Id`, tying calls together in the platform's logs.
    pub trace_id: Option<String>,
}

impl RequestContext {
    pub(crate) fn validate(&self) -> Result<()> {
        for (field, v) in [("referer", &self.referer), ("x_saasus_referer", &self.x_saasus_referer), ("trace_id", &self.trace_id)] {
            if let Some(v) = v
                && !is_header_text(v)
            {
                return Err(Error::invalid(field, HEADER_TEXT_RULE));
            }
        }
        // An empty trace id would be sent as an empty header, tying nothing together; leaving
        // the option out is how to send none.
        if self.trace_id.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(Error::invalid("trace_id", "must not be empty or blank (leave it out to send none)"));
        }
        Ok(())
    }
}

const HEADER_TEXT_RULE: &str =
    "must be printable ASCII (letters, digits, punctuation and spaces; no line breaks, control or non-ASCII characters)";

/// What a forwarded header may hold. Stricter than HTTP's field-value, which also lets through
/// bytes above 0x7F: those would reach the platform as Latin-1 or UTF-8 depending on who reads
/// them, so they are refused here rather than garbled there.
fn is_header_text(v: &str) -> bool {
    v.bytes().all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic())
}

/// Settings of the calls made through a derived client ([`Client::with_options`](crate::Client::with_options)), over the
/// client's own: a deadline for one slow report, no retries for a health check, a trace id of
/// the caller's request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// The limit for one attempt (over [`Config::timeout`](crate::Config::timeout)).
    pub timeout: Option<std::time::Duration>,
    /// Over [`Config::max_retries`](crate::Config::max_retries); at most 10.
    pub max_retries: Option<u32>,
    /// Sent as `X-SaaSus-Trace-Id` (over the context's).
    pub trace_id: Option<String>,
}

impl CallOptions {
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(t) = self.timeout {
            crate::config::check_timeout(t).map_err(|rule| Error::invalid("timeout", rule))?;
        }
        if let Some(n) = self.max_retries {
            crate::config::check_max_retries(n).map_err(|rule| Error::invalid("max_retries", rule))?;
        }
        RequestContext { trace_id: self.trace_id.clone(), ..RequestContext::default() }.validate()
    }

    /// `self` with what `over` sets put over it.
    pub(crate) fn merged(&self, over: CallOptions) -> CallOptions {
        CallOptions {
            timeout: over.timeout.or(self.timeout),
            max_retries: over.max_retries.or(self.max_retries),
            trace_id: over.trace_id.or_else(|| self.trace_id.clone()),
        }
    }
}
