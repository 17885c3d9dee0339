//! The client's settings, listed once for every binding: Python's and Node's constructors read
//! their arguments by this table (so an unknown one is named, not dropped), the generator writes
//! their declarations from it, and the Kotlin/Swift binding is tested against it.

use crate::config::{AppInfo, Config, ConfigError, Explicit, TimeUnit, duration};

/// What kind of value a setting takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// Text (a credential or URL; otherwise read from its `SAASUS_*` variable).
    Text,
    /// A duration: seconds in Python, milliseconds in Node (whose option name ends in `Ms`).
    Duration,
    /// A whole number from 0 to `max`.
    Count { max: u64 },
    /// The calling application: a mapping of `name` and, optionally, `version` and `url`
    /// (a Python dict, a JS object; Kotlin's and Swift's `AppInfo` record), read by [`app_info`].
    AppInfo,
}

/// One setting of the client.
#[derive(Clone, Copy, Debug)]
pub struct ClientOption {
    /// Its name in snake case (`max_retries`); Node's in [`crate::naming::node_option`].
    pub name: &'static str,
    pub kind: OptionKind,
    pub doc: &'static str,
}

const fn option(name: &'static str, kind: OptionKind, doc: &'static str) -> ClientOption {
    ClientOption { name, kind, doc }
}

/// Every setting, in the order the constructors take them (the four text ones may be positional).
pub const CLIENT_OPTIONS: &[ClientOption] = &[
    option("api_key", OptionKind::Text, "The API key (else SAASUS_API_KEY)."),
    option("secret_key", OptionKind::Text, "The secret key (else SAASUS_SECRET_KEY); never shown in errors or logs."),
    option("saas_id", OptionKind::Text, "The SaaS ID (else SAASUS_SAAS_ID)."),
    option("base_url", OptionKind::Text, "The API's root (else SAASUS_BASE_URL, else https://api.saasus.io/v1)."),
    option(
        "timeout",
        OptionKind::Duration,
        "The limit for one attempt, from sending to the answer's last byte (default 30 s, at most a day).",
    ),
    option("connect_timeout", OptionKind::Duration, "The limit for connecting, TLS included (default 10 s)."),
    option(
        "max_retries",
        OptionKind::Count { max: 10 },
        "Retries after a failed connect or a 429 (never applied), and after a 502, 503 or 504 for requests safe to repeat: reads, PUT, DELETE, direct metering counts; never a metering add or sub, or a create (default 2, at most 10).",
    ),
    option(
        "max_retry_delay",
        OptionKind::Duration,
        "The longest wait between two attempts (default 30 s): caps the backoff and a Retry-After.",
    ),
    option(
        "app_info",
        OptionKind::AppInfo,
        "Your application's name, and optionally version and url, appended to the User-Agent (`acme-billing/2.3.1 (https://acme.example)`).",
    ),
    option(
        "max_response_bytes",
        OptionKind::Count { max: u32::MAX as u64 },
        "The largest answer read, in bytes (default 8 MiB, at least 1024): a larger one is a decode error as soon as that is known, not read whole.",
    ),
];

/// A setting's value as a binding read it from its language.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    Text(String),
    /// A number of the binding's `TimeUnit`.
    Number(f64),
    Count(u64),
    AppInfo(AppInfo),
}

/// The configuration from the settings a binding was given (by snake-case name; `field` names one
/// in errors as its language spells it), explicit values first and the environment for the rest.
pub fn configure(
    given: Vec<(&'static ClientOption, OptionValue)>,
    unit: TimeUnit,
    field: impl Fn(&ClientOption) -> String,
) -> Result<Config, ConfigError> {
    let text = |name: &str| {
        given.iter().find(|(o, _)| o.name == name).and_then(|(_, v)| match v {
            OptionValue::Text(t) => Some(t.clone()),
            _ => None,
        })
    };
    let explicit =
        Explicit { api_key: text("api_key"), secret_key: text("secret_key"), saas_id: text("saas_id"), base_url: text("base_url") };
    apply(Config::from_explicit(explicit)?, given, unit, field)
}

/// `config` with the given settings other than the text ones (which make the configuration).
pub fn apply(
    mut c: Config,
    given: Vec<(&'static ClientOption, OptionValue)>,
    unit: TimeUnit,
    field: impl Fn(&ClientOption) -> String,
) -> Result<Config, ConfigError> {
    for (option, value) in &given {
        let wrong = || ConfigError::new(field(option), "has a value of the wrong kind");
        c = match (option.name, value) {
            (_, OptionValue::Text(_)) if option.kind == OptionKind::Text => c,
            ("timeout", OptionValue::Number(n)) => c.with_timeout(duration(&field(option), *n, unit)?)?,
            ("connect_timeout", OptionValue::Number(n)) => c.with_connect_timeout(duration(&field(option), *n, unit)?)?,
            ("max_retry_delay", OptionValue::Number(n)) => c.with_max_retry_delay(duration(&field(option), *n, unit)?)?,
            // The core names `app_info.name`; a binding's own spelling (`appInfo.name`) instead.
            ("app_info", OptionValue::AppInfo(a)) => {
                c.with_app_info(a.clone()).map_err(|e| ConfigError::new(e.field.replacen("app_info", &field(option), 1), e.rule))?
            }
            ("max_retries", OptionValue::Count(n)) => c.with_max_retries(u32::try_from(*n).map_err(|_| wrong())?)?,
            ("max_response_bytes", OptionValue::Count(n)) => c.with_max_response_bytes(usize::try_from(*n).map_err(|_| wrong())?)?,
            _ => return Err(wrong()),
        };
    }
    Ok(c)
}

/// An `app_info` setting from a binding's mapping (its keys and text values, `field` being the
/// setting as the binding spells it): `name` is required, `version` and `url` optional, any other
/// key is an error naming it. The values are checked when the client is configured.
pub fn app_info(field: &str, entries: Vec<(String, String)>) -> Result<AppInfo, ConfigError> {
    let (mut name, mut version, mut url) = (None, None, None);
    for (key, value) in entries {
        let slot = match key.as_str() {
            "name" => &mut name,
            "version" => &mut version,
            "url" => &mut url,
            _ => return Err(ConfigError::new(format!("{field}.{key}"), "is not a field of app info (expected name, version, url)")),
        };
        *slot = Some(value);
    }
    let Some(name) = name else {
        return Err(ConfigError::new(format!("{field}.name"), "is required"));
    };
    Ok(AppInfo { name, version, url })
}

/// The setting named `name` (snake case), if there is one.
pub fn find(name: &str) -> Option<&'static ClientOption> {
    CLIENT_OPTIONS.iter().find(|o| o.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(given: Vec<(&'static ClientOption, OptionValue)>) -> Result<Config, ConfigError> {
        let base = Config::new("key", "secret", "saas").unwrap();
        apply(base, given, TimeUnit::Milliseconds, crate::naming::node_option)
    }

    #[test]
    fn app_info_and_max_retry_delay_configure_the_client() {
        let info = app_info("appInfo", vec![("name".into(), "acme".into()), ("version".into(), "2.3.1".into())]).unwrap();
        let c = config(vec![
            (find("app_info").unwrap(), OptionValue::AppInfo(info)),
            (find("max_retry_delay").unwrap(), OptionValue::Number(1500.0)),
        ])
        .unwrap();
        assert!(c.user_agent_header().ends_with(" acme/2.3.1"), "{}", c.user_agent_header());
        assert_eq!(c.max_retry_delay, std::time::Duration::from_millis(1500));
    }

    #[test]
    fn app_info_errors_name_the_field_as_the_binding_spells_it() {
        assert_eq!(app_info("appInfo", vec![("nmae".into(), "x".into())]).unwrap_err().field, "appInfo.nmae");
        assert_eq!(app_info("appInfo", vec![("url".into(), "https://x".into())]).unwrap_err().field, "appInfo.name");
        let bad = app_info("appInfo", vec![("name".into(), "acme billing".into())]).unwrap();
        let e = config(vec![(find("app_info").unwrap(), OptionValue::AppInfo(bad))]).unwrap_err();
        assert_eq!(e.field, "appInfo.name");
        let e = config(vec![(find("max_retry_delay").unwrap(), OptionValue::Number(-1.0))]).unwrap_err();
        assert_eq!(e.field, "maxRetryDelayMs");
    }
}
