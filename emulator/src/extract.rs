//! A JSON body extractor whose rejections are the API's error JSON, naming the field at fault.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

/// The request body, decoded; a malformed body or a missing or mistyped field is a 400.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| match e.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(e.status(), "payload_too_large", format!("the request body is too large: {e}")),
            _ => ApiError::bad_request(format!("unreadable body: {e}")),
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("the request body is missing; this operation takes a JSON object"));
        }
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(de).map(JsonBody).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                ApiError::bad_request(format!("malformed JSON: {inner}"))
            } else if path == "." {
                ApiError::bad_request(format!("body: {inner}"))
            } else {
                ApiError::bad_request(format!("{path}: {inner}"))
            }
        })
    }
}

/// Query parameters, decoded; a missing or mistyped one is a 400 naming it.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de).map(QueryParams).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path == "." { ApiError::bad_request(format!("query: {inner}")) } else { ApiError::bad_request(format!("{path}: {inner}")) }
        })
    }
}

/// Path parameters; one that does not parse (an env id that is not a number) is a 400 naming it.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> axum::extract::FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|e| ApiError::bad_request(format!("path: {}", e.body_text())))
    }
}
