//! The exception classes of the Python and Node bindings, from the core's one list of them
//! (`saasus::ERROR_CLASSES`): `python/saasus/_errors.py`, `node/error-classes.js`, and the
//! declarations that the TypeScript and Python stub generators add; and for Swift, whose one error
//! enum has a case per kind, the same hierarchy as `SaasusError.Class`.

use saasus::error::Selects;
use saasus::{ERROR_CLASSES, ErrorClass};
use std::fmt::Write;

/// The code Node gives an error that is a bug of the SDK itself (a caught panic), beside the classes' own.
pub const NODE_INTERNAL_CODE: &str = "SAASUS_INTERNAL";

pub fn files() -> Vec<(String, String)> {
    vec![
        ("python/saasus/_errors.py".into(), python()),
        ("node/error-classes.js".into(), node()),
        ("swift/Sources/Saasus/ErrorClass.swift".into(), swift()),
    ]
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
    let classes: Vec<String> = ERROR_CLASSES.iter().map(|c| format!("{:?}: {}", c.name, c.name)).collect();
    let _ = writeln!(
        out,
        "\n\n# Called by the native module to build the exception of a core error, of the class the core chose\n\
         # (`saasus::ErrorView`).\n_from_native = _error_factory({{{}}})",
        classes.join(", "),
    );
    let names: Vec<String> = ERROR_CLASSES.iter().map(|c| format!("{:?}", c.name)).collect();
    let _ = write!(out, "\n__all__ = [{}]\n\nfor _name in __all__:\n    globals()[_name].__module__ = \"saasus\"\n", names.join(", "));
    out
}

fn node() -> String {
    let mut out = crate::header("//");
    out.push_str(
        "'use strict'\n// The error classes of saasus below SaasusError (defined in errors.js), from the core's one list\n\
         // of them; the native error names its class and `code` (the core's `ErrorView`).\n\n\
         module.exports = (SaasusError) => {\n",
    );
    for c in ERROR_CLASSES.iter().filter(|c| c.parent.is_some()) {
        let parent = by_name(c.parent.unwrap_or_default()).node_name;
        let _ = writeln!(out, "  /** {} */\n  class {} extends {parent} {{}}", c.doc, c.node_name);
    }
    let classes: Vec<&str> = ERROR_CLASSES.iter().filter(|c| c.parent.is_some()).map(|c| c.node_name).collect();
    let _ = write!(out, "  return {{ {} }}\n}}\n", classes.join(", "));
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

/// The Swift case of a class: `NotFoundError` → `notFound`.
fn swift_case(name: &str) -> String {
    let base = name.strip_suffix("Error").unwrap_or(name);
    let mut chars = base.chars();
    chars.next().map(|f| f.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

fn swift() -> String {
    let mut out = crate::header("//");
    out.push_str(
        "\n/// The SDK's error hierarchy (Python's and Node's classes) for Swift's one error enum: which\n\
         /// class an error is, and what every case carries, without a pattern match.\n\
         extension SaasusError {\n    /// An error's class: an API answer by its status, or the kind of failure.\n    \
         public enum Class: String, Sendable, CaseIterable {\n",
    );
    let classes: Vec<&ErrorClass> = ERROR_CLASSES.iter().filter(|c| c.parent.is_some()).collect();
    for c in &classes {
        let _ = writeln!(out, "        /// {}\n        case {} = \"{}\"", c.doc, swift_case(c.name), c.name);
    }
    out.push_str("\n        /// The class it belongs to as well (`.notFound` is an `.api` error); nil for a top one.\n");
    out.push_str("        public var parent: Class? {\n            switch self {\n");
    for c in &classes {
        let parent = match c.parent {
            Some(p) if by_name(p).parent.is_some() => format!(".{}", swift_case(p)),
            _ => "nil".into(),
        };
        let _ = writeln!(out, "            case .{}: return {parent}", swift_case(c.name));
    }
    out.push_str("            }\n        }\n\n        /// Node's stable `code` for it.\n        public var code: String {\n            switch self {\n");
    for c in &classes {
        let _ = writeln!(out, "            case .{}: return \"{}\"", swift_case(c.name), c.code);
    }
    out.push_str("            }\n        }\n    }\n\n");
    out.push_str("    /// The most specific class of this error.\n    public var errorClass: Class {\n        switch self {\n");
    out.push_str("        case .Api(let status, _, _, _, _):\n            switch status {\n");
    for c in &classes {
        if let Selects::Status(n) = c.selects {
            let _ = writeln!(out, "            case {n}: return .{}", swift_case(c.name));
        }
    }
    for c in selected(|s| s == Selects::ServerStatus) {
        let _ = writeln!(out, "            case 500...599: return .{}", swift_case(c.name));
    }
    let api = selected(|s| s == Selects::Api).next().expect("an API error class");
    let _ = writeln!(out, "            default: return .{}\n            }}", swift_case(api.name));
    for c in &classes {
        if let Selects::Kind(k) = c.selects {
            let _ = writeln!(out, "        case .{k:?}: return .{}", swift_case(c.name));
        }
    }
    out.push_str("        }\n    }\n\n");
    out.push_str(SWIFT_ACCESSORS);
    out
}

const SWIFT_ACCESSORS: &str = r#"    /// Whether this error is of the class, or of one below it: `error.belongs(to: .api)` for any API answer.
    public func belongs(to cls: Class) -> Bool {
        var at: Class? = errorClass
        while let c = at {
            if c == cls { return true }
            at = c.parent
        }
        return false
    }

    /// The HTTP status of an API answer (or of an undecodable one), nil otherwise.
    public var status: Int32? {
        switch self {
        case .Api(let status, _, _, _, _), .Decode(let status, _, _): return status
        case .OutcomeUnknown(_, _, _, _, _, let status, _, _): return status
        default: return nil
        }
    }

    /// The trace id of the request (X-SaaSus-Trace-Id), where there was an answer.
    public var traceId: String? {
        switch self {
        case .Api(_, _, _, _, let traceId), .Decode(_, _, let traceId): return traceId
        case .OutcomeUnknown(_, _, _, _, _, _, _, let traceId): return traceId
        default: return nil
        }
    }
}
"#;
