//! `Client::prepare`: the request `execute` would send, built and signed without sending it.

use crate::common;

use saasus::models::{CreateTenantParam, GetUserInfoQuery, Tenant};
use saasus::signing::{self, Minute};
use saasus::{Client, Config, JsonObject, Method, RequestContext, ops};

const API_KEY: &str = "test-api-key-0001";
const SECRET_KEY: &str = "test-secret-key-do-not-use";
const SAAS_ID: &str = "98a48e6f-0b4d-4a5d-9c2f-123456789abc";

fn client() -> Client {
    Client::new(Config::new(API_KEY, SECRET_KEY, SAAS_ID).unwrap().with_base_url("http://127.0.0.1:8787/v1").unwrap()).unwrap()
}

/// Verifies the request's signature as the emulator does: the URL without its scheme, the body as sent.
fn verify(req: &saasus::PreparedRequest, secret_key: &str) -> Result<(), signing::VerifyError> {
    let auth = signing::parse_authorization(req.header("authorization").unwrap()).unwrap();
    signing::verify(
        &auth,
        API_KEY,
        SAAS_ID,
        secret_key,
        Minute::now(),
        req.method().as_str(),
        signing::url_without_scheme(req.url()),
        req.body().unwrap_or_default(),
    )
}

#[test]
fn path_parameters_are_percent_encoded_and_the_signature_verifies() {
    let req = client().prepare::<ops::GetTenant>(&["a/b c?d"], &()).unwrap();
    assert_eq!(req.method(), Method::Get);
    assert_eq!(req.url(), "http://127.0.0.1:8787/v1/auth/tenants/a%2Fb%20c%3Fd");
    assert_eq!(req.body(), None);
    assert_eq!(req.header("accept"), Some("application/json"));
    assert_eq!(req.header("content-type"), None);
    assert!(req.header("user-agent").unwrap().starts_with("saasus-rust/"));
    let auth = signing::parse_authorization(req.header("Authorization").unwrap()).unwrap();
    assert_eq!((auth.api_key.as_str(), auth.saas_id.as_str()), (API_KEY, SAAS_ID));
    assert_eq!(verify(&req, SECRET_KEY), Ok(()));
    assert_eq!(verify(&req, "another-secret"), Err(signing::VerifyError::BadSignature));
}

#[test]
fn the_body_is_the_json_that_is_signed() {
    let param = CreateTenantParam {
        name: "Acme".into(),
        attributes: [("plan".to_string(), serde_json::json!("pro"))].into_iter().collect::<JsonObject>(),
        back_office_staff_email: "ops@acme.example".into(),
    };
    let req = client().prepare::<ops::CreateTenant>(&[], &param).unwrap();
    assert_eq!(req.method(), Method::Post);
    assert_eq!(req.url(), "http://127.0.0.1:8787/v1/auth/tenants");
    assert_eq!(req.body().unwrap(), br#"{"name":"Acme","attributes":{"plan":"pro"},"back_office_staff_email":"ops@acme.example"}"#);
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(verify(&req, SECRET_KEY), Ok(()));
}

#[test]
fn the_query_is_signed_and_debug_shows_no_secret() {
    let client = client()
        .with_context(RequestContext { referer: Some("https://app.example/".into()), x_saasus_referer: None, trace_id: Some("t-1".into()) })
        .unwrap();
    let req = client.prepare::<ops::GetUserInfo>(&[], &GetUserInfoQuery { token: "id.token/secret=".into() }).unwrap();
    assert_eq!(req.url(), "http://127.0.0.1:8787/v1/auth/userinfo?token=id.token%2Fsecret%3D");
    assert_eq!(req.header("referer"), Some("https://app.example/"));
    assert_eq!(req.header("x-saasus-trace-id"), Some("t-1"));
    assert_eq!(req.header("x-saasus-referer"), None);
    assert_eq!(verify(&req, SECRET_KEY), Ok(()));

    let sig = signing::parse_authorization(req.header("authorization").unwrap()).unwrap().signature;
    let debug = format!("{req:?} {client:?}");
    for secret in [sig.as_str(), SECRET_KEY, "id.token"] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
    assert!(debug.contains("/v1/auth/userinfo?…"), "{debug}");
}

#[test]
fn bad_arguments_are_refused_before_anything_is_signed() {
    let e = client().prepare::<ops::GetTenant>(&[""], &()).unwrap_err();
    assert_eq!(e, saasus::Error::InvalidArgument { field: "tenant_id".into(), rule: "must not be empty".into() });
}

/// What `prepare` returns is what a stack of one's own can send: the emulator accepts it.
#[tokio::test]
async fn a_prepared_request_sent_by_another_http_client_is_accepted() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let param = CreateTenantParam {
        name: "Prepared".into(),
        attributes: JsonObject::new(),
        back_office_staff_email: "ops@prepared.example".into(),
    };
    let req = client.prepare::<ops::CreateTenant>(&[], &param).unwrap();
    let mut http = reqwest::Client::new().post(req.url());
    for (name, value) in req.headers() {
        http = http.header(name, value);
    }
    let resp = http.body(req.body().unwrap().to_vec()).send().await.unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    let tenant: Tenant = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(client.auth().tenant().get_tenant(&tenant.id).await.unwrap().name, "Prepared");
}

/// The User-Agent is a header of each request (pools are shared across User-Agents), so it must
/// reach the wire: the emulator's request log shows each request's User-Agent as it arrived.
#[tokio::test]
async fn the_user_agent_of_each_client_is_on_the_wire() {
    let emu = common::emulator().await;
    for ua in ["first-agent/1", "second-agent/2"] {
        let e = Client::new_shared(emu.config().with_user_agent(ua)).unwrap().auth().tenant().get_tenant("t").await.unwrap_err();
        assert_eq!(e.status(), Some(404));
    }
    let seen: Vec<(String, String)> = common::seen_requests(&emu)
        .await
        .iter()
        .map(|r| (r["path"].as_str().unwrap().to_string(), r["user_agent"].as_str().unwrap_or("(none)").to_string()))
        .collect();
    let expected = |ua: &str| ("/v1/auth/tenants/t".to_string(), ua.to_string());
    assert_eq!(seen, [expected("first-agent/1"), expected("second-agent/2")]);
    emu.stop().await;
}
