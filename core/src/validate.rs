//! Checking a JSON value against a model's description ([`TypeRef`]) before it is decoded: the
//! SDK refuses fields it does not know (a misspelt keyword argument would otherwise be dropped
//! silently), and the emulator refuses enum values the spec does not allow (a real server would
//! not store them; the SDK's forward-compatible `Unknown` cases are for reading answers).

use crate::model::TypeRef;
use serde_json::Value;

/// A value that breaks its description, named by its path (`billing_info.address.city`,
/// `items[2].name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub rule: String,
}

impl Invalid {
    /// The same fault, named from one level up: `items[2]` under `plans` is `plans.items[2]`,
    /// `[2]` under `items` is `items[2]`.
    pub fn under(mut self, parent: &str) -> Self {
        self.field = match (self.field.is_empty(), self.field.starts_with('[')) {
            (true, _) => parent.to_string(),
            (false, true) => format!("{parent}{}", self.field),
            (false, false) => format!("{parent}.{}", self.field),
        };
        self
    }
}

/// What to do with an object key its model does not declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownFields {
    Refuse,
    Ignore,
}

/// Whether an enum accepts values outside its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enums {
    Open,
    Closed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub unknown_fields: UnknownFields,
    pub enums: Enums,
}

impl Rules {
    /// What the SDK sends: no field it does not know (use the `extra_body` escape hatch for
    /// fields newer than the SDK), any enum value (the server may know newer ones).
    pub const CLIENT: Rules = Rules { unknown_fields: UnknownFields::Refuse, enums: Enums::Open };
    /// What a server accepts: unknown fields ignored (older and newer clients alike), enum
    /// values only from the spec's list.
    pub const SERVER: Rules = Rules { unknown_fields: UnknownFields::Ignore, enums: Enums::Closed };
    /// What the SDK reads back of a value it wrote (`to_dict`/`to_json`, a pickle, a cache
    /// entry, a queued message), perhaps by another version of it during a rolling deploy:
    /// fields it does not know ignored at every depth, as in an API answer; types and required
    /// fields checked; any enum value.
    pub const STORED: Rules = Rules { unknown_fields: UnknownFields::Ignore, enums: Enums::Open };
}

/// Values nested deeper than this are refused rather than walked (the decoders recurse too).
pub const MAX_DEPTH: usize = 128;

/// Checks `value` against `ty`: object keys, required fields, JSON types, and (with
/// [`Enums::Closed`]) enum values. A free-form object ([`TypeRef::Json`]) is checked for depth only.
pub fn check(value: &Value, ty: &TypeRef, rules: Rules) -> Result<(), Invalid> {
    let mut path = String::new();
    walk(value, ty, rules, &mut path, 0)
}

fn walk(value: &Value, ty: &TypeRef, rules: Rules, path: &mut String, depth: usize) -> Result<(), Invalid> {
    if depth > MAX_DEPTH {
        return Err(invalid(path, format!("is nested deeper than {MAX_DEPTH} levels")));
    }
    match (ty, value) {
        (TypeRef::Optional(inner), v) => match v {
            Value::Null => Ok(()),
            v => walk(v, inner, rules, path, depth),
        },
        (TypeRef::Any | TypeRef::Unit, v) => bounded(v, path, depth),
        (TypeRef::String, Value::String(_)) => Ok(()),
        (TypeRef::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
        (TypeRef::Integer, _) => Err(invalid(path, "must be an integer".into())),
        (TypeRef::Number, Value::Number(_)) => Ok(()),
        (TypeRef::Boolean, Value::Bool(_)) => Ok(()),
        (TypeRef::Json, Value::Object(_)) => bounded(value, path, depth),
        (TypeRef::Json, _) => Err(invalid(path, "must be an object".into())),
        (TypeRef::List(item), Value::Array(items)) => {
            let len = path.len();
            for (i, v) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                walk(v, item, rules, path, depth + 1)?;
                path.truncate(len);
            }
            Ok(())
        }
        (TypeRef::List(_), _) => Err(invalid(path, "must be a list".into())),
        (TypeRef::Map(item), Value::Object(map)) => {
            let len = path.len();
            for (k, v) in map {
                push_field(path, k);
                walk(v, item, rules, path, depth + 1)?;
                path.truncate(len);
            }
            Ok(())
        }
        (TypeRef::Union(info), Value::Object(map)) => {
            let info = info();
            let kind = match map.get(info.discriminator) {
                Some(Value::String(kind)) => kind,
                Some(_) => return Err(invalid(&child(path, info.discriminator), "must be a string".into())),
                None => return Err(invalid(&child(path, info.discriminator), "is required".into())),
            };
            match info.variants.iter().find(|(_, wire, _)| wire == kind) {
                Some((_, _, variant)) => walk(value, variant, rules, path, depth),
                None if rules.enums == Enums::Closed => {
                    let allowed: Vec<&str> = info.variants.iter().map(|(_, w, _)| *w).collect();
                    Err(invalid(&child(path, info.discriminator), format!("must be one of {}", allowed.join(", "))))
                }
                // A kind newer than this SDK: sent as given.
                None => bounded(value, path, depth),
            }
        }
        (TypeRef::Map(_), _) => Err(invalid(path, "must be an object".into())),
        (TypeRef::Union(info), _) => Err(invalid(path, format!("must be an object ({})", info().name))),
        (TypeRef::Enum(info), Value::String(s)) => {
            let info = info();
            if rules.enums == Enums::Closed && !info.values.iter().any(|(_, wire)| wire == s) {
                let allowed: Vec<&str> = info.values.iter().map(|(_, w)| *w).collect();
                return Err(invalid(path, format!("must be one of {}", allowed.join(", "))));
            }
            Ok(())
        }
        (TypeRef::Model(info), Value::Object(map)) => {
            let info = info();
            if rules.unknown_fields == UnknownFields::Refuse
                && let Some(unknown) = map.keys().find(|k| !info.fields.iter().any(|f| f.wire == k.as_str() || f.name == k.as_str()))
            {
                let known: Vec<&str> = info.fields.iter().map(|f| f.wire).collect();
                // An empty name would leave the path as it is: quote it so the error shows it.
                let field = if unknown.is_empty() { child(path, "\"\"") } else { child(path, unknown) };
                if let Some(r) = crate::renamed::renamed(info.name, unknown) {
                    return Err(invalid(&field, r.rule()));
                }
                return Err(invalid(
                    &field,
                    format!(
                        "is not a field of {} (its fields: {})",
                        info.name,
                        if known.is_empty() { "none".into() } else { known.join(", ") }
                    ),
                ));
            }
            let len = path.len();
            for f in &info.fields {
                let v = map.get(f.wire).or_else(|| map.get(f.name));
                push_field(path, f.wire);
                match v {
                    Some(v) => walk(v, &f.ty, rules, path, depth + 1)?,
                    None if !matches!(f.ty, TypeRef::Optional(_)) => return Err(invalid(path, "is required".into())),
                    None => {}
                }
                path.truncate(len);
            }
            Ok(())
        }
        (TypeRef::String | TypeRef::Enum(_), _) => Err(invalid(path, "must be a string".into())),
        (TypeRef::Number, _) => Err(invalid(path, "must be a number".into())),
        (TypeRef::Boolean, _) => Err(invalid(path, "must be a boolean".into())),
        (TypeRef::Model(info), _) => Err(invalid(path, format!("must be an object ({})", info().name))),
    }
}

/// Free-form JSON: any shape, but not deeper than [`MAX_DEPTH`].
fn bounded(value: &Value, path: &str, depth: usize) -> Result<(), Invalid> {
    if depth_exceeds(value, depth) { Err(invalid(path, format!("is nested deeper than {MAX_DEPTH} levels"))) } else { Ok(()) }
}

fn depth_exceeds(value: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    match value {
        Value::Array(items) => items.iter().any(|v| depth_exceeds(v, depth + 1)),
        Value::Object(map) => map.values().any(|v| depth_exceeds(v, depth + 1)),
        _ => false,
    }
}

fn child(path: &str, key: &str) -> String {
    let mut p = path.to_string();
    push_field(&mut p, key);
    p
}

fn push_field(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn invalid(path: &str, rule: String) -> Invalid {
    Invalid { field: if path.is_empty() { "body".into() } else { path.to_string() }, rule }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Describe;
    use crate::models::{GetAuthCredentialsQuery, UpdateSignInSettingsParam, UpdateTenantParam};
    use serde_json::json;

    #[test]
    fn unknown_fields_are_refused_for_the_client_and_ignored_by_the_server() {
        let ty = UpdateTenantParam::type_ref();
        let v = json!({"name": "a", "attributes": {}, "back_office_staff_email": "a@b.c", "nmae": "x"});
        let e = check(&v, &ty, Rules::CLIENT).unwrap_err();
        assert_eq!(e.field, "nmae");
        assert!(e.rule.starts_with("is not a field of UpdateTenantParam"), "{}", e.rule);
        assert_eq!(check(&v, &ty, Rules::SERVER), Ok(()));
    }

    #[test]
    fn a_stored_value_of_a_newer_release_keeps_its_types_checked_and_its_new_fields_ignored() {
        let ty = UpdateSignInSettingsParam::type_ref();
        let newer = json!({"mfa_configuration": {"mfa_configuration": "a_newer_value", "newer": 1}, "newer": {"x": []}});
        assert_eq!(check(&newer, &ty, Rules::STORED), Ok(()));
        assert_eq!(check(&newer, &ty, Rules::CLIENT).unwrap_err().field, "newer");
        let e = check(&json!({"mfa_configuration": {"mfa_configuration": 3, "newer": 1}}), &ty, Rules::STORED).unwrap_err();
        assert_eq!(e.field, "mfa_configuration.mfa_configuration");
    }

    #[test]
    fn enums_are_closed_for_the_server_only() {
        let ty = UpdateSignInSettingsParam::type_ref();
        let v = json!({"mfa_configuration": {"mfa_configuration": "__not_in_enum__"}});
        let e = check(&v, &ty, Rules::SERVER).unwrap_err();
        assert_eq!(e, Invalid { field: "mfa_configuration.mfa_configuration".into(), rule: "must be one of on, optional".into() });
        assert_eq!(check(&v, &ty, Rules::CLIENT), Ok(()));
        assert_eq!(check(&json!({"mfa_configuration": {"mfa_configuration": "on"}}), &ty, Rules::SERVER), Ok(()));
    }

    #[test]
    fn types_required_fields_and_depth_are_named() {
        let ty = UpdateTenantParam::type_ref();
        let e = check(&json!({"name": 1, "attributes": {}, "back_office_staff_email": "x"}), &ty, Rules::CLIENT).unwrap_err();
        assert_eq!(e, Invalid { field: "name".into(), rule: "must be a string".into() });
        let e = check(&json!({"name": "a", "attributes": {}}), &ty, Rules::CLIENT).unwrap_err();
        assert_eq!(e, Invalid { field: "back_office_staff_email".into(), rule: "is required".into() });
        let mut deep = json!(1);
        for _ in 0..(MAX_DEPTH + 5) {
            deep = json!([deep]);
        }
        let e = check(&json!({"name": "a", "attributes": {"x": deep}, "back_office_staff_email": "x"}), &ty, Rules::CLIENT).unwrap_err();
        assert_eq!(e.field, "attributes");
        assert!(e.rule.contains("nested deeper"));
        // Query models accept their Rust names too (`auth_flow` for `auth-flow`).
        let q = GetAuthCredentialsQuery::type_ref();
        assert_eq!(check(&json!({"auth_flow": "refreshTokenAuth", "refresh-token": "t"}), &q, Rules::CLIENT), Ok(()));
        assert_eq!(check(&json!({"auth_flow": 3}), &q, Rules::CLIENT).unwrap_err().field, "auth-flow");
    }
}
