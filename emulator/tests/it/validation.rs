//! Bodies and queries are checked against the spec's models before a handler sees them: a value
//! the spec does not allow is a 400 `invalid_request` naming the field, and nothing is stored.

use crate::support;

use saasus_emulator::{Emulator, Options};
use support::signed;

async fn refused(emu: &Emulator, method: &str, path: &str, body: &str, message: &str) {
    let (status, json) = signed(emu, method, path, body).await;
    assert_eq!((status, json["type"].as_str()), (400, Some("invalid_request")), "{method} {path} {body}: {json}");
    assert_eq!(json["message"], message, "{method} {path} {body}");
}

#[tokio::test]
async fn an_enum_value_outside_the_spec_is_refused_and_not_stored() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let (_, before) = signed(&emu, "GET", "/v1/auth/sign-in-settings", "").await;
    refused(
        &emu,
        "PUT",
        "/v1/auth/sign-in-settings",
        r#"{"mfa_configuration":{"mfa_configuration":"__not_in_enum__"}}"#,
        "mfa_configuration.mfa_configuration: must be one of on, optional",
    )
    .await;
    let (_, after) = signed(&emu, "GET", "/v1/auth/sign-in-settings", "").await;
    assert_eq!(before, after);
    refused(&emu, "PUT", "/v1/auth/identity-providers", r#"{"provider":"Facebook"}"#, "provider: must be one of Google").await;
    emu.stop().await;
}

#[tokio::test]
async fn missing_fields_and_wrong_types_are_named_with_their_path() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    refused(&emu, "POST", "/v1/auth/roles", r#"{"role_name":"admin"}"#, "display_name: is required").await;
    refused(&emu, "POST", "/v1/auth/roles", r#"{"role_name":"admin","display_name":7}"#, "display_name: must be a string").await;
    refused(
        &emu,
        "PUT",
        "/v1/auth/sign-in-settings",
        r#"{"password_policy":{"minimum_length":"8","is_require_lowercase":true,"is_require_numbers":true,"is_require_symbols":true,"is_require_uppercase":true,"temporary_password_validity_days":7}}"#,
        "password_policy.minimum_length: must be an integer",
    )
    .await;
    refused(&emu, "POST", "/v1/auth/tenants", "[]", "body: must be an object (CreateTenantParam)").await;
    emu.stop().await;
}

#[tokio::test]
async fn query_parameters_are_checked_against_their_model() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    refused(
        &emu,
        "GET",
        "/v1/auth/credentials?code=x&auth-flow=__not_in_enum__",
        "",
        "auth-flow: must be one of tempCodeAuth, refreshTokenAuth",
    )
    .await;
    refused(&emu, "GET", "/v1/auth/tenants/all/users/search?env_id=three", "", "env_id: must be an integer").await;
    refused(&emu, "GET", "/v1/auth/userinfo", "", "token: is required").await;
    // The spec's `minimum: 1`, and one value per parameter.
    refused(&emu, "GET", "/v1/auth/tenants/all/users/search?env_id=0", "", "env_id: must be at least 1").await;
    refused(&emu, "GET", "/v1/auth/tenants/all/users/search?limit=1&limit=2", "", "limit: is given more than once").await;
    // Numbers arrive as strings and are read as the numbers they spell.
    let (status, json) = signed(&emu, "GET", "/v1/auth/tenants/all/users/search?env_id=3&limit=5", "").await;
    assert_eq!(status, 200, "{json}");
    emu.stop().await;
}
