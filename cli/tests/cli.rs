//! The `saasus` binary, as a shell runs it, against the emulator: a tenant created, read, listed
//! and deleted; the answer as one line of JSON when piped; errors as JSON on stderr with their
//! class's exit code; `--data` from a file; completions; `saasus emulator`.

use saasus_emulator::{Emulator, Options};
use std::process::{Command, Output};

/// `saasus args…` signed for the emulator, no profile of the developer's in reach.
fn command(emu: &Emulator, args: &[&str]) -> Command {
    let c = emu.credentials();
    let mut command = Command::new(env!("CARGO_BIN_EXE_saasus"));
    command
        .args(args)
        .env("XDG_CONFIG_HOME", std::env::temp_dir().join("saasus-cli-tests-no-profiles"))
        .env_remove("SAASUS_PROFILE")
        .env("SAASUS_API_KEY", &c.api_key)
        .env("SAASUS_SECRET_KEY", &c.secret_key)
        .env("SAASUS_SAAS_ID", &c.saas_id)
        .env("SAASUS_BASE_URL", emu.base_url());
    command
}

fn saasus(emu: &Emulator, args: &[&str]) -> Output {
    command(emu, args).output().unwrap()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(bytes)))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tenant_is_created_read_and_deleted_from_a_shell() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let created = saasus(
        &emu,
        &["auth", "tenant", "create-tenant", "--name", "Acme", "--attributes", "{}", "--back-office-staff-email", "ops@acme.example"],
    );
    assert_eq!(created.status.code(), Some(0), "{}", String::from_utf8_lossy(&created.stderr));
    let text = String::from_utf8(created.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "one line of JSON when piped: {text}");
    let id = json(text.as_bytes())["id"].as_str().unwrap().to_string();
    let got = json(&saasus(&emu, &["auth", "tenant", "get-tenant", "--tenant-id", &id]).stdout);
    assert_eq!(got["name"], "Acme");
    let listed = json(&saasus(&emu, &["auth", "tenant", "get-tenants"]).stdout);
    assert_eq!(listed["tenants"].as_array().unwrap().len(), 1);
    let deleted = saasus(&emu, &["auth", "tenant", "delete-tenant", "--tenant-id", &id]);
    assert_eq!((deleted.status.code(), deleted.stdout.len()), (Some(0), 0), "a status-only answer prints nothing");
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_are_json_on_stderr_with_an_exit_code_per_class() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let missing = saasus(&emu, &["auth", "tenant", "get-tenant", "--tenant-id", "nope"]);
    assert_eq!(missing.status.code(), Some(5));
    let e = json(&missing.stderr)["error"].clone();
    assert_eq!((e["kind"].as_str(), e["status"].as_u64(), e["type"].as_str()), (Some("api"), Some(404), Some("not_found")));
    assert!(e["trace_id"].is_string());
    let bad =
        saasus(&emu, &["auth", "tenant", "create-tenant", "--name", "A", "--attributes", "not json", "--back-office-staff-email", "x"]);
    assert_eq!(bad.status.code(), Some(4));
    assert_eq!(json(&bad.stderr)["error"]["type"], "--attributes");
    let usage = saasus(&emu, &["auth", "tenant", "no-such-operation"]);
    assert_eq!(usage.status.code(), Some(2));
    let unset = command(&emu, &["auth", "env", "get-envs"]).env_remove("SAASUS_API_KEY").output().unwrap();
    assert_eq!(unset.status.code(), Some(3));
    assert_eq!(json(&unset.stderr)["error"]["type"], "SAASUS_API_KEY");
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn data_comes_from_a_file_and_flags_override_it() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let file = std::env::temp_dir().join(format!("saasus-cli-{}.json", std::process::id()));
    std::fs::write(&file, r#"{"name": "From file", "attributes": {}, "back_office_staff_email": "ops@x.example"}"#).unwrap();
    let at = format!("@{}", file.display());
    let created = json(&saasus(&emu, &["auth", "tenant", "create-tenant", "--data", &at]).stdout);
    assert_eq!(created["name"], "From file");
    let overridden = json(&saasus(&emu, &["auth", "tenant", "create-tenant", "--data", &at, "--name", "Flag"]).stdout);
    assert_eq!(overridden["name"], "Flag");
    std::fs::remove_file(file).unwrap();
    emu.stop().await;
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = Command::new(env!("CARGO_BIN_EXE_saasus")).args(["completion", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("get-tenants"), "{shell}: every operation is completed");
    }
}

#[test]
fn the_emulator_runs_from_the_same_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_saasus")).args(["emulator", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--data"));
}

/// A local endpoint keeping what is POSTed to it: (signature header, body).
async fn receiver() -> (String, tokio::sync::mpsc::UnboundedReceiver<(String, Vec<u8>)>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let tx = tx.clone();
            async move {
                let sig = headers.get(saasus::events::SIGNATURE_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                let _ = tx.send((sig, body.to_vec()));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

#[tokio::test(flavor = "multi_thread")]
async fn listen_forwards_an_operations_event_signed_in_its_envelope() {
    use std::io::BufRead;
    let emu = Emulator::start(Options::default()).await.unwrap();
    let (url, mut received) = receiver().await;
    let config = std::env::temp_dir().join(format!("saasus-listen-{}", std::process::id()));
    let mut listen = command(&emu, &["listen", "--forward-to", &url])
        .env("XDG_CONFIG_HOME", &config)
        .env_remove("SAASUS_LISTEN_SECRET")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // It says where it forwards, and with which secret, once it listens.
    let mut said = String::new();
    std::io::BufReader::new(listen.stderr.take().unwrap()).read_line(&mut said).unwrap();
    assert!(said.starts_with("saasus listen: forwarding the emulator's events"), "{said}");
    let client = saasus::Client::new(emu.config()).unwrap();
    let param = saasus::models::CreateTenantParam {
        name: "Heard".into(),
        back_office_staff_email: "ops@heard.example".into(),
        ..Default::default()
    };
    let tenant = client.auth().tenant().create_tenant(&param).await.unwrap();
    client.auth().tenant().get_tenants().await.unwrap(); // a GET: no event
    let (signature, body) = tokio::time::timeout(std::time::Duration::from_secs(20), received.recv()).await.expect("an event").unwrap();
    listen.kill().unwrap();
    let _ = listen.wait();
    let secret = std::fs::read_to_string(config.join("saasus/listen-secret")).unwrap();
    assert!(said.contains(secret.trim()), "the secret it printed is the one it saved");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    saasus::events::verify(secret.trim(), &signature, &body, 300, now).expect("signed with the secret");
    let envelope: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!((envelope["detail-type"].as_str(), envelope["version"].as_str()), (Some("api_call"), Some("0")));
    assert!(envelope["source"].as_str().unwrap().starts_with("aws.partner/saasus.io/"));
    let event = saasus::events::parse_value(envelope).unwrap();
    assert_eq!((event.event_type(), event.status), ("create_tenant", 201));
    assert_eq!(event.response.unwrap()["id"], tenant.id);
    assert!(received.try_recv().is_err(), "the GET made no event");
    std::fs::remove_dir_all(config).unwrap();
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn logs_tail_prints_a_line_per_request() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    saasus(&emu, &["auth", "tenant", "create-tenant", "--name", "A", "--attributes", "{}", "--back-office-staff-email", "a@x.example"]);
    saasus(&emu, &["auth", "tenant", "get-tenant", "--tenant-id", "nope"]);
    let all = String::from_utf8(saasus(&emu, &["logs", "tail"]).stdout).unwrap();
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines.len(), 2, "{all}");
    assert!(lines[0].contains(" 201 POST") && lines[0].contains("/v1/auth/tenants create_tenant trace="), "{all}");
    let missing = String::from_utf8(saasus(&emu, &["logs", "tail", "--status", "4xx"]).stdout).unwrap();
    assert_eq!(missing.lines().count(), 1);
    assert!(missing.contains("404 GET") && missing.contains("get_tenant"), "{missing}");
    emu.stop().await;
}

#[test]
fn help_lists_each_operation_with_its_specs_summary() {
    let out = Command::new(env!("CARGO_BIN_EXE_saasus")).args(["auth", "tenant", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("get-tenants") && help.contains("Get Tenants (GET /tenants)"), "{help}");
}

#[test]
fn the_emulators_state_is_exported_on_exit_and_imported() {
    use std::io::BufRead;
    let dir = std::env::temp_dir().join(format!("saasus-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("seed.json");
    // An emulator started as a shell would, its SAASUS_* read from its first lines.
    let start = |extra: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_saasus"))
            .args(["emulator", "--quiet"])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let env: Vec<(String, String)> = (0..4)
            .map(|_| {
                let line = lines.next().unwrap().unwrap();
                let (k, v) = line.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        (child, env)
    };
    let run = |env: &[(String, String)], args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_saasus")).args(args).envs(env.iter().map(|(k, v)| (k, v))).output().unwrap()
    };
    let (mut first, env) = start(&["--export-on-exit", state.to_str().unwrap()]);
    let created = run(
        &env,
        &["auth", "tenant", "create-tenant", "--name", "Seeded", "--attributes", "{}", "--back-office-staff-email", "s@x.example"],
    );
    assert_eq!(created.status.code(), Some(0));
    let stopped = Command::new("kill").args(["-TERM", &first.id().to_string()]).status().unwrap();
    assert!(stopped.success());
    assert_eq!(first.wait().unwrap().code(), Some(0));
    let text = std::fs::read_to_string(&state).unwrap();
    assert!(text.contains("Seeded") && text.contains("saasus_emulator_state"));
    let secret = &env.iter().find(|(k, _)| k == "SAASUS_SECRET_KEY").unwrap().1;
    assert!(!text.contains(secret.as_str()), "the export holds no secret key");
    let (mut second, env2) = start(&["--import", state.to_str().unwrap()]);
    let listed = json(&run(&env2, &["auth", "tenant", "get-tenants"]).stdout);
    assert_eq!(listed["tenants"][0]["name"], "Seeded", "the same state, served with the new emulator's own credentials");
    second.kill().unwrap();
    let _ = second.wait();
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn fixtures_seed_three_linked_objects() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let file = std::env::temp_dir().join(format!("saasus-fixtures-{}.json", std::process::id()));
    std::fs::write(
        &file,
        r#"{"fixtures": [
          {"name": "tenant", "operation": "auth tenant create-tenant",
           "params": {"name": "Acme ${.env:SAASUS_FIXTURE_SUFFIX|Inc}", "attributes": {}, "back_office_staff_email": "ops@acme.example"}},
          {"name": "user", "operation": "auth saas-user create-saas-user", "params": {"email": "ann@acme.example", "password": "Passw0rd-Emulator"}},
          {"name": "member", "operation": "auth tenant-user create-tenant-user",
           "params": {"tenant_id": "${tenant:id}", "email": "${user:email}", "attributes": {}}}
        ]}"#,
    )
    .unwrap();
    let out = saasus(&emu, &["fixtures", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let results = json(&out.stdout);
    assert_eq!(results["tenant"]["name"], "Acme Inc", "the environment's default");
    assert_eq!(results["member"]["email"], "ann@acme.example");
    let tenant_id = results["tenant"]["id"].as_str().unwrap();
    let users = json(&saasus(&emu, &["auth", "tenant-user", "get-tenant-users", "--tenant-id", tenant_id]).stdout);
    assert_eq!(users["users"][0]["email"], "ann@acme.example", "linked: the user is the tenant's member");
    std::fs::write(&file, r#"{"fixtures": [{"name": "x", "operation": "auth tenant get-tenant", "params": {"tenant_id": "${nope:id}"}}]}"#)
        .unwrap();
    let bad = saasus(&emu, &["fixtures", file.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no earlier step is named nope"));
    std::fs::remove_file(file).unwrap();
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_trigger_performs_its_operation_on_the_emulator() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let listed = saasus(&emu, &["trigger", "--list"]);
    let names: Vec<String> =
        json(&listed.stdout).as_array().unwrap().iter().map(|t| t["operation"].as_str().unwrap().to_string()).collect();
    assert!(names.len() >= 15, "{names:?}");
    for name in &names {
        let out = saasus(&emu, &["trigger", name]);
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(json(&out.stdout)["operation"], name.as_str());
        // The last request the emulator served is the operation named, and it succeeded.
        let last = String::from_utf8(saasus(&emu, &["logs", "tail", "--limit", "1"]).stdout).unwrap();
        assert!(last.contains(&format!(" {name} ")) && last.contains(" 20"), "{name}: {last}");
    }
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trigger_reaches_listens_receiver_with_the_events_of_its_steps() {
    use std::io::BufRead;
    let emu = Emulator::start(Options::default()).await.unwrap();
    let (url, mut received) = receiver().await;
    let mut listen = command(&emu, &["listen", "--forward-to", &url])
        .env("SAASUS_LISTEN_SECRET", "whsec_trigger_test")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut said = String::new();
    std::io::BufReader::new(listen.stderr.take().unwrap()).read_line(&mut said).unwrap();
    let out = saasus(&emu, &["trigger", "create_tenant_user"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let member = json(&out.stdout)["results"]["member"]["id"].as_str().unwrap().to_string();
    let mut types = Vec::new();
    while types.len() < 3 {
        let (_, body) = tokio::time::timeout(std::time::Duration::from_secs(20), received.recv()).await.expect("an event").unwrap();
        let event = saasus::events::parse(std::str::from_utf8(&body).unwrap()).unwrap();
        if event.event_type() == "create_tenant_user" {
            assert_eq!(event.response.as_ref().unwrap()["id"], member.as_str());
        }
        types.push(event.event_type().to_string());
    }
    listen.kill().unwrap();
    let _ = listen.wait();
    assert_eq!(types, ["create_tenant", "create_saas_user", "create_tenant_user"]);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trigger_refuses_a_target_that_is_not_the_emulator_unless_live() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let out = command(&emu, &["trigger", "create_tenant"]).env("SAASUS_BASE_URL", "http://127.0.0.1:9/v1").output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let error = json(&out.stderr);
    assert_eq!(error["error"]["type"], "--live", "{error}");
    let unknown = saasus(&emu, &["trigger", "create_nothing"]);
    assert_eq!(unknown.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("create_tenant"), "the triggers are named");
    emu.stop().await;
}

/// `saasus` with no `SAASUS_*` variable but those given, and its own config directory.
fn bare(config: &std::path::Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_saasus"));
    command.args(args).env("XDG_CONFIG_HOME", config);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("SAASUS_")) {
        command.env_remove(k);
    }
    command.envs(env.iter().copied());
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_keeps_the_secret_key_in_the_os_credential_store() {
    // A login gives each session its own kernel keyring; a test run under a container's shell
    // has none, so it makes one, as `keyctl session` would. Credentials are per thread: the
    // children started from this one inherit it.
    let joined = unsafe {
        libc::syscall(libc::SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, std::ptr::null::<libc::c_char>())
    };
    assert!(joined > 0, "a session keyring: {}", std::io::Error::last_os_error());
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = emu.credentials();
    let config = std::env::temp_dir().join(format!("saasus-profiles-{}", std::process::id()));
    let base_url = emu.base_url();
    let set = bare(
        &config,
        &[
            "config",
            "set",
            "--profile",
            "dev",
            "--api-key",
            &c.api_key,
            "--saas-id",
            &c.saas_id,
            "--base-url",
            &base_url,
            "--secret-key-stdin",
        ],
        &[],
        &format!("{}\n", c.secret_key),
    );
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let file = config.join("saasus/profiles.json");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&c.saas_id) && !text.contains(&c.secret_key), "the secret key is not in the file: {text}");
    #[cfg(unix)]
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&file).unwrap().permissions()) & 0o777, 0o600);
    let listed = bare(&config, &["config", "list"], &[], "");
    let shown = String::from_utf8(listed.stdout).unwrap();
    assert!(!shown.contains(&c.secret_key) && !shown.contains(&c.api_key), "no key is printed: {shown}");
    assert_eq!(json(shown.as_bytes())["profiles"][0]["secret_key"], "in the OS credential store");

    // Signed with the profile's keys, chosen by flag or by variable.
    let create = ["auth", "tenant", "create-tenant", "--name", "P", "--attributes", "{}", "--back-office-staff-email", "p@x.example"];
    let by_flag = bare(&config, &[&["--profile", "dev"][..], &create[..]].concat(), &[], "");
    assert!(by_flag.status.success(), "{}", String::from_utf8_lossy(&by_flag.stderr));
    let by_var = bare(&config, &["auth", "tenant", "get-tenants"], &[("SAASUS_PROFILE", "dev")], "");
    assert_eq!(json(&by_var.stdout)["tenants"].as_array().unwrap().len(), 1);
    // A variable that is set wins over the profile's value.
    let overridden = bare(&config, &["auth", "tenant", "get-tenants"], &[("SAASUS_PROFILE", "dev"), ("SAASUS_SECRET_KEY", "0000")], "");
    assert_eq!(overridden.status.code(), Some(5), "{}", String::from_utf8_lossy(&overridden.stderr));
    // An unknown profile is named.
    let unknown = bare(&config, &["--profile", "nope", "auth", "tenant", "get-tenants"], &[], "");
    assert_eq!(unknown.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("\\\"nope\\\""));

    let removed = bare(&config, &["--profile", "dev", "config", "remove"], &[], "");
    assert!(removed.status.success(), "{}", String::from_utf8_lossy(&removed.stderr));
    let gone = bare(&config, &["--profile", "dev", "auth", "tenant", "get-tenants"], &[], "");
    assert_eq!(gone.status.code(), Some(3));
    std::fs::remove_dir_all(config).unwrap();
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fixtures_are_read_from_yaml_too() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let file = std::env::temp_dir().join(format!("saasus-fixtures-{}.yaml", std::process::id()));
    std::fs::write(
        &file,
        "fixtures:\n  - name: tenant\n    operation: auth tenant create-tenant\n    params:\n      name: Yaml ${.env:SAASUS_FIXTURE_SUFFIX|Inc}\n      attributes: {}\n      back_office_staff_email: ops@yaml.example\n  - name: again\n    operation: auth tenant get-tenant\n    params: {tenant_id: \"${tenant:id}\"}\n",
    )
    .unwrap();
    let out = saasus(&emu, &["fixtures", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let results = json(&out.stdout);
    assert_eq!(results["again"]["name"], "Yaml Inc");
    assert_eq!(results["again"]["id"], results["tenant"]["id"]);
    std::fs::write(&file, "fixtures: [ {name: x\n").unwrap();
    let broken = saasus(&emu, &["fixtures", file.to_str().unwrap()]);
    assert_eq!(broken.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("is not YAML"), "{}", String::from_utf8_lossy(&broken.stderr));
    std::fs::remove_file(file).unwrap();
    emu.stop().await;
}
