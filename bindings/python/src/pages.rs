//! `saasus._native.NativePages`: the core's [`Pager`] (core/src/pages.rs) of one iteration over
//! a cursor-paged operation, for `saasus/_client.py` to wrap into an iterator (blocking) or an
//! async iterator (asyncio). Translation only: the core decides what a page is, when the
//! iteration ends and that a repeated cursor is an error.

use crate::{Convert, PendingCall, bridge, convert, runtime};
use pyo3::prelude::*;
use saasus::Client;
use saasus::glue::python::to_py_err;
use saasus::pages::{Paged, Pager};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A [`Pager`] of any paged operation, whose pages come as Python lists.
trait AnyPager: Send {
    fn next_page<'a>(&'a mut self, client: &'a Client) -> Pin<Box<dyn Future<Output = Result<Convert, saasus::Error>> + Send + 'a>>;
}

impl<O: Paged> AnyPager for Pager<O>
where
    O::Item: for<'py> IntoPyObject<'py>,
{
    fn next_page<'a>(&'a mut self, client: &'a Client) -> Pin<Box<dyn Future<Output = Result<Convert, saasus::Error>> + Send + 'a>> {
        Box::pin(async move { Pager::next_page(self, client).await.map(convert) })
    }
}

/// The pager of `O` from the keyword arguments the plain operation takes.
fn pager<O: Paged>(path: Vec<String>, input: serde_json::Value) -> Result<Box<dyn AnyPager>, saasus::Error>
where
    O::Item: for<'py> IntoPyObject<'py>,
{
    let (input, extra) = saasus::decode_operation_input::<O>(input)?;
    Ok(Box::new(Pager::<O>::new(path, input, extra)))
}

macro_rules! open {
    ($( $api:ident $tag:ident $group:ident $id:ident $name:ident $stream:ident $op:ty [$($p:ident),*] $items:ident $item:ty; )*) => {
        /// The pager of the paged operation `name` of `api`, or None if it does not page.
        fn open(api: &str, name: &str, path: Vec<String>, input: serde_json::Value) -> Option<Result<Box<dyn AnyPager>, saasus::Error>> {
            match (api, name) {
                $( (stringify!($api), stringify!($name)) => Some(pager::<$op>(path, input)), )*
                _ => None,
            }
        }

        /// `(api, tag, name)` of every paged operation: `saasus/_client.py` gives each an `_iter`.
        #[pyfunction]
        pub fn paged_operations() -> Vec<(&'static str, &'static str, &'static str)> {
            vec![$( (stringify!($api), stringify!($tag), stringify!($name)) ),*]
        }
    };
}
saasus::for_each_paged_operation!(open);

/// One iteration over a paged operation: `next_page()` (blocking) or `next_page_async()`
/// (awaitable) give the next page's items as a list, or None after the last page.
#[pyclass(module = "saasus._native", frozen)]
pub struct NativePages {
    client: Client,
    pager: Arc<tokio::sync::Mutex<Box<dyn AnyPager>>>,
}

impl NativePages {
    /// The iteration over the operation `name` of `api`, from the plain operation's arguments
    /// (refused here, before any page is fetched, as the plain operation would refuse them).
    pub fn open(py: Python<'_>, client: Client, api: &str, name: &str, path: Vec<String>, input: serde_json::Value) -> PyResult<Self> {
        let pager = open(api, name, path, input).unwrap_or_else(|| {
            Err(saasus::Error::InvalidArgument { field: "operation".into(), rule: format!("{api}.{name} is not a cursor-paged operation") })
        });
        let pager = pager.map_err(|e| to_py_err(py, e))?;
        Ok(NativePages { client, pager: Arc::new(tokio::sync::Mutex::new(pager)) })
    }

    fn fetch(&self, client: Client) -> PendingCall {
        let pager = self.pager.clone();
        Box::pin(async move { pager.lock().await.next_page(&client).await })
    }
}

#[pymethods]
impl NativePages {
    /// The next page's items (a list), or None after the last; blocks without the GIL.
    fn next_page(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        // A blocking call runs on this thread's own connections (see `NativeClient::client_for`).
        let client = self.client.for_this_thread().map_err(|e| to_py_err(py, saasus::Error::Config(e)))?;
        let fut = self.fetch(client);
        runtime::finish(py, py.detach(|| runtime::block_on(runtime::interruptible(fut))))
    }

    /// An awaitable of the next page's items (a list), or of None after the last.
    fn next_page_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        bridge::future_into_py(py, self.fetch(self.client.clone()))
    }

    fn __repr__(&self) -> String {
        "NativePages()".into()
    }
}
