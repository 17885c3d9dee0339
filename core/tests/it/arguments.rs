//! Arguments as the bindings hand them over (JSON keyed by field names): a name the operation
//! does not know is refused, naming it, instead of being dropped; fields newer than the SDK go
//! through the `extra_body` / `extra_query` escape hatch.

use crate::common;

use saasus::ops::{CreateTenant, GetAuthCredentials, GetTenant, GetTenants};
use saasus::{Error, decode_operation_input};
use serde_json::json;

fn invalid(e: Error) -> (String, String) {
    match e {
        Error::InvalidArgument { field, rule } => (field, rule),
        other => panic!("not an argument error: {other:?}"),
    }
}

fn tenant(extra: serde_json::Value) -> serde_json::Value {
    let mut v = json!({"name": "Acme", "attributes": {}, "back_office_staff_email": "ops@acme.example"});
    v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    v
}

#[test]
fn an_unknown_field_is_refused_by_name() {
    let (field, rule) = invalid(decode_operation_input::<CreateTenant>(tenant(json!({"nmae": "typo"}))).unwrap_err());
    assert_eq!(field, "nmae");
    assert_eq!(rule, "is not a field of CreateTenantParam (its fields: name, attributes, back_office_staff_email)");
    // Query names are checked as well, in either spelling.
    assert!(decode_operation_input::<GetAuthCredentials>(json!({"auth_flow": "refreshTokenAuth", "refresh_token": "t"})).is_ok());
    assert_eq!(invalid(decode_operation_input::<GetAuthCredentials>(json!({"auth_flwo": "x"})).unwrap_err()).0, "auth_flwo");
    // Operations without input take none.
    assert_eq!(invalid(decode_operation_input::<GetTenants>(json!({"limit": 3})).unwrap_err()).0, "limit");
}

#[test]
fn the_escape_hatch_fits_the_operation_and_does_not_shadow_its_fields() {
    let (_, extra) = decode_operation_input::<CreateTenant>(tenant(json!({"extra_body": {"new_field": [1, 2]}}))).unwrap();
    assert_eq!(extra.unwrap().get("new_field"), Some(&json!([1, 2])));
    let (field, rule) = invalid(decode_operation_input::<CreateTenant>(tenant(json!({"extra_body": {"name": "B"}}))).unwrap_err());
    assert_eq!((field.as_str(), rule.as_str()), ("extra_body.name", "is a field of create_tenant; pass it as an argument of its own"));
    let (field, rule) = invalid(decode_operation_input::<CreateTenant>(tenant(json!({"extra_query": {"a": 1}}))).unwrap_err());
    assert_eq!((field.as_str(), rule.as_str()), ("extra_query", "create_tenant sends no query; use extra_body"));
    assert_eq!(invalid(decode_operation_input::<GetTenant>(json!({"extra_body": {}})).unwrap_err()).0, "extra_body");
    assert_eq!(invalid(decode_operation_input::<CreateTenant>(tenant(json!({"extra_body": [1]}))).unwrap_err()).0, "extra_body");
    let (_, extra) = decode_operation_input::<GetAuthCredentials>(json!({"code": "c", "extra_query": {"new-param": "v"}})).unwrap();
    assert_eq!(extra.unwrap().get("new-param"), Some(&json!("v")));
}

#[tokio::test]
async fn extra_body_fields_are_sent_beside_the_typed_ones() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let (input, extra) = decode_operation_input::<CreateTenant>(tenant(json!({"extra_body": {"field_from_the_future": true}}))).unwrap();
    let created = c.execute_with_extra::<CreateTenant>(&[], &input, extra.as_ref()).await.unwrap();
    assert_eq!(created.name, "Acme");
    emu.stop().await;
}
