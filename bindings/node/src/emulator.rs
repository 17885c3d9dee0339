//! The emulator behind `saasus/testing`: `saasus_emulator::Background`, served by this addon
//! itself, so that a user's tests need neither the emulator's binary nor Rust.

use napi::Result;
use napi_derive::napi;
use saasus_emulator::{Background, Credentials, Options};
use std::sync::Mutex;

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
pub struct NativeEmulator {
    running: Mutex<Option<Background>>,
    base_url: String,
    credentials: Credentials,
    control_token: String,
}

#[napi]
impl NativeEmulator {
    /// Starts an emulator on 127.0.0.1 and a free port (a few milliseconds on the JS thread).
    #[napi(constructor, catch_unwind)]
    pub fn new(options: Option<EmulatorOptions>) -> Result<Self> {
        let o = options.unwrap_or(EmulatorOptions { api_key: None, secret_key: None, saas_id: None, token_ttl: None, data: None });
        let generated = Credentials::generate();
        let credentials = Credentials {
            api_key: o.api_key.unwrap_or(generated.api_key),
            secret_key: o.secret_key.unwrap_or(generated.secret_key),
            saas_id: o.saas_id.unwrap_or(generated.saas_id),
        };
        let mut options = Options { credentials: credentials.clone(), data: o.data.map(Into::into), ..Options::default() };
        if let Some(ttl) = o.token_ttl {
            if ttl <= 0 {
                let e = saasus::ConfigError::new("tokenTtl", "must be a positive number of seconds");
                return Err(crate::throw(&saasus::Error::Config(e)));
            }
            options.token_ttl = ttl;
        }
        let background = Background::start(options).map_err(|e| {
            crate::throw(&saasus::Error::Transport { message: format!("the emulator could not start: {e}"), connect: false })
        })?;
        let emu = background.emulator();
        Ok(NativeEmulator {
            base_url: emu.base_url(),
            control_token: emu.control_token().to_string(),
            credentials,
            running: Mutex::new(Some(background)),
        })
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    #[napi(getter)]
    pub fn api_key(&self) -> String {
        self.credentials.api_key.clone()
    }

    #[napi(getter)]
    pub fn secret_key(&self) -> String {
        self.credentials.secret_key.clone()
    }

    #[napi(getter)]
    pub fn saas_id(&self) -> String {
        self.credentials.saas_id.clone()
    }

    #[napi(getter)]
    pub fn control_token(&self) -> String {
        self.control_token.clone()
    }

    /// Stops serving (requests in flight finish first); a second stop does nothing.
    #[napi(catch_unwind)]
    pub fn stop(&self) {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(background) = running {
            background.stop();
        }
    }
}
