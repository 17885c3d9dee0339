//! The emulator behind `saasus.testing`: `saasus_emulator::Background`, served by this library
//! itself, so that a user's tests need neither the emulator's binary nor Rust.

use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use saasus_emulator::{Background, Credentials, Options};
use std::sync::Mutex;

#[pyclass(module = "saasus._native", frozen)]
pub struct NativeEmulator {
    running: Mutex<Option<Background>>,
    base_url: String,
    credentials: Credentials,
    control_token: String,
}

#[pymethods]
impl NativeEmulator {
    /// Starts an emulator on 127.0.0.1 and a free port; credentials not given are generated.
    #[new]
    #[pyo3(signature = (*, api_key=None, secret_key=None, saas_id=None, token_ttl=None, data=None))]
    fn new(
        py: Python<'_>,
        api_key: Option<String>,
        secret_key: Option<String>,
        saas_id: Option<String>,
        token_ttl: Option<i64>,
        data: Option<std::path::PathBuf>,
    ) -> PyResult<Self> {
        let generated = Credentials::generate();
        let credentials = Credentials {
            api_key: api_key.unwrap_or(generated.api_key),
            secret_key: secret_key.unwrap_or(generated.secret_key),
            saas_id: saas_id.unwrap_or(generated.saas_id),
        };
        let mut options = Options { credentials: credentials.clone(), data, ..Options::default() };
        if let Some(ttl) = token_ttl {
            if ttl <= 0 {
                let e = saasus::ConfigError::new("token_ttl", "must be a positive number of seconds");
                return Err(saasus::glue::python::to_py_err(py, saasus::Error::Config(e)));
            }
            options.token_ttl = ttl;
        }
        let background =
            py.detach(|| Background::start(options)).map_err(|e| PyOSError::new_err(format!("the emulator could not start: {e}")))?;
        let emu = background.emulator();
        Ok(NativeEmulator {
            base_url: emu.base_url(),
            control_token: emu.control_token().to_string(),
            credentials,
            running: Mutex::new(Some(background)),
        })
    }

    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    #[getter]
    fn api_key(&self) -> &str {
        &self.credentials.api_key
    }

    #[getter]
    fn secret_key(&self) -> &str {
        &self.credentials.secret_key
    }

    #[getter]
    fn saas_id(&self) -> &str {
        &self.credentials.saas_id
    }

    #[getter]
    fn control_token(&self) -> &str {
        &self.control_token
    }

    /// Stops serving (requests in flight finish first); a second stop does nothing.
    fn stop(&self, py: Python<'_>) {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(background) = running {
            py.detach(|| background.stop());
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "NativeEmulator(base_url={:?}, api_key={:?}, saas_id={:?})",
            self.base_url, self.credentials.api_key, self.credentials.saas_id
        )
    }
}
