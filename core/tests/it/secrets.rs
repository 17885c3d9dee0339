//! Secrets are hidden wherever a value is shown (Debug, Display, the bindings' views through
//! `redact::Shape`) and kept wherever it is serialised; the marks come from tools/specgen.py.

use saasus::model::{Describe, TypeRef};
use saasus::models::{ApiKeys, Credentials, RespondToSignInChallengeResult};
use saasus::redact::{self, Shape};
use serde_json::json;

const ID: &str = "eyJraWQiOiJpZC10b2tlbiJ9.payload.signature";
const ACCESS: &str = "access-token-value-1234";
const REFRESH: &str = "refresh-token-value-5678";

fn credentials(refresh: Option<&str>) -> Credentials {
    Credentials { id_token: ID.into(), access_token: ACCESS.into(), refresh_token: refresh.map(Into::into) }
}

fn assert_hidden(shown: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!shown.contains(s), "{s} is shown in {shown}");
    }
    assert!(shown.contains("\"***\""), "no *** in {shown}");
}

#[test]
fn debug_and_display_hide_every_token_and_keep_the_absent_one_absent() {
    let c = credentials(Some(REFRESH));
    assert_hidden(&format!("{c:?}"), &[ID, ACCESS, REFRESH]);
    assert_hidden(&format!("{c:#?}"), &[ID, ACCESS, REFRESH]);
    assert_hidden(&c.to_string(), &[ID, ACCESS, REFRESH]);
    assert!(format!("{:?}", credentials(None)).contains("refresh_token: None"));
}

#[test]
fn nested_and_listed_secrets_are_hidden_and_other_fields_shown() {
    let r = RespondToSignInChallengeResult {
        credentials: Some(credentials(Some(REFRESH))),
        session: Some("cognito-session-blob".into()),
        ..Default::default()
    };
    assert_hidden(&format!("{r:?}"), &[ID, ACCESS, REFRESH, "cognito-session-blob"]);
    let keys = ApiKeys { api_keys: vec!["key-one-0001".into(), "key-two-0002".into()] };
    assert_hidden(&format!("{keys:?}"), &["key-one-0001", "key-two-0002"]);
    let gw = saasus::apigateway::ApiKey {
        api_key: "gw-key-9999".into(),
        client_secret: "gw-secret-9999".into(),
        tenant_id: "tenant-42".into(),
        ..Default::default()
    };
    let shown = format!("{gw:?}");
    assert_hidden(&shown, &["gw-key-9999", "gw-secret-9999"]);
    assert!(shown.contains("tenant-42"), "{shown}");
}

#[test]
fn serialisation_keeps_every_secret() {
    let c = credentials(Some(REFRESH));
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v, json!({"id_token": ID, "access_token": ACCESS, "refresh_token": REFRESH}));
    assert_eq!(serde_json::from_value::<Credentials>(v).unwrap(), c);
}

#[test]
fn a_shape_hides_secrets_in_json_by_type_through_lists_options_and_unions() {
    let mut v = json!({"credentials": {"id_token": ID, "access_token": ACCESS, "refresh_token": null},
                       "session": "s", "challenge_name": "SMS_MFA"});
    redact::by_type(&mut v, &RespondToSignInChallengeResult::type_ref());
    assert_eq!(
        v,
        json!({"credentials": {"id_token": "***", "access_token": "***", "refresh_token": null},
                         "session": "***", "challenge_name": "SMS_MFA"})
    );
    let mut keys = json!({"api_keys": [{"api_key": "k", "client_secret": "c", "tenant_id": "t"}]});
    redact::by_type(&mut keys, &saasus::apigateway::ApiKeys::type_ref());
    assert_eq!(keys, json!({"api_keys": [{"api_key": "***", "client_secret": "***", "tenant_id": "t"}]}));
    assert_eq!(Shape::of(&saasus::models::Tenant::type_ref()), None, "a tenant holds no secret");
}

/// Every field of every operation's input and output whose name says "token", "secret",
/// "password", "code" or "key" is in the reviewed list, or here as reviewed and not secret: a field
/// the specs add later fails this test until someone decides.
#[test]
fn every_field_named_like_a_secret_is_marked_or_reviewed() {
    const NOT_SECRET: &[&str] = &[
        "password_policy",
        "temporary_password_validity_days",
        "forgot_password",
        "password_reset_page",
        "resend_code",
        "postal_code",
        "product_code",
        "internal_endpoint_health_status_codes",
        "site_key",
        "header_key",
        "device_key",
        "device_group_key",
    ];
    fn walk(ty: &TypeRef, depth: usize, found: &mut Vec<String>) {
        if depth > 12 {
            return;
        }
        match ty {
            TypeRef::Optional(t) | TypeRef::List(t) | TypeRef::Map(t) => walk(t, depth + 1, found),
            TypeRef::Model(info) => {
                let info = info();
                for f in &info.fields {
                    let named = ["token", "secret", "password", "code", "key"].iter().any(|w| f.wire.contains(w));
                    // A field whose value holds marked secrets (a list of API keys) is covered by them.
                    let holds_secrets = Shape::of(&f.ty).is_some();
                    if named && !f.secret && !holds_secrets && !NOT_SECRET.contains(&f.wire) {
                        found.push(format!("{}.{}", info.name, f.wire));
                    }
                    walk(&f.ty, depth + 1, found);
                }
            }
            TypeRef::Union(info) => info().variants.iter().for_each(|(_, _, t)| walk(t, depth + 1, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    let ops = saasus::operation::all();
    assert_eq!(ops.len(), 211);
    for op in &ops {
        walk(&(op.input)(), 0, &mut found);
        walk(&(op.output)(), 0, &mut found);
    }
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "fields named like secrets, neither in tools/specgen.py's SECRETS nor reviewed here: {found:?}");
}

#[test]
fn config_debug_shows_neither_key() {
    let config = saasus::Config::new("api-key-visible-0001", "secret-key-0002", "saas-id").unwrap();
    let shown = format!("{config:?}");
    assert!(!shown.contains("api-key-visible-0001") && !shown.contains("secret-key-0002"), "{shown}");
    assert!(shown.contains("saas-id"), "{shown}");
}
