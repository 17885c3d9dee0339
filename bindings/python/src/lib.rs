//! `saasus._native`: the Python binding. Translation only — the core signs, sends, retries and
//! decodes; this module turns Python arguments into core inputs and core results into Python.

use pyo3::BoundObject;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use saasus::glue::python::{kwargs_to_json, to_py_err};
use saasus::{Client, Operation, RequestContext};
use std::mem::ManuallyDrop;
use std::sync::Mutex;

mod bridge;
mod emulator;
mod logging;
mod meter;
mod pages;
mod response;
mod runtime;
mod session;

use runtime::finish;

/// A blocking or awaitable call's result, converted to Python once the GIL is held again.
type Convert = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// Runs one operation: decode the keyword arguments, call the core, convert the result (with
/// `with_response`, into a [`response::Response`] carrying it).
async fn run<O: Operation>(
    client: Client,
    path: Vec<String>,
    input: serde_json::Value,
    with_response: bool,
) -> Result<Convert, saasus::Error>
where
    O::Output: for<'py> IntoPyObject<'py>,
{
    let (input, extra) = saasus::decode_operation_input::<O>(input)?;
    let refs: Vec<&str> = path.iter().map(String::as_str).collect();
    // Operations that answer with a status only return None (pyo3 would make `()` a tuple).
    let unit = matches!(<O::Output as saasus::model::Describe>::type_ref(), saasus::model::TypeRef::Unit);
    if with_response {
        let r = client.execute_with_response_extra::<O>(&refs, &input, extra.as_ref()).await?;
        let headers = r.joined_headers();
        let meta = response::Meta { status: r.status, trace_id: r.trace_id, attempts: r.attempts, headers };
        return Ok(meta.with_value((!unit).then(|| convert(r.value))));
    }
    let out = client.execute_with_extra::<O>(&refs, &input, extra.as_ref()).await?;
    Ok(if unit { Box::new(|py| Ok(py.None())) } else { convert(out) })
}

/// An operation's call, ready to run on a runtime.
type PendingCall = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Convert, saasus::Error>> + Send>>;

/// One API's `call`, from its operation table: the future of the operation called `name` (its
/// snake-case method name).
macro_rules! dispatch {
    ($api:literal $(
        $tag:ident $group:ident $tag_wire:literal {
            $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        pub fn call(client: Client, name: &str, path: Vec<String>, input: serde_json::Value, with_response: bool) -> Option<crate::PendingCall> {
            match name {
                $($( stringify!($name) => Some(Box::pin(crate::run::<ops::$id>(client, path, input, with_response))), )*)*
                _ => None,
            }
        }

        /// An event's request body as the operation `name`'s input model (`output`: its answer
        /// as the output model); None when it does not parse as one (or there is none).
        pub fn decode(name: &str, value: serde_json::Value, output: bool) -> Option<crate::Convert> {
            match name {
                $($( stringify!($name) => if output { crate::decoded::<$output>(value) } else { crate::decoded::<$input>(value) }, )*)*
                _ => None,
            }
        }
    };
}

/// Auth's table has no path segment of its own: it is the `auth` one.
macro_rules! dispatch_auth {
    ($($table:tt)*) => { dispatch!("auth" $($table)*); };
}

/// One API's model classes, as the submodule `_native.<api>` (its enums and unions' unknown
/// case are Python classes, in the generated `saasus/<api>.py`).
macro_rules! types_module {
    ($api:ident ; $($model:ident)* ; $($enum:ident)* ; $($union:ident)*) => {
        pub fn types(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyModule>> {
            let m = pyo3::types::PyModule::new(py, stringify!($api))?;
            $( m.add_class::<saasus::$api::$model>()?; )*
            Ok(m)
        }
    };
}

/// Every API: a module each with its `call` and `types`, `call_future` dispatching on the API,
/// and `add_api_modules`.
macro_rules! every_api {
    ($($api:ident $table:ident $types:ident),*) => {
        mod auth {
            use super::Client;
            use saasus::ops;
            saasus::for_each_operation!(dispatch_auth);
        }
        $(
            mod $api {
                use super::Client;
                use pyo3::prelude::*;
                use saasus::$api::ops;
                saasus::$table!(dispatch);
                saasus::$types!(types_module);
            }
        )*

        /// The future of the operation `name` of the API `api` (`auth`, `pricing`, …).
        fn call_future(client: Client, api: &str, name: &str, path: Vec<String>, input: serde_json::Value, with_response: bool) -> Option<PendingCall> {
            match api {
                "auth" => auth::call(client, name, path, input, with_response),
                $( stringify!($api) => $api::call(client, name, path, input, with_response), )*
                _ => None,
            }
        }

        /// [`decode`] of the operation `name` of the API `api`.
        fn decode_by_name(api: &str, name: &str, value: serde_json::Value, output: bool) -> Option<Convert> {
            match api {
                "auth" => auth::decode(name, value, output),
                $( stringify!($api) => $api::decode(name, value, output), )*
                _ => None,
            }
        }

        /// Adds each API's model classes to `_native` as a submodule of its name.
        fn add_api_modules(m: &Bound<'_, pyo3::types::PyModule>) -> PyResult<()> {
            // setattr, not add_submodule: that would list them in `__all__` as public names.
            $( m.setattr(stringify!($api), $api::types(m.py())?)?; )*
            Ok(())
        }
    };
}
saasus::for_each_api!(every_api);

/// The native client behind `saasus.Client` and `saasus.AsyncClient`.
#[pyclass(module = "saasus._native", frozen)]
struct NativeClient {
    /// Never used, nor dropped, in a forked child: its pooled connections are tasks of the
    /// parent's runtime, which has no threads there (a call would wait for its timeout).
    inner: ManuallyDrop<Client>,
    /// The process `inner` belongs to.
    pid: u32,
    /// The same client built afresh in a forked child, with the child's pid.
    in_child: Mutex<Option<(u32, Client)>>,
}

impl Drop for NativeClient {
    fn drop(&mut self) {
        if std::process::id() == self.pid {
            // SAFETY: dropped once, here, and never used again.
            unsafe { ManuallyDrop::drop(&mut self.inner) }
        }
    }
}

/// Python values given to the constructor and to `with_context`, checked here rather than by
/// pyo3's extraction, whose `TypeError`/`OverflowError`/`UnicodeEncodeError` name no setting.
mod args {
    use pyo3::prelude::*;
    use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

    fn type_name(v: &Bound<'_, PyAny>) -> String {
        v.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
    }

    /// A `str` (or None), as text.
    pub fn text(field: &str, v: Option<&Bound<'_, PyAny>>) -> Result<Option<String>, (String, String)> {
        match v {
            None => Ok(None),
            Some(v) if v.is_none() => Ok(None),
            Some(v) => match v.cast::<PyString>() {
                Ok(s) => s
                    .to_cow()
                    .map(|s| Some(s.into_owned()))
                    .map_err(|_| (field.into(), "is not valid text (it holds an unpaired surrogate)".into())),
                Err(_) => Err((field.into(), format!("must be a str, not {}", type_name(v)))),
            },
        }
    }

    /// An `int` or `float` (not a bool), as f64.
    pub fn number(field: &str, v: Option<&Bound<'_, PyAny>>) -> Result<Option<f64>, (String, String)> {
        match v {
            None => Ok(None),
            Some(v) if v.is_none() => Ok(None),
            Some(v) if v.is_instance_of::<PyBool>() || !(v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>()) => {
                Err((field.into(), format!("must be a number of seconds, not {}", type_name(v))))
            }
            // An int too large for a float is as out of range as 1e300.
            Some(v) => Ok(Some(v.extract::<f64>().unwrap_or(f64::INFINITY))),
        }
    }

    /// An `int` (not a bool) from 0 to `max`.
    pub fn count(field: &str, v: Option<&Bound<'_, PyAny>>, max: u64) -> Result<Option<u64>, (String, String)> {
        match v {
            None => Ok(None),
            Some(v) if v.is_none() => Ok(None),
            Some(v) if v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>() => match v.extract::<u64>() {
                Ok(n) if n <= max => Ok(Some(n)),
                _ => Err((field.into(), format!("must be an integer from 0 to {max}"))),
            },
            Some(v) => Err((field.into(), format!("must be an int, not {}", type_name(v)))),
        }
    }

    /// A dict of `str` values (`{"name": "acme", "version": "2.3.1"}`), as its entries.
    pub fn text_dict(field: &str, v: Option<&Bound<'_, PyAny>>) -> Result<Option<super::Entries>, (String, String)> {
        let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(None) };
        let Ok(dict) = v.cast::<pyo3::types::PyDict>() else {
            return Err((field.into(), format!("must be a dict, not {}", type_name(v))));
        };
        let mut entries = Vec::with_capacity(dict.len());
        for (key, value) in dict.iter() {
            let key = text(field, Some(&key))?.unwrap_or_default();
            let value = text(&format!("{field}.{key}"), Some(&value))?;
            entries.extend(value.map(|value| (key, value)));
        }
        Ok(Some(entries))
    }
}

/// A dict's text entries, as `args::text_dict` reads them.
type Entries = Vec<(String, String)>;

fn config_error((field, rule): (String, String)) -> saasus::ConfigError {
    saasus::ConfigError::new(field, rule)
}

impl NativeClient {
    fn wrap(inner: Client) -> Self {
        NativeClient { inner: ManuallyDrop::new(inner), pid: std::process::id(), in_child: Mutex::new(None) }
    }

    /// The core client for this process: `inner`, or in a forked child one built from its
    /// configuration and context (once per child).
    fn client(&self) -> Result<Client, saasus::Error> {
        let pid = std::process::id();
        if pid == self.pid {
            return Ok((*self.inner).clone());
        }
        let mut slot = self.in_child.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((owner, c)) = &*slot
            && *owner == pid
        {
            return Ok(c.clone());
        }
        let fresh = Client::new_shared(self.inner.config().clone())?
            .with_context(self.inner.context().clone())?
            .with_options(self.inner.options().clone())?;
        if let Some(inherited) = slot.replace((pid, fresh.clone())) {
            // A grandchild's copy of its parent's client: the same reason as `inner`.
            std::mem::forget(inherited);
        }
        Ok(fresh)
    }

    /// The client a call runs on: a blocking call runs to its end on the calling thread's own
    /// runtime ([`runtime::block_on`]), so it uses that thread's connections.
    pub(crate) fn client_for(&self, blocking: bool) -> Result<Client, saasus::Error> {
        let client = self.client()?;
        Ok(if blocking { client.for_this_thread()? } else { client })
    }

    /// The keyword arguments as JSON, and the client to send with (the logging level refreshed).
    fn arguments(&self, py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>, blocking: bool) -> PyResult<(serde_json::Value, Client)> {
        let input = kwargs_to_json(kwargs).map_err(|e| to_py_err(py, e))?;
        logging::refresh(py);
        let client = self.client_for(blocking).map_err(|e| to_py_err(py, e))?;
        Ok((input, client))
    }

    // The call's own arguments and how to run it: one list, as `call` and `call_async` take it.
    #[allow(clippy::too_many_arguments)]
    fn start(
        &self,
        py: Python<'_>,
        api: &str,
        name: &str,
        path_args: Vec<String>,
        kwargs: Option<&Bound<'_, PyDict>>,
        blocking: bool,
        with_response: bool,
    ) -> PyResult<PendingCall> {
        let (input, client) = self.arguments(py, kwargs, blocking)?;
        call_future(client, api, name, path_args, input, with_response).ok_or_else(|| {
            let rule = format!("no operation of the {api} API is named {name}");
            to_py_err(py, saasus::Error::InvalidArgument { field: "operation".into(), rule })
        })
    }
}

#[pymethods]
impl NativeClient {
    /// The settings of `saasus::options::CLIENT_OPTIONS` by name (durations in seconds); one
    /// not given comes from the `SAASUS_*` variables, an unknown one is a `ConfigError` naming it.
    #[new]
    #[pyo3(signature = (**options))]
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        use saasus::options::{CLIENT_OPTIONS, OptionKind, OptionValue};
        let build = || -> Result<Client, saasus::ConfigError> {
            let mut given = Vec::new();
            for (key, value) in options.map(|d| d.iter().collect::<Vec<_>>()).unwrap_or_default() {
                let key = key.extract::<String>().unwrap_or_default();
                let Some(option) = saasus::options::find(&key) else {
                    let known: Vec<&str> = CLIENT_OPTIONS.iter().map(|o| o.name).collect();
                    return Err(saasus::ConfigError::new(key, format!("is not an option (expected one of {})", known.join(", "))));
                };
                let value = match option.kind {
                    OptionKind::Text => args::text(option.name, Some(&value)).map_err(config_error)?.map(OptionValue::Text),
                    OptionKind::Duration => args::number(option.name, Some(&value)).map_err(config_error)?.map(OptionValue::Number),
                    OptionKind::Count { max } => args::count(option.name, Some(&value), max).map_err(config_error)?.map(OptionValue::Count),
                    OptionKind::AppInfo => match args::text_dict(option.name, Some(&value)).map_err(config_error)? {
                        Some(entries) => Some(OptionValue::AppInfo(saasus::options::app_info(option.name, entries)?)),
                        None => None,
                    },
                };
                given.extend(value.map(|v| (option, v)));
            }
            let config = saasus::options::configure(given, saasus::config::TimeUnit::Seconds, |o| o.name.to_string())?;
            // One pool per process: every saasus.Client and AsyncClient share it.
            Client::new_shared(config.with_user_agent(format!("saasus-python/{}", saasus::VERSION)))
        };
        match build() {
            Ok(inner) => Ok(NativeClient::wrap(inner)),
            Err(e) => Err(to_py_err(py, saasus::Error::Config(e))),
        }
    }

    /// Calls an operation and blocks until it answers, without holding the GIL meanwhile; with
    /// `with_response`, the answer is a `Response` carrying the value.
    #[pyo3(signature = (api, name, path_args, kwargs=None, with_response=false))]
    fn call(
        &self,
        py: Python<'_>,
        api: &str,
        name: &str,
        path_args: Vec<String>,
        kwargs: Option<&Bound<'_, PyDict>>,
        with_response: bool,
    ) -> PyResult<Py<PyAny>> {
        let fut = self.start(py, api, name, path_args, kwargs, true, with_response)?;
        finish(py, py.detach(|| runtime::block_on(runtime::interruptible(fut))))
    }

    /// Calls an operation, returning an awaitable for the running asyncio loop (of a `Response`
    /// with `with_response`).
    #[pyo3(signature = (api, name, path_args, kwargs=None, with_response=false))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        api: &str,
        name: &str,
        path_args: Vec<String>,
        kwargs: Option<&Bound<'py, PyDict>>,
        with_response: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.start(py, api, name, path_args, kwargs, false, with_response)?;
        bridge::future_into_py(py, fut)
    }

    /// One iteration over a cursor-paged operation, from the plain operation's arguments:
    /// what `saasus/_client.py`'s `<operation>_iter` methods page through.
    #[pyo3(signature = (api, name, path_args, kwargs=None))]
    fn pages(
        &self,
        py: Python<'_>,
        api: &str,
        name: &str,
        path_args: Vec<String>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<pages::NativePages> {
        // The pages take this thread's connections (if blocking) page by page: not the client's.
        let (input, client) = self.arguments(py, kwargs, false)?;
        pages::NativePages::open(py, client, api, name, path_args, input)
    }

    /// The core's login helpers (`exchange_temp_code`, `refresh`, `authenticate`), blocking or
    /// (with `asynchronous`) as an awaitable.
    #[pyo3(signature = (helper, argument_name, argument, asynchronous=false))]
    fn login<'py>(
        &self,
        py: Python<'py>,
        helper: &str,
        argument_name: &str,
        argument: &Bound<'py, PyAny>,
        asynchronous: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let argument = match args::text(argument_name, Some(argument)) {
            Ok(Some(a)) => a,
            Ok(None) => {
                return Err(to_py_err(
                    py,
                    saasus::Error::InvalidArgument { field: argument_name.into(), rule: "must be a str, not None".into() },
                ));
            }
            Err((field, rule)) => return Err(to_py_err(py, saasus::Error::InvalidArgument { field, rule })),
        };
        logging::refresh(py);
        let client = self.client_for(!asynchronous).map_err(|e| to_py_err(py, e))?;
        let fut: std::pin::Pin<Box<dyn Future<Output = Result<Convert, saasus::Error>> + Send>> = match helper {
            "exchange_temp_code" => Box::pin(async move { client.exchange_temp_code(&argument).await.map(convert) }),
            "refresh" => Box::pin(async move { client.refresh(&argument).await.map(convert) }),
            "authenticate" => Box::pin(async move { client.authenticate(&argument).await.map(convert) }),
            other => {
                return Err(to_py_err(
                    py,
                    saasus::Error::InvalidArgument { field: "helper".into(), rule: format!("no login helper is named {other}") },
                ));
            }
        };
        if asynchronous {
            return bridge::future_into_py(py, fut);
        }
        finish(py, py.detach(|| runtime::block_on(runtime::interruptible(fut)))).map(|o| o.into_bound(py))
    }

    /// A client sending these headers with every request; it shares this client's connections.
    #[pyo3(signature = (referer=None, x_saasus_referer=None, trace_id=None))]
    fn with_context(
        &self,
        py: Python<'_>,
        referer: Option<&Bound<'_, PyAny>>,
        x_saasus_referer: Option<&Bound<'_, PyAny>>,
        trace_id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let invalid = |(field, rule): (String, String)| to_py_err(py, saasus::Error::InvalidArgument { field, rule });
        let ctx = RequestContext {
            referer: args::text("referer", referer).map_err(invalid)?,
            x_saasus_referer: args::text("x_saasus_referer", x_saasus_referer).map_err(invalid)?,
            trace_id: args::text("trace_id", trace_id).map_err(invalid)?,
        };
        self.client().and_then(|c| c.with_context(ctx)).map(NativeClient::wrap).map_err(|e| to_py_err(py, e))
    }

    /// A client whose calls take these settings over this one's (timeout in seconds); it shares
    /// this client's connections and context.
    #[pyo3(signature = (timeout=None, max_retries=None, trace_id=None))]
    fn with_options(
        &self,
        py: Python<'_>,
        timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        trace_id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let invalid = |(field, rule): (String, String)| to_py_err(py, saasus::Error::InvalidArgument { field, rule });
        let timeout = match args::number("timeout", timeout).map_err(invalid)? {
            Some(secs) => Some(
                saasus::config::duration("timeout", secs, saasus::config::TimeUnit::Seconds)
                    .map_err(|e| to_py_err(py, saasus::Error::InvalidArgument { field: e.field, rule: e.rule }))?,
            ),
            None => None,
        };
        let options = saasus::CallOptions {
            timeout,
            max_retries: args::count("max_retries", max_retries, u64::from(saasus::config::MAX_RETRIES))
                .map_err(invalid)?
                .map(|n| n as u32),
            trace_id: args::text("trace_id", trace_id).map_err(invalid)?,
        };
        self.client().and_then(|c| c.with_options(options)).map(NativeClient::wrap).map_err(|e| to_py_err(py, e))
    }

    #[getter]
    fn base_url(&self) -> String {
        self.inner.config().base_url.clone()
    }

    /// A meter sending through this client (`saasus.Meter`); the settings as `saasus::MeterOptions`
    /// names them, durations in seconds.
    #[pyo3(signature = (*, flush_interval=None, flush_at=None, max_pending=None, bucket=None, concurrency=None))]
    fn meter(
        &self,
        py: Python<'_>,
        flush_interval: Option<&Bound<'_, PyAny>>,
        flush_at: Option<&Bound<'_, PyAny>>,
        max_pending: Option<&Bound<'_, PyAny>>,
        bucket: Option<&Bound<'_, PyAny>>,
        concurrency: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<meter::NativeMeter> {
        let client = self.client().map_err(|e| to_py_err(py, e))?;
        meter::NativeMeter::start(py, client, meter::Settings { flush_interval, flush_at, max_pending, bucket, concurrency })
    }

    /// The sessions of web requests signed in through this client (`saasus.Sessions`); the
    /// settings as `saasus::session::AuthOptions` names them, durations in seconds.
    #[pyo3(signature = (*, issuer=None, audience=None, login_url=None, cookie_name=None, refresh_cookie_name=None,
        state_cookie_name=None, cookie_path=None, cookie_domain=None, clock_skew=None, user_cache_max_age=None,
        refresh_margin=None, jwks_cooldown=None, session_max_age=None, user_cache_capacity=None, app_requests_per_minute=None,
        learn_issuer=true, secure=true))]
    #[allow(clippy::too_many_arguments)]
    fn authenticator(
        slf: &Bound<'_, Self>,
        issuer: Option<&Bound<'_, PyAny>>,
        audience: Option<&Bound<'_, PyAny>>,
        login_url: Option<&Bound<'_, PyAny>>,
        cookie_name: Option<&Bound<'_, PyAny>>,
        refresh_cookie_name: Option<&Bound<'_, PyAny>>,
        state_cookie_name: Option<&Bound<'_, PyAny>>,
        cookie_path: Option<&Bound<'_, PyAny>>,
        cookie_domain: Option<&Bound<'_, PyAny>>,
        clock_skew: Option<&Bound<'_, PyAny>>,
        user_cache_max_age: Option<&Bound<'_, PyAny>>,
        refresh_margin: Option<&Bound<'_, PyAny>>,
        jwks_cooldown: Option<&Bound<'_, PyAny>>,
        session_max_age: Option<&Bound<'_, PyAny>>,
        user_cache_capacity: Option<&Bound<'_, PyAny>>,
        app_requests_per_minute: Option<&Bound<'_, PyAny>>,
        learn_issuer: bool,
        secure: bool,
    ) -> PyResult<session::NativeAuthenticator> {
        let py = slf.py();
        let core = slf.get().client().map_err(|e| to_py_err(py, e))?;
        let settings = session::Settings {
            text: [issuer, audience, login_url, cookie_name, refresh_cookie_name, state_cookie_name, cookie_path, cookie_domain],
            seconds: [clock_skew, user_cache_max_age, refresh_margin, jwks_cooldown, session_max_age],
            user_cache_capacity,
            app_requests_per_minute,
            learn_issuer,
            secure,
        };
        session::NativeAuthenticator::build(py, slf.clone().unbind(), core, settings)
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        format!("NativeClient(base_url={:?}, api_key={:?}, saas_id={:?})", c.base_url, c.api_key, c.saas_id)
    }
}

/// `value` as a `T`, converted for Python; None when it is not one, or `T` is `()` (no model).
fn decoded<T: serde::de::DeserializeOwned + saasus::model::Describe + for<'py> IntoPyObject<'py> + Send + 'static>(
    value: serde_json::Value,
) -> Option<Convert> {
    if matches!(T::type_ref(), saasus::model::TypeRef::Unit) || value.is_null() {
        return None;
    }
    serde_json::from_value::<T>(value).ok().map(convert)
}

/// An EventBridge event of the platform (or its detail), read (`saasus::events::parse`): a dict of
/// its parts for saasus/events.py, with the operation's input and output as models where the
/// bodies parse as them.
#[pyfunction]
fn parse_event(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    let e = saasus::events::parse(text).map_err(|e| to_py_err(py, e))?;
    let d = PyDict::new(py);
    let envelope = serde_json::to_value(&e.envelope).unwrap_or_default();
    d.set_item("envelope", saasus::glue::python::json_to_py(py, &envelope)?)?;
    d.set_item("call", saasus::glue::python::json_to_py(py, &serde_json::to_value(&e.call).unwrap_or_default())?)?;
    d.set_item("operation", e.operation.as_ref().map(|o| o.id))?;
    d.set_item("api", e.operation.as_ref().map(|o| o.api))?;
    d.set_item("path_params", e.path_params.clone().into_iter().collect::<std::collections::HashMap<_, _>>())?;
    d.set_item("status", e.status)?;
    let json = |v: &Option<serde_json::Value>| -> PyResult<Py<PyAny>> {
        Ok(match v {
            Some(v) => saasus::glue::python::json_to_py(py, v)?.unbind(),
            None => py.None(),
        })
    };
    d.set_item("request", json(&e.request)?)?;
    d.set_item("response", json(&e.response)?)?;
    let typed = |value: &Option<serde_json::Value>, output: bool| -> PyResult<Py<PyAny>> {
        let found = e.operation.as_ref().zip(value.clone()).and_then(|(o, v)| decode_by_name(o.api, o.name, v, output));
        match found {
            Some(c) => c(py),
            None => Ok(py.None()),
        }
    };
    d.set_item("input", typed(&e.request, false)?)?;
    d.set_item("output", typed(&e.response, true)?)?;
    Ok(d.into_any().unbind())
}

/// Checks `saasus listen`'s signature header of a forwarded event's body; raises
/// `InvalidArgumentError` naming the check that failed.
#[pyfunction]
fn verify_event(py: Python<'_>, secret: &str, header: &str, body: &[u8], tolerance: i64, now: i64) -> PyResult<()> {
    saasus::events::verify(secret, header, body, tolerance, now).map_err(|e| to_py_err(py, e))
}

fn convert<T: for<'py> IntoPyObject<'py> + Send + 'static>(value: T) -> Convert {
    Box::new(move |py| value.into_pyobject(py).map(|b| b.into_any().unbind()).map_err(Into::into))
}

/// The `saasus` command line (`argv` with the program's name first), run with the GIL released;
/// its exit code. A panic is exit code 70, never an unwind into Python.
#[pyfunction]
fn cli_main(py: Python<'_>, argv: Vec<String>) -> i32 {
    py.detach(|| {
        let args = argv.into_iter().map(std::ffi::OsString::from).collect();
        std::panic::catch_unwind(|| saasus_cli::run(args)).unwrap_or(70)
    })
}

/// The token of an `Authorization: Bearer …` header value, or None.
#[pyfunction]
#[pyo3(signature = (authorization))]
fn bearer_token(py: Python<'_>, authorization: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let header = args::text("authorization", authorization)
        .map_err(|(field, rule)| to_py_err(py, saasus::Error::InvalidArgument { field, rule }))?;
    Ok(header.as_deref().and_then(saasus::bearer_token).map(str::to_string))
}

/// Whether the user holds `role_name` in the tenant: in `env_id`, or in any env.
#[pyfunction]
#[pyo3(signature = (user, tenant_id, role_name, env_id=None))]
fn has_role(
    py: Python<'_>,
    user: &Bound<'_, PyAny>,
    tenant_id: &Bound<'_, PyAny>,
    role_name: &Bound<'_, PyAny>,
    env_id: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let invalid = |(field, rule): (String, String)| to_py_err(py, saasus::Error::InvalidArgument { field, rule });
    let user = user
        .cast::<saasus::models::UserInfo>()
        .map_err(|_| invalid(("user".into(), "must be a saasus.UserInfo (what authenticate() returns)".into())))?;
    let required = |name: &str, v: &Bound<'_, PyAny>| {
        args::text(name, Some(v))?.ok_or_else(|| (name.to_string(), "must be a str, not None".to_string()))
    };
    let tenant_id = required("tenant_id", tenant_id).map_err(invalid)?;
    let role_name = required("role_name", role_name).map_err(invalid)?;
    let env_id = args::count("env_id", env_id, i64::MAX as u64).map_err(invalid)?;
    Ok(user.get().has_role(&tenant_id, &role_name, env_id.map(|n| n as i64)))
}

/// An operation as Python's client builds it: `(api, tag, tag's class name, method name, path
/// parameters as (name, `str`|`int`|`uint`), input kind, the head of its docstring)`.
type OperationRow = (&'static str, &'static str, String, &'static str, Vec<(&'static str, &'static str)>, &'static str, String);

/// Every operation of every API.
#[pyfunction]
fn operations() -> Vec<OperationRow> {
    saasus::operation::all()
        .into_iter()
        .map(|o| {
            let path = o.path_params.iter().zip(o.path_types).map(|(p, t)| (*p, t.as_str())).collect();
            let kind = match o.input_kind {
                saasus::InputKind::None => "none",
                saasus::InputKind::Body => "body",
                saasus::InputKind::Query => "query",
            };
            (o.api, o.tag, saasus::naming::group_class(o.tag), o.name, path, kind, o.doc_head())
        })
        .collect()
}

/// Panics inside a call, blocking or (with `asynchronous`) awaitable: lets the tests check that
/// a panic reaches Python as a `saasus.SaasusError`, and that an awaitable still settles.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>, asynchronous: bool) -> PyResult<Bound<'_, PyAny>> {
    let fut = async {
        if std::hint::black_box(true) {
            panic!("a deliberate panic");
        }
        Ok::<Convert, saasus::Error>(convert(()))
    };
    if asynchronous {
        return bridge::future_into_py(py, fut);
    }
    finish(py, py.detach(|| runtime::block_on(fut))).map(|o| o.into_bound(py))
}

/// The names of the model classes and of the enums.
#[pyfunction]
fn type_names() -> (Vec<&'static str>, Vec<&'static str>) {
    macro_rules! names {
        ($($model:ident)* ; $($enum:ident)*) => { (vec![$(stringify!($model)),*], vec![$(stringify!($enum)),*]) };
    }
    saasus::for_each_model!(names)
}

/// The package's module of exceptions (python/saasus/_errors.py): `_from_native` builds them.
pub(crate) const ERRORS_MODULE: &str = "saasus._errors";

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", saasus::VERSION)?;
    saasus::glue::python::register(saasus::glue::python::PackageModules { errors: ERRORS_MODULE, pydantic: "saasus._pydantic" });
    logging::install();
    m.add_class::<NativeClient>()?;
    m.add_class::<response::Response>()?;
    m.add_class::<emulator::NativeEmulator>()?;
    m.add_class::<meter::NativeMeter>()?;
    m.add_class::<session::NativeAuthenticator>()?;
    m.add_class::<pages::NativePages>()?;
    m.add_function(wrap_pyfunction!(pages::paged_operations, m)?)?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(type_names, m)?)?;
    m.add_function(wrap_pyfunction!(bearer_token, m)?)?;
    m.add_function(wrap_pyfunction!(cli_main, m)?)?;
    m.add_function(wrap_pyfunction!(parse_event, m)?)?;
    m.add_function(wrap_pyfunction!(verify_event, m)?)?;
    m.add_function(wrap_pyfunction!(has_role, m)?)?;
    // Private, so not in `__all__` (which `add_function` would put it in).
    m.setattr("_panic_for_tests", wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.setattr("_Bridge", m.py().get_type::<bridge::Bridge>())?;
    macro_rules! register {
        ($($model:ident)* ; $($enum:ident)*) => { $( m.add_class::<saasus::models::$model>()?; )* };
    }
    saasus::for_each_model!(register);
    add_api_modules(m)
}
