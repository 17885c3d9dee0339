//! Faults fire only on requests that passed the signature check: an unsigned request is
//! refused with 401 and leaves the fault armed for the signed one.

use crate::support;

use saasus_emulator::{Emulator, Options};
use support::{signed, unsigned};

#[tokio::test]
async fn an_unsigned_request_does_not_consume_a_fault() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let (status, _) = unsigned(&emu, "POST", "/_emulator/faults", r#"{"path":"/v1/auth/tenants","status":503,"count":1}"#).await;
    assert_eq!(status, 201);

    let (status, body) = unsigned(&emu, "GET", "/v1/auth/tenants", "").await;
    assert_eq!((status, body["type"].as_str()), (401, Some("invalid_authorization")), "{body}");
    let (_, armed) = unsigned(&emu, "GET", "/_emulator/faults", "").await;
    assert_eq!(armed.as_array().map(Vec::len), Some(1), "the fault is still armed: {armed}");

    let (status, body) = signed(&emu, "GET", "/v1/auth/tenants", "").await;
    assert_eq!((status, body["type"].as_str()), (503, Some("injected_fault")), "{body}");
    let (_, armed) = unsigned(&emu, "GET", "/_emulator/faults", "").await;
    assert_eq!(armed, serde_json::json!([]));
    let (status, _) = signed(&emu, "GET", "/v1/auth/tenants", "").await;
    assert_eq!(status, 200);
    emu.stop().await;
}

#[tokio::test]
async fn a_wrongly_signed_request_does_not_consume_a_fault() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    // The longest stall there is (ten minutes) against a client that gives up after one: a
    // refused request that stalled would end in the client's timeout error, not in an answer,
    // however slow the machine.
    unsigned(&emu, "POST", "/_emulator/faults", r#"{"path":"/v1/auth/*","stall_ms":600000}"#).await;
    let resp = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
        .get(format!("http://{}/v1/auth/tenants", emu.addr()))
        .header("authorization", "SAASUSSIGV1 Sig=00, SaaSID=x, APIKey=y")
        .send()
        .await;
    let resp = resp.unwrap_or_else(|e| panic!("a refused request does not stall (timed out: {}): {e}", e.is_timeout()));
    assert_eq!(resp.status().as_u16(), 401);
    let (_, armed) = unsigned(&emu, "GET", "/_emulator/faults", "").await;
    assert_eq!(armed.as_array().map(Vec::len), Some(1), "{armed}");
    emu.stop().await;
}

/// A web page can POST `text/plain`, a form or no type at all to any address without a CORS
/// preflight: the control endpoints take a body only as `application/json`, so such a page can
/// arm no fault (`{"path":"/v1/*","status":503,"count":4294967295}`) and sign no one in.
#[tokio::test]
async fn a_body_that_is_not_declared_json_is_refused_and_arms_nothing() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let http = reqwest::Client::new();
    let fault = r#"{"path":"/v1/*","status":503,"count":4294967295}"#;
    let sign_in = r#"{"username":"a@example.com","password":"x"}"#;
    for path in ["/_emulator/faults", "/_emulator/sign-in"] {
        let body = if path.ends_with("faults") { fault } else { sign_in };
        for content_type in [
            Some("text/plain"),
            Some("text/plain;charset=UTF-8"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            None,
        ] {
            let mut req = http.post(format!("http://{}{path}", emu.addr())).body(body);
            if let Some(t) = content_type {
                req = req.header("content-type", t);
            }
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            let json: serde_json::Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
            assert_eq!((status, json["type"].as_str()), (415, Some("unsupported_media_type")), "{path} {content_type:?}: {json}");
            let message = json["message"].as_str().unwrap();
            assert!(message.contains("application/json"), "the message names the rule: {message}");
        }
    }
    let (_, armed) = unsigned(&emu, "GET", "/_emulator/faults", "").await;
    assert_eq!(armed, serde_json::json!([]), "no fault was armed");
    let (status, _) = signed(&emu, "GET", "/v1/auth/envs", "").await;
    assert_eq!(status, 200);

    // JSON with a charset is JSON.
    let resp = http
        .post(format!("http://{}/_emulator/faults", emu.addr()))
        .header("content-type", "Application/JSON; charset=utf-8")
        .body(r#"{"path":"/v1/auth/envs","status":503}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    emu.stop().await;
}

/// `DELETE` (wiping the faults or the request log) is not a method a page may send without a
/// preflight, and the emulator grants none: its answer to one carries no `Access-Control-Allow-*`.
#[tokio::test]
async fn a_cross_site_preflight_is_never_granted() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    for (path, method) in [("/_emulator/requests", "DELETE"), ("/_emulator/faults", "DELETE"), ("/_emulator/faults", "POST")] {
        let resp = reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, format!("http://{}{path}", emu.addr()))
            .header("origin", "https://evil.example")
            .header("access-control-request-method", method)
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap();
        assert!(!resp.status().is_success(), "{path} {method}: {}", resp.status());
        assert!(resp.headers().keys().all(|k| !k.as_str().starts_with("access-control-")), "{path} {method}: {:?}", resp.headers());
    }
    emu.stop().await;
}
