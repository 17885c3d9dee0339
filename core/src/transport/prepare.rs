//! What is sent, exactly: the path expanded and percent-encoded, the query or body serialised
//! once, the headers, and the signature of those very bytes.

use super::{TRACE_ID_HEADER, Transport};
use crate::call::{CallOptions, RequestContext};
use crate::error::{Error, Result};
use crate::json::JsonObject;
use crate::operation::{InputKind, Method, Operation, OperationInfo};
use crate::signing;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;
use std::time::SystemTime;

/// Characters left as they are in a path segment: RFC 3986 unreserved. Everything else,
/// `/` and `?` included, is percent-encoded so a parameter can never change the path.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

impl Transport {
    /// Everything done before the bytes go to the socket: the path expanded and
    /// percent-encoded, the query or body serialised once, the headers, and the signature of
    /// those very bytes for the current minute. `execute` sends exactly this.
    pub(crate) fn prepare<O: Operation>(
        &self,
        context: &RequestContext,
        options: &CallOptions,
        path_args: &[&str],
        input: &O::Input,
        extra: Option<&JsonObject>,
    ) -> Result<PreparedRequest> {
        // Only the input's check and serialisation depend on its type; the rest is compiled once.
        let op = OperationInfo::of::<O>();
        let path = checked_path(&op, path_args)?;
        // Fields the spec says are unsigned, held as i64: a negative one is refused here, named.
        crate::model::Signs::check_signs(input, false).map_err(|e| Error::InvalidArgument { field: e.field, rule: e.rule })?;
        let (query, body) = match (O::INPUT, extra) {
            (InputKind::None, _) => (None, None),
            (InputKind::Body, None) => (None, Some(serde_json::to_vec(input).map_err(|e| Error::invalid("body", e.to_string()))?)),
            (InputKind::Body, Some(extra)) => {
                let value = serde_json::to_value(input).map_err(|e| Error::invalid("body", e.to_string()))?;
                (None, Some(body_with_extra(value, extra)?))
            }
            (InputKind::Query, extra) => {
                let value = serde_json::to_value(input).map_err(|e| Error::invalid("query", e.to_string()))?;
                (encode_query(value, extra)?, None)
            }
        };
        Ok(self.signed_request(&op, context, options, &path, query, body))
    }

    /// The URL, the headers and the signature around a path and a query or body made already.
    fn signed_request(
        &self,
        op: &OperationInfo,
        context: &RequestContext,
        options: &CallOptions,
        path: &str,
        query: Option<String>,
        body: Option<Vec<u8>>,
    ) -> PreparedRequest {
        let base = &self.config.base_url;
        let mut url = String::with_capacity(base.len() + 1 + op.api.len() + path.len() + query.as_ref().map_or(0, |q| q.len() + 1));
        url.push_str(base);
        url.push('/');
        url.push_str(op.api);
        url.push_str(path);
        if let Some(q) = query {
            url.push('?');
            url.push_str(&q);
        }
        let mut headers: Vec<(&'static str, Cow<'static, str>)> = Vec::with_capacity(7);
        // Filled in by `sign`, just below.
        headers.push(("authorization", Cow::Borrowed("")));
        headers.push(("accept", Cow::Borrowed("application/json")));
        if body.is_some() {
            headers.push(("content-type", Cow::Borrowed("application/json")));
        }
        headers.push(("user-agent", Cow::Owned(self.user_agent.clone())));
        let trace_id = if options.trace_id.is_some() { &options.trace_id } else { &context.trace_id };
        for (name, value) in [("referer", &context.referer), ("x-saasus-referer", &context.x_saasus_referer), (TRACE_ID_HEADER, trace_id)] {
            if let Some(v) = value {
                headers.push((name, Cow::Owned(v.clone())));
            }
        }
        let mut request = PreparedRequest { method: op.method, url, body, headers };
        self.sign(&mut request, signing::Minute::of(SystemTime::now()));
        request
    }

    /// Signs the request for `minute`, replacing any earlier signature.
    pub(super) fn sign(&self, request: &mut PreparedRequest, minute: signing::Minute) {
        let value = self.signer.authorization(
            minute,
            &self.config.saas_id,
            &self.config.api_key,
            request.method.as_str(),
            signing::url_without_scheme(&request.url),
            request.body.as_deref().unwrap_or_default(),
        );
        match request.headers.iter_mut().find(|(name, _)| *name == "authorization") {
            Some((_, v)) => *v = Cow::Owned(value),
            None => request.headers.insert(0, ("authorization", Cow::Owned(value))),
        }
    }
}

/// A request exactly as the SDK puts it on the wire — method, URL, body and headers — signed
/// for the minute it was prepared in: what [`Client::prepare`](crate::Client::prepare) returns,
/// for sending through an HTTP stack of your own or for looking at what would be sent.
///
/// A server accepts the signature until the end of the minute after the one it was made in,
/// so send it promptly (or prepare it again). Its `Debug` leaves out the `Authorization`
/// value, the query string (it may carry a token) and the body (it may carry a password).
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    pub(super) method: Method,
    pub(super) url: String,
    pub(super) body: Option<Vec<u8>>,
    pub(super) headers: Vec<(&'static str, Cow<'static, str>)>,
}

impl PreparedRequest {
    pub fn method(&self) -> Method {
        self.method
    }

    /// The whole URL: base URL, the API's segment (`/auth`), the path with its parameters percent-encoded, and the
    /// query string when the operation takes one.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The JSON body, byte for byte as signed; `None` for operations without one.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The request's headers as (lower-case name, value): `authorization`, `accept`,
    /// `content-type` (with a body), `user-agent`, and the client's context headers
    /// (`referer`, `x-saasus-referer`, `x-saasus-trace-id`) when set.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(name, value)| (*name, value.as_ref()))
    }

    /// The value of one header, by its name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }
}

impl std::fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Headers<'a>(&'a PreparedRequest);
        impl std::fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_map()
                    .entries(self.0.headers().map(|(name, value)| (name, if name == "authorization" { "***" } else { value })))
                    .finish()
            }
        }
        let url = match self.url.split_once('?') {
            Some((before, _)) => format!("{before}?…"),
            None => self.url.clone(),
        };
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("headers", &Headers(self))
            .finish()
    }
}

/// The operation's path with its arguments, each of the type its parameter has.
fn checked_path(op: &OperationInfo, path_args: &[&str]) -> Result<String> {
    let path = expand_path(op.path, op.path_params, path_args)?;
    for ((name, ty), arg) in op.path_params.iter().zip(op.path_types).zip(path_args) {
        ty.check(name, arg)?;
    }
    Ok(path)
}

/// Replaces each `{name}` of the template with its percent-encoded argument.
pub(crate) fn expand_path(template: &str, names: &[&str], args: &[&str]) -> Result<String> {
    if names.len() != args.len() {
        return Err(Error::invalid("path", format!("expects {} parameter(s) ({}), got {}", names.len(), names.join(", "), args.len())));
    }
    let mut path = template.to_string();
    for (name, arg) in names.iter().zip(args) {
        if arg.is_empty() {
            return Err(Error::invalid(*name, "must not be empty"));
        }
        // URL parsers resolve `.` and `..` segments, percent-encoded or not (`%2E%2E` too, per
        // the WHATWG URL standard), so no encoding keeps them in their segment: refused.
        if *arg == "." || *arg == ".." {
            return Err(Error::invalid(*name, "must not be `.` or `..` (it would name another path)"));
        }
        let encoded = utf8_percent_encode(arg, PATH_SEGMENT).to_string();
        path = path.replace(&format!("{{{name}}}"), &encoded);
    }
    Ok(path)
}

/// The query string of a query struct (as JSON), in field order, form-encoded (`/` → `%2F`, `=` → `%3D`).
pub(super) fn encode_query(value: serde_json::Value, extra: Option<&JsonObject>) -> Result<Option<String>> {
    let serde_json::Value::Object(mut map) = value else {
        return Err(Error::invalid("query", "must be an object of parameters"));
    };
    if let Some(extra) = extra {
        map.extend(extra.0.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in map {
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => {
                ser.append_pair(&k, &s);
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    ser.append_pair(&k, &scalar(&k, item)?);
                }
            }
            other => {
                ser.append_pair(&k, &scalar(&k, other)?);
            }
        }
    }
    let q = ser.finish();
    Ok((!q.is_empty()).then_some(q))
}

/// The typed body (as JSON) with the fields of `extra_body` beside its own.
pub(super) fn body_with_extra(mut value: serde_json::Value, extra: &JsonObject) -> Result<Vec<u8>> {
    if let serde_json::Value::Object(map) = &mut value {
        map.extend(extra.0.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    serde_json::to_vec(&value).map_err(|e| Error::invalid("body", e.to_string()))
}

pub(super) fn scalar(field: &str, v: serde_json::Value) -> Result<String> {
    match v {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Error::invalid(field, "must be a string, number or boolean")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_are_percent_encoded() {
        assert_eq!(expand_path("/tenants/{tenant_id}/plans", &["tenant_id"], &["a/b?c"]).unwrap(), "/tenants/a%2Fb%3Fc/plans");
        assert_eq!(expand_path("/t/{a}/u/{b}", &["a", "b"], &["x y", "日"]).unwrap(), "/t/x%20y/u/%E6%97%A5");
        let e = expand_path("/tenants/{tenant_id}", &["tenant_id"], &[""]).unwrap_err();
        assert_eq!(e, Error::invalid("tenant_id", "must not be empty"));
        for dots in [".", ".."] {
            let e = expand_path("/tenants/{tenant_id}/users/{user_id}", &["tenant_id", "user_id"], &[dots, "u"]).unwrap_err();
            assert_eq!(e.to_string(), "invalid argument tenant_id: must not be `.` or `..` (it would name another path)");
        }
        // Dots inside a value stay in their segment.
        assert_eq!(expand_path("/t/{a}", &["a"], &["..."]).unwrap(), "/t/...");
        assert_eq!(expand_path("/t/{a}", &["a"], &["a..b"]).unwrap(), "/t/a..b");
    }

    #[test]
    fn query_is_form_encoded_in_field_order() {
        let q = serde_json::json!({"auth-flow": "refreshTokenAuth", "refresh-token": "abc/def==", "skip": null});
        assert_eq!(encode_query(q.clone(), None).unwrap().unwrap(), "auth-flow=refreshTokenAuth&refresh-token=abc%2Fdef%3D%3D");
        let extra: JsonObject = serde_json::from_value(serde_json::json!({"new-param": ["a", "b"], "n": 2})).unwrap();
        assert_eq!(
            encode_query(q, Some(&extra)).unwrap().unwrap(),
            "auth-flow=refreshTokenAuth&refresh-token=abc%2Fdef%3D%3D&new-param=a&new-param=b&n=2"
        );
    }
}
