//! `saasus.Meter`'s native side: the core's meter (`saasus::meter`), its task on the call
//! thread; adds take the meter's lock only, flushes and closes block (without the GIL) or return
//! an awaitable. Reports go to Python as tuples, which saasus/_meter.py makes into its classes.

use crate::bridge;
use crate::runtime::{self, finish};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyString, PyTuple};
use saasus::glue::python::to_py_err;
use saasus::meter::{Meter, MeterMethod, MeterOptions, MeterReport};

#[pyclass(module = "saasus._native", frozen)]
pub struct NativeMeter {
    meter: Meter,
    /// The process the meter's task runs in: in a forked child it does not exist.
    pid: u32,
}

/// The meter's settings, as `Client.meter(...)` takes them (durations in seconds).
pub struct Settings<'a, 'py> {
    pub flush_interval: Option<&'a Bound<'py, PyAny>>,
    pub flush_at: Option<&'a Bound<'py, PyAny>>,
    pub max_pending: Option<&'a Bound<'py, PyAny>>,
    pub bucket: Option<&'a Bound<'py, PyAny>>,
    pub concurrency: Option<&'a Bound<'py, PyAny>>,
}

impl NativeMeter {
    pub fn start(py: Python<'_>, client: saasus::Client, s: Settings<'_, '_>) -> PyResult<NativeMeter> {
        let invalid = |(field, rule): (String, String)| to_py_err(py, saasus::Error::InvalidArgument { field, rule });
        let seconds = |field: &str, v| -> PyResult<Option<std::time::Duration>> {
            match crate::args::number(field, v).map_err(invalid)? {
                None => Ok(None),
                Some(n) => std::time::Duration::try_from_secs_f64(n)
                    .map(Some)
                    .map_err(|_| invalid((field.into(), "must be a number of seconds from 0".into()))),
            }
        };
        let count = |field: &str, v| crate::args::count(field, v, usize::MAX as u64).map_err(invalid).map(|n| n.map(|n| n as usize));
        let d = MeterOptions::default();
        let options = MeterOptions {
            flush_interval: seconds("flush_interval", s.flush_interval)?.unwrap_or(d.flush_interval),
            flush_at: count("flush_at", s.flush_at)?.unwrap_or(d.flush_at),
            max_pending: count("max_pending", s.max_pending)?.unwrap_or(d.max_pending),
            bucket: seconds("bucket", s.bucket)?.unwrap_or(d.bucket),
            concurrency: count("concurrency", s.concurrency)?.unwrap_or(d.concurrency),
        };
        let io = runtime::io_thread().map_err(|e| e.into_py_err(py))?;
        let meter = Meter::on(&io, client, options).map_err(|e| to_py_err(py, e))?;
        Ok(NativeMeter { meter, pid: std::process::id() })
    }

    fn meter(&self, py: Python<'_>) -> PyResult<&Meter> {
        if std::process::id() != self.pid {
            let rule = "was made in the parent of this forked process, where its task runs: make a Meter in this process";
            return Err(to_py_err(py, saasus::Error::InvalidArgument { field: "meter".into(), rule: rule.into() }));
        }
        Ok(&self.meter)
    }

    fn count(&self, py: Python<'_>, method: MeterMethod, args: (&Bound<'_, PyAny>, &Bound<'_, PyAny>, &Bound<'_, PyAny>)) -> PyResult<()> {
        let invalid = |field: &str, rule: String| to_py_err(py, saasus::Error::InvalidArgument { field: field.into(), rule });
        let text = |field: &str, v: &Bound<'_, PyAny>| -> PyResult<String> {
            match v.cast::<PyString>() {
                Ok(s) => s.to_cow().map(|s| s.into_owned()).map_err(|_| invalid(field, "is not valid text".into())),
                Err(_) => Err(invalid(field, format!("must be a str, not {}", type_name(v)))),
            }
        };
        let (tenant_id, unit, count) = args;
        let (tenant_id, unit) = (text("tenant_id", tenant_id)?, text("metering_unit_name", unit)?);
        if !count.is_instance_of::<PyInt>() || count.is_instance_of::<PyBool>() {
            return Err(invalid("count", format!("must be an int, not {}", type_name(count))));
        }
        let count = count.extract::<i64>().map_err(|_| invalid("count", "must be an integer from 0 to 2^63-1".into()))?;
        let meter = self.meter(py)?;
        let result = match method {
            MeterMethod::Add => meter.add(&tenant_id, &unit, count),
            MeterMethod::Sub => meter.sub(&tenant_id, &unit, count),
        };
        result.map_err(|e| to_py_err(py, e))
    }

    /// Runs `flush` or `close`, blocking or as an awaitable.
    fn settle<'py>(&self, py: Python<'py>, close: bool, asynchronous: bool) -> PyResult<Bound<'py, PyAny>> {
        let meter = self.meter(py)?.clone();
        let fut = async move {
            let report = if close { meter.close().await } else { meter.flush().await };
            Ok::<crate::Convert, saasus::Error>(Box::new(move |py| report_to_py(py, report)))
        };
        if asynchronous {
            return bridge::future_into_py(py, fut);
        }
        finish(py, py.detach(|| runtime::block_on(fut))).map(|o| o.into_bound(py))
    }
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

fn stats_tuple(s: saasus::MeterStats) -> (u64, u64, u64, u64, u64, u64, u64) {
    (s.added, s.sent, s.pending, s.failed, s.unknown, s.dropped, s.requests)
}

/// `(stats, failures, failures_left_out)`; each failure `(tenant_id, metering_unit_name,
/// timestamp, method, count, outcome, error)`, its error the exception the call would have raised.
fn report_to_py(py: Python<'_>, report: MeterReport) -> PyResult<Py<PyAny>> {
    let failures = report
        .failures
        .into_iter()
        .map(|f| {
            let error = f.error.map(|e| to_py_err(py, e).into_value(py).into_any());
            let row = (f.tenant_id, f.metering_unit_name, f.timestamp, f.method.as_str(), f.count, f.outcome.as_str(), error);
            row.into_pyobject(py).map(|t| t.into_any())
        })
        .collect::<PyResult<Vec<_>>>()?;
    let tuple = PyTuple::new(
        py,
        [
            stats_tuple(report.stats).into_pyobject(py)?.into_any(),
            failures.into_pyobject(py)?.into_any(),
            report.failures_left_out.into_pyobject(py)?.into_any(),
        ],
    )?;
    Ok(tuple.into_any().unbind())
}

#[pymethods]
impl NativeMeter {
    #[pyo3(signature = (tenant_id, metering_unit_name, count))]
    fn add(
        &self,
        py: Python<'_>,
        tenant_id: &Bound<'_, PyAny>,
        metering_unit_name: &Bound<'_, PyAny>,
        count: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        self.count(py, MeterMethod::Add, (tenant_id, metering_unit_name, count))
    }

    #[pyo3(signature = (tenant_id, metering_unit_name, count))]
    fn sub(
        &self,
        py: Python<'_>,
        tenant_id: &Bound<'_, PyAny>,
        metering_unit_name: &Bound<'_, PyAny>,
        count: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        self.count(py, MeterMethod::Sub, (tenant_id, metering_unit_name, count))
    }

    /// `(added, sent, pending, failed, unknown, dropped, requests)`.
    fn stats(&self) -> (u64, u64, u64, u64, u64, u64, u64) {
        stats_tuple(self.meter.stats())
    }

    #[pyo3(signature = (asynchronous=false))]
    fn flush<'py>(&self, py: Python<'py>, asynchronous: bool) -> PyResult<Bound<'py, PyAny>> {
        self.settle(py, false, asynchronous)
    }

    #[pyo3(signature = (asynchronous=false))]
    fn close<'py>(&self, py: Python<'py>, asynchronous: bool) -> PyResult<Bound<'py, PyAny>> {
        self.settle(py, true, asynchronous)
    }
}
