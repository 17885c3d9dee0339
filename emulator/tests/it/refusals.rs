//! Every refusal is the API's error JSON with `Content-Type: application/json`, including the
//! ones made before any handler runs: hyper's own 414, 431 and 400, axum's 405 and 413, and
//! the extractors' rejections outside the API.

use crate::support;

use saasus_emulator::{Emulator, Options};
use support::{RawAnswer, raw};

fn assert_error_json(answer: &RawAnswer, status: u16, error_type: &str) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(answer.header("content-type"), Some("application/json"), "{answer:?}");
    let json = answer.json();
    assert_eq!(json["type"], error_type, "{json}");
    assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()), "{json}");
    assert!(json["data"].is_object(), "{json}");
}

#[tokio::test]
async fn an_over_long_request_line_is_a_414_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let addr = emu.addr();
    let target = format!("/v1/auth/tenants?name={}", "a".repeat(70_000));
    let answer = tokio::task::spawn_blocking(move || raw(addr, format!("GET {target} HTTP/1.1\r\nhost: {addr}\r\n\r\n").into_bytes()))
        .await
        .unwrap();
    assert_error_json(&answer, 414, "uri_too_long");
    emu.stop().await;
}

#[tokio::test]
async fn an_over_large_header_block_is_a_431_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let addr = emu.addr();
    // One huge header, and (separately) more headers than the server takes.
    let huge = tokio::task::spawn_blocking(move || {
        raw(addr, format!("GET /v1/auth/tenants HTTP/1.1\r\nhost: {addr}\r\nx-big: {}\r\n\r\n", "b".repeat(600_000)).into_bytes())
    })
    .await
    .unwrap();
    assert_error_json(&huge, 431, "request_header_fields_too_large");
    let many = tokio::task::spawn_blocking(move || {
        let headers: String = (0..150).map(|i| format!("x-h{i}: v\r\n")).collect();
        raw(addr, format!("GET /v1/auth/tenants HTTP/1.1\r\nhost: {addr}\r\n{headers}\r\n").into_bytes())
    })
    .await
    .unwrap();
    assert_error_json(&many, 431, "request_header_fields_too_large");
    emu.stop().await;
}

#[tokio::test]
async fn a_request_that_is_not_http_is_a_400_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let addr = emu.addr();
    let answer =
        tokio::task::spawn_blocking(move || raw(addr, b"GET /v1/auth/tenants HTTP/1.1\r\nbad header\r\n\r\n".to_vec())).await.unwrap();
    assert_error_json(&answer, 400, "invalid_request");
    emu.stop().await;
}

#[tokio::test]
async fn refusals_outside_the_api_are_the_error_json_too() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let addr = emu.addr();
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        // Methods the control endpoint and the pages do not take.
        (format!("PUT /_emulator/faults HTTP/1.1\r\nhost: {addr}\r\ncontent-length: 0\r\n\r\n").into_bytes(), 405, "method_not_allowed"),
        (format!("PATCH /login HTTP/1.1\r\nhost: {addr}\r\ncontent-length: 0\r\n\r\n").into_bytes(), 405, "method_not_allowed"),
        // A form post that is not a form.
        (
            format!("POST /login HTTP/1.1\r\nhost: {addr}\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nhi").into_bytes(),
            415,
            "unsupported_media_type",
        ),
        // A body over the limit, on an endpoint that takes no signature.
        (
            {
                let body = format!("{{\"path\":\"/{}\"}}", "x".repeat(3 << 20));
                let head = format!(
                    "POST /_emulator/faults HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                [head.into_bytes(), body.into_bytes()].concat()
            },
            413,
            "payload_too_large",
        ),
        // And on the API, before the signature is looked at.
        (
            {
                let body = "x".repeat(2 << 20);
                let head = format!("POST /v1/auth/tenants HTTP/1.1\r\nhost: {addr}\r\ncontent-length: {}\r\n\r\n", body.len());
                [head.into_bytes(), body.into_bytes()].concat()
            },
            413,
            "payload_too_large",
        ),
    ];
    for (request, status, error_type) in cases {
        let first_line = String::from_utf8_lossy(&request[..request.iter().position(|b| *b == b'\r').unwrap()]).to_string();
        let answer = tokio::task::spawn_blocking(move || raw(addr, request)).await.unwrap();
        assert_eq!(answer.status, status, "{first_line}: {answer:?}");
        assert_error_json(&answer, status, error_type);
        assert!(answer.header("x-saasus-trace-id").is_some(), "{first_line}");
    }
    emu.stop().await;
}
