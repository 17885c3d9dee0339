//! The emulator for Kotlin's and Swift's tests (`io.saasus.testing.SaasusEmulatorExtension`):
//! `saasus_emulator::Background`, served by this library itself, so that a user's tests need
//! neither the emulator's binary nor Rust.
//!
//! Mobile builds leave it out (`--no-default-features`: no SQLite, no server, 9 MB less).
//! `LocalEmulator` still exists there, since the generated Kotlin and Swift check every
//! exported function's checksum at load; starting one then fails with a `Config` error.

use crate::{Client, SaasusError};
use std::sync::Arc;

#[cfg(feature = "emulator")]
use saasus_emulator::{Background, KitOptions};

/// Stands for `Background` in a build without the emulator: no value of it can exist.
#[cfg(not(feature = "emulator"))]
enum Background {}

#[cfg(not(feature = "emulator"))]
impl Background {
    fn base_url(&self) -> &str {
        match *self {}
    }
    fn credentials(&self) -> &saasus_emulator_absent::Credentials {
        match *self {}
    }
    fn control_token(&self) -> &str {
        match *self {}
    }
    fn stop(&self) {
        match *self {}
    }
}

#[cfg(not(feature = "emulator"))]
mod saasus_emulator_absent {
    pub struct Credentials {
        pub api_key: String,
        pub secret_key: String,
        pub saas_id: String,
    }
}

/// A local SaaSus Platform on 127.0.0.1 and a free port, with credentials of its own (or those
/// given); `stop()` stops it (requests in flight finish first).
#[derive(uniffi::Object)]
pub struct LocalEmulator(Background);

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
        #[cfg(feature = "emulator")]
        {
            let kit = KitOptions { api_key, secret_key, saas_id, token_ttl, data: None };
            Ok(Arc::new(LocalEmulator(Background::start_kit(kit, "token_ttl")?)))
        }
        #[cfg(not(feature = "emulator"))]
        {
            let _ = (api_key, secret_key, saas_id, token_ttl);
            Err(SaasusError::Config {
                field: "LocalEmulator".into(),
                rule: "this build of the library leaves the emulator out (cargo feature `emulator` of saasus-uniffi)".into(),
            })
        }
    }

    /// `http://127.0.0.1:<port>/v1`.
    pub fn base_url(&self) -> String {
        self.0.base_url().to_string()
    }

    pub fn api_key(&self) -> String {
        self.0.credentials().api_key.clone()
    }

    pub fn secret_key(&self) -> String {
        self.0.credentials().secret_key.clone()
    }

    pub fn saas_id(&self) -> String {
        self.0.credentials().saas_id.clone()
    }

    /// The token of the control endpoints (faults, test sign-in), for their
    /// `x-saasus-emulator-token` header.
    pub fn control_token(&self) -> String {
        self.0.control_token().to_string()
    }

    /// A client for this emulator, with the defaults of `Client(...)`.
    pub fn client(&self) -> Result<Arc<Client>, SaasusError> {
        let c = self.0.credentials();
        let url = Some(self.0.base_url().to_string());
        Client::new(c.api_key.clone(), c.secret_key.clone(), c.saas_id.clone(), url, None, None, None, None, None, None)
    }

    /// Stops it; a second stop does nothing.
    pub fn stop(&self) {
        self.0.stop();
    }
}
