//! The client's settings, listed once for every binding: Python's and Node's constructors read
//! their arguments by this table (so an unknown one is named, not dropped), the generator writes
//! their declarations from it, and the Kotlin/Swift binding is tested against it.

use crate::config::{Config, ConfigError, Explicit, TimeUnit, duration};

/// What kind of value a setting takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// Text (a credential or URL; otherwise read from its `SAASUS_*` variable).
    Text,
    /// A duration: seconds in Python, milliseconds in Node (whose option name ends in `Ms`).
    Duration,
    /// A whole number from 0 to `max`.
    Count { max: u64 },
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
        "Retries of GET, PUT and DELETE on connect errors, 429, 502, 503 and 504 (default 2, at most 10).",
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
            ("max_retries", OptionValue::Count(n)) => c.with_max_retries(u32::try_from(*n).map_err(|_| wrong())?)?,
            ("max_response_bytes", OptionValue::Count(n)) => c.with_max_response_bytes(usize::try_from(*n).map_err(|_| wrong())?)?,
            _ => return Err(wrong()),
        };
    }
    Ok(c)
}

/// The setting named `name` (snake case), if there is one.
pub fn find(name: &str) -> Option<&'static ClientOption> {
    CLIENT_OPTIONS.iter().find(|o| o.name == name)
}
