//! What a call answers: its value with what the response said about itself.

/// A decoded result with what the response said about itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Response<T> {
    pub value: T,
    pub status: u16,
    /// The response's `X-SaaSus-Trace-Id`, to quote to SaaSus support.
    pub trace_id: Option<String>,
    /// The response's headers, moved out of the response as received: nothing is copied for
    /// the calls (most) that never read them. See [`Response::headers`].
    pub(super) headers: reqwest::header::HeaderMap,
    /// How many attempts the call took: 1, or more after retries.
    pub attempts: u32,
}

impl<T> Response<T> {
    /// The response's headers as (lower-case name, value), in the order received; a value that
    /// is not text is left out.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)))
    }

    /// The value of one header, by its name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The headers as the bindings show them: one entry per lower-case name, in the order first
    /// received, a repeated header's values joined with ", " (RFC 9110's list form).
    pub fn joined_headers(&self) -> Vec<(String, String)> {
        let mut joined: Vec<(String, String)> = Vec::new();
        for (name, value) in self.headers() {
            match joined.iter_mut().find(|(n, _)| n == name) {
                Some((_, earlier)) => {
                    earlier.push_str(", ");
                    earlier.push_str(value);
                }
                None => joined.push((name.to_string(), value.to_string())),
            }
        }
        joined
    }

    /// The value, and the rest without it (what a [`crate::Client::observing`] observer gets).
    pub fn split(self) -> (T, Response<()>) {
        let Response { value, status, trace_id, headers, attempts } = self;
        (value, Response { value: (), status, trace_id, headers, attempts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_response_headers_are_joined_once_per_name() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.append("vary", "accept".parse().unwrap());
        headers.append("x-saasus-trace-id", "t".parse().unwrap());
        headers.append("vary", "origin".parse().unwrap());
        headers.append("x-bytes", reqwest::header::HeaderValue::from_bytes(b"\xff").unwrap());
        let r = Response { value: (), status: 200, trace_id: None, headers, attempts: 1 };
        let joined = r.joined_headers();
        let expected = [("vary", "accept, origin"), ("x-saasus-trace-id", "t")];
        assert_eq!(joined.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect::<Vec<_>>(), expected, "not text: left out");
    }
}
