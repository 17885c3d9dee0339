//! Shared by the integration tests: an emulator started in-process on a free port.

#![allow(dead_code)]

use saasus_emulator::{Emulator, Options};

pub async fn emulator() -> Emulator {
    Emulator::start(Options::default()).await.expect("the emulator starts on a free port")
}

pub fn client(emu: &Emulator) -> saasus::Client {
    saasus::Client::new(emu.config()).expect("a valid configuration")
}

/// A client that retries after 5 ms rather than the default backoff.
pub fn fast_retries(emu: &Emulator) -> saasus::Client {
    saasus::Client::new(emu.config().with_retry_base_delay(std::time::Duration::from_millis(5))).unwrap()
}

/// Where `shared/` (the spec and the signing vectors) sits: beside the repository.
pub fn shared_dir() -> std::path::PathBuf {
    std::env::var_os("SAASUS_SHARED_DIR")
        .map(Into::into)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// The operationIds of `api`'s spec in `shared/`, in the spec's order: what the tests count
/// the SDK's operations against, so that a changed spec is caught by a test that reads it rather
/// than by numbers written in tests.
pub fn spec_operation_ids(api: &str) -> Vec<String> {
    let path = shared_dir().join("spec").join(format!("saasus-{api}-api.yml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the spec {}: {e}", path.display()));
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("operationId:"))
        .map(|id| id.trim().trim_matches(['"', '\'']).to_string())
        .collect()
}

/// Every API's spec operation count, in the order of `saasus::APIS`.
pub fn spec_counts() -> Vec<(&'static str, usize)> {
    saasus::APIS.iter().map(|api| (*api, spec_operation_ids(api).len())).collect()
}

/// Arms one of the emulator's faults (docs/emulator.md, "Fault injection").
pub async fn arm(emu: &Emulator, fault: serde_json::Value) {
    let (status, _) = control_post(emu, "/_emulator/faults", &fault).await;
    assert_eq!(status, 201, "arming {fault}");
}

/// POSTs `body` to a control endpoint of the emulator: the status and the JSON answer.
pub async fn control_post(emu: &Emulator, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    let resp = reqwest::Client::new()
        .post(format!("http://{}{path}", emu.addr()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, serde_json::from_str(&resp.text().await.unwrap()).unwrap_or_default())
}

/// The temp code the hosted login page would hand the callback for `username` ([`PASSWORD`]).
#[allow(dead_code)]
pub async fn sign_in_code(emu: &Emulator, username: &str) -> String {
    let body = serde_json::json!({ "username": username, "password": PASSWORD });
    let (status, answer) = control_post(emu, "/_emulator/sign-in", &body).await;
    assert_eq!(status, 200, "signing {username} in: {answer}");
    answer["code"].as_str().unwrap().to_string()
}

/// The emulator's request log (docs/emulator.md, "Request log"): what it was sent, oldest first,
/// each as `{"method", "path", "status", "user_agent", "trace_id"}`.
pub async fn seen_requests(emu: &Emulator) -> Vec<serde_json::Value> {
    let text = reqwest::get(format!("http://{}/_emulator/requests", emu.addr())).await.unwrap().text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("the request log {text}: {e}"))
}

use saasus::JsonObject;
use saasus::models::*;

pub const PASSWORD: &str = "Passw0rd-Emulator";

/// A SaaS user with a known password.
pub async fn user(client: &saasus::Client, email: &str) -> CreatedSaasUser {
    client
        .auth()
        .saas_user()
        .create_saas_user(&CreateSaasUserParam { email: Some(email.into()), sign_in_id: None, password: Some(PASSWORD.into()) })
        .await
        .expect("create a SaaS user")
}

/// A map of text values (the sign-in flow's parameters and responses).
#[allow(dead_code)]
pub fn strings(pairs: &[(&str, &str)]) -> saasus::model::Map<String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Signs a user in through the emulator's stand-in for the SRP flow, returning its tokens.
pub async fn sign_in(client: &saasus::Client, username: &str, password: &str) -> saasus::Result<Credentials> {
    let su = client.auth().saas_user();
    let params = strings(&[("USERNAME", username), ("SRP_A", "emulator")]);
    let challenge = su.sign_in(&SignInParam { sign_in_flow: SignInFlow::UserSrpAuth, sign_in_parameters: Some(params) }).await?;
    assert_eq!(challenge.challenge_name, Some(ChallengeName::PasswordVerifier));
    let responses = strings(&[("USERNAME", username), ("PASSWORD", password)]);
    let answer = su
        .respond_to_sign_in_challenge(&RespondToSignInChallengeParam {
            challenge_name: ChallengeName::PasswordVerifier,
            challenge_responses: Some(responses),
            session: challenge.session,
        })
        .await?;
    Ok(answer.credentials.expect("credentials after the password"))
}

pub async fn tenant(client: &saasus::Client, name: &str) -> Tenant {
    client
        .auth()
        .tenant()
        .create_tenant(&CreateTenantParam {
            name: name.into(),
            attributes: JsonObject::new(),
            back_office_staff_email: "staff@example.com".into(),
        })
        .await
        .expect("create a tenant")
}

/// A pricing plan (of one empty menu) named `name`, for Auth's tenant plan operations, which take
/// only plans the Pricing API has.
#[allow(dead_code)]
pub async fn plan(client: &saasus::Client, name: &str) -> saasus::pricing::PricingPlan {
    use saasus::pricing::{CreatePricingMenuParam, CreatePricingPlanParam};
    let menu = CreatePricingMenuParam { name: name.into(), display_name: name.into(), description: String::new(), unit_ids: vec![] };
    let menu = client.pricing().pricing_menus().create_pricing_menu(&menu).await.unwrap();
    let plan = CreatePricingPlanParam { name: name.into(), display_name: name.into(), description: String::new(), menu_ids: vec![menu.id] };
    client.pricing().pricing_plans().create_pricing_plan(&plan).await.unwrap()
}

pub async fn role(client: &saasus::Client, name: &str) -> Role {
    client
        .auth()
        .role()
        .create_role(&CreateRoleParam { role_name: name.into(), display_name: format!("{name} role") })
        .await
        .expect("create a role")
}

pub fn status(e: saasus::Error) -> u16 {
    e.status().unwrap_or_else(|| panic!("expected an API error, got {e:?}"))
}

/// `YYYY-MM-DD` (UTC) of an epoch second: the day the platform files a count or a log under.
pub fn utc_date(epoch: i64) -> String {
    let (y, m, d) = saasus::calendar::civil_from_days(epoch.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// An epoch second as ISO 8601 in UTC (`2024-05-01T09:30:00Z`), as ApiLog's `created_at` filter takes it.
pub fn iso_utc(epoch: i64) -> String {
    let s = epoch.rem_euclid(86_400);
    format!("{}T{:02}:{:02}:{:02}Z", utc_date(epoch), s / 3600, s % 3600 / 60, s % 60)
}
