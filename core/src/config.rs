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

/// The longest timeout accepted: a day. Anything longer is a mistake (a value in milliseconds
/// given as seconds, say) and would overflow the clock arithmetic of far larger values.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(86_400);

/// The default of [`Config::max_response_bytes`]: 8 MiB. The largest answers of the API are
/// the unpaginated user lists (`GetSaasUsers`, `GetAllTenantUsers`). Measured on the emulator
/// with 300 users: 155 bytes per SaaS user, 243 per tenant user (one tenant, no roles or
/// attributes); at a generous 0.5 KB per user with roles and attributes, this holds 16,000.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// The default of [`Config::max_retry_delay`].
pub const DEFAULT_MAX_RETRY_DELAY: Duration = Duration::from_secs(30);

/// The rule of a timeout, the client's or a call's: more than zero, at most [`MAX_TIMEOUT`].
pub(crate) fn check_timeout(t: Duration) -> Result<(), String> {
    if t.is_zero() || t > MAX_TIMEOUT {
        return Err(format!("must be greater than zero and at most {} seconds", MAX_TIMEOUT.as_secs()));
    }
    Ok(())
}

/// The most retries a client or a call may be given: past it, a failing platform would keep a
/// call going for minutes.
pub const MAX_RETRIES: u32 = 10;

/// The rule of a retry count, the client's or a call's.
pub(crate) fn check_max_retries(n: u32) -> Result<(), String> {
    if n > MAX_RETRIES { Err(format!("must be at most {MAX_RETRIES}")) } else { Ok(()) }
}

/// The unit a binding's users give durations in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    Seconds,
    Milliseconds,
}

/// A duration a user gave as a number (Python's seconds, Node's milliseconds), checked: finite,
/// greater than zero, at most [`MAX_TIMEOUT`]. `field` names the option in errors.
pub fn duration(field: &str, value: f64, unit: TimeUnit) -> Result<Duration, ConfigError> {
    let (secs, name, max) = match unit {
        TimeUnit::Seconds => (value, "seconds", MAX_TIMEOUT.as_secs_f64()),
        TimeUnit::Milliseconds => (value / 1000.0, "milliseconds", MAX_TIMEOUT.as_secs_f64() * 1000.0),
    };
    match Duration::try_from_secs_f64(secs) {
        Ok(d) if secs > 0.0 && d <= MAX_TIMEOUT => Ok(d),
        _ => Err(ConfigError::new(field, format!("must be a number of {name} greater than 0 and at most {max} (got {value})"))),
    }
}

/// Values given in code, which take precedence over the environment (see
/// [`Config::from_explicit_or_env`]).
#[derive(Clone, Default)]
pub struct Explicit {
    pub api_key: Option<String>,
    pub secret_key: Option<String>,
    pub saas_id: Option<String>,
    pub base_url: Option<String>,
}

impl fmt::Debug for Explicit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Explicit")
            .field("api_key", &self.api_key.as_ref().map(|_| crate::redact::HIDDEN))
            .field("secret_key", &self.secret_key.as_ref().map(|_| crate::redact::HIDDEN))
            .field("saas_id", &self.saas_id)
            .field("base_url", &self.base_url)
            .finish()
    }
}

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

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The API key too: it names the SaaS's key pair, and GetApiKeys treats it as a secret.
        f.debug_struct("Config")
            .field("api_key", &crate::redact::HIDDEN)
            .field("secret_key", &self.secret_key)
            .field("saas_id", &self.saas_id)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("max_retry_delay", &self.max_retry_delay)
            .field("user_agent", &self.user_agent)
            .field("app_info", &self.app_info)
            .finish()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// Whether this build runs in an app on a user's device (iOS, Android), where a secret key shipped
/// inside the app is anyone's who unpacks it.
pub const ON_DEVICE: bool = cfg!(any(target_os = "ios", target_os = "android"));

static SIMULATED_DEVICE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static SECRET_KEY_ON_DEVICE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes this process guard as an app on a device does, on any host: for the guard's own test
/// (core/tests/device_guard.rs), since iOS and Android cannot be built everywhere. A switch at run
/// time rather than a feature, so that the test needs no second build of the core; it can only
/// switch the guard on.
#[doc(hidden)]
pub fn simulate_device() {
    SIMULATED_DEVICE.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Whether the device guard applies: [`ON_DEVICE`], or [`simulate_device`] was called.
pub fn on_device() -> bool {
    ON_DEVICE || SIMULATED_DEVICE.load(std::sync::atomic::Ordering::SeqCst)
}

/// Lets this process build a secret-key [`crate::Client`] on a device (an internal tool that must
/// hold the key, on devices its owner controls). Apps for users never call it: they use
/// [`crate::app::AppSession`], which holds no key.
pub fn allow_secret_key_on_device() {
    SECRET_KEY_ON_DEVICE.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// On a device, a secret-key client is refused unless [`allow_secret_key_on_device`] was called.
pub(crate) fn device_guard() -> Result<(), ConfigError> {
    if on_device() && !SECRET_KEY_ON_DEVICE.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(ConfigError::new(
            "secret_key",
            "must not ship in an app on a user's device: anyone who unpacks the app can read it and act as your SaaS \
             (delete tenants, read every user). Use AppSession, which signs users in through your backend and holds no key; \
             an internal tool that must hold it calls allowSecretKeyOnDevice() first",
        ));
    }
    Ok(())
}

/// Everything a [`crate::Client`] needs. Build it with [`Config::from_env`] or [`Config::new`],
/// then adjust with the `with_*` methods. Its `Debug` shows neither key.
#[derive(Clone)]
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
    /// The largest response body read; a larger one fails the call with a `Decode` error as
    /// soon as that is known, without reading the rest.
    pub max_response_bytes: usize,
    /// The base of the exponential backoff between retries.
    pub retry_base_delay: Duration,
    /// The longest wait between two attempts, the backoff's or the one a `Retry-After` asks for.
    pub max_retry_delay: Duration,
    /// The SDK's part of the User-Agent (`saasus-python/0.1.0`); [`Config::user_agent_header`]
    /// is what is sent.
    pub user_agent: String,
    /// The application that calls, appended to the User-Agent.
    pub app_info: Option<AppInfo>,
}

/// The application built on the SDK, named in every request's User-Agent
/// (`saasus-rust/0.1.0 acme-billing/2.3.1 (https://acme.example)`), as Stripe's SDKs do: it
/// tells the platform's logs, and SaaSus support, whose calls these are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppInfo {
    pub name: String,
    pub version: Option<String>,
    pub url: Option<String>,
}

impl AppInfo {
    pub fn new(name: impl Into<String>) -> Self {
        AppInfo { name: name.into(), version: None, url: None }
    }

    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    fn validate(&self) -> Result<(), ConfigError> {
        // A product token of RFC 9110 (name/version) and a comment's text: no spaces or
        // separators in the token, nothing that would end the comment or the header.
        let token = |field: &str, v: &str| {
            if v.is_empty() || !v.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)) {
                return Err(ConfigError::new(field, "must be a non-empty token: letters, digits and !#$%&'*+-.^_`|~ only"));
            }
            Ok(())
        };
        token("app_info.name", &self.name)?;
        if let Some(v) = &self.version {
            token("app_info.version", v)?;
        }
        if let Some(u) = &self.url
            && (u.is_empty() || !u.chars().all(|c| c.is_ascii_graphic() && c != '(' && c != ')'))
        {
            return Err(ConfigError::new("app_info.url", "must be visible ASCII without spaces or parentheses"));
        }
        Ok(())
    }
}

impl fmt::Display for AppInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(v) = &self.version {
            write!(f, "/{v}")?;
        }
        if let Some(u) = &self.url {
            write!(f, " ({u})")?;
        }
        Ok(())
    }
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
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry_base_delay: Duration::from_millis(200),
            max_retry_delay: DEFAULT_MAX_RETRY_DELAY,
            user_agent: format!("saasus-rust/{}", crate::VERSION),
            app_info: None,
        }
        .validated()
    }

    /// Reads `SAASUS_API_KEY`, `SAASUS_SECRET_KEY`, `SAASUS_SAAS_ID` and `SAASUS_BASE_URL`
    /// (optional; defaults to the production API).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_explicit(Explicit::default())
    }

    /// The values given in code, and for the rest the `SAASUS_*` environment variables (see
    /// [`Config::from_explicit_or_env`]). A variable whose value is not UTF-8 is named as such,
    /// rather than taken for unset.
    pub fn from_explicit(explicit: Explicit) -> Result<Self, ConfigError> {
        Self::from_sources(explicit, |name| match std::env::var(name) {
            Ok(v) => Ok(Some(v)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::new(name, "is not valid UTF-8 text")),
        })
    }

    /// Like [`Config::from_env`], reading the variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::from_explicit_or_env(Explicit::default(), lookup)
    }

    /// The values given in code, and for the rest the `SAASUS_*` variables read through
    /// `lookup`. An empty value is refused, saying so and naming where it came from: the option
    /// (`secret_key`) when it was given in code, the variable when it came from the environment.
    pub fn from_explicit_or_env(explicit: Explicit, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::from_sources(explicit, |name| Ok(lookup(name)))
    }

    fn from_sources(explicit: Explicit, lookup: impl Fn(&str) -> Result<Option<String>, ConfigError>) -> Result<Self, ConfigError> {
        let value = |field: &str, given: Option<String>, var: &str| -> Result<Option<String>, ConfigError> {
            match given {
                Some(v) if v.trim().is_empty() => Err(ConfigError::new(field, "is empty; an empty value was given")),
                Some(v) => Ok(Some(v)),
                None => match lookup(var)? {
                    Some(v) if v.trim().is_empty() => Err(ConfigError::new(var, "is set but empty")),
                    v => Ok(v),
                },
            }
        };
        let need = |field: &str, given: Option<String>, var: &str| {
            value(field, given, var)?
                .ok_or_else(|| ConfigError::new(var, format!("is not set; set the environment variable or pass {field} explicitly")))
        };
        let mut c = Config::new(
            need("api_key", explicit.api_key, ENV_API_KEY)?,
            need("secret_key", explicit.secret_key, ENV_SECRET_KEY)?,
            need("saas_id", explicit.saas_id, ENV_SAAS_ID)?,
        )?;
        if let Some(url) = value("base_url", explicit.base_url, ENV_BASE_URL)? {
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

    pub fn with_max_response_bytes(mut self, max_response_bytes: usize) -> Result<Self, ConfigError> {
        self.max_response_bytes = max_response_bytes;
        self.validated()
    }

    pub fn with_retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// The longest wait between attempts (default 30 s): caps the backoff and `Retry-After`.
    pub fn with_max_retry_delay(mut self, delay: Duration) -> Result<Self, ConfigError> {
        self.max_retry_delay = delay;
        self.validated()
    }

    /// Names the calling application in the User-Agent.
    pub fn with_app_info(mut self, app_info: AppInfo) -> Result<Self, ConfigError> {
        self.app_info = Some(app_info);
        self.validated()
    }

    /// The User-Agent sent: the SDK's, then the application's.
    pub fn user_agent_header(&self) -> String {
        match &self.app_info {
            Some(app) => format!("{} {app}", self.user_agent),
            None => self.user_agent.clone(),
        }
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
            if value.chars().any(|c| !c.is_ascii_graphic() || c == ',') {
                // These would break the Authorization header (visible ASCII only) or its parsing.
                return Err(ConfigError::new(field, "must be visible ASCII without spaces or commas"));
            }
        }
        match url::Url::parse(&self.base_url) {
            Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() && u.query().is_none() => {}
            _ => {
                return Err(ConfigError::new("base_url", "must be an absolute http(s) URL without a query, e.g. https://api.saasus.io/v1"));
            }
        }
        if let Ok(u) = url::Url::parse(&self.base_url)
            && (!u.username().is_empty() || u.password().is_some())
        {
            // The platform authenticates by signature, never by URL credentials; a URL holding
            // them would also be printed wherever the configuration is.
            return Err(ConfigError::new(
                "base_url",
                "must not contain credentials (user:password@); the SDK signs requests with the secret key",
            ));
        }
        check_max_retries(self.max_retries).map_err(|rule| ConfigError::new("max_retries", rule))?;
        for (field, t) in [("timeout", self.timeout), ("connect_timeout", self.connect_timeout), ("max_retry_delay", self.max_retry_delay)]
        {
            check_timeout(t).map_err(|rule| ConfigError::new(field, rule))?;
        }
        if let Some(app) = &self.app_info {
            app.validate()?;
        }
        if self.max_response_bytes < 1024 {
            return Err(ConfigError::new("max_response_bytes", "must be at least 1024"));
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

    #[test]
    fn a_base_url_with_credentials_is_refused() {
        for url in ["https://user:hunter2@api.saasus.io/v1", "https://hunter2@api.saasus.io/v1", "http://:hunter2@127.0.0.1:1/v1"] {
            let e = Config::new("k", "s", "id").unwrap().with_base_url(url).unwrap_err();
            assert_eq!(e.field, "base_url");
            assert!(e.rule.starts_with("must not contain credentials"), "{url}: {}", e.rule);
            assert!(!e.to_string().contains("hunter2"), "{e}");
        }
    }

    #[test]
    fn an_empty_value_says_so_and_where_it_came_from() {
        let env = |k: &str| match k {
            ENV_API_KEY => Some("k".to_string()),
            ENV_SECRET_KEY => Some(String::new()),
            ENV_SAAS_ID => Some("id".to_string()),
            _ => None,
        };
        let e = Config::from_lookup(env).unwrap_err();
        assert_eq!(e.to_string(), "SAASUS_SECRET_KEY: is set but empty");
        let explicit = Explicit { secret_key: Some(" ".into()), ..Default::default() };
        let e = Config::from_explicit_or_env(explicit, |_| Some("x".into())).unwrap_err();
        assert_eq!(e.to_string(), "secret_key: is empty; an empty value was given");
        let e = Config::from_explicit_or_env(Explicit::default(), |_| None).unwrap_err();
        assert_eq!(e.to_string(), "SAASUS_API_KEY: is not set; set the environment variable or pass api_key explicitly");
        let explicit = Explicit { secret_key: Some("s".into()), ..Default::default() };
        assert!(!format!("{explicit:?}").contains("\"s\""));
        let e = Config::from_explicit_or_env(Explicit { api_key: Some("kéy".into()), ..Default::default() }, |_| Some("x".into()));
        assert_eq!(e.unwrap_err().to_string(), "api_key: must be visible ASCII without spaces or commas");
    }

    #[test]
    fn the_application_is_named_after_the_sdk_in_the_user_agent() {
        let c = Config::new("k", "s", "id").unwrap();
        assert_eq!(c.user_agent_header(), format!("saasus-rust/{}", crate::VERSION));
        let app = AppInfo::new("acme-billing").version("2.3.1").url("https://acme.example");
        let c = c.with_app_info(app).unwrap();
        assert_eq!(c.user_agent_header(), format!("saasus-rust/{} acme-billing/2.3.1 (https://acme.example)", crate::VERSION));
        let c = Config::new("k", "s", "id").unwrap();
        for (bad, field) in [
            (AppInfo::new(""), "app_info.name"),
            (AppInfo::new("acme billing"), "app_info.name"),
            (AppInfo::new("acme").version("1/2"), "app_info.version"),
            (AppInfo::new("acme").url("https://x.example/(y)"), "app_info.url"),
            (AppInfo::new("acme").url("https://x.example/\r\nx: y"), "app_info.url"),
        ] {
            assert_eq!(c.clone().with_app_info(bad).unwrap_err().field, field);
        }
    }

    #[test]
    fn durations_from_numbers_are_range_checked() {
        assert_eq!(duration("timeout", 1.5, TimeUnit::Seconds), Ok(Duration::from_millis(1500)));
        assert_eq!(duration("timeoutMs", 250.0, TimeUnit::Milliseconds), Ok(Duration::from_millis(250)));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e300, 86_401.0] {
            let e = duration("timeout", bad, TimeUnit::Seconds).unwrap_err();
            assert_eq!(e.field, "timeout");
            assert!(e.rule.starts_with("must be a number of seconds greater than 0 and at most 86400"), "{e}");
        }
        assert!(duration("timeoutMs", 1e300, TimeUnit::Milliseconds).unwrap_err().rule.contains("milliseconds"));
        let c = Config::new("k", "s", "id").unwrap();
        assert_eq!(c.clone().with_timeout(Duration::MAX).unwrap_err().field, "timeout");
        assert_eq!(c.clone().with_max_response_bytes(10).unwrap_err().field, "max_response_bytes");
        assert_eq!(c.with_max_retry_delay(Duration::ZERO).unwrap_err().field, "max_retry_delay");
    }
}
