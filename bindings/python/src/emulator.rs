//! The emulator behind `saasus.testing`: `saasus_emulator::Background`, served by this library
//! itself, so that a user's tests need neither the emulator's binary nor Rust.

use pyo3::prelude::*;
use saasus_emulator::{Background, KitOptions};

#[pyclass(module = "saasus._native", frozen)]
pub struct NativeEmulator(Background);

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
        let kit = KitOptions { api_key, secret_key, saas_id, token_ttl, data };
        py.detach(|| Background::start_kit(kit, "token_ttl")).map(NativeEmulator).map_err(|e| saasus::glue::python::to_py_err(py, e))
    }

    #[getter]
    fn base_url(&self) -> &str {
        self.0.base_url()
    }

    #[getter]
    fn api_key(&self) -> &str {
        &self.0.credentials().api_key
    }

    #[getter]
    fn secret_key(&self) -> &str {
        &self.0.credentials().secret_key
    }

    #[getter]
    fn saas_id(&self) -> &str {
        &self.0.credentials().saas_id
    }

    #[getter]
    fn control_token(&self) -> &str {
        self.0.control_token()
    }

    /// Stops serving (requests in flight finish first); a second stop does nothing.
    fn stop(&self, py: Python<'_>) {
        py.detach(|| self.0.stop());
    }

    fn __repr__(&self) -> String {
        format!(
            "NativeEmulator(base_url={:?}, api_key={:?}, saas_id={:?})",
            self.0.base_url(),
            self.0.credentials().api_key,
            self.0.credentials().saas_id
        )
    }
}
