//! Bad input gets the API's error JSON with a 4xx naming the problem: never a 500, never a hang.

use crate::support;

use saasus_emulator::{Emulator, Options};

/// Sends a correctly signed raw request, so only the emulator's handling of the input is tested.
async fn signed(emu: &Emulator, method: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
    let resp = support::sign(emu, &reqwest::Client::new(), method, path, body).send().await.unwrap();
    let status = resp.status().as_u16();
    assert!(resp.headers().contains_key("x-saasus-trace-id"), "every response has a trace id");
    (status, serde_json::from_slice(&resp.bytes().await.unwrap()).expect("an error JSON body"))
}

#[tokio::test]
async fn each_kind_of_bad_input_is_a_named_4xx() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let cases = [
        ("GET", "/v1/auth/no-such-thing", "", 404, "not_found", "/v1/auth/no-such-thing"),
        ("GET", "/elsewhere", "", 404, "not_found", "/v1/auth"),
        ("PUT", "/v1/auth/tenants", "{}", 405, "method_not_allowed", "PUT"),
        ("POST", "/v1/auth/tenants", "{\"name\":", 400, "invalid_request", "malformed JSON"),
        ("POST", "/v1/auth/tenants", "", 400, "invalid_request", "body is missing"),
        ("POST", "/v1/auth/tenants", "{\"attributes\":{},\"back_office_staff_email\":\"a@b.c\"}", 400, "invalid_request", "name"),
        (
            "POST",
            "/v1/auth/tenants",
            "{\"name\":1,\"attributes\":{},\"back_office_staff_email\":\"a@b.c\"}",
            400,
            "invalid_request",
            "name: must be a string",
        ),
        ("POST", "/v1/auth/tenants", "[]", 400, "invalid_request", "body"),
        (
            "PATCH",
            "/v1/auth/tenants/nope",
            "{\"name\":\"x\",\"attributes\":{},\"back_office_staff_email\":\"a@b.c\"}",
            404,
            "not_found",
            "nope",
        ),
    ];
    for (method, path, body, status, error_type, mentions) in cases {
        let (got, json) = signed(&emu, method, path, body).await;
        assert_eq!(got, status, "{method} {path} {body}: {json}");
        assert_eq!(json["type"], error_type, "{method} {path} {body}: {json}");
        let message = json["message"].as_str().unwrap();
        assert!(message.contains(mentions), "{method} {path} {body}: {message:?} should mention {mentions:?}");
    }
    emu.stop().await;
}
