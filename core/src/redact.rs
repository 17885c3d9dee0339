//! Secrets in JSON bodies, hidden wherever a body is shown: the emulator's API log, and what an
//! [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) says was sent.

use serde_json::Value;

/// Whether a JSON key names a secret whose value must not be shown: a password, a token, a
/// secret, an SRP value, a signature or a code (verification, MFA, temp code).
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["password", "token", "secret", "srp_a", "signature"].iter().any(|s| k.contains(s)) || k == "code" || k.ends_with("_code")
}

/// Replaces the value of every secret key ([`is_secret_key`]) by `***`, at any depth.
pub fn secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_key(k) && !v.is_null() {
                    *v = Value::from("***");
                } else {
                    secrets(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(secrets),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
