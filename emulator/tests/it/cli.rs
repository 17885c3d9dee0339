//! The emulator as a command: --version and --help, every flag from its environment variable,
//! --public-url in what it prints, the health endpoint, and the control token.

use saasus_emulator::{CONTROL_TOKEN_HEADER, Emulator, Options};
use std::io::BufRead;
use std::process::{Command, Stdio};

fn emulator() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_saasus-emulator"));
    // Nothing of the caller's environment decides what these tests see.
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("SAASUS_")) {
        cmd.env_remove(k);
    }
    cmd.stdin(Stdio::null());
    cmd
}

#[test]
fn version_help_and_a_refused_flag() {
    let out = emulator().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("saasus-emulator {}\n", env!("CARGO_PKG_VERSION")));

    let help = String::from_utf8_lossy(&emulator().arg("--help").output().unwrap().stdout).to_string();
    for flag in ["--port", "--host", "--public-url", "--token-ttl", "--data", "--control-token", "--quiet"] {
        assert!(help.contains(flag), "--help names {flag}: {help}");
    }
    for var in ["SAASUS_EMULATOR_PORT", "SAASUS_EMULATOR_PUBLIC_URL", "SAASUS_EMULATOR_TOKEN", "SAASUS_EMULATOR_QUIET"] {
        assert!(help.contains(var), "--help names {var}: {help}");
    }

    let out = emulator().args(["--port", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--port") && stderr.contains("nope"), "{stderr}");
    let out = emulator().env("SAASUS_EMULATOR_PUBLIC_URL", "ftp://x").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("http or https"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn settings_from_the_environment_and_the_control_token_off_loopback() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = emulator()
        .env("SAASUS_EMULATOR_PORT", port.to_string())
        .env("SAASUS_EMULATOR_HOST", "0.0.0.0")
        .env("SAASUS_EMULATOR_PUBLIC_URL", "http://emulator.test:8080/")
        .env("SAASUS_EMULATOR_TOKEN", "control-token-1")
        .env("SAASUS_EMULATOR_QUIET", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let printed: std::collections::HashMap<String, String> = (0..5)
        .map(|_| {
            let line = lines.next().unwrap().unwrap();
            let (k, v) = line.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    assert_eq!(printed["SAASUS_BASE_URL"], "http://emulator.test:8080/v1", "the public URL, not the bound one");
    assert_eq!(printed["SAASUS_EMULATOR_TOKEN"], "control-token-1");

    let http = reqwest::Client::new();
    let at = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let health = http.get(at("/_emulator/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let health: serde_json::Value = serde_json::from_str(&health.text().await.unwrap()).unwrap();
    assert_eq!(health, serde_json::json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}));

    // Bound to 0.0.0.0, a loopback peer is no proof of being local (a port mapping): the token is.
    let faults = |token: Option<&str>| {
        let req = http.get(at("/_emulator/faults"));
        match token {
            Some(t) => req.header(CONTROL_TOKEN_HEADER, t),
            None => req,
        }
    };
    let refused = faults(None).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("SAASUS_EMULATOR_TOKEN"));
    assert_eq!(faults(Some("wrong")).send().await.unwrap().status(), 403);
    let listed = faults(Some("control-token-1")).send().await.unwrap();
    assert_eq!(listed.status(), 200);
    assert_eq!(listed.text().await.unwrap(), "[]");
    // Quiet: no request was logged.
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).lines().all(|l| !l.contains("/_emulator/")), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn on_loopback_the_token_is_optional_but_never_wrong() {
    let emu = Emulator::start(Options { public_url: Some("http://localhost:9999/".into()), ..Options::default() }).await.unwrap();
    assert_eq!(emu.base_url(), "http://localhost:9999/v1");
    let http = reqwest::Client::new();
    let url = format!("http://{}/_emulator/faults", emu.addr());
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
    assert_eq!(http.get(&url).header(CONTROL_TOKEN_HEADER, emu.control_token()).send().await.unwrap().status(), 200);
    assert_eq!(http.get(&url).header(CONTROL_TOKEN_HEADER, "wrong").send().await.unwrap().status(), 403);
    assert!(!format!("{:?}", Options { control_token: Some(saasus::Secret::new("hidden-1")), ..Options::default() }).contains("hidden-1"));
    emu.stop().await;
}
