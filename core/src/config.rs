//! Client configuration: credentials, base URL, timeouts and retries.

use std::fmt;
use std::time::Duration;

/// The API's production base URL; the Auth API lives under `/auth` below it.
pub const DEFAULT_BASE_URL: &str = "https://api.saasus.io/v1";

/// The environment variable names every SaaSus SDK reads, so users can switch SDKs unchanged.
pub const ENV_API_KEY: &str = "SAASUS_API_KEY";
pub const ENV_SECRET_KEY: &str = "SAASUS_SECRET_KEY";
pub const ENV_SAAS_ID: &str = "SAASUS_SAAS_ID";
pub const ENV_BASE_URL: &str = "SAASUS_BASE_URL";

/// A configuration value that is missing or malformed, named by its field or variable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {rule}")]
pub struct ConfigError {
    /// The setting at fault: an environment variable name, or the option's name.
    pub field: String,
    /// What the value must be.
    pub rule: String,
}

impl ConfigError {
    pub fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        ConfigError { field: field.into(), rule: rule.into() }
    }
}

/// A secret that never shows itself in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret itself, for the signer; keep it out of anything printed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// Everything a [`crate::Client`] needs. Build it with [`Config::from_env`] or [`Config::new`],
/// then adjust with the `with_*` methods.
#[derive(Clone, Debug)]
pub struct Config {
    pub api_key: String,
    pub secret_key: Secret,
    pub saas_id: String,
    /// Without a trailing slash, e.g. `https://api.saasus.io/v1`.
    pub base_url: String,
    pub connect_timeout: Duration,
    /// The limit for one attempt, from sending to the last byte of the response.
    pub timeout: Duration,
    /// How many times a retryable failure is retried (so at most `max_retries + 1` attempts).
    pub max_retries: u32,
    /// The base of the exponential backoff between retries.
    pub retry_base_delay: Duration,
    pub user_agent: String,
}

impl Config {
    /// Explicit credentials, the default base URL and defaults for the rest.
    pub fn new(api_key: impl Into<String>, secret_key: impl Into<String>, saas_id: impl Into<String>) -> Result<Self, ConfigError> {
        Config {
            api_key: api_key.into(),
            secret_key: Secret::new(secret_key),
            saas_id: saas_id.into(),
            base_url: DEFAULT_BASE_URL.to_string(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_retries: 2,
            retry_base_delay: Duration::from_millis(200),
            user_agent: format!("saasus-rust/{}", crate::VERSION),
        }
        .validated()
    }

    /// Reads `SAASUS_API_KEY`, `SAASUS_SECRET_KEY`, `SAASUS_SAAS_ID` and `SAASUS_BASE_URL`
    /// (optional; defaults to the production API).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Like [`Config::from_env`], with explicit values taking precedence over the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let need = |name: &str| {
            lookup(name)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| ConfigError::new(name, "is not set; set the environment variable or pass the value explicitly"))
        };
        let mut c = Config::new(need(ENV_API_KEY)?, need(ENV_SECRET_KEY)?, need(ENV_SAAS_ID)?)?;
        if let Some(url) = lookup(ENV_BASE_URL).filter(|v| !v.trim().is_empty()) {
            c = c.with_base_url(url)?;
        }
        Ok(c)
    }

    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Result<Self, ConfigError> {
        self.base_url = base_url.into().trim().trim_end_matches('/').to_string();
        self.validated()
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Result<Self, ConfigError> {
        self.timeout = timeout;
        self.validated()
    }

    pub fn with_connect_timeout(mut self, timeout: Duration) -> Result<Self, ConfigError> {
        self.connect_timeout = timeout;
        self.validated()
    }

    pub fn with_max_retries(mut self, max_retries: u32) -> Result<Self, ConfigError> {
        self.max_retries = max_retries;
        self.validated()
    }

    pub fn with_retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// Bindings name their language here (`saasus-python/0.1.0`), so the platform sees who calls.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    fn validated(self) -> Result<Self, ConfigError> {
        for (field, value) in [("api_key", &self.api_key), ("secret_key", &self.secret_key.0), ("saas_id", &self.saas_id)] {
            if value.trim().is_empty() {
                return Err(ConfigError::new(field, "must not be empty"));
            }
            if value.chars().any(|c| c.is_control() || c == ',' || c == ' ') {
                // These would break the Authorization header or its parsing.
                return Err(ConfigError::new(field, "must not contain spaces, commas or control characters"));
            }
        }
        match url::Url::parse(&self.base_url) {
            Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() && u.query().is_none() => {}
            _ => {
                return Err(ConfigError::new("base_url", "must be an absolute http(s) URL without a query, e.g. https://api.saasus.io/v1"));
            }
        }
        if self.max_retries > 10 {
            return Err(ConfigError::new("max_retries", "must be at most 10"));
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(ConfigError::new("timeout", "must be greater than zero"));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_variables_are_named() {
        let e = Config::from_lookup(|_| None).unwrap_err();
        assert_eq!(e.field, "SAASUS_API_KEY");
        let e = Config::from_lookup(|k| (k == ENV_API_KEY).then(|| "k".to_string())).unwrap_err();
        assert_eq!(e.field, "SAASUS_SECRET_KEY");
    }

    #[test]
    fn secret_is_redacted_and_base_url_normalised() {
        let c = Config::new("key", "very-secret", "saas").unwrap().with_base_url("http://127.0.0.1:1/v1/").unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:1/v1");
        assert!(!format!("{c:?}").contains("very-secret"));
        assert_eq!(Config::new("k", "s", "id").unwrap().with_base_url("ftp://x").unwrap_err().field, "base_url");
        assert_eq!(Config::new("k", "", "id").unwrap_err().field, "secret_key");
    }
}
