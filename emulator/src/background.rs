//! An emulator for the bindings' test kits (Python's `saasus.testing`, Node's `saasus/testing`):
//! started and stopped from plain synchronous code, with no runtime of the caller's. The
//! emulator is linked into the binding's native library, so a user's tests need no binary and
//! no Rust toolchain; every such emulator of the process is served by one thread of its own
//! (`saasus-emulator`), apart from the SDK's call thread, so that the client under test and
//! the emulator answering it never wait on each other.

use crate::faults::Fault;
use crate::pages::SignIn;
use crate::requests::SeenRequest;
use crate::server::Controls;
use crate::{Credentials, Emulator, Options};
use saasus::io_thread::IoThread;
use std::future::Future;
use std::sync::{Mutex, OnceLock};

/// A running emulator; [`Background::stop`] (or dropping it) stops it. What it was started
/// with stays readable after the stop, as the bindings' emulator objects expose it.
pub struct Background {
    emulator: Mutex<Option<Emulator>>,
    base_url: String,
    credentials: Credentials,
    control_token: String,
    /// What the control endpoints act on: the methods below act on it directly, with no HTTP.
    controls: Controls,
}

/// What a test kit may set; what is None is generated (credentials) or the default.
#[derive(Default)]
pub struct KitOptions {
    pub api_key: Option<String>,
    pub secret_key: Option<String>,
    pub saas_id: Option<String>,
    /// Seconds; must be positive.
    pub token_ttl: Option<i64>,
    pub data: Option<std::path::PathBuf>,
}

impl KitOptions {
    /// The emulator's options; `ttl_field` names `token_ttl` as the caller's language spells it.
    pub fn into_options(self, ttl_field: &str) -> Result<Options, saasus::Error> {
        let generated = Credentials::generate();
        let credentials = Credentials {
            api_key: self.api_key.unwrap_or(generated.api_key),
            secret_key: self.secret_key.unwrap_or(generated.secret_key),
            saas_id: self.saas_id.unwrap_or(generated.saas_id),
        };
        let mut options = Options { credentials, data: self.data, ..Options::default() };
        if let Some(ttl) = self.token_ttl {
            if ttl <= 0 {
                return Err(saasus::Error::Config(saasus::ConfigError::new(ttl_field, "must be a positive number of seconds")));
            }
            options.token_ttl = ttl;
        }
        Ok(options)
    }
}

fn thread() -> std::io::Result<&'static IoThread> {
    static THREAD: OnceLock<Result<IoThread, String>> = OnceLock::new();
    THREAD
        .get_or_init(|| IoThread::start("saasus-emulator").map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| std::io::Error::other(format!("the emulator's thread could not start: {e}")))
}

/// Runs `fut` on the emulator's thread and waits for its output. Not from that thread itself.
fn run<F>(fut: F) -> std::io::Result<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    thread()?.spawn(async move {
        let _ = tx.send(fut.await);
    });
    rx.recv().map_err(|_| std::io::Error::other("the emulator's thread stopped"))
}

impl Background {
    /// Binds (127.0.0.1 and a free port unless `options` say otherwise), serves, and returns
    /// once connections are accepted.
    pub fn start(options: Options) -> std::io::Result<Background> {
        let credentials = options.credentials.clone();
        let emulator = run(Emulator::start(options))??;
        Ok(Background {
            base_url: emulator.base_url(),
            control_token: emulator.control_token().to_string(),
            controls: emulator.controls().clone(),
            credentials,
            emulator: Mutex::new(Some(emulator)),
        })
    }

    /// [`Background::start`] for a test kit, its errors the SDK's (`Config`, `Transport`).
    pub fn start_kit(options: KitOptions, ttl_field: &str) -> Result<Background, saasus::Error> {
        Background::start(options.into_options(ttl_field)?)
            .map_err(|e| saasus::Error::Transport { message: format!("the emulator could not start: {e}"), connect: false })
    }

    /// `http://127.0.0.1:<port>/v1`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// For the control endpoints' `x-saasus-emulator-token` header.
    pub fn control_token(&self) -> &str {
        &self.control_token
    }

    /// The address it serves on, while it runs.
    pub fn addr(&self) -> Option<std::net::SocketAddr> {
        self.emulator.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(Emulator::addr)
    }

    /// Arms a fault (what `POST /_emulator/faults` does); its id. A fault that breaks a rule is
    /// refused as an invalid argument naming the field.
    pub fn fault(&self, fault: Fault) -> Result<u64, saasus::Error> {
        self.controls.faults.arm(fault).map_err(|(field, rule)| saasus::Error::InvalidArgument { field: field.into(), rule: rule.into() })
    }

    /// [`Background::fault`] of a fault as the control endpoint's JSON names its fields (what
    /// the Python and Node kits are given); a field of the wrong type is refused naming it.
    pub fn fault_from_json(&self, fault: serde_json::Value) -> Result<u64, saasus::Error> {
        self.fault(saasus::decode_input(fault)?)
    }

    /// The faults still armed, oldest first.
    pub fn faults(&self) -> Vec<Fault> {
        self.controls.faults.armed()
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) {
        self.controls.faults.clear();
    }

    /// Signs a user (email or sign-in ID) in as the login page does (what `POST
    /// /_emulator/sign-in` does): the temp code it would send to the callback URL, and that URL
    /// with `state` beside the code.
    pub fn sign_in(&self, username: &str, password: &str, state: Option<&str>) -> Result<SignIn, saasus::Error> {
        let app = &self.controls.app;
        let mut store = app.store();
        let signed_in = crate::pages::sign_in(&mut store, username, password, state).ok_or_else(|| saasus::Error::InvalidArgument {
            field: "password".into(),
            rule: "incorrect username or password (no user has this email or sign-in ID and password)".into(),
        })?;
        // The code is state: with a data file, kept before it is handed out, as the page does.
        if let Some(p) = &app.persist {
            p.save(&store).map_err(|e| saasus::Error::Transport {
                message: format!("the emulator could not write its data file: {e}"),
                connect: false,
            })?;
        }
        Ok(signed_in)
    }

    /// The request log (what `GET /_emulator/requests` answers), oldest first.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.controls.requests.seen()
    }

    /// Forgets the request log.
    pub fn clear_requests(&self) {
        self.controls.requests.clear();
    }

    /// Stops accepting, finishes requests in flight, and returns when the server is down; a
    /// second stop does nothing.
    pub fn stop(&self) {
        let emulator = self.emulator.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(emulator) = emulator {
            let _ = run(emulator.stop());
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_serves_and_stops_from_plain_threads() {
        let first = Background::start(Options::default()).unwrap();
        let second = Background::start(Options::default()).unwrap();
        assert_ne!(first.addr(), second.addr());
        let addr = first.addr().unwrap();
        let health = |addr| {
            use std::io::{Read, Write};
            let mut s = std::net::TcpStream::connect(addr)?;
            s.write_all(b"GET /_emulator/health HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n")?;
            let mut out = String::new();
            s.read_to_string(&mut out)?;
            Ok::<_, std::io::Error>(out)
        };
        assert!(health(addr).unwrap().contains(r#""status":"ok""#));
        first.stop();
        assert!(health(addr).is_err(), "a stopped emulator refuses connections");
        assert_eq!(first.addr(), None);
        first.stop();
        drop(second);
    }

    /// The methods act on the state the served API uses: a fault armed here answers a signed
    /// request over HTTP, which the request log then shows.
    #[test]
    fn control_methods_act_on_the_served_state() {
        let emu = Background::start(Options::default()).unwrap();
        let refused = emu.fault(Fault { path: "v1/auth/envs".into(), status: Some(503), ..Fault::default() }).unwrap_err();
        assert_eq!(refused.to_string(), "invalid argument path: must start with / (e.g. /v1/auth/tenants)");
        let id = emu.fault(Fault { path: "/v1/auth/envs".into(), status: Some(418), count: 2, ..Fault::default() }).unwrap();
        assert_eq!(emu.faults().iter().map(|f| (f.id, f.count)).collect::<Vec<_>>(), [(id, 2)]);
        let c = &emu.credentials;
        let config = saasus::Config::new(&c.api_key, &c.secret_key, &c.saas_id).unwrap().with_base_url(emu.base_url()).unwrap();
        let client = saasus::Client::new(config.with_max_retries(0).unwrap()).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let answer = rt.block_on(async move { client.auth().env().get_envs().await });
        assert_eq!(answer.unwrap_err().status(), Some(418));
        assert_eq!(emu.faults()[0].count, 1, "one use taken");
        emu.clear_faults();
        assert!(emu.faults().is_empty());
        let seen = emu.requests();
        assert_eq!((seen.len(), seen[0].path.as_str(), seen[0].status), (1, "/v1/auth/envs", 418));
        emu.clear_requests();
        assert!(emu.requests().is_empty());
        let refused = emu.sign_in("nobody@example.com", "x", None).unwrap_err();
        assert!(matches!(refused, saasus::Error::InvalidArgument { ref field, .. } if field == "password"), "{refused}");
    }

    #[test]
    fn a_kit_keeps_the_credentials_given_and_refuses_a_token_life_of_zero() {
        let kit = KitOptions { api_key: Some("k".into()), token_ttl: Some(60), ..KitOptions::default() };
        let options = kit.into_options("token_ttl").unwrap();
        assert_eq!((options.credentials.api_key.as_str(), options.token_ttl), ("k", 60));
        assert_eq!(options.credentials.secret_key.len(), 48, "what is not given is generated");
        let refused = Background::start_kit(KitOptions { token_ttl: Some(0), ..KitOptions::default() }, "tokenTtl");
        let message = refused.err().unwrap().to_string();
        assert!(message.contains("tokenTtl") && message.contains("positive"), "{message}");
    }
}
