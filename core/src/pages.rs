//! Iterating over every item of a cursor-paged operation (`SearchSaasUsers`,
//! `SearchTenantUsers`, ApiLog's `GetLogs`), decided once here for every language: which
//! operations page, where their items and next cursor are, when the iteration ends, and the rule
//! that stops it when the API answers a cursor it already gave (which would loop forever).
//!
//! Each language wraps [`Pager::next_page`] into its own iterator, named by one rule: the
//! operation's name followed by the name of the language's iterator — Rust
//! `search_saas_users_stream` (a [`Stream`]), Python `search_saas_users_iter`, Node
//! `searchSaasUsersIter`, Kotlin `searchSaasUsersFlow`, Swift `searchSaasUsersSequence`.
//!
//! ```no_run
//! # async fn demo(client: &saasus::Client) -> saasus::Result<()> {
//! use saasus::pages::StreamExt as _;
//! let query = saasus::models::SearchSaasUsersQuery { limit: Some(100), ..Default::default() };
//! let mut users = client.auth().saas_user().search_saas_users_stream(&query);
//! while let Some(user) = users.next().await {
//!     println!("{}", user?.email);
//! }
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::error::{Error, Result};
use crate::operation::Operation;
pub use futures_core::Stream;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The cursor-paged operations: `api tag Group Id name rust_stream_method ops::Id [path params] items_field Item;`
/// each answers `{ <items_field>: [Item], cursor }` and takes the cursor (and its page size,
/// `limit`) in its query. Each binding expands this with a macro of its own, as it does the
/// operation tables; a test checks that it names every operation of the tables that pages.
#[doc(hidden)]
#[macro_export]
macro_rules! for_each_paged_operation {
    ($m:ident) => {
        $m! {
            auth saas_user SaasUserApi SearchSaasUsers search_saas_users search_saas_users_stream $crate::ops::SearchSaasUsers [] users $crate::models::SaasUser;
            auth tenant_user TenantUserApi SearchTenantUsers search_tenant_users search_tenant_users_stream $crate::ops::SearchTenantUsers [] users $crate::models::User;
            apilog api_log ApiLogApi GetLogs get_logs get_logs_stream $crate::apilog::ops::GetLogs [] api_logs $crate::apilog::ApiLog;
        }
    };
}

/// An operation whose answer is a page of items and the cursor of the next one.
pub trait Paged: Operation {
    /// What a page lists (a user, a log).
    type Item: Send + 'static;
    /// The query's `cursor`: where the next request starts.
    fn cursor(input: &mut Self::Input) -> &mut Option<String>;
    /// A page's items and the cursor of the page after it (none, or empty, on the last page).
    fn into_page(output: Self::Output) -> (Vec<Self::Item>, Option<String>);
}

/// One row of [`for_each_paged_operation!`] as a value: for code generators and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PagedInfo {
    /// The API's path segment (`auth`, `apilog`).
    pub api: &'static str,
    /// The spec tag in snake case (`saas_user`).
    pub tag: &'static str,
    /// The operationId (`SearchSaasUsers`).
    pub id: &'static str,
    /// The operation's method name in snake case (`search_saas_users`).
    pub name: &'static str,
    /// The answer's field that lists the items (`users`).
    pub items: &'static str,
    /// The item's model (`SaasUser`).
    pub item: &'static str,
}

macro_rules! define_paged {
    ($( $api:ident $tag:ident $group:ident $id:ident $name:ident $stream:ident $op:ty [$($p:ident),*] $items:ident $item:ty; )*) => {
        $(
            impl Paged for $op {
                type Item = $item;
                fn cursor(input: &mut Self::Input) -> &mut Option<String> {
                    &mut input.cursor
                }
                fn into_page(output: Self::Output) -> (Vec<Self::Item>, Option<String>) {
                    (output.$items, output.cursor)
                }
            }
        )*

        /// Every cursor-paged operation, in table order.
        pub const PAGED: &[PagedInfo] = &[$(
            PagedInfo {
                api: stringify!($api),
                tag: stringify!($tag),
                id: stringify!($id),
                name: stringify!($name),
                items: stringify!($items),
                item: {
                    // The last segment of the item's path (`SaasUser`).
                    const PATH: &str = stringify!($item);
                    last_segment(PATH)
                },
            },
        )*];
    };
}

/// `a::b::C` → `C`, at compile time (for [`PAGED`]).
const fn last_segment(path: &'static str) -> &'static str {
    let bytes = path.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1] != b':' && bytes[start - 1] != b' ' {
        start -= 1;
    }
    let (_, last) = bytes.split_at(start);
    match std::str::from_utf8(last) {
        Ok(s) => s,
        Err(_) => path,
    }
}

crate::for_each_paged_operation!(define_paged);

/// Where an iteration over a paged operation stands: the query of the next page, the cursors
/// seen so far, whether the last page has come. Holds no client, so that a binding may fetch
/// each page with the client fit for the thread it runs on.
pub struct Pager<O: Paged> {
    path: Vec<String>,
    input: O::Input,
    extra: Option<crate::JsonObject>,
    /// Every cursor sent or answered in this iteration: one answered again is refused.
    seen: HashSet<String>,
    done: bool,
    pages: u32,
}

impl<O: Paged> std::fmt::Debug for Pager<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager").field("operation", &O::ID).field("pages", &self.pages).field("done", &self.done).finish()
    }
}

impl<O: Paged> Pager<O> {
    /// An iteration from the page `input` names (its `cursor`, if any, is where it starts;
    /// its `limit` the page size; its filters are sent with every page), with the fields newer
    /// than this SDK that the plain operation would send (`extra_query`).
    pub fn new(path: Vec<String>, input: O::Input, extra: Option<crate::JsonObject>) -> Self {
        let mut input = input;
        let start = O::cursor(&mut input).clone().filter(|c| !c.is_empty());
        *O::cursor(&mut input) = start.clone();
        Pager { path, input, extra, seen: start.into_iter().collect(), done: false, pages: 0 }
    }

    /// How many pages have been fetched so far.
    pub fn pages(&self) -> u32 {
        self.pages
    }

    /// The items of the next page that has any, or none when the last page has come. An error
    /// of a page's call is the plain operation's, and ends the iteration, as does an answer
    /// that repeats a cursor of this iteration (a [`Error::Decode`] naming `cursor`).
    pub async fn next_page(&mut self, client: &Client) -> Result<Option<Vec<O::Item>>> {
        while !self.done {
            let path: Vec<&str> = self.path.iter().map(String::as_str).collect();
            let answer = client.execute_with_response_extra::<O>(&path, &self.input, self.extra.as_ref()).await;
            let answer = match answer {
                Ok(a) => a,
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            };
            self.pages += 1;
            let (status, trace_id) = (answer.status, answer.trace_id.clone());
            let (items, next) = O::into_page(client.observed(answer));
            match next.filter(|c| !c.is_empty()) {
                None => self.done = true,
                Some(cursor) if self.seen.contains(&cursor) => {
                    self.done = true;
                    return Err(Error::Decode { status, message: repeated_cursor(O::ID, self.pages), trace_id });
                }
                Some(cursor) => {
                    self.seen.insert(cursor.clone());
                    *O::cursor(&mut self.input) = Some(cursor);
                }
            }
            if !items.is_empty() {
                return Ok(Some(items));
            }
        }
        Ok(None)
    }
}

/// The text of the repeated-cursor error, one for every language.
fn repeated_cursor(operation: &str, page: u32) -> String {
    format!(
        "cursor: page {page} of {operation} answered a cursor this iteration had already used; a cursor must move on to a \
         new page, so the iteration stops here instead of fetching the same pages forever"
    )
}

/// The next page's fetch, owning its pager until it answers.
type Fetch<O> = Pin<Box<dyn Future<Output = (Pager<O>, Result<Option<Vec<<O as Paged>::Item>>>)> + Send>>;

/// Every item of a paged operation, page after page, as a [`Stream`]: what
/// `search_saas_users_stream` and the like return. It ends after the last page, or after
/// yielding an error (a page's call failed, or the API repeated a cursor).
pub struct Items<O: Paged> {
    client: Client,
    pager: Option<Pager<O>>,
    fetching: Option<Fetch<O>>,
    ready: VecDeque<O::Item>,
}

impl<O: Paged> Items<O> {
    /// Every item of `O`, from the page `input` names.
    pub fn new(client: &Client, path: Vec<String>, input: O::Input) -> Self {
        Items { client: client.clone(), pager: Some(Pager::new(path, input, None)), fetching: None, ready: VecDeque::new() }
    }
}

impl<O: Paged> std::fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").field("operation", &O::ID).field("ready", &self.ready.len()).finish()
    }
}

// No field is ever pinned in place (the fetch in flight is boxed): moving an `Items` is fine.
impl<O: Paged> Unpin for Items<O> {}

impl<O: Paged> Stream for Items<O> {
    type Item = Result<O::Item>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.fetching.is_none() {
                let Some(mut pager) = this.pager.take() else { return Poll::Ready(None) };
                let client = this.client.clone();
                this.fetching = Some(Box::pin(async move {
                    let page = pager.next_page(&client).await;
                    (pager, page)
                }));
            }
            let Some(fetch) = this.fetching.as_mut() else { return Poll::Ready(None) };
            let (pager, page) = std::task::ready!(fetch.as_mut().poll(cx));
            this.fetching = None;
            match page {
                Ok(Some(items)) => {
                    this.ready.extend(items);
                    this.pager = Some(pager);
                }
                Ok(None) => return Poll::Ready(None),
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
    }
}

/// `next()` on a [`Stream`] without a dependency on `futures-util`: `while let Some(user) =
/// users.next().await`. (With `futures` or `tokio-stream` in your tree, their `StreamExt`
/// does the same and more.)
pub trait StreamExt: Stream + Unpin {
    fn next(&mut self) -> Next<'_, Self>
    where
        Self: Sized,
    {
        Next(self)
    }
}

impl<S: Stream + Unpin> StreamExt for S {}

/// The future of [`StreamExt::next`].
#[derive(Debug)]
pub struct Next<'a, S>(&'a mut S);

impl<S: Stream + Unpin> Future for Next<'_, S> {
    type Output = Option<S::Item>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut *self.0).poll_next(cx)
    }
}

/// The `<operation>_stream` method of each paged operation's tag group.
macro_rules! stream_methods {
    ($( $api:ident $tag:ident $group:ident $id:ident $name:ident $stream:ident $op:ty [$($p:ident),*] $items:ident $item:ty; )*) => {
        $( stream_methods!(@one $api $group $id $stream $op [$($p),*] $item); )*
    };
    (@one auth $group:ident $id:ident $stream:ident $op:ty [$($p:ident),*] $item:ty) => {
        impl crate::client::$group<'_> {
            stream_methods!(@method $id $stream $op [$($p),*] $item);
        }
    };
    (@one $api:ident $group:ident $id:ident $stream:ident $op:ty [$($p:ident),*] $item:ty) => {
        impl crate::$api::$group<'_> {
            stream_methods!(@method $id $stream $op [$($p),*] $item);
        }
    };
    (@method $id:ident $stream:ident $op:ty [$($p:ident),*] $item:ty) => {
        #[doc = concat!("Every item of `", stringify!($id), "`, page after page, as a [`Stream`](crate::pages::Stream): ")]
        #[doc = "the query's `limit` is the page size, its filters go with every page, its `cursor` (if any) is where"]
        #[doc = "the iteration starts. See [`crate::pages`]."]
        pub fn $stream(&self, $($p: &str,)* query: &<$op as Operation>::Input) -> Items<$op> {
            Items::new(self.client, vec![$($p.to_string()),*], query.clone())
        }
    };
}

crate::for_each_paged_operation!(stream_methods);
