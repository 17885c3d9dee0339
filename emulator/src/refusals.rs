//! Refusals made outside the handlers, turned into the API's error JSON.
//!
//! Two places answer before a handler does: axum (a 405 with an empty body, an extractor's
//! plain-text rejection on the pages, a 413 from its body limit), caught by [`as_error_json`];
//! and hyper itself, which answers a request it cannot parse (400), whose target is over 64 KiB
//! (414) or whose head is over its buffer or 100 headers (431) with an empty body before the
//! router sees anything, rewritten by [`hyper_answer_as_json`] on the connection.

use crate::error::ApiError;
use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The error type the API would give a status that our handlers never produce themselves.
fn error_type(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 422 => "invalid_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        411 => "length_required",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        431 => "request_header_fields_too_large",
        500..=599 => "internal_server_error",
        _ => "http_error",
    }
}

/// An error status whose body is neither the error JSON nor one of the pages' HTML answers
/// becomes the error JSON, keeping the status and headers such as `Allow`. A plain-text body
/// (an extractor's rejection) becomes the message.
pub(crate) async fn as_error_json(req: Request, next: impl AsyncFnOnce(Request) -> Response) -> Response {
    // The URI shares the request's bytes: nothing is copied for the answers that need neither.
    let (method, uri) = (req.method().clone(), req.uri().clone());
    let resp = next(req).await;
    let status = resp.status();
    let content_type = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if status.as_u16() < 400 || content_type.starts_with("application/json") || content_type.starts_with("text/html") {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let text = to_bytes(body, 64 << 10).await.ok().map(|b| String::from_utf8_lossy(&b).trim().to_string()).unwrap_or_default();
    let message = match status {
        _ if !text.is_empty() => text,
        StatusCode::METHOD_NOT_ALLOWED => format!("{method} is not allowed on {}", uri.path()),
        StatusCode::NOT_FOUND => format!("no such path {}", uri.path()),
        _ => status.canonical_reason().unwrap_or("refused").to_string(),
    };
    let json = ApiError::new(status, error_type(status), message).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::TRANSFER_ENCODING);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Response::from_parts(parts, json.into_body())
}

/// When `written` is hyper's own answer to a request it refused, the same answer with the
/// error JSON as its body; `None` for anything else.
///
/// Hyper's answer is a whole response head alone (no body) with a 4xx or 5xx status and none
/// of the headers the router puts on every response it makes (`X-SaaSus-Trace-Id`).
pub(crate) fn hyper_answer_as_json(written: &[u8]) -> Option<Vec<u8>> {
    let head = written.strip_prefix(b"HTTP/1.1 ").or_else(|| written.strip_prefix(b"HTTP/1.0 "))?;
    // The status first: every write of a success (nearly all) is passed on without a scan.
    let status = StatusCode::from_bytes(head.get(..3)?).ok()?;
    if status.as_u16() < 400 {
        return None;
    }
    let end = head.windows(4).position(|w| w == b"\r\n\r\n")?;
    if end + 4 != head.len() {
        return None;
    }
    let head = std::str::from_utf8(&head[..end]).ok()?;
    let ours = head.split("\r\n").skip(1).any(|l| l.split(':').next().is_some_and(|n| n.eq_ignore_ascii_case(saasus::TRACE_ID_HEADER)));
    if ours {
        return None;
    }
    let message = match status {
        StatusCode::URI_TOO_LONG => "the request target is longer than the 65534 bytes the emulator reads",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "the request's headers are too large (over 100 headers, or about 400 KiB in all)",
        StatusCode::BAD_REQUEST => "the request is not valid HTTP/1.1 (its request line or a header does not parse)",
        _ => status.canonical_reason().unwrap_or("refused"),
    };
    let body = serde_json::json!({ "type": error_type(status), "message": message, "data": {} }).to_string();
    let answer = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{}: {}\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len(),
        saasus::TRACE_ID_HEADER,
        uuid::Uuid::new_v4(),
    );
    Some(answer.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::hyper_answer_as_json;

    #[test]
    fn only_a_bodiless_error_head_without_our_headers_is_rewritten() {
        let answer = hyper_answer_as_json(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n").unwrap();
        let answer = String::from_utf8(answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"), "{answer}");
        assert!(answer.ends_with(r#"{"type":"request_header_fields_too_large","message":"the request's headers are too large (over 100 headers, or about 400 KiB in all)","data":{}}"#));
        // The router's answers, successes, bodies and partial heads pass unchanged.
        assert!(hyper_answer_as_json(b"HTTP/1.1 404 Not Found\r\nx-saasus-trace-id: t\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(hyper_answer_as_json(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(hyper_answer_as_json(b"HTTP/1.1 100 Continue\r\n\r\n").is_none());
        assert!(hyper_answer_as_json(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}").is_none());
        assert!(hyper_answer_as_json(b"HTTP/1.1 400 Bad Request\r\ncontent-le").is_none());
        assert!(hyper_answer_as_json(b"{\"type\":\"x\"}").is_none());
    }
}
