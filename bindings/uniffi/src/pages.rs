//! One object per cursor-paged operation (`SearchSaasUsersPages`, `ApilogGetLogsPages`, …),
//! made by the tag object's `<operation>_pages(input)`: the core's [`Pager`] (core/src/pages.rs)
//! of one iteration, whose `next_page()` gives the next page's items, or none after the last.
//! Kotlin wraps it into a `Flow` (`searchSaasUsersFlow`), Swift into an `AsyncSequence`
//! (`searchSaasUsersSequence`). Translation only: the core decides what a page is, when the
//! iteration ends and that a repeated cursor is an error. (uniffi objects cannot be generic,
//! hence an object per operation, from the core's table.)

use crate::{SaasusError, runtime};
use saasus::Operation;
use saasus::pages::Pager;
use std::sync::Arc;

macro_rules! pages_objects {
    ($( $api:ident $tag:ident $group:ident $id:ident $name:ident $stream:ident $op:ty [$($p:ident),*] $items:ident $item:ty; )*) => {
        $( pages_objects!(@one $api $group $id $name $op [$($p),*] $item); )*
    };
    // Auth's objects carry no prefix (`SaasUserApi`); another API's carry its name (`ApilogApiLogApi`).
    // (uniffi::export takes the tag object by its bare name: each API's module is glob-imported.)
    (@one auth $group:ident $id:ident $name:ident $op:ty [$($p:ident),*] $item:ty) => { pastey::paste! {
        #[allow(unused_imports)]
        use crate::auth::*;
        pages_objects!(@define [<$id Pages>] $group $id $name $op [$($p),*] $item);
    } };
    (@one $api:ident $group:ident $id:ident $name:ident $op:ty [$($p:ident),*] $item:ty) => { pastey::paste! {
        #[allow(unused_imports)]
        use crate::$api::*;
        pages_objects!(@define [<$api:camel $id Pages>] [<$api:camel $group>] $id $name $op [$($p),*] $item);
    } };
    (@define $pages:ident $group:ident $id:ident $name:ident $op:ty [$($p:ident),*] $item:ty) => { pastey::paste! {
        #[doc = "One iteration over `" $id "`: each `next_page()` gives the next page's items, or none after the last."]
        #[derive(uniffi::Object)]
        pub struct $pages {
            client: saasus::Client,
            pager: Arc<tokio::sync::Mutex<Pager<$op>>>,
        }

        #[uniffi::export]
        impl $pages {
            /// The next page's items, or none after the last page. A page's error is the plain
            /// operation's; an answer repeating a cursor of this iteration is `Decode` (naming
            /// `cursor`). Either ends the iteration.
            pub async fn next_page(&self) -> Result<Option<Vec<$item>>, SaasusError> {
                let (client, pager) = (self.client.clone(), self.pager.clone());
                runtime::spawned(async move { Ok(pager.lock().await.next_page(&client).await?) }).await
            }
        }

        #[uniffi::export]
        impl $group {
            #[doc = "An iteration over every item of `" $id "` (the input's `limit` is the page size, its filters go with"]
            #[doc = "every page, its `cursor` is where it starts); nothing is fetched before `next_page()`."]
            pub fn [<$name _pages>](&self, $($p: String,)* input: <$op as Operation>::Input) -> Arc<$pages> {
                let pager = Pager::<$op>::new(vec![$($p),*], input, None);
                Arc::new($pages { client: self.inner.clone(), pager: Arc::new(tokio::sync::Mutex::new(pager)) })
            }
        }
    } };
}
saasus::for_each_paged_operation!(pages_objects);
