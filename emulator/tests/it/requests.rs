//! The request log (`/_emulator/requests`): what a client sent, for tests asserting its
//! User-Agent, trace id and forwarded Referer headers; never a credential.

use crate::support;

use saasus_emulator::{Emulator, Options};
use support::{signed, unsigned};

#[tokio::test]
async fn the_log_shows_user_agent_and_trace_id_but_no_secrets() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let (status, _) = signed(&emu, "GET", "/v1/auth/envs", "").await;
    assert_eq!(status, 200);
    let resp = reqwest::Client::new()
        .get(format!("http://{}/v1/auth/credentials?code=secret-code&auth-flow=tempCodeAuth", emu.addr()))
        .header("user-agent", "saasus-test/1 acme-billing/2.3.1 (https://acme.example)")
        .header("x-saasus-trace-id", "trace-42")
        .header("referer", "https://app.example/orders")
        .header("x-saasus-referer", "https://app.example/orders/7")
        .header("authorization", "SAASUSSIGV1 Sig=00, SaaSID=x, APIKey=y")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);

    let (status, seen) = unsigned(&emu, "GET", "/_emulator/requests", "").await;
    assert_eq!(status, 200);
    let seen = seen.as_array().unwrap();
    assert_eq!(seen.len(), 2, "control endpoints are not logged: {seen:?}");
    assert_eq!(
        (seen[0]["method"].as_str(), seen[0]["path"].as_str(), seen[0]["status"].as_u64()),
        (Some("GET"), Some("/v1/auth/envs"), Some(200))
    );
    assert!(seen[0]["trace_id"].as_str().is_some_and(|t| !t.is_empty()), "the emulator's own trace id: {seen:?}");
    let last = &seen[1];
    assert_eq!(last["user_agent"], "saasus-test/1 acme-billing/2.3.1 (https://acme.example)");
    assert_eq!(last["trace_id"], "trace-42");
    assert_eq!(last["referer"], "https://app.example/orders");
    assert_eq!(last["x_saasus_referer"], "https://app.example/orders/7");
    assert!(seen[0]["referer"].is_null() && seen[0]["x_saasus_referer"].is_null(), "none sent, none shown: {seen:?}");
    assert_eq!(last["status"], 401);
    assert_eq!(last["path"], "/v1/auth/credentials?code=***&auth-flow=tempCodeAuth");
    let text = serde_json::to_string(&seen).unwrap();
    assert!(!text.contains("secret-code") && !text.contains("Sig=") && !text.contains("SAASUSSIGV1"), "{text}");

    let (status, _) = unsigned(&emu, "DELETE", "/_emulator/requests", "").await;
    assert_eq!(status, 200);
    let (_, seen) = unsigned(&emu, "GET", "/_emulator/requests", "").await;
    assert_eq!(seen, serde_json::json!([]));
    emu.stop().await;
}

/// The API log shows the path the request log shows: tokens and codes in the query as `***`,
/// control characters escaped.
#[tokio::test]
async fn the_api_log_shows_the_request_logs_redacted_path() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let path = "/v1/auth/credentials?code=secret-code&auth-flow=tempCodeAuth&x=%0aforged";
    let (status, _) = signed(&emu, "GET", path, "").await;
    assert_ne!(status, 200);
    let (_, seen) = unsigned(&emu, "GET", "/_emulator/requests", "").await;
    let shown = r"/v1/auth/credentials?code=***&auth-flow=tempCodeAuth&x=\nforged";
    assert_eq!(seen[0]["path"], shown);
    let (status, logs) = signed(&emu, "GET", "/v1/apilog/logs", "").await;
    assert_eq!(status, 200);
    assert_eq!(logs["api_logs"][0]["request_uri"], shown, "{logs}");
    assert!(!logs.to_string().contains("secret-code"));
    emu.stop().await;
}
