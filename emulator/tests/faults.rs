//! Faults fire only on requests that passed the signature check: an unsigned request is
//! refused with 401 and leaves the fault armed for the signed one.

mod support;

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
    unsigned(&emu, "POST", "/_emulator/faults", r#"{"path":"/v1/auth/*","stall_ms":3000}"#).await;
    let started = std::time::Instant::now();
    let resp = reqwest::Client::new()
        .get(format!("http://{}/v1/auth/tenants", emu.addr()))
        .header("authorization", "SAASUSSIGV1 Sig=00, SaaSID=x, APIKey=y")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "a refused request does not stall");
    let (_, armed) = unsigned(&emu, "GET", "/_emulator/faults", "").await;
    assert_eq!(armed.as_array().map(Vec::len), Some(1), "{armed}");
    emu.stop().await;
}
