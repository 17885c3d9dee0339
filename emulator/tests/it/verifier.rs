//! The emulator's verifier, with its clock pinned to each vector's minute, accepts every signing
//! vector and rejects a tampered body, a wrong key and a stale minute.

use saasus_emulator::{Clock, Credentials, Emulator, Options};

struct Case {
    name: String,
    method: String,
    url: String,
    body: String,
    minute: String,
    authorization: String,
}

fn vectors() -> (Credentials, Vec<Case>) {
    let shared = std::env::var_os("SAASUS_SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let text =
        std::fs::read_to_string(shared.join("spec/sigv1-vectors.json")).expect("shared/spec/sigv1-vectors.json beside the repository");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let c = &v["credentials"];
    let creds = Credentials {
        api_key: c["api_key"].as_str().unwrap().into(),
        secret_key: c["secret_key"].as_str().unwrap().into(),
        saas_id: c["saas_id"].as_str().unwrap().into(),
    };
    let cases = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            Case {
                name: s("name"),
                method: s("method"),
                url: s("url"),
                body: s("body"),
                minute: s("minute"),
                authorization: s("authorization"),
            }
        })
        .collect();
    (creds, cases)
}

async fn start(creds: &Credentials, minute: &str) -> Emulator {
    Emulator::start(Options { credentials: creds.clone(), clock: Clock::fixed(minute).unwrap(), ..Options::default() }).await.unwrap()
}

/// Sends the vector's request to the emulator with the vector's own Host, so the URL the
/// emulator rebuilds is the one that was signed; with the control token, which lets a Host
/// other than the emulator's own (api.saasus.io) through.
async fn send(emu: &Emulator, case: &Case, body: &str, authorization: &str) -> (u16, serde_json::Value) {
    let rest = case.url.split_once("://").unwrap().1;
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let resp = reqwest::Client::new()
        .request(case.method.to_uppercase().parse().unwrap(), format!("http://{}{}", emu.addr(), path))
        .header("host", host)
        .header(saasus_emulator::CONTROL_TOKEN_HEADER, emu.control_token())
        .header("authorization", authorization)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let json = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap_or(serde_json::Value::Null);
    (status, json)
}

#[tokio::test]
async fn accepts_every_vector_at_its_minute_and_its_neighbours() {
    let (creds, cases) = vectors();
    for case in &cases {
        let minute = saasus::signing::Minute::parse(&case.minute).unwrap();
        for skew in [-1, 0, 1] {
            let emu = start(&creds, &minute.offset(skew).format()).await;
            let (status, body) = send(&emu, case, &case.body, &case.authorization).await;
            // Past the signature the route decides (a 404 for a missing tenant, a 401 for a
            // token it never issued): any answer but the signature layer's means it was accepted.
            let rejected_by = body["type"].as_str().unwrap_or_default();
            assert!(
                !["invalid_signature", "invalid_api_key", "invalid_authorization"].contains(&rejected_by),
                "{} at skew {skew}: {status} {body}",
                case.name
            );
            emu.stop().await;
        }
    }
}

#[tokio::test]
async fn rejects_tampered_body_wrong_key_and_stale_minute() {
    let (creds, cases) = vectors();
    let with_body = cases.iter().find(|c| c.name == "post-json-body").unwrap();
    let emu = start(&creds, &with_body.minute).await;
    let tampered = with_body.body.replace("Anti-Pattern", "Anti-Pattern!");
    let (status, body) = send(&emu, with_body, &tampered, &with_body.authorization).await;
    assert_eq!((status, body["type"].as_str()), (401, Some("invalid_signature")));
    emu.stop().await;

    let wrong_secret = Credentials { secret_key: "another-secret".into(), ..creds.clone() };
    let emu = start(&wrong_secret, &with_body.minute).await;
    let (status, body) = send(&emu, with_body, &with_body.body, &with_body.authorization).await;
    assert_eq!((status, body["type"].as_str()), (401, Some("invalid_signature")));
    emu.stop().await;

    let wrong_api_key = Credentials { api_key: "another-key".into(), ..creds.clone() };
    let emu = start(&wrong_api_key, &with_body.minute).await;
    let (status, body) = send(&emu, with_body, &with_body.body, &with_body.authorization).await;
    assert_eq!((status, body["type"].as_str()), (401, Some("invalid_api_key")));
    emu.stop().await;

    for stale in [2, -2, 60] {
        let m = saasus::signing::Minute::parse(&with_body.minute).unwrap().offset(stale).format();
        let emu = start(&creds, &m).await;
        let (status, body) = send(&emu, with_body, &with_body.body, &with_body.authorization).await;
        assert_eq!((status, body["type"].as_str()), (401, Some("invalid_signature")), "skew {stale}");
        emu.stop().await;
    }

    let emu = start(&creds, &with_body.minute).await;
    let (status, body) = send(&emu, with_body, &with_body.body, "Bearer nothing").await;
    assert_eq!((status, body["type"].as_str()), (401, Some("invalid_authorization")));
    emu.stop().await;
}
