//! Any operation by its API and name, JSON in and JSON out: what the `saasus` command line and the
//! Node binding call (they know operations by name, at run time). The arguments are checked as
//! every binding's are ([`crate::decode_operation_input`]: names, types, `extra_body`).

use crate::client::Client;
use crate::error::{Error, Result};
use crate::operation::{OperationInfo, TAGS};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

/// A boxed call: one `async fn` matching on every name would be a future as large as the largest
/// of the 211, copied whole at each move (spawning it moved kilobytes per call).
pub type Pending = Pin<Box<dyn Future<Output = Result<Called>> + Send>>;

/// An operation's answer as JSON (`null` for one that answers only a status), and, when asked
/// for, the response's metadata.
#[derive(Clone, Debug)]
pub struct Called {
    pub value: Value,
    pub response: Option<Meta>,
}

/// What came with an answer: its status, trace id, headers (by lower-case name, a repeated one's
/// values joined with ", ") and how many attempts it took.
#[derive(Clone, Debug)]
pub struct Meta {
    pub status: u16,
    pub trace_id: Option<String>,
    pub headers: Vec<(String, String)>,
    pub attempts: u32,
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::InvalidArgument { field: "response".into(), rule: e.to_string() })
}

async fn run<O: crate::Operation>(client: Client, path: Vec<String>, input: Option<String>, with_response: bool) -> Result<Called> {
    let (input, extra) = crate::decode_operation_input::<O>(parse(O::INPUT, input.as_deref())?)?;
    let refs: Vec<&str> = path.iter().map(String::as_str).collect();
    // One call awaited either way (each await of a generic call is a state machine per operation).
    let r = client.execute_with_response_extra::<O>(&refs, &input, extra.as_ref()).await?;
    if with_response {
        let meta = Meta { status: r.status, trace_id: r.trace_id.clone(), headers: r.joined_headers(), attempts: r.attempts };
        return Ok(Called { value: to_value(&r.value)?, response: Some(meta) });
    }
    // As `execute_with_extra` answers: the observer sees the response's metadata.
    Ok(Called { value: to_value(&client.observed(r))?, response: None })
}

/// The input's JSON text, its errors naming what it stands for.
fn parse(kind: crate::InputKind, input: Option<&str>) -> Result<Value> {
    let field = match kind {
        crate::InputKind::Body => "body",
        crate::InputKind::Query => "query",
        crate::InputKind::None => "arguments",
    };
    match input {
        None => Ok(Value::Null),
        Some(t) => {
            serde_json::from_str(t).map_err(|e| Error::InvalidArgument { field: field.into(), rule: format!("is not valid JSON ({e})") })
        }
    }
}

macro_rules! dispatch {
    ($api:literal $(
        $tag:ident $group:ident $tag_wire:literal {
            $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        pub(super) fn call(client: Client, name: &str, path: Vec<String>, input: Option<String>, with_response: bool) -> Option<super::Pending> {
            Some(match name {
                $($( stringify!($name) => Box::pin(super::run::<ops::$id>(client, path, input, with_response)), )*)*
                _ => return None,
            })
        }
    };
}

macro_rules! dispatch_auth {
    ($($table:tt)*) => { dispatch!("auth" $($table)*); };
}

macro_rules! every_api {
    ($($api:ident $table:ident $types:ident),*) => {
        mod auth {
            use super::Client;
            use crate::ops;
            crate::for_each_operation!(dispatch_auth);
        }
        $(
            mod $api {
                use super::Client;
                use crate::$api::ops;
                crate::$table!(dispatch);
            }
        )*

        /// The call of the operation `name` (snake case, `get_tenants`) of the API `api` (`auth`,
        /// `pricing`, …) with its path parameters in order and its input as the JSON text of an
        /// object (body fields or query parameters by name; `extra_body`/`extra_query` as the
        /// bindings take them); with `with_response`, the answer's metadata too.
        pub fn call(client: Client, api: &str, name: &str, path: Vec<String>, input: Option<String>, with_response: bool) -> Pending {
            let pending = match api {
                "auth" => auth::call(client, name, path, input, with_response),
                $( stringify!($api) => $api::call(client, name, path, input, with_response), )*
                _ => None,
            };
            pending.unwrap_or_else(|| {
                let rule = format!("no operation of the {api} API is named {name}");
                Box::pin(async move { Err(Error::InvalidArgument { field: "operation".into(), rule }) })
            })
        }

        /// Every operation of every API, with its API's tags (`(snake_case, spec name)`).
        pub fn operations() -> Vec<(OperationInfo, &'static [(&'static str, &'static str)])> {
            let mut all: Vec<_> = crate::operations().into_iter().map(|o| (o, TAGS)).collect();
            $( all.extend(crate::$api::operations().into_iter().map(|o| (o, crate::$api::TAGS))); )*
            all
        }
    };
}
crate::for_each_api!(every_api);
