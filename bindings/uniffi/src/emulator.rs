//! The emulator for Kotlin's and Swift's tests (`io.saasus.testing.SaasusEmulatorExtension`):
//! `saasus_emulator::Background`, served by this library itself, so that a user's tests need
//! neither the emulator's binary nor Rust.

use crate::{Client, SaasusError};
use saasus_emulator::{Background, Credentials, Options};
use std::sync::{Arc, Mutex};

/// A local SaaSus Platform on 127.0.0.1 and a free port, with credentials of its own (or those
/// given); `stop()` stops it (requests in flight finish first).
#[derive(uniffi::Object)]
pub struct LocalEmulator {
    running: Mutex<Option<Background>>,
    base_url: String,
    credentials: Credentials,
    control_token: String,
}

#[uniffi::export]
impl LocalEmulator {
    /// `token_ttl`: how long ID and access tokens live, in seconds (default 3600).
    #[uniffi::constructor(default(api_key = None, secret_key = None, saas_id = None, token_ttl = None))]
    pub fn new(
        api_key: Option<String>,
        secret_key: Option<String>,
        saas_id: Option<String>,
        token_ttl: Option<i64>,
    ) -> Result<Arc<Self>, SaasusError> {
        let generated = Credentials::generate();
        let credentials = Credentials {
            api_key: api_key.unwrap_or(generated.api_key),
            secret_key: secret_key.unwrap_or(generated.secret_key),
            saas_id: saas_id.unwrap_or(generated.saas_id),
        };
        let mut options = Options { credentials: credentials.clone(), ..Options::default() };
        if let Some(ttl) = token_ttl {
            if ttl <= 0 {
                return Err(SaasusError::Config { field: "token_ttl".into(), rule: "must be a positive number of seconds".into() });
            }
            options.token_ttl = ttl;
        }
        let background =
            Background::start(options).map_err(|e| SaasusError::Transport { detail: format!("the emulator could not start: {e}") })?;
        let emu = background.emulator();
        Ok(Arc::new(LocalEmulator {
            base_url: emu.base_url(),
            control_token: emu.control_token().to_string(),
            credentials,
            running: Mutex::new(Some(background)),
        }))
    }

    /// `http://127.0.0.1:<port>/v1`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn api_key(&self) -> String {
        self.credentials.api_key.clone()
    }

    pub fn secret_key(&self) -> String {
        self.credentials.secret_key.clone()
    }

    pub fn saas_id(&self) -> String {
        self.credentials.saas_id.clone()
    }

    /// The token of the control endpoints (faults, test sign-in), for their
    /// `x-saasus-emulator-token` header.
    pub fn control_token(&self) -> String {
        self.control_token.clone()
    }

    /// A client for this emulator, with the defaults of `Client(...)`.
    pub fn client(&self) -> Result<Arc<Client>, SaasusError> {
        Client::new(
            self.credentials.api_key.clone(),
            self.credentials.secret_key.clone(),
            self.credentials.saas_id.clone(),
            Some(self.base_url.clone()),
            None,
            None,
            None,
            None,
        )
    }

    /// Stops it; a second stop does nothing.
    pub fn stop(&self) {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(background) = running {
            background.stop();
        }
    }
}
