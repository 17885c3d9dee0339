//! Every operation of every API from the shared table of tests/fixtures/every_operation.json,
//! replayed through the typed Rust client against the emulator: each step's `input` is decoded
//! into the operation's input type, sent, and its answer decoded into the operation's output
//! type, which must be the model the step names; the step's `expect`ed values are then read from
//! the result. The same table drives the Python, Node and Kotlin suites.

use crate::common;

use saasus::{Client, Operation, OperationInfo};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

/// One operation of the table, called by its (api, name): the decoded result as JSON and the
/// name of its Rust type (`PricingPlan`, `()` for no content).
type Call = for<'a> fn(&'a Client, Vec<String>, Value) -> Called<'a>;
type Called<'a> = Pin<Box<dyn Future<Output = saasus::Result<(Value, &'static str)>> + 'a>>;

fn call<O: Operation>(client: &Client, path: Vec<String>, input: Value) -> Called<'_> {
    Box::pin(async move {
        // The bindings' path: the JSON arguments are checked and decoded into O::Input, then sent
        // by the same execute the typed methods go through.
        let (input, extra) = saasus::decode_operation_input::<O>(input)?;
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let output = client.execute_with_extra::<O>(&args, &input, extra.as_ref()).await?;
        // The model's name as the spec gives it (the description's; a Rust type may be an alias).
        let name = match <O::Output as saasus::model::Describe>::type_ref() {
            saasus::model::TypeRef::Model(info) => info().name,
            saasus::model::TypeRef::Union(info) => info().name,
            saasus::model::TypeRef::Enum(info) => info().name,
            _ => std::any::type_name::<O::Output>().rsplit("::").next().unwrap_or_default(),
        };
        Ok((serde_json::to_value(&output).expect("an answer encodes"), name))
    })
}

/// `find(name)` over one API's table, in a module whose `ops` is that API's operation types.
macro_rules! find_in_table {
    ($api:literal $( $tag:ident $group:ident $tag_wire:literal {
        $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
    } )*) => {
        pub fn find(name: &str) -> Option<Call> {
            match name {
                $($( stringify!($name) => Some(call::<ops::$id> as Call), )*)*
                _ => None,
            }
        }
    };
    // Auth's table has no path segment of its own.
    ($($table:tt)*) => {
        find_in_table!("auth" $($table)*);
    };
}

mod auth {
    use super::*;
    use saasus::ops;
    saasus::for_each_operation!(find_in_table);
}

/// Each API with its table's macro (and whatever else `for_each_api!` lists for it).
macro_rules! every_api {
    ($($api:ident $table:ident $($more:ident)*),*) => {
        $( mod $api {
            use super::*;
            use saasus::$api::ops;
            saasus::$table!(find_in_table);
        } )*

        fn find(api: &str, name: &str) -> Option<Call> {
            match api {
                "auth" => auth::find(name),
                $( stringify!($api) => $api::find(name), )*
                _ => None,
            }
        }

        fn every_operation() -> Vec<OperationInfo> {
            let mut all = saasus::operations();
            $( all.extend(saasus::$api::operations()); )*
            all
        }
    };
}

saasus::for_each_api!(every_api);

fn steps() -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/every_operation.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("the shared table")).expect("JSON");
    table["steps"].as_array().expect("steps").clone()
}

fn text<'a>(step: &'a Value, key: &str) -> &'a str {
    step[key].as_str().unwrap_or_else(|| panic!("a step without {key}: {step}"))
}

#[test]
fn the_table_covers_every_operation_of_every_api() {
    let mut listed: Vec<(String, String)> = steps().iter().map(|s| (text(s, "api").to_string(), text(s, "op").to_string())).collect();
    listed.sort();
    listed.dedup();
    let mut all: Vec<(String, String)> = every_operation().iter().map(|o| (o.api.to_string(), o.name.to_string())).collect();
    all.sort();
    assert_eq!(all.len(), common::spec_counts().iter().map(|(_, n)| n).sum::<usize>());
    assert_eq!(listed, all);
    // Each API's 500 endpoint is its error step, and the only one.
    let steps = steps();
    let errors: Vec<&Value> = steps.iter().filter(|s| s.get("error").is_some()).collect();
    assert_eq!(errors.len(), saasus::APIS.len());
    for api in saasus::APIS {
        let error = errors.iter().find(|s| s["api"] == *api).unwrap_or_else(|| panic!("{api}: no error step"));
        assert_eq!((text(error, "op"), error["error"].as_u64()), ("return_internal_server_error", Some(500)));
    }
}

#[tokio::test]
async fn every_operation_of_every_api_with_its_model_and_values() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let mut saved = serde_json::Map::new();
    let steps = steps();
    for (i, step) in steps.iter().enumerate() {
        let (api, op) = (text(step, "api"), text(step, "op"));
        let at = format!("step {i} ({api} {op})");
        let call = find(api, op).unwrap_or_else(|| panic!("{at}: no such operation"));
        let path = resolve(step.get("path").unwrap_or(&Value::Null), &saved);
        let path: Vec<String> = path.as_array().into_iter().flatten().map(as_text).collect();
        let input = resolve(step.get("input").unwrap_or(&Value::Null), &saved);
        let outcome = call(&client, path, input).await;
        if let Some(status) = step.get("error") {
            let e = outcome.err().unwrap_or_else(|| panic!("{at}: should fail"));
            assert_eq!(e.status().map(u64::from), status.as_u64(), "{at}: {e:?}");
            continue;
        }
        let (result, model) = outcome.unwrap_or_else(|e| panic!("{at}: {e:?}"));
        match &step["returns"] {
            Value::Null => assert_eq!((model, &result), ("()", &Value::Null), "{at}"),
            returns => assert_eq!(Some(model), returns.as_str(), "{at}: {result}"),
        }
        assert_expected(&at, &result, step.get("expect"), &saved);
        for (name, dotted) in step.get("save").and_then(Value::as_object).into_iter().flatten() {
            let value = dig(&result, dotted.as_str().expect("a dotted path"));
            saved.insert(name.clone(), value.unwrap_or_else(|| panic!("{at}: nothing at {dotted} in {result}")).clone());
        }
    }
    let names: std::collections::BTreeSet<&String> =
        steps.iter().filter_map(|s| s.get("save")?.as_object()).flat_map(|m| m.keys()).collect();
    assert_eq!(names.len(), saved.len(), "every saved value was found");
    emu.stop().await;
}

/// A step's value with every `$name` string replaced by the value saved under that name.
fn resolve(value: &Value, saved: &serde_json::Map<String, Value>) -> Value {
    match value {
        Value::String(s) if s.starts_with('$') => saved.get(&s[1..]).unwrap_or_else(|| panic!("{s} is not saved yet")).clone(),
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(v, saved)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), resolve(v, saved))).collect()),
        other => other.clone(),
    }
}

/// A path parameter as text: strings as they are, numbers as written.
fn as_text(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_string)
}

/// The value at a dotted path of wire names (`credentials.access_token`, `api_keys.1`).
fn dig<'a>(value: &'a Value, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(value, |v, part| match v {
        Value::Array(items) => items.get(part.parse::<usize>().ok()?),
        _ => v.get(part),
    })
}

/// JSON equality with numbers compared as numbers: the table's `10` is the model's `10.0`.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

fn assert_expected(at: &str, result: &Value, expect: Option<&Value>, saved: &serde_json::Map<String, Value>) {
    for (dotted, want) in expect.and_then(Value::as_object).into_iter().flatten() {
        let want = resolve(want, saved);
        let got = dig(result, dotted).unwrap_or_else(|| panic!("{at}: nothing at {dotted} in {result}"));
        assert!(same(got, &want), "{at}: {dotted} is {got}, expected {want}");
    }
}
