//! Secrets hidden wherever a value is shown. A model's secret fields are marked once, by
//! tools/specgen.py's reviewed list ([`FieldInfo::secret`](crate::model::FieldInfo)): [`by_type`]
//! hides them in a typed value (Python's `repr`, Node's `util.inspect`, through [`Shape`]).
//! A body of unknown type (the emulator's API log, what an
//! [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) says was sent, the extra fields of
//! `extra_body`) is hidden by name, with [`secrets`].

use crate::model::TypeRef;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// What a hidden secret shows instead of its value.
pub const HIDDEN: &str = "***";

/// Whether a JSON key names a secret whose value must not be shown: a field of the reviewed
/// list ([`crate::SECRET_FIELDS`]), or a name that says so (a password, a token, a secret,
/// an SRP value, a signature or a code — verification, MFA, temp code).
pub fn is_secret_key(key: &str) -> bool {
    if crate::SECRET_FIELDS.contains(&key) {
        return true;
    }
    // One pass over the key, as if lowercased, without the allocation or a substring search's
    // setup: this runs on every key of every logged body.
    let k = key.as_bytes();
    let at = |i: usize, word: &[u8]| k.len() - i >= word.len() && k[i..i + word.len()].eq_ignore_ascii_case(word);
    let named = (0..k.len()).any(|i| match k[i].to_ascii_lowercase() {
        b'p' => at(i, b"password"),
        b't' => at(i, b"token"),
        b's' => at(i, b"secret") || at(i, b"srp_a") || at(i, b"signature"),
        _ => false,
    });
    named || key.eq_ignore_ascii_case("code") || k.len() >= 5 && k[k.len() - 5..].eq_ignore_ascii_case(b"_code")
}

/// Whether JSON text may hold a secret key ([`is_secret_key`]); `false` only when it cannot:
/// none of its object keys is one, and none of its strings has an escape (`\u0070assword` could
/// spell one). For skipping the parse of a body that [`secrets`] would leave as it is; text that
/// is not JSON gets an answer all the same, never a wrong `false` for JSON.
pub fn may_hold_secret(json: &[u8]) -> bool {
    let mut rest = json;
    // memchr's vectorised search: this runs over every answer the emulator logs.
    while let Some(open) = memchr::memchr(b'"', rest) {
        let string = &rest[open + 1..];
        let Some(len) = memchr::memchr2(b'"', b'\\', string) else { return true };
        if string[len] == b'\\' {
            return true;
        }
        let after = &string[len + 1..];
        // A key is a string followed by a colon.
        if after.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':') && std::str::from_utf8(&string[..len]).map_or(true, is_secret_key)
        {
            return true;
        }
        rest = after;
    }
    false
}

/// Replaces the value of every secret key ([`is_secret_key`]) by `***`, at any depth.
pub fn secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_key(k) && !v.is_null() {
                    *v = Value::from(HIDDEN);
                } else {
                    secrets(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(secrets),
        _ => {}
    }
}

/// Where a type's secrets are: the fields of its own that are secret, and the shapes of the
/// values below it that hold one. `None` from [`Shape::of`] when the type holds no secret.
/// Serialised for Node, which marks its plain result objects by it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Shape {
    /// The secret fields of this object, by JSON name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<&'static str>,
    /// Fields (by JSON name) whose value holds a secret further down.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub children: BTreeMap<&'static str, Shape>,
    /// For a list or a map: the shape of every item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub each: Option<Box<Shape>>,
    /// For a union: the discriminator field and the shape of each variant (by its value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub union: Option<(&'static str, BTreeMap<&'static str, Shape>)>,
}

impl Shape {
    /// The shape of `ty`'s secrets, or `None` when it holds none.
    pub fn of(ty: &TypeRef) -> Option<Shape> {
        Self::walk(ty, 0)
    }

    fn walk(ty: &TypeRef, depth: usize) -> Option<Shape> {
        // The models are not recursive; the bound keeps a future cycle from hanging.
        if depth > crate::validate::MAX_DEPTH {
            return None;
        }
        let shape = match ty {
            TypeRef::Optional(inner) => return Self::walk(inner, depth + 1),
            TypeRef::List(item) | TypeRef::Map(item) => Shape { each: Some(Box::new(Self::walk(item, depth + 1)?)), ..Shape::default() },
            TypeRef::Model(info) => {
                let info = info();
                let mut shape = Shape::default();
                for f in &info.fields {
                    if f.secret {
                        shape.fields.push(f.wire);
                    } else if let Some(child) = Self::walk(&f.ty, depth + 1) {
                        shape.children.insert(f.wire, child);
                    }
                }
                shape
            }
            TypeRef::Union(info) => {
                let info = info();
                let variants: BTreeMap<_, _> =
                    info.variants.iter().filter_map(|(_, wire, ty)| Some((*wire, Self::walk(ty, depth + 1)?))).collect();
                Shape { union: Some((info.discriminator, variants)), ..Shape::default() }
            }
            _ => return None,
        };
        let empty = shape.fields.is_empty()
            && shape.children.is_empty()
            && shape.each.is_none()
            && shape.union.as_ref().is_none_or(|(_, v)| v.is_empty());
        (!empty).then_some(shape)
    }

    /// Replaces every secret of `value` (a value of the type this shape is of) by `***`.
    pub fn hide(&self, value: &mut Value) {
        if let Some((tag, variants)) = &self.union {
            if let Some(variant) = value.get(*tag).and_then(Value::as_str).and_then(|k| variants.get(k)) {
                variant.hide(value);
            }
            return;
        }
        match value {
            Value::Object(map) => {
                for name in &self.fields {
                    if let Some(v) = map.get_mut(*name)
                        && !v.is_null()
                    {
                        *v = Value::from(HIDDEN);
                    }
                }
                for (name, child) in &self.children {
                    if let Some(v) = map.get_mut(*name) {
                        child.hide(v);
                    }
                }
                if let Some(each) = &self.each {
                    map.values_mut().for_each(|v| each.hide(v));
                }
            }
            Value::Array(items) => {
                if let Some(each) = &self.each {
                    items.iter_mut().for_each(|v| each.hide(v));
                }
            }
            _ => {}
        }
    }
}

/// Replaces the secrets of `value`, a value of type `ty` as JSON, by `***`.
pub fn by_type(value: &mut Value, ty: &TypeRef) {
    if let Some(shape) = Shape::of(ty) {
        shape.hide(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_hold_secret_is_false_only_where_secrets_changes_nothing() {
        let bodies: [&[u8]; 12] = [
            br#"{"id":"t1","name":"acme","attributes":{"plan":"gold"},"plan_histories":[]}"#,
            br#"{"id":"t1","description":"reset your password here","n":1.5}"#,
            br#"{"id":"t1", "Password" :"x"}"#,
            br#"{"users":[{"id":"u","attributes":{"IdToken":"x"}}]}"#,
            br#"{"verification_code":"1"}"#,
            br#"{"CODE":"1"}"#,
            br#"{"api_keys":["k"]}"#,
            br#"{"\u0070assword":"x"}"#,
            br#"{"name":"a \"quoted\" name"}"#,
            br#"{"unterminated"#,
            b"not json, password=x",
            b"",
        ];
        let expected = [false, false, true, true, true, true, true, true, true, true, false, false];
        for (body, expected) in bodies.iter().zip(expected) {
            assert_eq!(may_hold_secret(body), expected, "{}", String::from_utf8_lossy(body));
            if let (false, Ok(mut v)) = (expected, serde_json::from_slice::<Value>(body)) {
                let before = v.clone();
                secrets(&mut v);
                assert_eq!(v, before);
            }
        }
        for key in crate::SECRET_FIELDS {
            assert!(may_hold_secret(format!(r#"{{"a":{{"{key}":null}}}}"#).as_bytes()), "{key}");
        }
    }

    #[test]
    fn secret_keys_in_any_case() {
        for key in
            ["password", "NewPassword", "refresh_token", "IdToken", "client_secret", "code", "Code", "mfa_code", "SRP_A", "signature"]
        {
            assert!(is_secret_key(key), "{key}");
        }
        for key in ["id", "name", "codes", "encode", "sign", "tokens_left_x"] {
            assert_eq!(is_secret_key(key), key.contains("token"), "{key}");
        }
        // Long keys, and keys that are not ASCII, are judged alike.
        let long = "x".repeat(70);
        assert!(is_secret_key(&format!("{long}_AccessToken")) && is_secret_key(&format!("Password{long}")));
        assert!(!is_secret_key(&long) && !is_secret_key(&format!("{long}_codes")));
        assert!(is_secret_key("パスワード_password") && !is_secret_key("パスワード"));
    }

    #[test]
    fn secret_values_are_hidden_at_any_depth_and_the_rest_kept() {
        let mut v = serde_json::json!({"email": "a@b.c", "password": "P", "nested": {"refresh_token": "r", "PreviousPassword": "x"},
            "code": "c", "items": [{"id_token": "t"}], "count": 3, "verification_code": null});
        secrets(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"email": "a@b.c", "password": "***", "nested": {"refresh_token": "***", "PreviousPassword": "***"},
                "code": "***", "items": [{"id_token": "***"}], "count": 3, "verification_code": null})
        );
    }
}
