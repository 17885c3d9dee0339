//! DNS rebinding: a web page whose name is re-pointed at 127.0.0.1 reaches the emulator with
//! its own name in `Host`. Every request (control endpoints, API, pages) must name the emulator
//! — localhost, an IP address, or the host of `--public-url`, on any port — or carry the
//! control token; otherwise it is a 403 naming the rule, and nothing is done or logged.

use crate::support;

use saasus_emulator::{CONTROL_TOKEN_HEADER, Emulator, Options};
use support::{sign, signed};

/// A GET of `path` with `Host: host` (and the token, when given): status and body.
async fn get_as(emu: &Emulator, host: &str, path: &str, token: Option<&str>) -> (u16, String) {
    let mut req = reqwest::Client::new().get(format!("http://{}{path}", emu.addr())).header("host", host);
    if let Some(t) = token {
        req = req.header(CONTROL_TOKEN_HEADER, t);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

fn assert_host_refusal(status: u16, body: &str) {
    assert_eq!(status, 403, "{body}");
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["type"], "forbidden", "{json}");
    let message = json["message"].as_str().unwrap();
    assert!(message.contains("Host") && message.contains("localhost") && message.contains("x-saasus-emulator-token"), "{message}");
}

#[tokio::test]
async fn another_name_in_host_is_refused_everywhere() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let port = emu.addr().port();
    let (status, _) = signed(&emu, "GET", "/v1/auth/envs", "").await;
    assert_eq!(status, 200);
    let evil = format!("evil.example:{port}");
    for path in ["/_emulator/requests", "/_emulator/faults", "/_emulator/health", "/v1/auth/envs", "/login"] {
        let (status, body) = get_as(&emu, &evil, path, None).await;
        assert_host_refusal(status, &body);
        assert!(!body.contains("/v1/auth/envs"), "nothing of the log is shown: {body}");
    }
    // A signed API request with a rebinding name is refused too (the page could not sign, but
    // the answer must not depend on that).
    let http = reqwest::Client::new();
    let resp = sign(&emu, &http, "GET", "/v1/auth/envs", "").header("host", "evil.example").send().await.unwrap();
    assert_eq!(resp.status(), 403);
    // A wrong token lets nothing through.
    let (status, body) = get_as(&emu, "evil.example", "/_emulator/requests", Some("wrong")).await;
    assert_host_refusal(status, &body);
    // Refused requests were not served: the log holds the one signed request.
    let (status, body) = get_as(&emu, &format!("127.0.0.1:{port}"), "/_emulator/requests", None).await;
    assert_eq!(status, 200, "{body}");
    let seen: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(seen.as_array().map(Vec::len), Some(1), "{seen}");
    emu.stop().await;
}

#[tokio::test]
async fn loopback_names_and_addresses_on_any_port_are_accepted() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    for host in [
        format!("127.0.0.1:{}", emu.addr().port()),
        "127.0.0.1".to_string(),
        "localhost:1234".to_string(),
        "LOCALHOST".to_string(),
        "[::1]:8787".to_string(),
        "10.1.2.3:8787".to_string(),
    ] {
        let (status, body) = get_as(&emu, &host, "/_emulator/faults", None).await;
        assert_eq!((status, body.as_str()), (200, "[]"), "Host {host}");
    }
    // The SDK's own requests send the Host of their base URL.
    let client = saasus::Client::new(emu.config()).unwrap();
    client.auth().env().get_envs().await.unwrap();
    emu.stop().await;
}

#[tokio::test]
async fn the_public_urls_host_is_accepted_and_the_token_lets_any_host_through() {
    let emu = Emulator::start(Options { public_url: Some("http://Emulator.Test:8080/".into()), ..Options::default() }).await.unwrap();
    let (status, body) = get_as(&emu, "emulator.test:8080", "/_emulator/faults", None).await;
    assert_eq!((status, body.as_str()), (200, "[]"));
    let (status, body) = get_as(&emu, "other.test", "/_emulator/faults", None).await;
    assert_host_refusal(status, &body);
    assert!(body.contains("emulator.test"), "the message names the public URL's host: {body}");

    let token = emu.control_token().to_string();
    let (status, body) = get_as(&emu, "api.example.com", "/_emulator/requests", Some(&token)).await;
    assert_eq!((status, body.as_str()), (200, "[]"));
    let (status, _) = get_as(&emu, "api.example.com", "/login", Some(&token)).await;
    assert_eq!(status, 200);
    emu.stop().await;
}
