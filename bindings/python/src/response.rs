//! `saasus.Response`: what `client.with_response.<api>.<tag>.<operation>()` returns — the value
//! and how it came (status, trace id, headers, attempts), as openai-python's `with_raw_response`
//! and stripe-node's `lastResponse` give them.

use crate::Convert;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

/// What a call's answer said besides its value.
pub struct Meta {
    pub status: u16,
    pub trace_id: Option<String>,
    pub attempts: u32,
    /// Lower-case names, in the order first received, repeated ones joined (core's
    /// `Response::joined_headers`).
    pub headers: Vec<(String, String)>,
}

impl Meta {
    /// The conversion into a `Response` once the GIL is held: `value` (None for an operation that
    /// answers with a status only) converted first.
    pub fn with_value(self, value: Option<Convert>) -> Convert {
        Box::new(move |py| {
            let value = match value {
                Some(convert) => convert(py)?,
                None => py.None(),
            };
            Ok(Py::new(py, Response { value, meta: self })?.into_any())
        })
    }
}

/// A call's value and its answer's status, trace id, headers and attempts.
#[pyclass(module = "saasus._native", frozen)]
pub struct Response {
    value: Py<PyAny>,
    meta: Meta,
}

#[pymethods]
impl Response {
    /// What the operation returns (None for one that answers with a status only).
    #[getter]
    fn value(&self, py: Python<'_>) -> Py<PyAny> {
        self.value.clone_ref(py)
    }

    /// The HTTP status.
    #[getter]
    fn status(&self) -> u16 {
        self.meta.status
    }

    /// The answer's `X-SaaSus-Trace-Id`, to quote to SaaSus support.
    #[getter]
    fn trace_id(&self) -> Option<&str> {
        self.meta.trace_id.as_deref()
    }

    /// How many attempts the call took: 1, or more after retries.
    #[getter]
    fn attempts(&self) -> u32 {
        self.meta.attempts
    }

    /// The answer's headers by lower-case name; a repeated header's values joined with ", "
    /// (RFC 9110's list form). A new dict each time: changing it changes nothing here.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in &self.meta.headers {
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }

    /// `saasus.Response[saasus.Tenant]` in an annotation evaluated at run time: the class itself.
    #[classmethod]
    fn __class_getitem__<'py>(cls: &Bound<'py, PyType>, _item: &Bound<'py, PyAny>) -> Bound<'py, PyType> {
        cls.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        // The value's type only: a value may carry tokens (Credentials).
        let kind = self.value.bind(py).get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        let trace_id = self.meta.trace_id.as_deref().map_or_else(|| "None".to_string(), |t| format!("'{t}'"));
        format!("Response(status={}, trace_id={trace_id}, attempts={}, value=<{kind}>)", self.meta.status, self.meta.attempts)
    }
}
