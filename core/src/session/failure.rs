//! Why a request was not authorized, in the terms a web framework answers with: the end user's
//! fault (401, 400, 403) or the server's (503 for the platform, 500 for our own configuration).

use crate::error::Error;

/// Why a request, a sign-in callback or a refresh did not go through.
///
/// `status()` is what the helpers answer; `public_message()` what the end user may see (never the
/// platform's words for a server error); `Display` is for the log, with the cause.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AuthFailure {
    /// No token, or one that is forged, expired beyond refresh, for another issuer or audience,
    /// or refused by the platform; a callback not started by this browser. → 401 (or sign-in).
    #[error("unauthorized: {reason}")]
    Unauthorized { reason: String },
    /// A malformed request of the end user's (a callback without a usable `code`). → 400.
    #[error("bad request: {reason}")]
    BadRequest { reason: String },
    /// Signed in, but without the tenant or role a route requires. → 403.
    #[error("forbidden: {reason}")]
    Forbidden { reason: String },
    /// A native app's client called the app endpoints faster than their limit. → 429, with
    /// `Retry-After` in whole seconds.
    #[error("too many requests: try again in {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    /// The platform (or the issuer's key set) failed or could not be reached: 5xx, 429,
    /// timeouts, network failures, an undecodable answer. → 503; the user is still signed in.
    #[error("the SaaSus platform is unavailable: {cause}")]
    Unavailable { cause: Error },
    /// The platform refused this backend (a wrong secret key or API key), or the helper is set up
    /// wrong. → 500, for an operator to see in the log.
    #[error("this backend's SaaSus configuration was refused: {cause}")]
    Misconfigured { cause: Error },
}

impl AuthFailure {
    pub(crate) fn unauthorized(reason: impl Into<String>) -> Self {
        AuthFailure::Unauthorized { reason: reason.into() }
    }

    pub(crate) fn bad_request(reason: impl Into<String>) -> Self {
        AuthFailure::BadRequest { reason: reason.into() }
    }

    /// The HTTP status a helper answers with.
    pub fn status(&self) -> u16 {
        match self {
            AuthFailure::Unauthorized { .. } => 401,
            AuthFailure::BadRequest { .. } => 400,
            AuthFailure::Forbidden { .. } => 403,
            AuthFailure::TooManyRequests { .. } => 429,
            AuthFailure::Unavailable { .. } => 503,
            AuthFailure::Misconfigured { .. } => 500,
        }
    }

    /// `unauthorized`, `bad_request`, `forbidden`, `too_many_requests`, `unavailable` or
    /// `misconfigured`: the `type`
    /// of the JSON error a helper answers with.
    pub fn kind(&self) -> &'static str {
        match self {
            AuthFailure::Unauthorized { .. } => "unauthorized",
            AuthFailure::BadRequest { .. } => "bad_request",
            AuthFailure::Forbidden { .. } => "forbidden",
            AuthFailure::TooManyRequests { .. } => "too_many_requests",
            AuthFailure::Unavailable { .. } => "unavailable",
            AuthFailure::Misconfigured { .. } => "misconfigured",
        }
    }

    /// Whether the server is at fault (5xx): the helpers send these through the framework's
    /// error path, and log them.
    pub fn is_server_error(&self) -> bool {
        self.status() >= 500
    }

    /// What the end user may be shown: the reason for their own faults; a fixed sentence for the
    /// server's, whose cause stays in the log.
    pub fn public_message(&self) -> String {
        match self {
            AuthFailure::Unauthorized { reason } | AuthFailure::BadRequest { reason } | AuthFailure::Forbidden { reason } => reason.clone(),
            AuthFailure::TooManyRequests { retry_after } => format!("too many requests: try again in {retry_after} s"),
            AuthFailure::Unavailable { .. } => "sign-in is temporarily unavailable; try again shortly".into(),
            AuthFailure::Misconfigured { .. } => "sign-in is not available: the server is misconfigured".into(),
        }
    }

    /// The SDK error behind a server error (its trace id, status and type).
    pub fn cause(&self) -> Option<&Error> {
        match self {
            AuthFailure::Unavailable { cause } | AuthFailure::Misconfigured { cause } => Some(cause),
            _ => None,
        }
    }

    /// What a failed platform call means for the end user's request. `refused` says what a 4xx
    /// about the user's own token or code means ("the ID token was refused").
    pub(crate) fn of_call(e: Error, refused: &str) -> Self {
        match &e {
            Error::Api(a) => match (a.status, a.error_type.as_str()) {
                // The platform refused *our* request: its signature or API key, not the user's token.
                (401 | 403, "invalid_signature" | "invalid_api_key" | "invalid_authorization") | (403, _) => {
                    AuthFailure::Misconfigured { cause: e }
                }
                (429, _) | (500.., _) => AuthFailure::Unavailable { cause: e },
                (400..=499, _) => AuthFailure::Unauthorized { reason: format!("{refused} ({})", a.message) },
                _ => AuthFailure::Unavailable { cause: e },
            },
            Error::Transport { .. } | Error::Timeout { .. } | Error::Decode { .. } | Error::OutcomeUnknown { .. } => {
                AuthFailure::Unavailable { cause: e }
            }
            Error::Config(_) => AuthFailure::Misconfigured { cause: e },
            Error::InvalidArgument { .. } => AuthFailure::Unauthorized { reason: refused.to_string() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    fn api(status: u16, error_type: &str) -> Error {
        Error::Api(Box::new(ApiError { status, error_type: error_type.into(), message: "m".into(), data: None, trace_id: None }))
    }

    #[test]
    fn each_answer_means_what_it_says() {
        let status = |e: Error| AuthFailure::of_call(e, "refused").status();
        assert_eq!(status(api(401, "unauthorized")), 401);
        assert_eq!(status(api(404, "not_found")), 401);
        assert_eq!(status(api(401, "invalid_signature")), 500);
        assert_eq!(status(api(401, "invalid_api_key")), 500);
        assert_eq!(status(api(403, "forbidden")), 500);
        assert_eq!(status(api(429, "too_many_requests")), 503);
        assert_eq!(status(api(503, "unavailable")), 503);
        assert_eq!(status(Error::Timeout { message: "t".into() }), 503);
        assert_eq!(status(Error::Transport { message: "refused".into(), connect: true }), 503);
    }

    #[test]
    fn server_errors_show_the_end_user_no_platform_text() {
        let f = AuthFailure::of_call(api(503, "unavailable"), "refused");
        assert_eq!(f.public_message(), "sign-in is temporarily unavailable; try again shortly");
        assert!(f.to_string().contains("503 unavailable: m"), "the log keeps the cause: {f}");
    }
}
