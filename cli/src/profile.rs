//! Profiles: named sets of credentials in `<config dir>/profiles.json` (`saasus config set|list|remove`),
//! chosen by `--profile` or `SAASUS_PROFILE` (else `default`). The file holds the API key, SaaS ID
//! and base URL; the secret key goes to the OS's credential store (Keychain, Windows Credential
//! Manager, the Linux kernel keyring) and never into a file, an argument or the output. A
//! `SAASUS_*` variable, when set, wins over the profile's value, so CI keeps working unchanged.

use crate::{exit, output};
use serde_json::{Map, Value, json};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::OnceLock;

const FILE: &str = "profiles.json";
/// The credential store's service name; each profile's secret key is the entry named after it.
const SERVICE: &str = "saasus-cli";

/// The `--profile` given on the command line, set once by [`crate::run`].
static CHOSEN: OnceLock<Option<String>> = OnceLock::new();

pub(crate) fn choose(name: Option<String>) {
    let _ = CHOSEN.set(name);
}

/// The profile in use, and whether it was asked for by name (then it must exist).
fn chosen() -> (String, bool) {
    if let Some(Some(name)) = CHOSEN.get() {
        return (name.clone(), true);
    }
    match std::env::var("SAASUS_PROFILE").ok().filter(|v| !v.is_empty()) {
        Some(name) => (name, true),
        None => ("default".into(), false),
    }
}

fn config_error(field: &str, rule: impl Into<String>) -> saasus::Error {
    saasus::Error::Config(saasus::ConfigError::new(field, rule))
}

fn path() -> Result<PathBuf, saasus::Error> {
    crate::config_dir::config_dir()
        .map(|d| d.join(FILE))
        .ok_or_else(|| config_error("profile", "there is no config directory (set HOME or XDG_CONFIG_HOME)"))
}

fn load() -> Result<Map<String, Value>, saasus::Error> {
    let path = path()?;
    match std::fs::read_to_string(&path) {
        Ok(text) => match serde_json::from_str(&text) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(config_error("profile", format!("{} is not a JSON object of profiles", path.display()))),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Map::new()),
        Err(e) => Err(config_error("profile", format!("{}: {e}", path.display()))),
    }
}

fn save(profiles: &Map<String, Value>) -> Result<(), saasus::Error> {
    let path = path()?;
    let fail = |e: std::io::Error| config_error("profile", format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    // Written beside and renamed, so that a crash never leaves half a file.
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(profiles).unwrap_or_default();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).map_err(fail)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(fail)?;
    std::fs::rename(&tmp, &path).map_err(fail)
}

/// The OS's credential store, set up once per process; why not, where there is none.
fn store() -> Result<(), String> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    READY
        .get_or_init(|| {
            #[cfg(target_os = "linux")]
            let store = linux_keyutils_keyring_store::Store::new().map(|s| s as _);
            #[cfg(target_os = "macos")]
            let store = apple_native_keyring_store::keychain::Store::new().map(|s| s as _);
            #[cfg(target_os = "windows")]
            let store = windows_native_keyring_store::Store::new().map(|s| s as _);
            #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
            let store: Result<std::sync::Arc<keyring_core::CredentialStore>, keyring_core::Error> =
                Err(keyring_core::Error::NoDefaultStore);
            store.map(keyring_core::set_default_store).map_err(|e| e.to_string())
        })
        .clone()
}

fn entry(profile: &str) -> Result<keyring_core::Entry, String> {
    store()?;
    keyring_core::Entry::new(SERVICE, profile).map_err(|e| e.to_string())
}

/// The profile's secret key from the credential store, if one is kept there.
fn secret_key(profile: &str) -> Option<String> {
    entry(profile).ok()?.get_password().ok()
}

/// The client's configuration: each `SAASUS_*` variable that is set, else the profile's value.
pub(crate) fn config() -> Result<saasus::Config, saasus::Error> {
    let (name, named) = chosen();
    let profiles = load()?;
    let profile = match profiles.get(&name) {
        Some(Value::Object(p)) => Some(p.clone()),
        _ if named => {
            return Err(config_error(
                "profile",
                format!("there is no profile named {name:?} (`saasus config set --profile {name} …` makes one)"),
            ));
        }
        _ => None,
    };
    let field = |key: &str| profile.as_ref().and_then(|p| p.get(key)).and_then(Value::as_str).map(str::to_string);
    let config = saasus::Config::from_lookup(|var| {
        if let Ok(v) = std::env::var(var) {
            return Some(v);
        }
        match var {
            "SAASUS_API_KEY" => field("api_key"),
            "SAASUS_SAAS_ID" => field("saas_id"),
            "SAASUS_BASE_URL" => field("base_url"),
            "SAASUS_SECRET_KEY" if profile.is_some() => secret_key(&name),
            _ => None,
        }
    })
    .map_err(|e| match profile {
        // A missing secret key of an existing profile: the store has none (rebooted, another user).
        Some(_) if e.field == "SAASUS_SECRET_KEY" => config_error(
            "SAASUS_SECRET_KEY",
            format!(
                "is not set, and the OS credential store holds none for profile {name:?}: `saasus config set --profile {name}` stores it"
            ),
        ),
        _ => saasus::Error::Config(e),
    })?;
    Ok(config.with_app_info(saasus::AppInfo::new("saasus-cli"))?)
}

pub(crate) struct SetArgs {
    pub api_key: Option<String>,
    pub saas_id: Option<String>,
    pub base_url: Option<String>,
    pub secret_key_stdin: bool,
}

fn set(args: SetArgs) -> Result<Value, saasus::Error> {
    let (name, _) = chosen();
    if name.trim().is_empty() || name.contains(['/', '\\', '\0']) {
        return Err(saasus::Error::InvalidArgument { field: "--profile".into(), rule: "must be a name without slashes".into() });
    }
    let secret = if args.secret_key_stdin {
        let text = std::io::read_to_string(std::io::stdin()).map_err(|e| config_error("--secret-key-stdin", format!("stdin: {e}")))?;
        Some(text.trim().to_string())
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let typed = rpassword::prompt_password(format!("secret key of profile {name:?} (not shown; Enter keeps the stored one): "))
            .map_err(|e| config_error("secret key", format!("could not be read: {e}")))?;
        Some(typed.trim().to_string()).filter(|s| !s.is_empty())
    } else {
        None
    };
    if secret.as_deref() == Some("") {
        return Err(saasus::Error::InvalidArgument { field: "--secret-key-stdin".into(), rule: "read an empty secret key".into() });
    }
    let mut profiles = load()?;
    let mut profile = match profiles.remove(&name) {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    };
    for (key, value) in [("api_key", args.api_key), ("saas_id", args.saas_id), ("base_url", args.base_url)] {
        match value {
            Some(v) if v.trim().is_empty() => {
                profile.remove(key);
            }
            Some(v) => {
                profile.insert(key.into(), Value::String(v));
            }
            None => {}
        }
    }
    // The secret first: a profile is not written as configured when its key could not be kept.
    if let Some(secret) = secret {
        entry(&name).and_then(|e| e.set_password(&secret).map_err(|e| e.to_string())).map_err(|why| {
            config_error(
                "secret key",
                format!(
                    "the OS credential store refused it ({why}){}; nothing was written: set SAASUS_SECRET_KEY in the environment instead",
                    if cfg!(target_os = "linux") {
                        " — the kernel keyring needs a login session's keyring (`keyctl session`)"
                    } else {
                        ""
                    }
                ),
            )
        })?;
    }
    profiles.insert(name.clone(), Value::Object(profile));
    save(&profiles)?;
    Ok(describe(&name, &profiles))
}

/// A profile as `config list` shows it: the API key's last four characters, and where the secret
/// key is — never the keys themselves.
fn describe(name: &str, profiles: &Map<String, Value>) -> Value {
    let p = profiles.get(name).and_then(Value::as_object).cloned().unwrap_or_default();
    let api_key = p.get("api_key").and_then(Value::as_str).map(|k| {
        let tail: String = k.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        format!("…{tail}")
    });
    let secret = if secret_key(name).is_some() { "in the OS credential store" } else { "not stored" };
    json!({ "name": name, "api_key": api_key, "saas_id": p.get("saas_id"), "base_url": p.get("base_url"), "secret_key": secret })
}

fn list() -> Result<Value, saasus::Error> {
    let profiles = load()?;
    let (active, _) = chosen();
    let mut names: Vec<&String> = profiles.keys().collect();
    names.sort();
    Ok(json!({
        "file": path()?.display().to_string(),
        "active": active,
        "profiles": names.into_iter().map(|n| describe(n, &profiles)).collect::<Vec<_>>(),
    }))
}

fn remove() -> Result<Value, saasus::Error> {
    let (name, _) = chosen();
    let mut profiles = load()?;
    let existed = profiles.remove(&name).is_some();
    let secret = entry(&name).map(|e| e.delete_credential().is_ok()).unwrap_or(false);
    if !existed && !secret {
        return Err(config_error("profile", format!("there is no profile named {name:?}")));
    }
    save(&profiles)?;
    Ok(json!({ "removed": name }))
}

/// Runs `saasus config set|list|remove`; the exit code.
pub(crate) fn run(m: &clap::ArgMatches) -> i32 {
    let outcome = match m.subcommand() {
        Some(("set", m)) => set(SetArgs {
            api_key: m.get_one::<String>("api-key").cloned(),
            saas_id: m.get_one::<String>("saas-id").cloned(),
            base_url: m.get_one::<String>("base-url").cloned(),
            secret_key_stdin: m.get_flag("secret-key-stdin"),
        }),
        Some(("list", _)) => list(),
        Some(("remove", _)) => remove(),
        _ => return exit::USAGE,
    };
    match outcome {
        Ok(v) => {
            output::answer(&v);
            0
        }
        Err(e) => output::error(&e),
    }
}
