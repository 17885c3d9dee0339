//! One operation called from the command line: its input built from `--data` and the flags (each
//! flag's value read as its field's type), the call signed with the `SAASUS_*` credentials, the
//! answer printed as JSON.

use crate::{commands, exit, output};
use clap::ArgMatches;
use heck::ToKebabCase;
use saasus::model::TypeRef;
use saasus::operation::OperationInfo;
use serde_json::{Map, Value};

/// A flag's text as its field's JSON: text for text fields and enums, JSON for the others
/// (`--count 3`, `--attributes '{"plan":"pro"}'`).
fn flag_value(flag: &str, text: &str, ty: &TypeRef) -> Result<Value, saasus::Error> {
    let textual = |t: &TypeRef| matches!(t, TypeRef::String | TypeRef::Enum(_));
    let is_text = match ty {
        TypeRef::Optional(inner) => textual(inner),
        t => textual(t),
    };
    if is_text {
        return Ok(Value::String(text.to_string()));
    }
    serde_json::from_str(text)
        .map_err(|e| saasus::Error::InvalidArgument { field: format!("--{flag}"), rule: format!("must be JSON of its type ({e})") })
}

/// `--data`'s object: the JSON given, or read from `@file` (`@-`: stdin).
fn data(given: &str) -> Result<Map<String, Value>, saasus::Error> {
    let invalid = |rule: String| saasus::Error::InvalidArgument { field: "--data".into(), rule };
    let text = match given.strip_prefix('@') {
        Some("-") => std::io::read_to_string(std::io::stdin()).map_err(|e| invalid(format!("stdin could not be read: {e}")))?,
        Some(path) => std::fs::read_to_string(path).map_err(|e| invalid(format!("{path} could not be read: {e}")))?,
        None => given.to_string(),
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(invalid("must be a JSON object".into())),
        Err(e) => Err(invalid(format!("is not JSON: {e}"))),
    }
}

fn input(op: &OperationInfo, m: &ArgMatches) -> Result<(Vec<String>, Value), saasus::Error> {
    let path = op.path_params.iter().map(|p| m.get_one::<String>(&p.to_kebab_case()).cloned().unwrap_or_default()).collect();
    let mut body = match m.get_one::<String>("data") {
        Some(d) => data(d)?,
        None => Map::new(),
    };
    for (name, _, ty) in commands::fields(op) {
        let flag = name.to_kebab_case();
        if op.path_params.iter().any(|p| p.to_kebab_case() == flag) {
            continue;
        }
        if let Some(text) = m.get_one::<String>(&flag) {
            body.insert(name.to_string(), flag_value(&flag, text, &ty)?);
        }
    }
    let input = if body.is_empty() { Value::Null } else { Value::Object(body) };
    Ok((path, input))
}

/// Runs `saasus <api> <group> <operation> …`; the exit code.
pub(crate) fn run(api: &str, m: &ArgMatches) -> i32 {
    let Some((group, m)) = m.subcommand() else { return exit::USAGE };
    let Some((name, m)) = m.subcommand() else { return exit::USAGE };
    let all = saasus::dynamic::operations();
    let Some((op, _)) = all.iter().find(|(o, _)| o.api == api && o.tag.to_kebab_case() == group && o.name.to_kebab_case() == name) else {
        return exit::USAGE;
    };
    let outcome = (|| {
        let (path, input) = input(op, m)?;
        let client = saasus::Client::new(crate::profile::config()?)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| saasus::Error::Transport { message: format!("no runtime: {e}"), connect: true })?;
        let text = (!input.is_null()).then(|| input.to_string());
        runtime.block_on(saasus::dynamic::call(client, op.api, op.name, path, text, false)).map(|c| c.value)
    })();
    match outcome {
        Ok(value) => {
            output::answer(&value);
            0
        }
        Err(e) => output::error(&e),
    }
}
