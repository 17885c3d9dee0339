//! `saasus.Sessions`' native side: the core's authenticator (`saasus::session`), its calls made
//! through the client's connections of the calling thread (blocking) or of the call thread
//! (awaitable); a refusal or failure raised as `saasus.AuthError` (saasus/_sessions.py).

use crate::bridge;
use crate::runtime::{self, finish};
use crate::{Convert, args};
use pyo3::prelude::*;
use saasus::glue::python::to_py_err;
use saasus::session::{AppRoute, AuthFailure, AuthOptions, Authenticator, CookieOptions, Denied, Requirement};
use std::time::Duration;

#[pyclass(module = "saasus._native", frozen)]
pub struct NativeAuthenticator {
    auth: Authenticator,
    client: Py<crate::NativeClient>,
}

type Pairs = Vec<(String, String)>;

fn invalid(py: Python<'_>, (field, rule): (String, String)) -> PyErr {
    to_py_err(py, saasus::Error::InvalidArgument { field, rule })
}

/// `saasus.AuthError` of a refusal or failure: status, kind, the end user's message, the log's,
/// the Set-Cookie headers to send, and the SDK error behind a server error.
fn auth_error(py: Python<'_>, denied: Denied) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let f = &denied.failure;
        let cause = f.cause().cloned().map(|e| to_py_err(py, e).into_value(py).into_any());
        let factory = py.import("saasus._sessions")?.getattr("_auth_error")?;
        let exc = factory.call1((f.status(), f.kind(), f.public_message(), f.to_string(), denied.set_cookies.clone(), cause))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

fn headers_of(py: Python<'_>, v: &Bound<'_, PyAny>) -> PyResult<Pairs> {
    v.extract::<Pairs>().map_err(|_| invalid(py, ("headers".into(), "must be a list of (name, value) str pairs".into())))
}

fn borrowed(pairs: &Pairs) -> Vec<(&str, &str)> {
    pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

/// The authenticator's settings as `saasus.Sessions(...)` takes them (durations in seconds).
pub struct Settings<'a, 'py> {
    pub text: [Option<&'a Bound<'py, PyAny>>; 8],
    pub seconds: [Option<&'a Bound<'py, PyAny>>; 5],
    pub user_cache_capacity: Option<&'a Bound<'py, PyAny>>,
    pub app_requests_per_minute: Option<&'a Bound<'py, PyAny>>,
    pub learn_issuer: bool,
    pub secure: bool,
}

impl NativeAuthenticator {
    pub(crate) fn build(py: Python<'_>, client: Py<crate::NativeClient>, core: saasus::Client, s: Settings<'_, '_>) -> PyResult<Self> {
        let text = |i: usize, field: &str| args::text(field, s.text[i]).map_err(|e| invalid(py, e));
        let seconds = |i: usize, field: &str| -> PyResult<Option<Duration>> {
            match args::number(field, s.seconds[i]).map_err(|e| invalid(py, e))? {
                None => Ok(None),
                Some(n) => Duration::try_from_secs_f64(n)
                    .map(Some)
                    .map_err(|_| invalid(py, (field.into(), "must be a number of seconds from 0".into()))),
            }
        };
        let (d, dc) = (AuthOptions::default(), CookieOptions::default());
        let options = AuthOptions {
            issuer: text(0, "issuer")?,
            audience: text(1, "audience")?,
            login_url: text(2, "login_url")?,
            learn_issuer: s.learn_issuer,
            clock_skew: seconds(0, "clock_skew")?.unwrap_or(d.clock_skew),
            user_cache_max_age: seconds(1, "user_cache_max_age")?.unwrap_or(d.user_cache_max_age),
            refresh_margin: seconds(2, "refresh_margin")?.unwrap_or(d.refresh_margin),
            jwks_cooldown: seconds(3, "jwks_cooldown")?.unwrap_or(d.jwks_cooldown),
            user_cache_capacity: args::count("user_cache_capacity", s.user_cache_capacity, u32::MAX as u64)
                .map_err(|e| invalid(py, e))?
                .map_or(d.user_cache_capacity, |n| n as usize),
            app_requests_per_minute: args::count("app_requests_per_minute", s.app_requests_per_minute, u32::MAX as u64)
                .map_err(|e| invalid(py, e))?
                .map_or(d.app_requests_per_minute, |n| n as u32),
            cookies: CookieOptions {
                id_token: text(3, "cookie_name")?.unwrap_or(dc.id_token),
                refresh_token: text(4, "refresh_cookie_name")?.unwrap_or(dc.refresh_token),
                state: text(5, "state_cookie_name")?.unwrap_or(dc.state),
                path: text(6, "cookie_path")?.unwrap_or(dc.path),
                domain: text(7, "cookie_domain")?,
                secure: s.secure,
                max_age: seconds(4, "session_max_age")?.unwrap_or(dc.max_age),
            },
        };
        let auth = Authenticator::new(core, options).map_err(|e| to_py_err(py, saasus::Error::Config(e)))?;
        Ok(NativeAuthenticator { auth, client })
    }

    /// The authenticator calling through the client's connections for this kind of call.
    fn for_call(&self, py: Python<'_>, blocking: bool) -> PyResult<Authenticator> {
        crate::logging::refresh(py);
        let client = self.client.get().client_for(blocking).map_err(|e| to_py_err(py, e))?;
        Ok(self.auth.with_client(client))
    }

    /// Runs `fut`, blocking (interruptible by Ctrl-C) or as an awaitable.
    fn run<'py, F>(py: Python<'py>, asynchronous: bool, fut: F) -> PyResult<Bound<'py, PyAny>>
    where
        F: std::future::Future<Output = Result<Convert, saasus::Error>> + Send + 'static,
    {
        if asynchronous {
            return bridge::future_into_py(py, fut);
        }
        finish(py, py.detach(|| runtime::block_on(runtime::interruptible(fut)))).map(|o| o.into_bound(py))
    }
}

/// A refusal travels to the Python thread as a conversion that raises it there.
fn raising(denied: Denied) -> Convert {
    Box::new(move |py| Err(auth_error(py, denied)))
}

#[pymethods]
impl NativeAuthenticator {
    /// `(user, id_token, set_cookies)` of a request's headers, or `saasus.AuthError`.
    #[pyo3(signature = (headers, asynchronous=false))]
    fn authorize<'py>(&self, py: Python<'py>, headers: &Bound<'py, PyAny>, asynchronous: bool) -> PyResult<Bound<'py, PyAny>> {
        let pairs = headers_of(py, headers)?;
        let auth = self.for_call(py, !asynchronous)?;
        Self::run(py, asynchronous, async move {
            Ok(match auth.authorize(&borrowed(&pairs)).await {
                Ok(a) => crate::convert((a.user, a.id_token, a.set_cookies)),
                Err(denied) => raising(denied),
            })
        })
    }

    /// `(location, set_cookie)`: where to send the browser to sign in.
    fn begin_sign_in(&self, py: Python<'_>) -> PyResult<(String, String)> {
        self.auth.begin_sign_in().map(|r| (r.location, r.set_cookie)).map_err(|f| auth_error(py, f.into()))
    }

    /// `(user_id, set_cookies)` of the callback's `code` and `state`, or `saasus.AuthError`.
    #[pyo3(signature = (code, state, headers, asynchronous=false))]
    fn complete_sign_in<'py>(
        &self,
        py: Python<'py>,
        code: Option<&Bound<'py, PyAny>>,
        state: Option<&Bound<'py, PyAny>>,
        headers: &Bound<'py, PyAny>,
        asynchronous: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        // A code that is not text (a list from a repeated parameter) is the end user's malformed request.
        let (code, state) = (code.and_then(|c| c.extract::<String>().ok()), state.and_then(|s| s.extract::<String>().ok()));
        let pairs = headers_of(py, headers)?;
        let auth = self.for_call(py, !asynchronous)?;
        Self::run(py, asynchronous, async move {
            Ok(match auth.complete_sign_in(code.as_deref(), state.as_deref(), &borrowed(&pairs)).await {
                Ok(s) => crate::convert((s.user_id, s.set_cookies)),
                Err(denied) => raising(denied),
            })
        })
    }

    /// A native app's request to the app endpoints (`route`: `token`, `refresh` or `sign-out`):
    /// `(status, body, retry_after, log)`, `log` being `(is_server_error, message)` for a failure.
    #[pyo3(signature = (route, body, client, headers, asynchronous=false))]
    fn app_request<'py>(
        &self,
        py: Python<'py>,
        route: &str,
        body: Vec<u8>,
        client: String,
        headers: &Bound<'py, PyAny>,
        asynchronous: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(route) = AppRoute::from_segment(route) else {
            return Err(invalid(py, ("route".into(), "must be token, refresh or sign-out".into())));
        };
        let pairs = headers_of(py, headers)?;
        let auth = self.for_call(py, !asynchronous)?;
        Self::run(py, asynchronous, async move {
            let a = auth.app_request(route, &body, &client, &borrowed(&pairs)).await;
            let log = a.failure.as_ref().map(|f| (f.is_server_error(), f.to_string()));
            Ok(crate::convert((a.status, a.body, a.retry_after, log)))
        })
    }

    /// The Set-Cookie headers that end the request's session.
    fn sign_out(&self, py: Python<'_>, headers: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let pairs = headers_of(py, headers)?;
        Ok(self.auth.sign_out(&borrowed(&pairs)))
    }

    /// Raises `saasus.AuthError` (403) unless the user meets the requirement.
    #[pyo3(signature = (user, tenant_id=None, roles=Vec::new(), env_id=None, require_tenant=true))]
    fn check(
        &self,
        py: Python<'_>,
        user: &Bound<'_, PyAny>,
        tenant_id: Option<&Bound<'_, PyAny>>,
        roles: Vec<String>,
        env_id: Option<&Bound<'_, PyAny>>,
        require_tenant: bool,
    ) -> PyResult<()> {
        let user = user.cast::<saasus::models::UserInfo>().map_err(|_| invalid(py, ("user".into(), "must be a saasus.UserInfo".into())))?;
        let tenant_id = args::text("tenant_id", tenant_id).map_err(|e| invalid(py, e))?;
        let env_id = args::count("env_id", env_id, i64::MAX as u64).map_err(|e| invalid(py, e))?.map(|n| n as i64);
        let need = Requirement { tenant_id, require_tenant, roles, env_id };
        need.check(user.get()).map_err(|f: AuthFailure| auth_error(py, f.into()))
    }

    fn forget_user(&self, user_id: &str) -> usize {
        self.auth.forget_user(user_id)
    }

    fn forget_all(&self) {
        self.auth.forget_all()
    }

    /// The issuer whose key set verifies ID tokens, once known.
    #[getter]
    fn issuer(&self) -> Option<String> {
        self.auth.issuer_url()
    }

    fn __repr__(&self) -> String {
        format!("NativeAuthenticator(issuer={:?})", self.auth.issuer_url())
    }
}
