//! One attempt of a signed request, and the unsigned fetch of a public document (an issuer's
//! key set); each body read no further than its cap.

use super::answer::{Answer, api_error};
use super::connect::{reqwest_method, transport_error};
use super::log::{CallInfo, log_attempt};
use super::retry::{parse_retry_after, retry_delay};
use super::{PreparedRequest, TRACE_ID_HEADER, Transport};
use crate::error::{Error, Result};
use crate::operation::Method;
use std::time::{Duration, Instant, SystemTime};

impl Transport {
    pub(super) async fn send_once(&self, request: &PreparedRequest, timeout: Duration) -> Result<Answer> {
        let method = reqwest_method(request.method);
        let mut req = match self.url_of(&request.url) {
            Some(url) => self.http.request(method, url),
            None => self.http.request(method, &request.url),
        }
        .timeout(timeout);
        for (name, value) in request.headers() {
            req = req.header(name, value);
        }
        if let Some(b) = &request.body {
            req = req.body(b.clone());
        }
        let mut resp = req.send().await.map_err(transport_error)?;
        let status = resp.status().as_u16();
        let headers = std::mem::take(resp.headers_mut());
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let trace_id = header(TRACE_ID_HEADER).map(str::to_string);
        let retry_after = header("retry-after").and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = read_capped(resp, self.config.max_response_bytes, status, &trace_id).await?;
        Ok(Answer { status, trace_id, retry_after, headers, body })
    }
}

impl Transport {
    /// The URL `full` (the base URL, then a path and query) from the base parsed once: its
    /// path and query set on a copy, which costs a third of parsing it whole (the host again).
    /// None when `full` does not begin with the base: the caller parses it whole.
    fn url_of(&self, full: &str) -> Option<reqwest::Url> {
        let base = self.base.as_deref()?;
        let rest = full.strip_prefix(base.as_str()).filter(|r| r.starts_with('/'))?;
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let mut url = base.clone();
        let mut whole = String::with_capacity(base.path().len() + path.len());
        whole.push_str(base.path());
        whole.push_str(path);
        url.set_path(&whole);
        url.set_query(query);
        Some(url)
    }

    /// A public document (an ID token issuer's key set): an unsigned GET through the same
    /// connections, timeouts and log as the API's calls, its body capped at `cap` bytes. Sent
    /// again only after a failed connect; anything but a 200 is an error.
    pub(crate) async fn fetch_public(&self, url: &str, cap: usize) -> Result<Vec<u8>> {
        let call = CallInfo { api: "issuer", operation: "GetJwks", method: Method::Get, path: "/.well-known/jwks.json" };
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let result = self.fetch_once(url, cap).await;
            log_attempt(call, attempt + 1, started.elapsed(), &result);
            match result {
                Err(Error::Transport { connect: true, .. }) if attempt < self.config.max_retries => {
                    tokio::time::sleep(retry_delay(self.config.retry_base_delay, attempt, None, self.config.max_retry_delay)).await;
                    attempt += 1;
                }
                Ok(a) if a.status == 200 => return Ok(a.body),
                Ok(a) => return Err(Error::Api(Box::new(api_error(&a)))),
                Err(e) => return Err(e),
            }
        }
    }

    async fn fetch_once(&self, url: &str, cap: usize) -> Result<Answer> {
        let req =
            self.http.get(url).timeout(self.config.timeout).header("accept", "application/json").header("user-agent", &self.user_agent);
        let resp = req.send().await.map_err(transport_error)?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = read_capped(resp, cap, status, &None).await?;
        Ok(Answer { status, trace_id: None, retry_after: None, headers, body })
    }
}

/// The body, read chunk by chunk: one larger than `cap` fails as soon as it is known to be
/// (from `Content-Length`, or from the bytes received so far), without reading the rest.
pub(super) async fn read_capped(mut resp: reqwest::Response, cap: usize, status: u16, trace_id: &Option<String>) -> Result<Vec<u8>> {
    let too_large = || Error::Decode {
        status,
        message: format!("the response is larger than max_response_bytes ({cap} bytes); raise the limit if the answer is legitimate"),
        trace_id: trace_id.clone(),
    };
    let declared = resp.content_length();
    if declared.is_some_and(|n| n > cap as u64) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    while let Some(chunk) = resp.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn transport(base_url: &str) -> Transport {
        Transport::new(Config::new("api-key", "secret-key", "saas-id").unwrap().with_base_url(base_url).unwrap()).unwrap()
    }

    /// The URL made from the parsed base is the one parsing the whole would give.
    #[test]
    fn a_request_url_from_the_parsed_base_is_the_url_parsed_whole() {
        let t = transport("http://127.0.0.1:4010/v1");
        for full in [
            "http://127.0.0.1:4010/v1/auth/tenants/0f1e2d3c",
            "http://127.0.0.1:4010/v1/auth/credentials?code=a%2Fb&auth-flow=tempCodeAuth",
            "http://127.0.0.1:4010/v1/auth/t/x%20y/u/%E6%97%A5?q=",
            "http://127.0.0.1:4010/v1/pricing/a/../b?x=1?y",
            "http://127.0.0.1:4010/v1/x y/日?z=é",
        ] {
            assert_eq!(t.url_of(full).as_ref().map(reqwest::Url::as_str), Some(reqwest::Url::parse(full).unwrap().as_str()), "{full}");
        }
        // Anything else is parsed whole by the caller.
        assert_eq!(t.url_of("http://127.0.0.1:4010/v10/auth"), None);
        assert_eq!(t.url_of("http://127.0.0.1:4011/v1/auth"), None);
        // A base URL that does not read back as written (here: `/` added) is not used.
        assert!(transport("http://127.0.0.1:4010").base.is_none());
        assert!(transport("HTTP://Example.COM/v1").base.is_none());
        assert!(transport("https://api.saasus.io/v1").base.is_some());
    }
}
