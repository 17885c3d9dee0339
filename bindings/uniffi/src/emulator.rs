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
    fn clear_faults(&self) {
        match *self {}
    }
    fn clear_requests(&self) {
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

/// A request the emulator answered (its path with secrets in the query shown as `***`).
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub user_agent: Option<String>,
    pub trace_id: Option<String>,
}

/// A local SaaSus Platform on 127.0.0.1 and a free port, with credentials of its own (or those
/// given); `stop()` stops it (requests in flight finish first).
#[derive(uniffi::Object)]
pub struct LocalEmulator(Background);

#[uniffi::export]
impl LocalEmulator {
    /// `token_ttl`: how long ID and access tokens live, in seconds (default 3600). `data`: a
    /// file its state is kept in (SQLite), read again by the next emulator started on it; none
    /// keeps the state in memory only.
    #[uniffi::constructor(default(api_key = None, secret_key = None, saas_id = None, token_ttl = None, data = None))]
    pub fn new(
        api_key: Option<String>,
        secret_key: Option<String>,
        saas_id: Option<String>,
        token_ttl: Option<i64>,
        data: Option<String>,
    ) -> Result<Arc<Self>, SaasusError> {
        #[cfg(feature = "emulator")]
        {
            let kit = KitOptions { api_key, secret_key, saas_id, token_ttl, data: data.map(std::path::PathBuf::from) };
            Ok(Arc::new(LocalEmulator(Background::start_kit(kit, "token_ttl")?)))
        }
        #[cfg(not(feature = "emulator"))]
        {
            let _ = (api_key, secret_key, saas_id, token_ttl, data);
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

    /// Arms a fault, acting on the emulator's state directly (no HTTP): the next `count` requests
    /// to `path` (a prefix when it ends in `*`) answer `status` (with `body` as their JSON, when
    /// given) or stall `stall_ms` first; with `after_applying`, each is served first (its effect
    /// kept) and its answer replaced. Its id; a fault breaking a rule is an `InvalidArgument`
    /// naming the field.
    #[uniffi::method(default(
        status = None,
        method = None,
        stall_ms = None,
        retry_after = None,
        retry_after_as_date = false,
        count = 1,
        after_applying = false,
        body = None
    ))]
    #[allow(clippy::too_many_arguments)]
    pub fn fault(
        &self,
        path: String,
        status: Option<i32>,
        method: Option<String>,
        stall_ms: Option<i64>,
        retry_after: Option<i64>,
        retry_after_as_date: bool,
        count: i32,
        after_applying: bool,
        body: Option<saasus::JsonObject>,
    ) -> Result<i64, SaasusError> {
        #[cfg(feature = "emulator")]
        {
            // Kotlin's and Swift's own integers, narrowed here; the emulator checks the rest.
            fn narrow<T: TryFrom<i64>>(field: &str, n: i64) -> Result<T, SaasusError> {
                T::try_from(n).map_err(|_| SaasusError::InvalidArgument { field: field.into(), rule: format!("{n} is out of range") })
            }
            let fault = saasus_emulator::Fault {
                path,
                status: status.map(|n| narrow("status", n.into())).transpose()?,
                method,
                stall_ms: stall_ms.map(|n| narrow("stall_ms", n)).transpose()?,
                retry_after: retry_after.map(|n| narrow("retry_after", n)).transpose()?,
                retry_after_as_date,
                count: narrow("count", count.into())?,
                after_applying,
                body: body.map(|b| serde_json::Value::Object(b.0)),
                ..saasus_emulator::Fault::default()
            };
            Ok(i64::try_from(self.0.fault(fault)?).unwrap_or(i64::MAX))
        }
        #[cfg(not(feature = "emulator"))]
        {
            let _ = (path, status, method, stall_ms, retry_after, retry_after_as_date, count, after_applying, body);
            match self.0 {}
        }
    }

    /// How many more requests the armed faults will take: a fault's count goes down as a
    /// matching request arrives (before it stalls or answers), so a test can wait on it for a
    /// request to be in the emulator's hands.
    pub fn faults_left(&self) -> i64 {
        #[cfg(feature = "emulator")]
        {
            self.0.faults().iter().map(|f| i64::from(f.count)).sum()
        }
        #[cfg(not(feature = "emulator"))]
        match self.0 {}
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) {
        self.0.clear_faults();
    }

    /// The code the login page would send to the callback URL after this user (email or sign-in
    /// ID) signs in (with `state` beside it): what `exchange_temp_code` takes. A wrong password
    /// is an `InvalidArgument`.
    #[uniffi::method(default(state = None))]
    pub fn sign_in_code(&self, username: String, password: String, state: Option<String>) -> Result<String, SaasusError> {
        #[cfg(feature = "emulator")]
        {
            Ok(self.0.sign_in(&username, &password, state.as_deref())?.code)
        }
        #[cfg(not(feature = "emulator"))]
        {
            let _ = (username, password, state);
            match self.0 {}
        }
    }

    /// What the emulator was sent, oldest first (at most the last 1000).
    pub fn requests(&self) -> Vec<SeenRequest> {
        #[cfg(feature = "emulator")]
        {
            let seen = self.0.requests().into_iter();
            seen.map(|r| SeenRequest { method: r.method, path: r.path, status: r.status, user_agent: r.user_agent, trace_id: r.trace_id })
                .collect()
        }
        #[cfg(not(feature = "emulator"))]
        match self.0 {}
    }

    /// Forgets the request log.
    pub fn clear_requests(&self) {
        self.0.clear_requests();
    }

    /// Stops it; a second stop does nothing.
    pub fn stop(&self) {
        self.0.stop();
    }
}
