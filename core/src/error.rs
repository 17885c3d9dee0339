//! The SDK's error: what the API answered, or why no answer came.

pub use crate::config::ConfigError;
use crate::json::JsonObject;

/// An error response of the API: `{"type", "message", "data"}` with its HTTP status.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    /// The API's error type, e.g. `not_found` or `invalid_signature`.
    pub error_type: String,
    pub message: String,
    pub data: Option<JsonObject>,
    /// The `X-SaaSus-Trace-Id` of the response, to quote to SaaSus support.
    pub trace_id: Option<String>,
}

/// What kind of failure, for bindings that map errors onto their own classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Api,
    Transport,
    Timeout,
    Decode,
    Config,
    InvalidArgument,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Api => "api",
            ErrorKind::Transport => "transport",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Decode => "decode",
            ErrorKind::Config => "config",
            ErrorKind::InvalidArgument => "invalid_argument",
        }
    }
}

/// Every failure of a call. Messages never contain the secret key, a signature or a token.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Error {
    /// The API answered with a non-2xx status.
    #[error("{} {}: {}{}", .0.status, .0.error_type, .0.message, trace_suffix(&.0.trace_id))]
    Api(Box<ApiError>),
    /// The request could not be sent or the response not read (DNS, connect, TLS, reset).
    #[error("transport error: {message}")]
    Transport { message: String, connect: bool },
    /// The connect or total timeout elapsed.
    #[error("timed out: {message}")]
    Timeout { message: String },
    /// A 2xx response whose body is not what the API documents.
    #[error("could not decode the {status} response: {message}{}", trace_suffix(trace_id))]
    Decode { status: u16, message: String, trace_id: Option<String> },
    #[error("invalid configuration: {0}")]
    Config(#[from] ConfigError),
    /// An argument was rejected before anything was sent.
    #[error("invalid argument {field}: {rule}")]
    InvalidArgument { field: String, rule: String },
}

fn trace_suffix(trace_id: &Option<String>) -> String {
    trace_id.as_deref().map(|t| format!(" (trace id {t})")).unwrap_or_default()
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(_) => ErrorKind::Api,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Config(_) => ErrorKind::Config,
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
        }
    }

    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn trace_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.trace_id.as_deref(),
            Error::Decode { trace_id, .. } => trace_id.as_deref(),
            _ => None,
        }
    }

    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Error::InvalidArgument { field: field.into(), rule: rule.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
