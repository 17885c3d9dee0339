//! Extractors whose rejections are the API's error JSON, naming the field at fault.
//!
//! API bodies and queries are checked against their model from the spec
//! (`saasus::validate::check` with the server's rules: unknown fields ignored, enum values only
//! from the spec's lists) before they are decoded, so that a value the platform would refuse is
//! refused here too rather than stored.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use saasus::model::{Describe, TypeRef};
use saasus::validate::{self, Rules};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// An API operation's request body, checked against its model and decoded.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Describe> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let value = json_value(req, state).await?;
        validate::check(&value, &T::type_ref(), Rules::SERVER).map_err(|e| ApiError::bad_request(format!("{}: {}", e.field, e.rule)))?;
        decode(value).map(JsonBody)
    }
}

/// A body of the emulator's own endpoints (faults, test sign-in), which the spec does not describe.
///
/// Taken only as `Content-Type: application/json` (parameters such as `charset` allowed), else a
/// 415: a web page can send `text/plain`, a form or no type at all to any address without a CORS
/// preflight, but `application/json` only after one, which the emulator never grants (it answers
/// no `OPTIONS` with `Access-Control-Allow-*`). The control endpoints that take no body are
/// `GET`s, which change nothing, and `DELETE`s, which need no such check: `DELETE` is not one of
/// the methods a page may send without a preflight (GET, HEAD, POST), so a page cannot send one
/// at all; requiring a content type or a header there too would add nothing but break
/// `curl -X DELETE`.
pub struct EmulatorJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for EmulatorJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = req.headers().get(axum::http::header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if !content_type.as_deref().is_some_and(|t| t.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json")) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "the emulator's control endpoints take a body only as Content-Type: application/json (this request's is {}), which a web page cannot send without a CORS preflight",
                    content_type.map_or("none".to_string(), |t| format!("{t:?}"))
                ),
            ));
        }
        decode(json_value(req, state).await?).map(EmulatorJson)
    }
}

/// The body as JSON: present, within the body limit, and well-formed.
async fn json_value<S: Send + Sync>(req: Request, state: &S) -> Result<Value, ApiError> {
    let bytes = Bytes::from_request(req, state).await.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(e.status(), "payload_too_large", format!("the request body is too large: {e}")),
        _ => ApiError::bad_request(format!("unreadable body: {e}")),
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("the request body is missing; this operation takes a JSON object"));
    }
    serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))
}

/// Decodes a value; what the check let through but the type still refuses is named by its path.
fn decode<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." { ApiError::bad_request(format!("body: {inner}")) } else { ApiError::bad_request(format!("{path}: {inner}")) }
    })
}

/// An API operation's query parameters, checked against their model and decoded.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Describe> axum::extract::FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, ApiError> {
        let ty = T::type_ref();
        let value = Value::Object(query_object(parts.uri.query().unwrap_or(""), &ty)?);
        validate::check(&value, &ty, Rules::SERVER).map_err(|e| ApiError::bad_request(format!("{}: {}", e.field, e.rule)))?;
        decode(value).map(QueryParams)
    }
}

/// The query string as the JSON object its model describes. Every value arrives as text: one
/// for a number or boolean field is read as the number or boolean it spells, and left as text
/// (which the check then refuses, naming the field) when it spells none. A list field (the
/// spec's array parameters, `tenant_ids=a&tenant_ids=b`) takes each repetition of its key as one
/// item; any other parameter given twice is refused: the API takes one value for each.
fn query_object(query: &str, ty: &TypeRef) -> Result<Map<String, Value>, ApiError> {
    let fields = match ty {
        TypeRef::Model(info) => info().fields,
        _ => Vec::new(),
    };
    let mut object = Map::new();
    for (key, text) in url::form_urlencoded::parse(query.as_bytes()) {
        let field = fields.iter().find(|f| f.wire == key || f.name == key);
        let declared = match field.map(|f| &f.ty) {
            Some(TypeRef::Optional(inner)) => inner.as_ref(),
            Some(t) => t,
            None => &TypeRef::String,
        };
        let (scalar, list) = match declared {
            TypeRef::List(item) => (item.as_ref(), true),
            t => (t, false),
        };
        let value = match scalar {
            TypeRef::Integer => text.parse::<i64>().map(Value::from).ok(),
            TypeRef::Number => text.parse::<f64>().ok().and_then(|n| serde_json::Number::from_f64(n).map(Value::Number)),
            TypeRef::Boolean => text.parse::<bool>().map(Value::Bool).ok(),
            _ => None,
        }
        .unwrap_or_else(|| Value::String(text.to_string()));
        // Stored under the wire name, which is the one the model decodes.
        let name = field.map_or(key.to_string(), |f| f.wire.to_string());
        if list {
            if let Value::Array(items) = object.entry(name).or_insert_with(|| Value::Array(Vec::new())) {
                items.push(value);
            }
        } else if object.insert(name, value).is_some() {
            return Err(ApiError::bad_request(format!("{key}: is given more than once")));
        }
    }
    Ok(object)
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
