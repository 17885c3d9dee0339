//! What every binding shows of an [`Error`]: its class, status, type, message, data and trace
//! id, worked out once here so that the Python, Node and uniffi bindings only convert it.

use crate::error::{ERROR_CLASSES, Error, ErrorClass, ErrorKind, Selects};
use crate::json::JsonObject;

/// An error as the bindings' error classes carry it.
#[derive(Clone, Debug)]
pub struct ErrorView {
    pub kind: ErrorKind,
    /// The most specific class of [`ERROR_CLASSES`] that stands for it (`NotFoundError`).
    pub class: &'static ErrorClass,
    /// The HTTP status, for API and decode errors (and an unknown outcome's 5xx answer).
    pub status: Option<u16>,
    /// The API's error type, or the field a refused argument or setting names.
    pub error_type: Option<String>,
    /// The whole text (`404 not_found: no tenant x (trace id …)`), what the exception says.
    pub text: String,
    /// What the error says without the status and kind around it: the API's message, a refused
    /// argument's `field: rule`.
    pub message: String,
    pub data: Option<JsonObject>,
    /// The `X-SaaSus-Trace-Id` of the answer, to quote to SaaSus support.
    pub trace_id: Option<String>,
}

impl Error {
    /// The error as the bindings show it.
    pub fn view(&self) -> ErrorView {
        let message = match self {
            Error::Api(a) => a.message.clone(),
            Error::Decode { message, .. } => message.clone(),
            Error::InvalidArgument { field, rule } => format!("{field}: {rule}"),
            Error::Config(c) => c.to_string(),
            other => other.to_string(),
        };
        let status = self.status();
        ErrorView {
            kind: self.kind(),
            class: ErrorClass::of(self.kind(), status),
            status,
            error_type: self.type_name(),
            text: self.to_string(),
            message,
            data: self.data(),
            trace_id: self.trace_id().map(str::to_string),
        }
    }
}

impl ErrorClass {
    /// The most specific class for an error of this kind (and, for an API error, status).
    pub fn of(kind: ErrorKind, status: Option<u16>) -> &'static ErrorClass {
        let status = status.unwrap_or(0);
        let selects = |c: &&ErrorClass| match c.selects {
            Selects::Status(s) => kind == ErrorKind::Api && s == status,
            Selects::ServerStatus => kind == ErrorKind::Api && status >= 500,
            Selects::Api => kind == ErrorKind::Api,
            Selects::Kind(k) => kind == k,
            Selects::All => true,
        };
        // Children come after their parents: the last that selects it is the most specific.
        ERROR_CLASSES.iter().rev().find(selects).unwrap_or(&ERROR_CLASSES[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    fn api(status: u16) -> Error {
        Error::Api(Box::new(ApiError { status, error_type: "t".into(), message: "m".into(), data: None, trace_id: Some("tr".into()) }))
    }

    #[test]
    fn the_class_is_the_most_specific_one() {
        let class = |e: &Error| e.view().class.name;
        assert_eq!(class(&api(404)), "NotFoundError");
        assert_eq!(class(&api(503)), "ServerError");
        assert_eq!(class(&api(418)), "ApiError");
        assert_eq!(class(&Error::invalid("name", "is required")), "InvalidArgumentError");
        assert_eq!(class(&Error::Timeout { message: "x".into() }), "TimeoutError");
    }

    #[test]
    fn the_message_leaves_out_what_the_class_and_status_say() {
        let v = api(404).view();
        assert_eq!((v.message.as_str(), v.status, v.error_type.as_deref(), v.trace_id.as_deref()), ("m", Some(404), Some("t"), Some("tr")));
        assert_eq!(v.text, "404 t: m (trace id tr)");
        let v = Error::invalid("name", "is required").view();
        assert_eq!((v.message.as_str(), v.error_type.as_deref()), ("name: is required", Some("name")));
    }
}
