//! The operations of each API: one table per API, expanded into the typed Rust methods here and
//! into each binding's surface by the binding's own macro (`saasus::for_each_operation!` for
//! Auth, `saasus::for_each_<api>_operation!` for the others).

use crate::model::{Describe, ResponseBody, TypeRef};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Where an operation's input goes: nowhere, the JSON body, or the query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    None,
    Body,
    Query,
}

/// One operation of the API, as a type: the bindings dispatch on these.
pub trait Operation: Send + Sync + 'static {
    /// The API's path segment below the base URL, e.g. `auth` or `pricing`.
    const API: &'static str;
    /// The spec's operationId, e.g. `GetTenant`.
    const ID: &'static str;
    /// The method name in snake case, e.g. `get_tenant`.
    const NAME: &'static str;
    /// The spec tag in snake case, e.g. `tenant`.
    const TAG: &'static str;
    const METHOD: Method;
    /// The path below `/<API>`, with `{name}` placeholders.
    const PATH: &'static str;
    /// The placeholders of [`Operation::PATH`], in path order.
    const PATH_PARAMS: &'static [&'static str];
    const INPUT: InputKind;
    /// The body or query struct; `()` when the operation takes neither.
    type Input: Serialize + DeserializeOwned + Describe + Send + Sync;
    /// The decoded 2xx response; `()` when the API answers with a status only.
    type Output: ResponseBody + Serialize + Describe + Send + 'static;
}

/// An operation's facts as a value, for code generators and the bindings' namespaces.
#[derive(Clone, Debug)]
pub struct OperationInfo {
    /// The API's path segment, e.g. `auth`.
    pub api: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub tag: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub path_params: &'static [&'static str],
    pub input_kind: InputKind,
    pub input: fn() -> TypeRef,
    pub output: fn() -> TypeRef,
}

macro_rules! define_operations {
    ($(
        $tag:ident $group:ident $tag_wire:literal {
            $( $id:ident $name:ident $method:ident $path:literal [$($p:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        define_operations!(@api "auth" $( $tag $group $tag_wire { $( $id $name $method $path [$($p),*] $kind $input => $output; )* } )*);
    };
    (@api $api:literal $(
        $tag:ident $group:ident $tag_wire:literal {
            $( $id:ident $name:ident $method:ident $path:literal [$($p:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        /// One type per operation, implementing [`Operation`](crate::Operation).
        pub mod ops {
            $($(
                #[doc = concat!("`", stringify!($id), "`: ", stringify!($method), " `/", $api, $path, "`")]
                #[derive(Clone, Copy, Debug)]
                pub struct $id;

                impl $crate::operation::Operation for $id {
                    const API: &'static str = $api;
                    const ID: &'static str = stringify!($id);
                    const NAME: &'static str = stringify!($name);
                    const TAG: &'static str = stringify!($tag);
                    const METHOD: $crate::operation::Method = $crate::operation::Method::$method;
                    const PATH: &'static str = $path;
                    const PATH_PARAMS: &'static [&'static str] = &[$(stringify!($p)),*];
                    const INPUT: $crate::operation::InputKind = $crate::operation::define_operations!(@kind $kind);
                    type Input = $input;
                    type Output = $output;
                }
            )*)*
        }

        /// Every operation of the API, in table order.
        pub fn operations() -> Vec<$crate::operation::OperationInfo> {
            use $crate::operation::Operation;
            use $crate::model::Describe;
            fn info<O: Operation>() -> $crate::operation::OperationInfo {
                $crate::operation::OperationInfo {
                    api: O::API,
                    id: O::ID,
                    name: O::NAME,
                    tag: O::TAG,
                    method: O::METHOD,
                    path: O::PATH,
                    path_params: O::PATH_PARAMS,
                    input_kind: O::INPUT,
                    input: <O::Input as Describe>::type_ref,
                    output: <O::Output as Describe>::type_ref,
                }
            }
            vec![$($( info::<ops::$id>(), )*)*]
        }

        /// The spec tags, as `(snake_case, specName)`, in table order.
        pub const TAGS: &[(&str, &str)] = &[$( (stringify!($tag), $tag_wire) ),*];
    };
    (@kind none) => { $crate::operation::InputKind::None };
    (@kind body) => { $crate::operation::InputKind::Body };
    (@kind query) => { $crate::operation::InputKind::Query };
}
pub(crate) use define_operations;

crate::for_each_operation!(define_operations);

/// An API's module (`crate::pricing`, …) from its table: its operation types, `operations()`,
/// `TAGS`, and `Api`, what `client.pricing()` returns, with an accessor per tag.
macro_rules! define_api {
    ($api:literal $(
        $tag:ident $group:ident $tag_wire:literal {
            $( $id:ident $name:ident $method:ident $path:literal [$($p:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        $crate::operation::define_operations!(@api $api $( $tag $group $tag_wire { $( $id $name $method $path [$($p),*] $kind $input => $output; )* } )*);

        #[doc = concat!("The `", $api, "` API, one accessor per spec tag: `client.", $api, "()`.")]
        #[derive(Clone, Copy, Debug)]
        pub struct Api<'a> {
            client: &'a $crate::Client,
        }

        impl<'a> Api<'a> {
            pub(crate) fn new(client: &'a $crate::Client) -> Self {
                Api { client }
            }
        }

        $crate::client::api_groups!(Api $( $tag $group $tag_wire { $( $id $name $method $path [$($p),*] $kind $input => $output; )* } )*);
    };
}
pub(crate) use define_api;
