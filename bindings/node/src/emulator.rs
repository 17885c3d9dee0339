//! The emulator behind `saasus/testing`: `saasus_emulator::Background`, served by this addon
//! itself, so that a user's tests need neither the emulator's binary nor Rust.

use napi::Result;
use napi_derive::napi;
use saasus_emulator::{Background, KitOptions};

/// What `startEmulator` may set; credentials not given are generated.
#[napi(object)]
pub struct EmulatorOptions {
    pub api_key: Option<String>,
    pub secret_key: Option<String>,
    pub saas_id: Option<String>,
    /// How long ID and access tokens live, in seconds (default 3600).
    pub token_ttl: Option<i64>,
    /// An SQLite file to keep the state in (created when missing).
    pub data: Option<String>,
}

#[napi]
pub struct NativeEmulator(Background);

#[napi]
impl NativeEmulator {
    /// Starts an emulator on 127.0.0.1 and a free port (a few milliseconds on the JS thread).
    #[napi(constructor, catch_unwind)]
    pub fn new(options: Option<EmulatorOptions>) -> Result<Self> {
        let o = options.unwrap_or(EmulatorOptions { api_key: None, secret_key: None, saas_id: None, token_ttl: None, data: None });
        let kit = KitOptions {
            api_key: o.api_key,
            secret_key: o.secret_key,
            saas_id: o.saas_id,
            token_ttl: o.token_ttl,
            data: o.data.map(Into::into),
        };
        Background::start_kit(kit, "tokenTtl").map(NativeEmulator).map_err(|e| crate::throw(&e))
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.0.base_url().to_string()
    }

    #[napi(getter)]
    pub fn api_key(&self) -> String {
        self.0.credentials().api_key.clone()
    }

    #[napi(getter)]
    pub fn secret_key(&self) -> String {
        self.0.credentials().secret_key.clone()
    }

    #[napi(getter)]
    pub fn saas_id(&self) -> String {
        self.0.credentials().saas_id.clone()
    }

    #[napi(getter)]
    pub fn control_token(&self) -> String {
        self.0.control_token().to_string()
    }

    /// Arms a fault on the emulator's own state (no HTTP): `fault` is the JSON text
    /// `testing/index.js` wrote of `{ path, status, … }`; its id.
    #[napi(catch_unwind)]
    pub fn fault(&self, fault: String) -> Result<i64> {
        let id = crate::parse_json(Some(&fault), "fault").and_then(|f| self.0.fault_from_json(f)).map_err(|e| crate::throw(&e))?;
        Ok(i64::try_from(id).unwrap_or(i64::MAX))
    }

    /// The faults still armed, as JSON text.
    #[napi(catch_unwind)]
    pub fn faults(&self) -> Result<String> {
        crate::to_json_text(self.0.faults()).map_err(|e| crate::throw(&e))
    }

    #[napi(catch_unwind)]
    pub fn clear_faults(&self) {
        self.0.clear_faults();
    }

    /// A sign-in as the login page does it: the JSON text of `{ code, redirect_url }`.
    #[napi(catch_unwind)]
    pub fn sign_in(&self, username: String, password: String, state: Option<String>) -> Result<String> {
        let signed_in = self.0.sign_in(&username, &password, state.as_deref()).map_err(|e| crate::throw(&e))?;
        crate::to_json_text(signed_in).map_err(|e| crate::throw(&e))
    }

    /// The request log, oldest first, as JSON text.
    #[napi(catch_unwind)]
    pub fn requests(&self) -> Result<String> {
        crate::to_json_text(self.0.requests()).map_err(|e| crate::throw(&e))
    }

    #[napi(catch_unwind)]
    pub fn clear_requests(&self) {
        self.0.clear_requests();
    }

    /// Stops serving (requests in flight finish first); a second stop does nothing.
    #[napi(catch_unwind)]
    pub fn stop(&self) {
        self.0.stop();
    }
}
