//! The exception classes of the Python and Node bindings, from the core's one list of them
//! (`saasus::ERROR_CLASSES`): `python/saasus/_errors.py`, `node/error-classes.js`, and the
//! declarations that the TypeScript and Python stub generators add.

use saasus::error::Selects;
use saasus::{ERROR_CLASSES, ErrorClass};
use std::fmt::Write;

/// The code Node gives an error that is a bug of the SDK itself (a caught panic), beside the classes' own.
pub const NODE_INTERNAL_CODE: &str = "SAASUS_INTERNAL";

pub fn files() -> Vec<(String, String)> {
    vec![("python/saasus/_errors.py".into(), python()), ("node/error-classes.js".into(), node())]
}

fn by_name(name: &str) -> &'static ErrorClass {
    ERROR_CLASSES.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no error class {name}"))
}

fn selected(pick: impl Fn(Selects) -> bool) -> impl Iterator<Item = &'static ErrorClass> {
    ERROR_CLASSES.iter().filter(move |c| pick(c.selects))
}

fn python() -> String {
    let mut out = crate::header("#");
    out.push_str(
        "\"\"\"The exceptions of saasus below `SaasusError` (defined in `_base`), from the core's one list of\n\
         them: each carries `status`, `type`, `message`, `data` and `trace_id`.\"\"\"\n\n\
         from __future__ import annotations\n\nimport builtins\n\nfrom ._base import SaasusError, _error_factory\n",
    );
    for c in ERROR_CLASSES.iter().filter(|c| c.parent.is_some()) {
        let mut bases = vec![c.parent.unwrap_or_default().to_string()];
        bases.extend(c.python_builtin.map(|b| format!("builtins.{b}")));
        let _ = writeln!(out, "\n\nclass {}({}):\n    \"\"\"{}\"\"\"", c.name, bases.join(", "), c.doc);
    }
    let status: Vec<String> = selected(|s| matches!(s, Selects::Status(_)))
        .map(|c| if let Selects::Status(n) = c.selects { format!("{n}: {}", c.name) } else { unreachable!() })
        .collect();
    let kinds: Vec<String> = selected(|s| matches!(s, Selects::Kind(_)))
        .map(|c| if let Selects::Kind(k) = c.selects { format!("{:?}: {}", k.as_str(), c.name) } else { unreachable!() })
        .collect();
    let one = |pick: fn(Selects) -> bool| selected(pick).next().map(|c| c.name).unwrap_or("SaasusError");
    let _ = write!(
        out,
        "\n\n# Called by the native module to build the exception of a core error.\n\
         _from_native = _error_factory(\n    by_status={{{}}},\n    by_kind={{{}}},\n    server={},\n    api={},\n    base=SaasusError,\n)\n",
        status.join(", "),
        kinds.join(", "),
        one(|s| s == Selects::ServerStatus),
        one(|s| s == Selects::Api),
    );
    let names: Vec<String> = ERROR_CLASSES.iter().map(|c| format!("{:?}", c.name)).collect();
    let _ = write!(out, "\n__all__ = [{}]\n\nfor _name in __all__:\n    globals()[_name].__module__ = \"saasus\"\n", names.join(", "));
    out
}

fn node() -> String {
    let mut out = crate::header("//");
    out.push_str(
        "'use strict'\n// The error classes of saasus below SaasusError (defined in errors.js), from the core's one list\n\
         // of them, each with its stable `code`: how errors.js maps a native error onto them.\n\n\
         module.exports = (SaasusError) => {\n",
    );
    for c in ERROR_CLASSES.iter().filter(|c| c.parent.is_some()) {
        let parent = by_name(c.parent.unwrap_or_default()).node_name;
        let _ = writeln!(out, "  /** {} */\n  class {} extends {parent} {{}}", c.doc, c.node_name);
    }
    let entry = |c: &ErrorClass| format!("[{}, '{}']", c.node_name, c.code);
    let status: Vec<String> = selected(|s| matches!(s, Selects::Status(_)))
        .map(|c| if let Selects::Status(n) = c.selects { format!("{n}: {}", entry(c)) } else { unreachable!() })
        .collect();
    let kinds: Vec<String> = selected(|s| matches!(s, Selects::Kind(_)))
        .map(|c| if let Selects::Kind(k) = c.selects { format!("{}: {}", k.as_str(), entry(c)) } else { unreachable!() })
        .collect();
    let classes: Vec<&str> = ERROR_CLASSES.iter().filter(|c| c.parent.is_some()).map(|c| c.node_name).collect();
    let one = |pick: fn(Selects) -> bool| selected(pick).next().map(entry).unwrap_or_default();
    let _ = write!(
        out,
        "  return {{\n    classes: {{ {} }},\n    byStatus: {{ {} }},\n    byKind: {{ {} }},\n    server: {},\n    api: {},\n  }}\n}}\n",
        classes.join(", "),
        status.join(", "),
        kinds.join(", "),
        one(|s| s == Selects::ServerStatus),
        one(|s| s == Selects::Api),
    );
    out
}

/// The TypeScript declarations of the classes and of their codes.
pub fn typescript() -> String {
    let mut out = String::from(
        "/** The stable `code` of each error class (SAASUS_INTERNAL: a bug of the SDK itself). */\nexport type SaasusErrorCode =\n",
    );
    let mut codes: Vec<String> = ERROR_CLASSES.iter().map(|c| format!("'{}'", c.code)).collect();
    codes.insert(1, format!("'{NODE_INTERNAL_CODE}'"));
    let _ = writeln!(out, "  | {}\n", codes.join(" | "));
    for c in ERROR_CLASSES.iter().filter(|c| c.parent.is_some()) {
        let parent = by_name(c.parent.unwrap_or_default()).node_name;
        let body = match c.selects {
            Selects::Api => "{\n  readonly status: number\n  readonly type: string\n}".to_string(),
            _ => "{}".to_string(),
        };
        let _ = writeln!(out, "/** {} */\nexport declare class {} extends {parent} {body}", c.doc, c.node_name);
    }
    out.push('\n');
    out
}

/// The class names, in the order `saasus.__all__` lists them (for the Python stubs).
pub fn python_names() -> Vec<&'static str> {
    ERROR_CLASSES.iter().map(|c| c.name).collect()
}
