//! Behaviour every surface gets from the core: retries, timeouts, login helpers, response
//! metadata — against the emulator, with its fault injection.

use crate::common;

use common::{PASSWORD, fast_retries};
use saasus::models::*;
use saasus::{Error, JsonObject};
use std::time::Duration;

#[tokio::test]
async fn idempotent_calls_are_retried_on_503_429_502_504() {
    let emu = common::emulator().await;
    let c = fast_retries(&emu);
    for status in [503, 429, 502, 504] {
        common::arm(&emu, serde_json::json!({"method": "GET", "path": "/v1/auth/tenants", "status": status, "count": 2})).await;
        assert!(c.auth().tenant().get_tenants().await.unwrap().tenants.is_empty(), "GET after two {status}s");
    }
    // Three failures exceed the default of two retries: the third is what the caller sees.
    common::arm(&emu, serde_json::json!({"method": "GET", "path": "/v1/auth/tenants", "status": 503, "count": 3})).await;
    let err = c.auth().tenant().get_tenants().await.unwrap_err();
    assert_eq!((err.status(), err.as_api().unwrap().error_type.as_str()), (Some(503), "injected_fault"));
    // PUT and DELETE are idempotent too.
    common::arm(&emu, serde_json::json!({"method": "PUT", "path": "/v1/auth/auth-info", "status": 503, "count": 1})).await;
    c.auth().auth_info().update_auth_info(&UpdateAuthInfoParam { callback_url: "https://app.example.com/cb".into() }).await.unwrap();
    emu.stop().await;
}

#[tokio::test]
async fn post_and_patch_are_not_retried_once_sent() {
    let emu = common::emulator().await;
    let c = fast_retries(&emu);
    common::arm(&emu, serde_json::json!({"method": "POST", "path": "/v1/auth/roles", "status": 503, "count": 1})).await;
    let err = c.auth().role().create_role(&CreateRoleParam { role_name: "admin".into(), display_name: "Admin".into() }).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(c.auth().role().get_roles().await.unwrap().roles.is_empty(), "the POST was not repeated");
    common::arm(&emu, serde_json::json!({"method": "PATCH", "path": "/v1/auth/customize-pages", "status": 502, "count": 1})).await;
    let err = c
        .auth()
        .basic_info()
        .update_customize_pages(&UpdateCustomizePagesParam { sign_up_page: None, sign_in_page: None, password_reset_page: None })
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    emu.stop().await;
}

#[tokio::test]
async fn retry_after_is_honoured_and_max_retries_configurable() {
    let emu = common::emulator().await;
    let none = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    common::arm(&emu, serde_json::json!({"path": "/v1/auth/envs", "status": 503, "count": 1})).await;
    assert_eq!(none.auth().env().get_envs().await.unwrap_err().status(), Some(503), "no retries when max_retries is 0");

    // With Retry-After: 1 the client waits about a second instead of its 5 ms backoff. The wait is
    // the behaviour, so it is timed, but only from below: a slow machine lengthens the call and
    // cannot fail this; only a client that did not wait can.
    let c = fast_retries(&emu);
    common::arm(&emu, serde_json::json!({"path": "/v1/auth/envs", "status": 429, "retry_after": 1, "count": 1})).await;
    let started = std::time::Instant::now();
    assert_eq!(c.auth().env().get_envs().await.unwrap().envs.len(), 3);
    assert!(started.elapsed() >= Duration::from_millis(900), "Retry-After was not honoured: {:?}", started.elapsed());
    emu.stop().await;
}

#[tokio::test]
async fn a_stalled_response_is_a_timeout_error() {
    let emu = common::emulator().await;
    let c = saasus::Client::new(emu.config().with_timeout(Duration::from_millis(200)).unwrap()).unwrap();
    common::arm(&emu, serde_json::json!({"path": "/v1/auth/tenants", "stall_ms": 3000, "count": 1})).await;
    let err = c.auth().tenant().get_tenants().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    emu.stop().await;
}

#[tokio::test]
async fn login_helpers_from_temp_code_to_roles() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let t = common::tenant(&c, "Acme").await;
    let u = common::user(&c, "alice@example.com").await;
    common::role(&c, "admin").await;
    common::role(&c, "viewer").await;
    let tu = c.auth().tenant_user();
    tu.create_tenant_user(&t.id, &CreateTenantUserParam { email: Some(u.email.clone()), sign_in_id: None, attributes: JsonObject::new() })
        .await
        .unwrap();
    tu.create_tenant_user_roles(&t.id, &u.id, 3, &CreateTenantUserRolesParam { role_names: vec!["admin".into()] }).await.unwrap();
    tu.create_tenant_user_roles(&t.id, &u.id, 1, &CreateTenantUserRolesParam { role_names: vec!["viewer".into()] }).await.unwrap();

    let tokens = common::sign_in(&c, "alice@example.com", PASSWORD).await.unwrap();
    let code = c
        .auth()
        .credential()
        .create_auth_credentials(&CreateAuthCredentialsParam {
            id_token: tokens.id_token.clone(),
            access_token: tokens.access_token.clone(),
            refresh_token: tokens.refresh_token.clone(),
        })
        .await
        .unwrap()
        .code;
    let creds = c.exchange_temp_code(&code).await.unwrap();
    let header = format!("Bearer {}", creds.id_token);
    let user = c.authenticate(saasus::bearer_token(&header).unwrap()).await.unwrap();
    assert_eq!(user.id, u.id);
    assert!(user.has_role(&t.id, "admin", Some(3)));
    assert!(!user.has_role(&t.id, "admin", Some(1)));
    assert!(user.has_role(&t.id, "viewer", None));
    assert!(!user.has_role("other-tenant", "admin", None));
    assert_eq!(user.roles(&t.id, None), vec!["admin", "viewer"]);
    assert_eq!(user.tenant(&t.id).unwrap().name, "Acme");

    let refreshed = c.refresh(creds.refresh_token.as_deref().unwrap()).await.unwrap();
    assert_eq!(c.authenticate(&refreshed.id_token).await.unwrap().id, u.id);
    assert_eq!(c.authenticate("forged-token").await.unwrap_err().status(), Some(401));
    assert_eq!(
        c.exchange_temp_code(" ").await.unwrap_err(),
        Error::InvalidArgument { field: "code".into(), rule: "must not be empty".into() }
    );
    assert_eq!(saasus::bearer_token("bearer  tok "), Some("tok"));
    assert_eq!(saasus::bearer_token("Bearer"), None);
    emu.stop().await;
}

#[tokio::test]
async fn results_carry_the_trace_id_on_request() {
    let emu = common::emulator().await;
    let c = common::client(&emu).with_context(saasus::RequestContext { trace_id: Some("trace-42".into()), ..Default::default() }).unwrap();
    let r = c.execute_with_response::<saasus::ops::GetEnvs>(&[], &()).await.unwrap();
    assert_eq!((r.status, r.trace_id.as_deref(), r.value.envs.len()), (200, Some("trace-42"), 3));
    emu.stop().await;
}

#[tokio::test]
async fn unknown_enum_values_and_fields_decode() {
    // Forward compatibility: a value or field this SDK does not know must not fail a call.
    let t: Attribute = serde_json::from_str(r#"{"attribute_name":"a","display_name":"A","attribute_type":"color","new_field":1}"#).unwrap();
    assert_eq!(t.attribute_type, AttributeType::Unknown { value: "color".into() });
    assert_eq!(serde_json::to_string(&t.attribute_type).unwrap(), "\"color\"", "sent back unchanged");
    let sent =
        serde_json::to_string(&CreateSaasUserParam { email: Some("a@example.com".into()), sign_in_id: None, password: None }).unwrap();
    assert_eq!(sent, r#"{"email":"a@example.com"}"#, "optional fields are omitted, not null");
}

#[tokio::test]
async fn shared_clients_share_one_pool_and_still_work_apart() {
    let emu = common::emulator().await;
    let a = saasus::Client::new_shared(emu.config()).unwrap();
    let b = saasus::Client::new_shared(emu.config()).unwrap();
    let (ea, eb) = (a.auth().env(), b.auth().env());
    let (x, y) = tokio::join!(ea.get_envs(), eb.get_envs());
    assert_eq!((x.unwrap().envs.len(), y.unwrap().envs.len()), (3, 3));
    let mut wrong = emu.config();
    wrong.secret_key = saasus::Secret::new("another-secret");
    let c = saasus::Client::new_shared(wrong).unwrap();
    assert_eq!(c.auth().env().get_envs().await.unwrap_err().status(), Some(401), "sharing a pool shares no credentials");
    emu.stop().await;
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured_and_every_wait_capped() {
    let emu = common::emulator().await;
    let c = fast_retries(&emu);
    let fault = serde_json::json!({"path": "/v1/auth/envs", "status": 503, "retry_after": 2, "retry_after_as_date": true, "count": 1});
    common::arm(&emu, fault).await;
    let started = std::time::Instant::now();
    let r = c.execute_with_response::<saasus::ops::GetEnvs>(&[], &()).await.unwrap();
    assert_eq!((r.status, r.attempts), (200, 2));
    // An HTTP date has whole seconds: two seconds ahead is more than one from now. (A lower bound,
    // as above: slowness cannot fail it.)
    assert!(started.elapsed() >= Duration::from_millis(900), "the date was not honoured: {:?}", started.elapsed());

    // An hour's Retry-After, capped at 50 ms: the call is answered, not held for the hour (or
    // for the default cap's 30 s, past the 10 s this test allows: a must-not-hang guard, 200
    // times the capped wait, not a measure of speed).
    let capped = saasus::Client::new(
        emu.config().with_retry_base_delay(Duration::from_millis(5)).with_max_retry_delay(Duration::from_millis(50)).unwrap(),
    )
    .unwrap();
    common::arm(&emu, serde_json::json!({"path": "/v1/auth/envs", "status": 429, "retry_after": 3600, "count": 1})).await;
    let envs = tokio::time::timeout(Duration::from_secs(10), capped.auth().env().get_envs()).await.expect("the wait was capped");
    assert_eq!(envs.unwrap().envs.len(), 3);
    emu.stop().await;
}

#[tokio::test]
async fn call_options_set_timeout_retries_and_trace_id_for_a_derived_clients_calls() {
    let emu = common::emulator().await;
    let c = fast_retries(&emu);
    let no_retries = c.with_options(saasus::CallOptions { max_retries: Some(0), ..Default::default() }).unwrap();
    common::arm(&emu, serde_json::json!({"path": "/v1/auth/envs", "status": 503, "count": 1})).await;
    assert_eq!(no_retries.auth().env().get_envs().await.unwrap_err().status(), Some(503));
    common::arm(&emu, serde_json::json!({"path": "/v1/auth/envs", "status": 503, "count": 1})).await;
    assert_eq!(c.auth().env().get_envs().await.unwrap().envs.len(), 3, "the parent client still retries");

    let quick = no_retries.with_options(saasus::CallOptions { timeout: Some(Duration::from_millis(200)), ..Default::default() }).unwrap();
    assert_eq!(quick.options().max_retries, Some(0), "a later with_options keeps what it does not set");
    common::arm(&emu, serde_json::json!({"path": "/v1/auth/tenants", "stall_ms": 3000, "count": 1})).await;
    assert!(matches!(quick.auth().tenant().get_tenants().await.unwrap_err(), Error::Timeout { .. }));

    let context = saasus::RequestContext { trace_id: Some("from-context".into()), ..Default::default() };
    let traced =
        c.with_context(context).unwrap().with_options(saasus::CallOptions { trace_id: Some("call-7".into()), ..Default::default() });
    let r = traced.unwrap().execute_with_response::<saasus::ops::GetEnvs>(&[], &()).await.unwrap();
    assert_eq!((r.trace_id.as_deref(), r.attempts), (Some("call-7"), 1));
    assert!(r.header("Content-Type").is_some_and(|v| v.starts_with("application/json")), "{:?}", r.headers().collect::<Vec<_>>());
    assert!(r.headers().any(|(name, _)| name == "x-saasus-trace-id"));

    let bad = |o: saasus::CallOptions| c.with_options(o).unwrap_err().to_string();
    assert_eq!(
        bad(saasus::CallOptions { max_retries: Some(11), ..Default::default() }),
        "invalid argument max_retries: must be at most 10"
    );
    assert!(bad(saasus::CallOptions { timeout: Some(Duration::ZERO), ..Default::default() }).starts_with("invalid argument timeout:"));
    assert!(bad(saasus::CallOptions { trace_id: Some("a\nb".into()), ..Default::default() }).starts_with("invalid argument trace_id:"));
    // Empty would send an empty header; `é` would reach the platform in whichever charset it reads.
    assert_eq!(
        bad(saasus::CallOptions { trace_id: Some(String::new()), ..Default::default() }),
        "invalid argument trace_id: must not be empty or blank (leave it out to send none)"
    );
    assert!(
        bad(saasus::CallOptions { trace_id: Some(" ".into()), ..Default::default() })
            .starts_with("invalid argument trace_id: must not be empty")
    );
    let non_ascii = bad(saasus::CallOptions { trace_id: Some("caf\u{e9}".into()), ..Default::default() });
    assert!(non_ascii.starts_with("invalid argument trace_id: must be printable ASCII") && non_ascii.contains("non-ASCII"), "{non_ascii}");
    let referer = saasus::RequestContext { referer: Some("https://app.example/caf\u{e9}".into()), ..Default::default() };
    assert!(c.with_context(referer).unwrap_err().to_string().starts_with("invalid argument referer: must be printable ASCII"));
    // Spaces and tabs inside a value stay allowed, as HTTP allows them.
    c.with_context(saasus::RequestContext { x_saasus_referer: Some("a b\tc".into()), ..Default::default() }).unwrap();
    emu.stop().await;
}

#[tokio::test]
async fn an_observer_sees_each_answer_and_the_call_its_value() {
    let emu = common::emulator().await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let c = common::client(&emu).with_options(saasus::CallOptions { trace_id: Some("t-obs".into()), ..Default::default() }).unwrap();
    let observed = c.observing(std::sync::Arc::new(move |r: saasus::Response<()>| {
        let content_type = r.header("content-type").unwrap_or_default().to_string();
        sink.lock().unwrap().push((r.status, r.trace_id.clone(), r.attempts, content_type));
    }));
    assert_eq!(observed.auth().env().get_envs().await.unwrap().envs.len(), 3);
    // Derived clients keep observing; an error is the caller's, not the observer's.
    assert!(observed.with_context(saasus::RequestContext::default()).unwrap().auth().tenant().get_tenant("missing").await.is_err());
    assert_eq!(c.auth().env().get_envs().await.unwrap().envs.len(), 3, "the client it came from observes nothing");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!((seen[0].0, seen[0].1.as_deref(), seen[0].2), (200, Some("t-obs"), 1));
    assert!(seen[0].3.starts_with("application/json"), "{seen:?}");
    emu.stop().await;
}

#[tokio::test]
async fn the_application_is_named_in_the_user_agent() {
    let emu = common::emulator().await;
    let app = saasus::AppInfo::new("acme-billing").version("2.3.1").url("https://acme.example");
    let c = saasus::Client::new(emu.config().with_app_info(app).unwrap()).unwrap();
    let sent = c.prepare::<saasus::ops::GetEnvs>(&[], &()).unwrap();
    let want = format!("saasus-rust/{} acme-billing/2.3.1 (https://acme.example)", saasus::VERSION);
    assert_eq!(sent.header("user-agent"), Some(want.as_str()));
    assert_eq!(c.auth().env().get_envs().await.unwrap().envs.len(), 3);
    emu.stop().await;
}
