//! The operations of the Auth API: one table, expanded into the typed Rust methods here and into
//! each binding's surface by the binding's own macro (`saasus::for_each_operation!`).

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

    /// Whether repeating the request cannot do more than doing it once, so retrying is safe.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
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
    /// The spec's operationId, e.g. `GetTenant`.
    const ID: &'static str;
    /// The method name in snake case, e.g. `get_tenant`.
    const NAME: &'static str;
    /// The spec tag in snake case, e.g. `tenant`.
    const TAG: &'static str;
    const METHOD: Method;
    /// The path below `/auth`, with `{name}` placeholders.
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
        /// One type per operation, implementing [`Operation`].
        pub mod ops {
            $($(
                #[doc = concat!("`", stringify!($id), "`: ", stringify!($method), " `", $path, "`")]
                #[derive(Clone, Copy, Debug)]
                pub struct $id;

                impl $crate::operation::Operation for $id {
                    const ID: &'static str = stringify!($id);
                    const NAME: &'static str = stringify!($name);
                    const TAG: &'static str = stringify!($tag);
                    const METHOD: $crate::operation::Method = $crate::operation::Method::$method;
                    const PATH: &'static str = $path;
                    const PATH_PARAMS: &'static [&'static str] = &[$(stringify!($p)),*];
                    const INPUT: $crate::operation::InputKind = define_operations!(@kind $kind);
                    type Input = $input;
                    type Output = $output;
                }
            )*)*
        }

        /// Every operation of the API, in table order.
        pub fn operations() -> Vec<OperationInfo> {
            fn info<O: Operation>() -> OperationInfo {
                OperationInfo {
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

crate::for_each_operation!(define_operations);
