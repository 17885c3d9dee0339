//! `NativePages`: the core's [`Pager`] (core/src/pages.rs) of one iteration over a cursor-paged
//! operation, for `index.js` to wrap into an async iterator (`for await`). Translation only: the
//! core decides what a page is, when the iteration ends and that a repeated cursor is an error.
//! Each page is answered as a call is, through the client's completions: the JSON text of the
//! page's items, or `null` after the last page.

use crate::completions::Sender;
use crate::{PendingCall, parse_json, start_call, to_json_text};
use napi_derive::napi;
use saasus::Client;
use saasus::pages::{Paged, Pager};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A [`Pager`] of any paged operation, whose pages come as JSON text.
trait AnyPager: Send {
    fn next_page<'a>(&'a mut self, client: &'a Client) -> Pin<Box<dyn Future<Output = Result<String, saasus::Error>> + Send + 'a>>;
}

impl<O: Paged> AnyPager for Pager<O>
where
    O::Item: serde::Serialize,
{
    fn next_page<'a>(&'a mut self, client: &'a Client) -> Pin<Box<dyn Future<Output = Result<String, saasus::Error>> + Send + 'a>> {
        Box::pin(async move { to_json_text(Pager::next_page(self, client).await?) })
    }
}

fn pager<O: Paged>(path: Vec<String>, input: Option<&str>) -> Result<Box<dyn AnyPager>, saasus::Error>
where
    O::Item: serde::Serialize,
{
    let (input, extra) = saasus::decode_operation_input::<O>(parse_json(input, "query")?)?;
    Ok(Box::new(Pager::<O>::new(path, input, extra)))
}

macro_rules! open {
    ($( $api:ident $tag:ident $group:ident $id:ident $name:ident $stream:ident $op:ty [$($p:ident),*] $items:ident $item:ty; )*) => {
        /// The pager of the paged operation `name` of `api`, or None if it does not page.
        fn open(api: &str, name: &str, path: Vec<String>, input: Option<&str>) -> Option<Result<Box<dyn AnyPager>, saasus::Error>> {
            match (api, name) {
                $( (stringify!($api), stringify!($name)) => Some(pager::<$op>(path, input)), )*
                _ => None,
            }
        }
    };
}
saasus::for_each_paged_operation!(open);

#[napi]
pub struct NativePages {
    client: Client,
    answers: Sender,
    pager: Arc<tokio::sync::Mutex<Box<dyn AnyPager>>>,
}

impl NativePages {
    pub(crate) fn open(
        client: Client,
        answers: Sender,
        api: &str,
        name: &str,
        path: Vec<String>,
        input: Option<String>,
    ) -> Result<Self, saasus::Error> {
        let pager = open(api, name, path, input.as_deref()).unwrap_or_else(|| {
            Err(saasus::Error::InvalidArgument { field: "operation".into(), rule: format!("{api}.{name} is not a cursor-paged operation") })
        })?;
        Ok(NativePages { client, answers, pager: Arc::new(tokio::sync::Mutex::new(pager)) })
    }
}

#[napi]
impl NativePages {
    /// Starts fetching the next page; it answers as `NativeClient.call` does, as `callId`'s:
    /// the page's items, or null after the last page. `cancellable` and `logLevel` as `call`'s.
    #[napi(catch_unwind)]
    pub fn next(&self, call_id: u32, cancellable: Option<bool>, log_level: Option<String>) {
        let (pager, client) = (self.pager.clone(), self.client.clone());
        let fetch: PendingCall = Box::pin(async move { pager.lock().await.next_page(&client).await });
        start_call(&self.answers, call_id, fetch, cancellable.unwrap_or(false), log_level.as_deref());
    }

    /// Ends a page's fetch started `cancellable`; it never answers.
    #[napi(catch_unwind)]
    pub fn cancel(&self, call_id: u32) {
        self.answers.cancel(call_id);
    }
}
