//! The uniffi binding's typed event bodies (bindings/uniffi/src/event_body.rs): one variant per
//! operation that makes an event (every one but a GET), holding its request and answer decoded
//! into the operation's own input and output types, so that Kotlin and Swift read an event with
//! `when`/`switch` over typed values instead of JSON objects.

use crate::types::other_apis;
use saasus::OperationInfo;
use saasus::model::TypeRef;
use saasus::naming::pascal;
use std::fmt::Write;

pub fn files() -> Vec<(String, String)> {
    vec![("bindings/uniffi/src/event_body.rs".into(), body())]
}

/// The Rust path of an operation's input or output type; `None` for none.
fn rust_type(api: &str, ty: TypeRef) -> Option<String> {
    let name = match ty {
        TypeRef::Unit => return None,
        TypeRef::Model(m) => m().name,
        TypeRef::Union(u) => u().name,
        TypeRef::Enum(e) => e().name,
        other => panic!("{api}: an operation's input or output that is not a model: {other:?}"),
    };
    Some(if api == "auth" { format!("saasus::models::{name}") } else { format!("saasus::{api}::{name}") })
}

fn body() -> String {
    let mut every: Vec<OperationInfo> = saasus::operations();
    for api in other_apis() {
        every.extend(api.ops);
    }
    let evented: Vec<&OperationInfo> = every.iter().filter(|o| o.method.as_str() != "GET").collect();
    // A variant is the operation's id; an id two APIs share takes its API's name before it.
    let variant = |o: &OperationInfo| {
        let shared = evented.iter().filter(|p| p.id == o.id).count() > 1;
        if shared { format!("{}{}", pascal(o.api), o.id) } else { o.id.to_string() }
    };
    let mut out = crate::header("//");
    out.push_str(
        "//! Each operation's event body as the operation's own types (see codegen/src/event_body.rs).\n\n\
         /// What an event records, by operation: the request decoded into the operation's input type\n\
         /// and the answer into its output type — each null where it did not decode (an error's answer,\n\
         /// a value this SDK's type cannot hold). `Other` for an operation newer than this SDK.\n\
         #[derive(uniffi::Enum, Clone, Debug)]\n\
         pub enum SaasusEventBody {\n",
    );
    for o in &evented {
        let fields: Vec<String> = [("input", rust_type(o.api, (o.input)())), ("output", rust_type(o.api, (o.output)()))]
            .into_iter()
            .filter_map(|(n, t)| t.map(|t| format!("{n}: Option<{t}>")))
            .collect();
        let _ = writeln!(out, "    /// {} {} ({}).", o.method.as_str(), o.path, o.api);
        if fields.is_empty() {
            let _ = writeln!(out, "    {},", variant(o));
        } else {
            let _ = writeln!(out, "    {} {{ {} }},", variant(o), fields.join(", "));
        }
    }
    out.push_str(
        "    Other,\n}\n\n\
         fn decode<T: serde::de::DeserializeOwned>(v: Option<&serde_json::Value>) -> Option<T> {\n\
         \x20   v.and_then(|v| serde_json::from_value(v.clone()).ok())\n}\n\n\
         /// The typed body of operation `id` of `api`, from the event's request and answer bodies.\n\
         #[allow(unused_variables)]\n\
         pub(crate) fn typed(api: &str, id: &str, request: Option<&serde_json::Value>, response: Option<&serde_json::Value>) -> SaasusEventBody {\n\
         \x20   match (api, id) {\n",
    );
    for o in &evented {
        let fields: Vec<&str> = [("input: decode(request)", (o.input)()), ("output: decode(response)", (o.output)())]
            .into_iter()
            .filter(|(_, t)| !matches!(t, TypeRef::Unit))
            .map(|(f, _)| f)
            .collect();
        let value = if fields.is_empty() {
            format!("SaasusEventBody::{}", variant(o))
        } else {
            format!("SaasusEventBody::{} {{ {} }}", variant(o), fields.join(", "))
        };
        let _ = writeln!(out, "        ({:?}, {:?}) => {value},", o.api, o.id);
    }
    out.push_str("        _ => SaasusEventBody::Other,\n    }\n}\n");
    out
}
