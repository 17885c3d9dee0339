//! The emulator behind `saasus.testing`: `saasus_emulator::Background`, served by this library
//! itself, so that a user's tests need neither the emulator's binary nor Rust.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use saasus::glue::python::{kwargs_to_json, to_py, to_py_err};
use saasus_emulator::{Background, KitOptions};

#[pyclass(module = "saasus._native", frozen)]
pub struct NativeEmulator(Background);

/// A logged request as `saasus.testing.SeenRequest` takes it: method, path, status, user agent,
/// trace id, Referer, X-SaaSus-Referer.
type Seen = (String, String, u16, Option<String>, Option<String>, Option<String>, Option<String>);

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
        py.detach(|| Background::start_kit(kit, "token_ttl")).map(NativeEmulator).map_err(|e| to_py_err(py, e))
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

    /// Arms a fault on the emulator's own state (no HTTP), its fields named as the control
    /// endpoint's JSON names them (`saasus.testing.Emulator.fault` spells them out); its id.
    #[pyo3(signature = (**fault))]
    fn fault(&self, py: Python<'_>, fault: Option<&Bound<'_, PyDict>>) -> PyResult<u64> {
        kwargs_to_json(fault).and_then(|f| self.0.fault_from_json(f)).map_err(|e| to_py_err(py, e))
    }

    /// The faults still armed, as the control endpoint's JSON.
    fn faults<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.faults())
    }

    fn clear_faults(&self) {
        self.0.clear_faults();
    }

    /// (code, redirect URL) of a sign-in as the login page does it.
    #[pyo3(signature = (username, password, state=None))]
    fn sign_in(&self, py: Python<'_>, username: &str, password: &str, state: Option<&str>) -> PyResult<(String, Option<String>)> {
        self.0.sign_in(username, password, state).map(|s| (s.code, s.redirect_url)).map_err(|e| to_py_err(py, e))
    }

    /// The request log as (method, path, status, user agent, trace id, Referer, X-SaaSus-Referer), oldest first.
    fn requests(&self) -> Vec<Seen> {
        self.0
            .requests()
            .into_iter()
            .map(|r| (r.method, r.path, r.status, r.user_agent, r.trace_id, r.referer, r.x_saasus_referer))
            .collect()
    }

    fn clear_requests(&self) {
        self.0.clear_requests();
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
