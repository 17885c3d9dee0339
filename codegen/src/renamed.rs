//! Renamed fields (`saasus::renamed::RENAMED`) in Kotlin and Swift. Python and Node callers who
//! still pass the old name get the core's error at run time; a Kotlin or Swift caller still
//! writing `roleId = …` gets it from the compiler: a factory function beside the record (Kotlin,
//! `@Deprecated(level = ERROR)`) or an initializer (Swift, `@available(*, unavailable)`) that takes
//! the old name, whose message names the new one. Both are written from the record's fields, so a
//! field the spec adds later is carried through.

use crate::header;
use crate::types::all_types;
use saasus::model::{ModelInfo, TypeRef};
use saasus::naming::camel;
use saasus::renamed::{RENAMED, Renamed};
use std::fmt::Write;

pub fn files() -> Vec<(String, String)> {
    vec![("kotlin/src/main/kotlin/io/saasus/Renamed.kt".into(), kotlin()), ("swift/Sources/Saasus/Renamed.swift".into(), swift())]
}

/// The record a rename belongs to; the shims are written for Auth's records (the one rename so far).
fn model(r: &Renamed) -> ModelInfo {
    let (models, _) = all_types();
    let m = models.into_iter().find(|m| m.name == r.model);
    let m = m.unwrap_or_else(|| panic!("saasus::renamed: {} is not one of Auth's models: teach codegen/src/renamed.rs its API", r.model));
    assert!(m.fields.iter().any(|f| f.name == r.new), "saasus::renamed: {} has no field {}", r.model, r.new);
    m
}

/// (Kotlin, Swift) spelling of a field's type, as uniffi writes them.
fn types(ty: &TypeRef) -> (String, String) {
    match ty {
        TypeRef::String => ("kotlin.String".into(), "String".into()),
        TypeRef::Integer => ("kotlin.Long".into(), "Int64".into()),
        TypeRef::Number => ("kotlin.Double".into(), "Double".into()),
        TypeRef::Boolean => ("kotlin.Boolean".into(), "Bool".into()),
        TypeRef::Optional(inner) => {
            let (k, s) = types(inner);
            (format!("{k}?"), format!("{s}?"))
        }
        other => panic!("codegen/src/renamed.rs writes scalar fields only, not {other:?}"),
    }
}

fn message(r: &Renamed) -> String {
    let (old, new) = (camel(r.old), camel(r.new));
    format!("{old} was renamed {new} in SaaSus API {} ({}); pass {new} instead", r.since, r.meaning)
}

fn kotlin() -> String {
    let mut out = header("//");
    out.push_str("@file:Suppress(\"FunctionName\")\n\npackage io.saasus.models\n");
    for r in RENAMED {
        let m = model(r);
        let (old, new) = (camel(r.old), camel(r.new));
        // The old name goes last and without a default: a call that does not name it never
        // resolves here, and no positional call of the record's own fields is ambiguous.
        let others: Vec<_> = m.fields.iter().filter(|f| f.name != r.new).collect();
        let replace: Vec<String> =
            m.fields.iter().map(|f| if f.name == r.new { format!("{new} = {old}") } else { format!("{0} = {0}", camel(f.name)) }).collect();
        let _ = write!(
            out,
            "\n/** {old} was renamed {new} in SaaSus API {}: this takes the old name only to say so, at compile time. */\n\
             @Deprecated(\n    \"{}\",\n    ReplaceWith(\"{}({})\"),\n    DeprecationLevel.ERROR,\n)\n\
             fun {}(\n",
            r.since,
            message(r),
            m.name,
            replace.join(", "),
            m.name,
        );
        for f in &others {
            let default = if matches!(f.ty, TypeRef::Optional(_)) { " = null" } else { "" };
            let _ = writeln!(out, "    `{}`: {}{default},", camel(f.name), types(&f.ty).0);
        }
        let new_ty = &m.fields.iter().find(|f| f.name == r.new).expect("checked").ty;
        let _ = writeln!(out, "    `{old}`: {},", types(new_ty).0);
        let args: Vec<String> = m
            .fields
            .iter()
            .map(|f| if f.name == r.new { format!("`{new}` = `{old}`") } else { format!("`{0}` = `{0}`", camel(f.name)) })
            .collect();
        let _ = writeln!(out, "): {} = {}({})", m.name, m.name, args.join(", "));
    }
    out
}

fn swift() -> String {
    let mut out = header("//");
    out.push_str("\nimport Foundation\n");
    for r in RENAMED {
        let m = model(r);
        let (old, new) = (camel(r.old), camel(r.new));
        // Swift's labels keep their order: the old name stands where the new one does.
        let labels: String = m.fields.iter().map(|f| format!("{}:", camel(f.name))).collect();
        let params: Vec<String> = m
            .fields
            .iter()
            .map(|f| {
                let name = if f.name == r.new { old.clone() } else { camel(f.name) };
                let default = if matches!(f.ty, TypeRef::Optional(_)) && f.name != r.new { " = nil" } else { "" };
                format!("{name}: {}{default}", types(&f.ty).1)
            })
            .collect();
        let args: Vec<String> =
            m.fields.iter().map(|f| if f.name == r.new { format!("{new}: {old}") } else { format!("{0}: {0}", camel(f.name)) }).collect();
        let _ = write!(
            out,
            "\nextension {} {{\n    /// {old} was renamed {new} in SaaSus API {}: this takes the old name only to say so, at compile time.\n    \
             @available(*, unavailable, renamed: \"init({labels})\", message: \"{}\")\n    \
             public init({}) {{\n        self.init({})\n    }}\n}}\n",
            m.name,
            r.since,
            message(r),
            params.join(", "),
            args.join(", "),
        );
    }
    out
}
