//! Helpers shared by the emulator's integration tests: a correctly signed request, and a raw
//! HTTP/1.1 exchange for what an HTTP client would refuse to send.
#![allow(dead_code)] // each test file uses a part

use saasus::signing::{self, Minute};
use saasus_emulator::Emulator;
use std::io::{Read, Write};
use std::time::Duration;

/// Signs `username` in through the emulator's stand-in for the SRP flow (password verifier only),
/// returning the user's tokens.
pub async fn sign_in(client: &saasus::Client, username: &str, password: &str) -> saasus::models::Credentials {
    use saasus::models::{ChallengeName, RespondToSignInChallengeParam, SignInFlow, SignInParam};
    let strings = |pairs: &[(&str, &str)]| Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    let su = client.auth().saas_user();
    let params = strings(&[("USERNAME", username)]);
    let challenge = su.sign_in(&SignInParam { sign_in_flow: SignInFlow::UserSrpAuth, sign_in_parameters: params }).await.unwrap();
    let responses = strings(&[("PASSWORD", password)]);
    let answer = RespondToSignInChallengeParam {
        challenge_name: ChallengeName::PasswordVerifier,
        challenge_responses: responses,
        session: challenge.session,
    };
    su.respond_to_sign_in_challenge(&answer).await.unwrap().credentials.expect("no MFA: the tokens at once")
}

/// A JSON request to `path_and_query` signed as the SDK signs it, with the emulator's
/// credentials, ready to send.
pub fn sign(emu: &Emulator, http: &reqwest::Client, method: &str, path_and_query: &str, body: &str) -> reqwest::RequestBuilder {
    let c = emu.credentials();
    let url = format!("http://{}{}", emu.addr(), path_and_query);
    let sig = signing::signature(&c.secret_key, Minute::now(), &c.api_key, method, signing::url_without_scheme(&url), body.as_bytes());
    http.request(method.parse().unwrap(), &url)
        .header("authorization", signing::authorization(&sig, &c.saas_id, &c.api_key))
        .header("content-type", "application/json")
        .body(body.to_string())
}

/// A correctly signed request; the answer's status and body (JSON, or `Null` when it is not).
pub async fn signed(emu: &Emulator, method: &str, path_and_query: &str, body: &str) -> (u16, serde_json::Value) {
    let resp = sign(emu, &reqwest::Client::new(), method, path_and_query, body).send().await.unwrap();
    let status = resp.status().as_u16();
    (status, serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap_or(serde_json::Value::Null))
}

/// Each case — (method, path and query, body, status, text its message mentions) — sent signed,
/// answered with that status and the API's error JSON.
pub async fn assert_refusals(emu: &Emulator, cases: &[(&str, String, &str, u16, &str)]) {
    for (method, path, body, status, mentions) in cases {
        let (got, json) = signed(emu, method, path, body).await;
        assert_eq!(got, *status, "{method} {path} {body}: {json}");
        assert!(json["type"].is_string() && json["data"].is_object(), "{method} {path}: not the error JSON: {json}");
        let message = json["message"].as_str().unwrap();
        assert!(message.contains(mentions), "{method} {path} {body}: {message:?} should mention {mentions:?}");
    }
}

/// An unsigned request.
pub async fn unsigned(emu: &Emulator, method: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
    let resp = reqwest::Client::new()
        .request(method.parse().unwrap(), format!("http://{}{}", emu.addr(), path))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap_or(serde_json::Value::Null))
}

/// `YYYY-MM-DD` (UTC) of an epoch second, computed here apart from the emulator's own code
/// (the days-to-date step of Howard Hinnant's algorithm), to check the dates it answers.
pub fn utc_date(epoch: i64) -> String {
    let z = epoch.div_euclid(86_400) + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{m:02}-{d:02}", yoe + era * 400 + i64::from(m <= 2))
}

/// One answer read off a raw connection.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }
}

/// Sends `request` as bytes on a fresh connection (on a thread, so that a server closing early
/// cannot block the sender) and reads the first answer, whose body is framed by Content-Length.
pub fn raw(addr: std::net::SocketAddr, request: Vec<u8>) -> RawAnswer {
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut writer = conn.try_clone().unwrap();
    // A server that refuses early stops reading; the rest of the request may then fail to send.
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&request);
    });
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = conn.read(&mut buf).expect("an answer before the connection closes");
        assert!(n > 0, "the connection closed without an answer; read so far: {:?}", String::from_utf8_lossy(&got));
        got.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8(got[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    let len: usize = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = got[head_end + 4..].to_vec();
    while body.len() < len {
        let n = conn.read(&mut buf).unwrap();
        assert!(n > 0, "the body was cut short");
        body.extend_from_slice(&buf[..n]);
    }
    body.truncate(len);
    drop(conn);
    let _ = sender.join();
    RawAnswer { status, headers, body }
}

/// A fresh data file path for a test (`suite` and `name` keep tests apart), its folder emptied.
pub fn data_file(suite: &str, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("saasus-emulator-{suite}-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("state.sqlite")
}
