//! `saasus trigger <operation>`: performs a representative operation with fixture data, so that its
//! event reaches `saasus listen`'s receiver without writing the calls by hand. Each trigger is a
//! fixtures chain (triggers.yaml) whose last step is the operation named; the steps before it make
//! what it needs (a tenant for a tenant user), and produce their own events. Against anything but
//! the emulator it refuses unless `--live` is given: it creates real objects there.

use crate::{exit, output};
use serde_json::{Map, Value, json};

const TRIGGERS: &str = include_str!("triggers.yaml");

fn triggers() -> Map<String, Value> {
    // Parsed from text compiled in and checked by a test: never refused at run time.
    serde_saphyr::from_str(TRIGGERS).unwrap_or_default()
}

fn invalid(field: &str, rule: impl Into<String>) -> saasus::Error {
    saasus::Error::InvalidArgument { field: field.into(), rule: rule.into() }
}

/// The triggers by operation, each with what it does (`saasus trigger --list`).
fn list() -> Value {
    let all = triggers();
    Value::Array(all.iter().map(|(name, t)| json!({ "operation": name, "about": t.get("about") })).collect())
}

async fn perform(name: &str, live: bool) -> Result<Value, saasus::Error> {
    let all = triggers();
    let trigger = all.get(name).ok_or_else(|| {
        let names: Vec<&str> = all.keys().map(String::as_str).collect();
        invalid("operation", format!("has no trigger; one of: {}", names.join(", ")))
    })?;
    let config = crate::profile::config()?;
    let http = reqwest::Client::new();
    if !live && crate::listen::emulator_origin(&http, &config.base_url).await.is_none() {
        return Err(invalid(
            "--live",
            format!("{} is not an emulator, and trigger creates real objects: pass --live to do so there", config.base_url),
        ));
    }
    let client = saasus::Client::new(config)?;
    let steps = trigger.get("steps").and_then(Value::as_array).cloned().unwrap_or_default();
    let results = crate::fixtures::apply(&client, &steps, &format!("trigger {name}")).await?;
    Ok(json!({ "operation": name, "results": results }))
}

/// Runs `saasus trigger`; the exit code.
pub(crate) fn run(m: &clap::ArgMatches) -> i32 {
    let Some(name) = m.get_one::<String>("operation").filter(|_| !m.get_flag("list")) else {
        output::answer(&list());
        return 0;
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(_) => return exit::TRANSPORT,
    };
    match runtime.block_on(perform(name, m.get_flag("live"))) {
        Ok(v) => {
            output::answer(&v);
            0
        }
        Err(e) => output::error(&e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_triggers_parse_and_end_with_their_operation() {
        let all: serde_json::Map<String, serde_json::Value> = serde_saphyr::from_str(super::TRIGGERS).expect("triggers.yaml parses");
        assert!(all.len() >= 10, "{} triggers", all.len());
        let ops = saasus::dynamic::operations();
        for (name, t) in &all {
            let steps = t["steps"].as_array().expect("steps");
            let last = steps.last().and_then(|s| s["operation"].as_str()).expect("an operation");
            let (op, _) = ops
                .iter()
                .find(|(o, _)| {
                    format!("{} {} {}", o.api, heck::ToKebabCase::to_kebab_case(o.tag), heck::ToKebabCase::to_kebab_case(o.name)) == last
                })
                .unwrap_or_else(|| panic!("{name}: no operation {last}"));
            assert_eq!(op.name, name, "{name} ends with {last}");
            assert_ne!(op.method.as_str(), "GET", "{name}: a GET makes no event");
        }
    }
}
