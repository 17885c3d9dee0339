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

/// A path parameter's type, as the spec gives it. Every surface takes an integer one as its
/// language's integer and sends its decimal text; an unsigned one (`x-go-type: uint64`, the
/// env ids) is refused when negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    String,
    Integer,
    Unsigned,
}

impl ParamType {
    /// The name the bindings' operation tables give it: `str`, `int` or `uint`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamType::String => "str",
            ParamType::Integer => "int",
            ParamType::Unsigned => "uint",
        }
    }

    /// Whether `text`, a path parameter's value as sent, is one of this type: refused naming
    /// the parameter otherwise.
    pub fn check(self, name: &str, text: &str) -> crate::Result<()> {
        let rule = match (self, text.parse::<i64>()) {
            (ParamType::String, _) => return Ok(()),
            (_, Ok(_)) if text.starts_with('+') => "must be written without a sign",
            (ParamType::Integer, Ok(_)) => return Ok(()),
            (ParamType::Integer, Err(_)) => "must be an integer",
            (ParamType::Unsigned, Ok(n)) if n >= 0 => return Ok(()),
            (ParamType::Unsigned, Ok(_)) => "must be 0 or more",
            (ParamType::Unsigned, Err(_)) => "must be a whole number, 0 or more",
        };
        Err(crate::Error::InvalidArgument { field: name.to_string(), rule: format!("{rule} (got {text:?})") })
    }
}

/// A value given for a path parameter, as the text sent: a string as itself, an integer in
/// decimal. What the typed methods of each API (and the uniffi binding) take.
pub trait PathArg {
    fn text(&self) -> std::borrow::Cow<'_, str>;
}

impl PathArg for &str {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(self)
    }
}

impl PathArg for String {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(self)
    }
}

impl PathArg for i64 {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.to_string())
    }
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
    /// The spec's summary, then a blank line and its description where it has one (English).
    const DOC: &'static str = "";
    const METHOD: Method;
    /// The path below `/<API>`, with `{name}` placeholders.
    const PATH: &'static str;
    /// The placeholders of [`Operation::PATH`], in path order.
    const PATH_PARAMS: &'static [&'static str];
    /// The type of each of [`Operation::PATH_PARAMS`].
    const PATH_TYPES: &'static [ParamType];
    const INPUT: InputKind;
    /// The body or query struct; `()` when the operation takes neither.
    type Input: Serialize + DeserializeOwned + Describe + crate::model::Signs + Send + Sync;
    /// The decoded 2xx response; `()` when the API answers with a status only.
    type Output: ResponseBody + Serialize + Describe + Send + 'static;
}

/// An operation's facts as a value, for code generators and the bindings' namespaces.
#[derive(Clone, Copy, Debug)]
pub struct OperationInfo {
    /// The API's path segment, e.g. `auth`.
    pub api: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub tag: &'static str,
    /// As [`Operation::DOC`].
    pub doc: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub path_params: &'static [&'static str],
    /// The type of each of `path_params`.
    pub path_types: &'static [ParamType],
    pub input_kind: InputKind,
    pub input: fn() -> TypeRef,
    pub output: fn() -> TypeRef,
}

macro_rules! define_operations {
    ($(
        $tag:ident $group:ident $tag_wire:literal {
            $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        define_operations!(@api "auth" $( $tag $group $tag_wire { $( $(#[doc = $doc])* $id $name $method $path [$($p: $pt),*] $kind $input => $output; )* } )*);
    };
    (@api $api:literal $(
        $tag:ident $group:ident $tag_wire:literal {
            $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        /// One type per operation, implementing [`Operation`](crate::Operation).
        pub mod ops {
            $($(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = concat!("`", stringify!($id), "`: ", stringify!($method), " `/", $api, $path, "`")]
                #[derive(Clone, Copy, Debug)]
                pub struct $id;

                impl $crate::operation::Operation for $id {
                    const API: &'static str = $api;
                    const ID: &'static str = stringify!($id);
                    const NAME: &'static str = stringify!($name);
                    const TAG: &'static str = stringify!($tag);
                    const DOC: &'static str = concat!($($doc),*);
                    const METHOD: $crate::operation::Method = $crate::operation::Method::$method;
                    const PATH: &'static str = $path;
                    const PATH_PARAMS: &'static [&'static str] = &[$(stringify!($p)),*];
                    const PATH_TYPES: &'static [$crate::operation::ParamType] = &[$($crate::operation::define_operations!(@param $pt)),*];
                    const INPUT: $crate::operation::InputKind = $crate::operation::define_operations!(@kind $kind);
                    type Input = $input;
                    type Output = $output;
                }
            )*)*
        }

        /// Every operation of the API, in table order.
        pub fn operations() -> Vec<$crate::operation::OperationInfo> {
            vec![$($( $crate::operation::OperationInfo::of::<ops::$id>(), )*)*]
        }

        /// The spec tags, as `(snake_case, specName)`, in table order.
        pub const TAGS: &[(&str, &str)] = &[$( (stringify!($tag), $tag_wire) ),*];
    };
    (@kind none) => { $crate::operation::InputKind::None };
    (@kind body) => { $crate::operation::InputKind::Body };
    (@kind query) => { $crate::operation::InputKind::Query };
    (@param str) => { $crate::operation::ParamType::String };
    (@param int) => { $crate::operation::ParamType::Integer };
    (@param uint) => { $crate::operation::ParamType::Unsigned };
}
pub(crate) use define_operations;

crate::for_each_operation!(define_operations);

/// An API's module (`crate::pricing`, …) from its table: its operation types, `operations()`,
/// `TAGS`, and `Api`, what `client.pricing()` returns, with an accessor per tag.
macro_rules! define_api {
    ($api:literal $(
        $tag:ident $group:ident $tag_wire:literal {
            $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        $crate::operation::define_operations!(@api $api $( $tag $group $tag_wire { $( $(#[doc = $doc])* $id $name $method $path [$($p: $pt),*] $kind $input => $output; )* } )*);

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

        $crate::client::api_groups!(Api $( $tag $group $tag_wire { $( $(#[doc = $doc])* $id $name $method $path [$($p: $pt),*] $kind $input => $output; )* } )*);
    };
}
pub(crate) use define_api;

macro_rules! every_api_operation {
    ($($api:ident $table:ident $types:ident),*) => {
        /// Every operation of every API: Auth's, then each other API's, each in table order.
        pub fn all() -> Vec<OperationInfo> {
            let mut all = operations();
            $( all.extend(crate::$api::operations()); )*
            all
        }
    };
}
crate::for_each_api!(every_api_operation);

/// The operation's summary as its spec states it (`GetTenants` of `auth`: "Get Tenants"), for
/// `--help` and the docs of every language.
pub fn summary(api: &str, id: &str) -> Option<&'static str> {
    find(api, id)?.summary()
}

/// The operation's description as its spec states it (`GetTenants`: "Get tenants managed by SaaSus
/// Platform."), for the docs of every language; `None` where the spec gives none.
pub fn description(api: &str, id: &str) -> Option<&'static str> {
    find(api, id)?.description()
}

fn find(api: &str, id: &str) -> Option<OperationInfo> {
    all().into_iter().find(|o| o.api == api && o.id == id)
}

impl OperationInfo {
    /// The facts of `O` as a value. The request path takes them so: its work is compiled once for
    /// every operation rather than once per operation (when it was generic over `O`, its 211
    /// copies were a fifth of the core's code, and again in each binding that calls them).
    pub const fn of<O: Operation>() -> OperationInfo {
        OperationInfo {
            api: O::API,
            id: O::ID,
            name: O::NAME,
            tag: O::TAG,
            doc: O::DOC,
            method: O::METHOD,
            path: O::PATH,
            path_params: O::PATH_PARAMS,
            path_types: O::PATH_TYPES,
            input_kind: O::INPUT,
            input: <O::Input as Describe>::type_ref,
            output: <O::Output as Describe>::type_ref,
        }
    }

    /// The summary: [`OperationInfo::doc`] up to its first blank line.
    pub fn summary(&self) -> Option<&'static str> {
        self.doc.split("\n\n").next().filter(|s| !s.is_empty())
    }

    /// The description: [`OperationInfo::doc`] after its first blank line.
    pub fn description(&self) -> Option<&'static str> {
        self.doc.split_once("\n\n").map(|(_, d)| d).filter(|d| !d.is_empty())
    }

    /// "Summary (METHOD /path)." and, after a blank line, the description where the spec gives
    /// one: how the Python stubs and the Python client's own docstrings begin.
    pub fn doc_head(&self) -> String {
        let summary = self.summary().unwrap_or(self.id);
        let mut head = format!("{} ({} {}).", summary.trim_end_matches('.'), self.method.as_str(), self.path);
        if let Some(description) = self.description() {
            head.push_str("\n\n");
            head.push_str(description);
        }
        head
    }
}
