//! `saasus fixtures FILE`: a chain of operations whose later steps use earlier results, to seed
//! the emulator or a development environment. The file, JSON or YAML (`.yaml`, `.yml`):
//!
//! ```json
//! {"fixtures": [
//!   {"name": "tenant", "operation": "auth tenant create-tenant",
//!    "params": {"name": "Acme ${.env:SUFFIX|Inc}", "attributes": {}, "back_office_staff_email": "ops@acme.example"}},
//!   {"name": "acme", "operation": "auth tenant get-tenant", "params": {"tenant_id": "${tenant:id}"}}
//! ]}
//! ```
//!
//! `operation` is the command's words (`<api> <group> <operation>`); `params` holds the path
//! parameters by name and the input's fields. In any string, `${name:field.path}` is a field of an
//! earlier step's result (`${tenant:id}`, `${plans:pricing_plans.0.id}`) and `${.env:NAME|default}`
//! an environment variable (its default when unset); `${.unique}` is the same random token for the
//! whole run (for emails that must not collide with an earlier run's). A string that is one reference whole takes
//! the referenced value's type (a number stays a number). Prints each step's result, by name, as
//! one JSON object; stops at the first failure (its error and exit code).

use crate::{exit, output};
use heck::ToKebabCase;
use serde_json::{Map, Value};

fn invalid(field: impl Into<String>, rule: impl Into<String>) -> saasus::Error {
    saasus::Error::InvalidArgument { field: field.into(), rule: rule.into() }
}

/// The value of one reference (`tenant:id`, `.env:NAME|default`).
fn lookup(reference: &str, results: &Map<String, Value>, step: &str) -> Result<Value, saasus::Error> {
    if reference == ".unique" {
        return Ok(Value::String(unique().to_string()));
    }
    if let Some(env) = reference.strip_prefix(".env:") {
        let (name, default) = env.split_once('|').map_or((env, None), |(n, d)| (n, Some(d)));
        return match (std::env::var(name).ok(), default) {
            (Some(v), _) => Ok(Value::String(v)),
            (None, Some(d)) => Ok(Value::String(d.to_string())),
            (None, None) => Err(invalid(step, format!("${{{reference}}}: {name} is not set and has no default"))),
        };
    }
    let (name, path) = reference.split_once(':').ok_or_else(|| invalid(step, format!("${{{reference}}}: expected name:field")))?;
    let mut value = results.get(name).ok_or_else(|| invalid(step, format!("${{{reference}}}: no earlier step is named {name}")))?;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let next = match value {
            Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Object(m) => m.get(part),
            _ => None,
        };
        value = next.ok_or_else(|| invalid(step, format!("${{{reference}}}: {name}'s result has no {path}")))?;
    }
    Ok(value.clone())
}

/// A token for this run (`${.unique}`): names and emails that do not collide with an earlier run's.
fn unique() -> &'static str {
    static UNIQUE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    UNIQUE.get_or_init(|| {
        let mut bytes = [0u8; 4];
        let _ = aws_lc_rs::rand::fill(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// `value` with every `${…}` replaced.
fn substitute(value: &Value, results: &Map<String, Value>, step: &str) -> Result<Value, saasus::Error> {
    Ok(match value {
        Value::String(s) => {
            if let Some(whole) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}')).filter(|r| !r.contains("${")) {
                return lookup(whole, results, step);
            }
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(start) = rest.find("${") {
                out.push_str(&rest[..start]);
                let end = rest[start..].find('}').ok_or_else(|| invalid(step, format!("an unclosed ${{ in {s:?}")))?;
                match lookup(&rest[start + 2..start + end], results, step)? {
                    Value::String(v) => out.push_str(&v),
                    other => out.push_str(&other.to_string()),
                }
                rest = &rest[start + end + 1..];
            }
            out.push_str(rest);
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, results, step)).collect::<Result<_, _>>()?),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| Ok((k.clone(), substitute(v, results, step)?))).collect::<Result<_, saasus::Error>>()?)
        }
        other => other.clone(),
    })
}

/// Runs `steps` in order, each with the results of those before it; the results by name.
pub(crate) async fn apply(client: &saasus::Client, steps: &[Value], label: &str) -> Result<Map<String, Value>, saasus::Error> {
    let all = saasus::dynamic::operations();
    let mut results = Map::new();
    for (i, step) in steps.iter().enumerate() {
        let name = step.get("name").and_then(Value::as_str).map_or_else(|| format!("step {}", i + 1), str::to_string);
        let words: Vec<&str> = step.get("operation").and_then(Value::as_str).unwrap_or_default().split_whitespace().collect();
        let [api, group, operation] = words[..] else {
            return Err(invalid(&name, "operation must be the command's three words, e.g. \"auth tenant create-tenant\""));
        };
        let (op, _) = all
            .iter()
            .find(|(o, _)| o.api == api && o.tag.to_kebab_case() == group && o.name.to_kebab_case() == operation)
            .ok_or_else(|| invalid(&name, format!("no operation `{api} {group} {operation}` (saasus {api} --help lists them)")))?;
        let mut params = match substitute(step.get("params").unwrap_or(&Value::Null), &results, &name)? {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            _ => return Err(invalid(&name, "params must be an object")),
        };
        let mut path = Vec::new();
        for p in op.path_params {
            match params.remove(*p) {
                Some(Value::String(s)) => path.push(s),
                Some(other) => path.push(other.to_string()),
                None => return Err(invalid(&name, format!("params.{p} is required (a path parameter)"))),
            }
        }
        let input = (!params.is_empty()).then(|| Value::Object(params).to_string());
        let called = saasus::dynamic::call(client.clone(), op.api, op.name, path, input, false).await?;
        eprintln!("saasus {label}: {name}: {} ok", op.id);
        results.insert(name, called.value);
    }
    Ok(results)
}

/// The file's steps: JSON, or YAML when its name ends in `.yaml`/`.yml` (or it is not JSON).
fn steps(path: &str) -> Result<Vec<Value>, saasus::Error> {
    let text = std::fs::read_to_string(path).map_err(|e| invalid("FILE", format!("{path} could not be read: {e}")))?;
    let yaml = path.ends_with(".yaml") || path.ends_with(".yml");
    let file: Value = if yaml {
        serde_saphyr::from_str(&text).map_err(|e| invalid("FILE", format!("{path} is not YAML of a fixtures file: {e}")))?
    } else {
        serde_json::from_str(&text).map_err(|e| invalid("FILE", format!("{path} is not JSON (name it .yaml for YAML): {e}")))?
    };
    match file.get("fixtures") {
        Some(Value::Array(steps)) => Ok(steps.clone()),
        _ => Err(invalid("fixtures", "the file must hold a list named fixtures ({\"fixtures\": [ … ]})")),
    }
}

/// Runs `saasus fixtures FILE`; the exit code.
pub(crate) fn run(path: &str) -> i32 {
    let outcome = (|| {
        let steps = steps(path)?;
        let client = saasus::Client::new(crate::profile::config()?)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| saasus::Error::Transport { message: format!("no runtime: {e}"), connect: true })?;
        runtime.block_on(apply(&client, &steps, "fixtures"))
    })();
    match outcome {
        Ok(results) => {
            output::answer(&Value::Object(results));
            0
        }
        Err(e) => match output::error(&e) {
            0 => exit::USAGE,
            code => code,
        },
    }
}
