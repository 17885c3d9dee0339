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
    OutcomeUnknown,
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
            ErrorKind::OutcomeUnknown => "outcome_unknown",
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
    /// A request that may have taken effect ended without saying whether it did (a 5xx answer,
    /// or a timeout or broken connection after it was sent), and doing it twice would do more
    /// than once (a metering `add`, a create): it was not sent again. `cause` is how it ended;
    /// `sent` what was sent, to check (read the count, list the tenants) before sending it again.
    #[error("outcome unknown: {} {} ({}) may or may not have been applied and was not sent again: {cause}", sent.method, sent.path, sent.operation)]
    OutcomeUnknown { sent: Box<Sent>, cause: Box<Error> },
}

/// What a request sent, as an [`Error::OutcomeUnknown`] reports it: secrets in its body are `***`
/// and its query is left out (it may carry a token).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Sent {
    /// The operationId (`UpdateMeteringUnitTimestampCountNow`).
    pub operation: &'static str,
    pub method: &'static str,
    /// The path below the base URL, with its parameters (`/pricing/metering/tenants/…/now`).
    pub path: String,
    /// The JSON body, for operations with one.
    pub body: Option<serde_json::Value>,
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
            Error::OutcomeUnknown { .. } => ErrorKind::OutcomeUnknown,
        }
    }

    /// The HTTP status, for API and decode errors (and an unknown outcome's 5xx answer).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            Error::OutcomeUnknown { cause, .. } => cause.status(),
            _ => None,
        }
    }

    pub fn trace_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.trace_id.as_deref(),
            Error::Decode { trace_id, .. } => trace_id.as_deref(),
            Error::OutcomeUnknown { cause, .. } => cause.trace_id(),
            _ => None,
        }
    }

    /// The `type` the bindings' errors show: the API's error type, the field a refused argument
    /// or setting names; for an unknown outcome, its cause's (or the cause's kind: `timeout`).
    pub fn type_name(&self) -> Option<String> {
        match self {
            Error::Api(a) => Some(a.error_type.clone()),
            Error::InvalidArgument { field, .. } => Some(field.clone()),
            Error::Config(c) => Some(c.field.clone()),
            Error::OutcomeUnknown { cause, .. } => cause.type_name().or_else(|| Some(cause.kind().as_str().to_string())),
            _ => None,
        }
    }

    /// The `data` the bindings' errors show: the API's; for an unknown outcome, what was sent
    /// and how it ended: `{"sent": {"operation", "method", "path", "body"}, "cause": {"kind",
    /// "status", "type", "message"}}`.
    pub fn data(&self) -> Option<JsonObject> {
        match self {
            Error::Api(a) => a.data.clone(),
            Error::OutcomeUnknown { sent, cause } => {
                let cause = serde_json::json!({
                    "kind": cause.kind().as_str(), "status": cause.status(), "type": cause.type_name(), "message": cause.to_string(),
                });
                let sent = serde_json::to_value(sent).unwrap_or_default();
                let mut data = JsonObject::new();
                data.0.insert("sent".into(), sent);
                data.0.insert("cause".into(), cause);
                Some(data)
            }
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

/// Which failures an error class of the bindings stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selects {
    /// Every failure (the base class; also what an SDK bug is raised as).
    All,
    /// An API answer with no class of its own.
    Api,
    /// An API answer with this status.
    Status(u16),
    /// An API answer of any 5xx status.
    ServerStatus,
    /// A failure of this kind other than `Api`.
    Kind(ErrorKind),
}

/// An exception class of the Python and Node bindings, defined once here and written into each
/// binding by the generator (`tools/generate.py`), so that the bindings never list them by hand.
/// Kotlin and Swift have one error type with a case per [`ErrorKind`] instead.
#[derive(Clone, Copy, Debug)]
pub struct ErrorClass {
    /// The class name (Node's too, unless `node_name` says otherwise).
    pub name: &'static str,
    /// Node's name: its API error class is `SaasusApiError`, beside the SDK's `SaasusError`.
    pub node_name: &'static str,
    /// The class it extends (by `name`); None for the base.
    pub parent: Option<&'static str>,
    pub selects: Selects,
    /// Node's stable `code`.
    pub code: &'static str,
    /// A Python builtin exception it also is, so that `except TimeoutError` / `except ValueError` catch it.
    pub python_builtin: Option<&'static str>,
    pub doc: &'static str,
}

const fn class(name: &'static str, parent: &'static str, selects: Selects, code: &'static str, doc: &'static str) -> ErrorClass {
    ErrorClass { name, node_name: name, parent: Some(parent), selects, code, python_builtin: None, doc }
}

/// Every error class, parents before children, in the order the bindings list them.
pub const ERROR_CLASSES: &[ErrorClass] = &[
    ErrorClass {
        name: "SaasusError",
        node_name: "SaasusError",
        parent: None,
        selects: Selects::All,
        code: "SAASUS_ERROR",
        python_builtin: None,
        doc: "Every error of the SDK; the text never contains the secret key, a signature or a token.",
    },
    ErrorClass {
        node_name: "SaasusApiError",
        ..class("ApiError", "SaasusError", Selects::Api, "SAASUS_API_ERROR", "The API answered with an error status.")
    },
    class(
        "BadRequestError",
        "ApiError",
        Selects::Status(400),
        "SAASUS_BAD_REQUEST",
        "400: the request was refused as malformed or invalid.",
    ),
    class(
        "UnauthorizedError",
        "ApiError",
        Selects::Status(401),
        "SAASUS_UNAUTHORIZED",
        "401: the signature, API key or token was not accepted.",
    ),
    class("ForbiddenError", "ApiError", Selects::Status(403), "SAASUS_FORBIDDEN", "403: the credentials may not do this."),
    class("NotFoundError", "ApiError", Selects::Status(404), "SAASUS_NOT_FOUND", "404: what the request names does not exist."),
    class("ConflictError", "ApiError", Selects::Status(409), "SAASUS_CONFLICT", "409: a name or id that must be unique is taken."),
    class("RateLimitError", "ApiError", Selects::Status(429), "SAASUS_RATE_LIMITED", "429: too many requests (retried before you see it)."),
    class("ServerError", "ApiError", Selects::ServerStatus, "SAASUS_SERVER_ERROR", "5xx: the platform failed."),
    class(
        "OutcomeUnknownError",
        "SaasusError",
        Selects::Kind(ErrorKind::OutcomeUnknown),
        "SAASUS_OUTCOME_UNKNOWN",
        "A request that may have been applied (a metering add, a create) ended without saying whether it was (a 5xx, a timeout, a broken connection) and was not sent again; `data[\"sent\"]` is what was sent, `data[\"cause\"]` how it ended. Check before sending it again.",
    ),
    class(
        "TransportError",
        "SaasusError",
        Selects::Kind(ErrorKind::Transport),
        "SAASUS_TRANSPORT",
        "The request could not be sent or the answer not read.",
    ),
    ErrorClass {
        python_builtin: Some("TimeoutError"),
        ..class("TimeoutError", "SaasusError", Selects::Kind(ErrorKind::Timeout), "SAASUS_TIMEOUT", "The connect or total timeout elapsed.")
    },
    class(
        "DecodeError",
        "SaasusError",
        Selects::Kind(ErrorKind::Decode),
        "SAASUS_DECODE",
        "A 2xx answer whose body is not what the API documents.",
    ),
    class(
        "ConfigError",
        "SaasusError",
        Selects::Kind(ErrorKind::Config),
        "SAASUS_CONFIG",
        "A missing or invalid setting; `type` names it (e.g. SAASUS_API_KEY).",
    ),
    ErrorClass {
        python_builtin: Some("ValueError"),
        ..class(
            "InvalidArgumentError",
            "SaasusError",
            Selects::Kind(ErrorKind::InvalidArgument),
            "SAASUS_INVALID_ARGUMENT",
            "An argument was refused before anything was sent; `type` names the field.",
        )
    },
];
