//! Sessions against the emulator (core/src/session): sign-in with a browser-bound state, a session
//! outliving its ID tokens, authorization without a platform call per request, every bad token
//! refused without one, and platform failures that stay server errors.

use crate::common;

use base64::Engine;
use saasus::session::{AuthFailure, AuthOptions, Authenticator, CookieOptions, Requirement};
use saasus_emulator::{Emulator, Options};
use std::collections::BTreeMap;
use std::time::Duration;

async fn emulator_with_ttl(ttl: i64) -> Emulator {
    Emulator::start(Options { token_ttl: ttl, ..Options::default() }).await.unwrap()
}

fn options(emu: &Emulator) -> AuthOptions {
    AuthOptions {
        clock_skew: Duration::ZERO,
        login_url: Some(format!("http://{}/login", emu.addr())),
        cookies: CookieOptions { secure: false, ..CookieOptions::default() },
        ..AuthOptions::default()
    }
}

/// A browser's cookies, kept from Set-Cookie headers.
#[derive(Default)]
struct Jar(BTreeMap<String, String>);

impl Jar {
    fn take(&mut self, set_cookies: &[String]) {
        for c in set_cookies {
            let (pair, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.0.remove(name);
            } else {
                self.0.insert(name.into(), value.into());
            }
        }
    }
    fn header(&self) -> String {
        self.0.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }
}

async fn control(emu: &Emulator, method: reqwest::Method, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
    let mut req = reqwest::Client::new().request(method, format!("http://{}{path}", emu.addr()));
    if let Some(b) = body {
        req = req.header("content-type", "application/json").body(b.to_string());
    }
    let resp = req.send().await.unwrap();
    let text = resp.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

/// How many requests to `path` the emulator has seen (forgotten after).
async fn calls(emu: &Emulator, path: &str) -> usize {
    let seen = control(emu, reqwest::Method::GET, "/_emulator/requests", None).await;
    control(emu, reqwest::Method::DELETE, "/_emulator/requests", None).await;
    seen.as_array().unwrap().iter().filter(|r| r["path"].as_str().unwrap().starts_with(path)).count()
}

/// Signs `email` in as a browser would: the redirect's state cookie, the login page's code, the
/// callback. Returns the browser's cookies.
async fn browser_sign_in(emu: &Emulator, auth: &Authenticator, email: &str) -> Jar {
    let mut jar = Jar::default();
    let redirect = auth.begin_sign_in().unwrap();
    jar.take(std::slice::from_ref(&redirect.set_cookie));
    let state = url::Url::parse(&redirect.location).unwrap().query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
    let body = serde_json::json!({ "username": email, "password": common::PASSWORD, "state": state });
    let code = control(emu, reqwest::Method::POST, "/_emulator/sign-in", Some(body)).await["code"].as_str().unwrap().to_string();
    let cookie = jar.header();
    let signed_in = auth.complete_sign_in(Some(&code), Some(&state), &[("cookie", &cookie)]).await.unwrap();
    jar.take(&signed_in.set_cookies);
    assert!(!jar.0.contains_key("saasus_login_state"), "the state cookie is cleared");
    jar
}

async fn authorize(auth: &Authenticator, jar: &mut Jar) -> Result<saasus::models::UserInfo, AuthFailure> {
    let cookie = jar.header();
    match auth.authorize(&[("cookie", &cookie)]).await {
        Ok(a) => {
            jar.take(&a.set_cookies);
            Ok(a.user)
        }
        Err(d) => {
            jar.take(&d.set_cookies);
            Err(d.failure)
        }
    }
}

/// Sleeps until the ID token's `exp` (whole seconds) has passed by the client's clock: the
/// token's own end, not a margin guessed for a slow machine.
async fn until_expired(token: &str) {
    let exp = parts(token).1["exp"].as_i64().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    let end = Duration::from_secs(exp as u64 + 1);
    tokio::time::sleep(end.saturating_sub(now)).await;
}

#[tokio::test]
async fn a_session_outlives_three_id_tokens_with_one_refresh_per_token() {
    let emu = emulator_with_ttl(1).await;
    let client = common::client(&emu);
    let user = common::user(&client, "long@example.com").await;
    let auth = Authenticator::new(client.clone(), options(&emu)).unwrap();
    let mut jar = browser_sign_in(&emu, &auth, "long@example.com").await;
    calls(&emu, "/").await;
    // Three times: the token ends, and the next request replaces it. Every token the browser
    // held cost one refresh, however slow the machine (a token may also end between two
    // requests made at once: it is then replaced once, too).
    let mut held = std::collections::HashSet::from([jar.0["saasus_id_token"].clone()]);
    for _ in 0..3 {
        let ended = jar.0["saasus_id_token"].clone();
        until_expired(&ended).await;
        for _ in 0..3 {
            let who = authorize(&auth, &mut jar).await.expect("still signed in");
            assert_eq!(who.id, user.id);
            held.insert(jar.0["saasus_id_token"].clone());
        }
        assert_ne!(jar.0["saasus_id_token"], ended, "an ended token is replaced");
    }
    let refreshes = calls(&emu, "/v1/auth/credentials").await;
    assert!(held.len() >= 4, "three tokens replaced");
    assert_eq!(refreshes, held.len() - 1, "one refresh per token replaced");
    assert!(auth.issuer_url().is_some(), "the refreshed tokens were verified locally");
}

#[tokio::test]
async fn a_hundred_requests_make_one_user_info_call_and_the_issuer_is_learned() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    common::user(&client, "busy@example.com").await;
    let auth = Authenticator::new(client.clone(), options(&emu)).unwrap();
    let mut jar = browser_sign_in(&emu, &auth, "busy@example.com").await;
    calls(&emu, "/").await;
    let requests: Vec<_> = (0..100)
        .map(|_| {
            let (auth, cookie) = (auth.clone(), jar.header());
            tokio::spawn(async move { auth.authorize(&[("cookie", &cookie)]).await.map(|a| a.user.email) })
        })
        .collect();
    for r in requests {
        assert_eq!(r.await.unwrap().unwrap(), "busy@example.com");
    }
    assert_eq!(calls(&emu, "/v1/auth/userinfo").await, 1, "one GetUserInfo for 100 concurrent requests");
    let issuer = auth.issuer_url().expect("learned from the token the platform accepted");
    assert!(issuer.starts_with(&format!("http://{}/cognito-idp/ap-northeast-1_", emu.addr())), "{issuer}");
    // A second session of the same user: verified locally, its user already cached.
    let mut other = browser_sign_in(&emu, &auth, "busy@example.com").await;
    calls(&emu, "/").await;
    authorize(&auth, &mut other).await.unwrap();
    assert_eq!(calls(&emu, "/v1/auth/userinfo").await, 0);
    // The key set was fetched once, when the first token was verified locally.
    authorize(&auth, &mut jar).await.unwrap();
    assert_eq!(calls(&emu, "/cognito-idp/").await, 0);
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn parts(token: &str) -> (serde_json::Value, serde_json::Value, String) {
    let p: Vec<&str> = token.split('.').collect();
    let json = |s: &str| serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).unwrap()).unwrap();
    (json(p[0]), json(p[1]), p[2].to_string())
}

fn token_of(header: &serde_json::Value, claims: &serde_json::Value, sig: &str) -> String {
    format!("{}.{}.{sig}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()))
}

#[tokio::test]
async fn every_bad_token_is_refused_with_401_and_without_a_platform_call() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    common::user(&client, "victim@example.com").await;
    let auth = Authenticator::new(client.clone(), options(&emu)).unwrap();
    let jar = browser_sign_in(&emu, &auth, "victim@example.com").await;
    let good = jar.0["saasus_id_token"].clone();
    auth.user(&good).await.unwrap();
    assert!(auth.issuer_url().is_some());
    calls(&emu, "/").await;
    let (header, claims, sig) = parts(&good);
    let mut other_user = claims.clone();
    other_user["sub"] = "someone-else".into();
    let mut longer = claims.clone();
    longer["exp"] = (claims["exp"].as_i64().unwrap() + 86_400).into();
    let mut foreign = claims.clone();
    foreign["iss"] = "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_attacker".into();
    let mut expired = claims.clone();
    expired["exp"] = 1_000.into();
    let mut hs = header.clone();
    hs["alg"] = "HS256".into();
    let mut unknown_kid = header.clone();
    unknown_kid["kid"] = "made-up".into();
    let bad: Vec<(&str, String)> = vec![
        ("a changed subject", token_of(&header, &other_user, &sig)),
        ("a longer life", token_of(&header, &longer, &sig)),
        ("another issuer", token_of(&header, &foreign, &sig)),
        ("expired", token_of(&header, &expired, &sig)),
        ("alg none", format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT"}"#), b64(claims.to_string().as_bytes()))),
        ("re-signed HS256", token_of(&hs, &claims, &b64(b"forged"))),
        ("an unknown key", token_of(&unknown_kid, &claims, &sig)),
        ("oversized", format!("{}.{}.{sig}", b64(header.to_string().as_bytes()), "A".repeat(70_000))),
        ("not a JWT", "garbage".into()),
    ];
    for (what, token) in &bad {
        let bearer = format!("Bearer {token}");
        let denied = auth.authorize(&[("authorization", &bearer)]).await.expect_err(what);
        assert_eq!(denied.failure.status(), 401, "{what}: {}", denied.failure);
    }
    // One key-set fetch at most (the unknown key id, cooldown permitting), no GetUserInfo.
    assert_eq!(calls(&emu, "/v1/").await, 0, "no platform call for a bad token");
    // The good token still works, from the cache.
    assert_eq!(auth.user(&good).await.unwrap().email, "victim@example.com");
}

#[tokio::test]
async fn platform_failures_are_503_and_a_refused_signature_is_500() {
    let emu = emulator_with_ttl(2).await;
    let client = common::client(&emu);
    common::user(&client, "outage@example.com").await;
    let auth = Authenticator::new(client.clone(), AuthOptions { user_cache_max_age: Duration::ZERO, ..options(&emu) }).unwrap();
    let mut jar = browser_sign_in(&emu, &auth, "outage@example.com").await;
    // Authorization during an outage.
    common::arm(&emu, serde_json::json!({ "path": "/v1/auth/userinfo", "status": 503, "count": 3 })).await;
    assert_eq!(authorize(&auth, &mut jar).await.unwrap_err().status(), 503);
    assert!(jar.0.contains_key("saasus_id_token"), "an outage does not sign the user out");
    // Refresh during an outage, once the token has expired.
    until_expired(&jar.0["saasus_id_token"].clone()).await;
    common::arm(&emu, serde_json::json!({ "path": "/v1/auth/credentials", "status": 503, "count": 3 })).await;
    assert_eq!(authorize(&auth, &mut jar).await.unwrap_err().status(), 503);
    assert!(jar.0.contains_key("saasus_refresh_token"));
    assert_eq!(authorize(&auth, &mut jar).await.unwrap().email, "outage@example.com", "back when the platform is");
    // The callback during an outage.
    let redirect = auth.begin_sign_in().unwrap();
    let mut browser = Jar::default();
    browser.take(std::slice::from_ref(&redirect.set_cookie));
    let body = serde_json::json!({ "username": "outage@example.com", "password": common::PASSWORD });
    let code = control(&emu, reqwest::Method::POST, "/_emulator/sign-in", Some(body)).await["code"].as_str().unwrap().to_string();
    common::arm(&emu, serde_json::json!({ "path": "/v1/auth/credentials", "status": 503, "count": 3 })).await;
    let cookie = browser.header();
    let denied = auth.complete_sign_in(Some(&code), None, &[("cookie", &cookie)]).await.unwrap_err();
    assert_eq!(denied.failure.status(), 503);
    assert_eq!(denied.failure.public_message(), "sign-in is temporarily unavailable; try again shortly");
    // A backend whose secret key the platform refuses.
    let c = emu.credentials();
    let wrong = saasus::Config::new(&c.api_key, "not-the-secret-key", &c.saas_id).unwrap().with_base_url(emu.base_url()).unwrap();
    let misconfigured = Authenticator::new(saasus::Client::new(wrong).unwrap(), options(&emu)).unwrap();
    let fresh = browser_sign_in(&emu, &auth, "outage@example.com").await;
    let cookie = fresh.header();
    let denied = misconfigured.authorize(&[("cookie", &cookie)]).await.unwrap_err();
    assert_eq!((denied.failure.status(), denied.failure.kind()), (500, "misconfigured"), "{}", denied.failure);
    assert!(denied.set_cookies.is_empty(), "the user's session is kept: the fault is ours");
    // What a server would log of a refusal or a success shows no token.
    let refreshed = auth.authorize(&[("cookie", &cookie)]).await.unwrap();
    let token = refreshed.id_token.clone();
    let after_refresh = saasus::Denied { failure: denied.failure.clone(), set_cookies: vec![format!("saasus_id_token={token}")] };
    assert!(!format!("{refreshed:?} {after_refresh:?}").contains(&token));
}

#[tokio::test]
async fn the_callback_refuses_codes_this_browser_did_not_ask_for() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    common::user(&client, "csrf@example.com").await;
    let auth = Authenticator::new(client.clone(), options(&emu)).unwrap();
    let body = serde_json::json!({ "username": "csrf@example.com", "password": common::PASSWORD });
    let code = control(&emu, reqwest::Method::POST, "/_emulator/sign-in", Some(body)).await["code"].as_str().unwrap().to_string();
    // The attacker's code in a link: this browser started no sign-in.
    let denied = auth.complete_sign_in(Some(&code), None, &[]).await.unwrap_err();
    assert_eq!(denied.failure.status(), 401);
    // A browser mid-sign-in, but the state is another's.
    let redirect = auth.begin_sign_in().unwrap();
    let mut jar = Jar::default();
    jar.take(std::slice::from_ref(&redirect.set_cookie));
    let cookie = jar.header();
    let denied = auth.complete_sign_in(Some(&code), Some("someone-elses"), &[("cookie", &cookie)]).await.unwrap_err();
    assert_eq!(denied.failure.status(), 401);
    // Malformed codes.
    for code in [None, Some(""), Some("a b"), Some("ü")] {
        let denied = auth.complete_sign_in(code, None, &[("cookie", &cookie)]).await.unwrap_err();
        assert_eq!(denied.failure.status(), 400, "{code:?}");
    }
    let long = "a".repeat(2000);
    assert_eq!(auth.complete_sign_in(Some(&long), None, &[("cookie", &cookie)]).await.unwrap_err().failure.status(), 400);
    // No calls were made for any of them.
    assert_eq!(calls(&emu, "/v1/auth/credentials").await, 0);
}

#[tokio::test]
async fn guards_and_sign_out() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let user = common::user(&client, "admin@example.com").await;
    let tenant = common::tenant(&client, "Acme").await;
    common::role(&client, "admin").await;
    let tu = saasus::models::CreateTenantUserParam {
        email: Some("admin@example.com".into()),
        sign_in_id: None,
        attributes: saasus::JsonObject::new(),
    };
    client.auth().tenant_user().create_tenant_user(&tenant.id, &tu).await.unwrap();
    let roles = saasus::models::CreateTenantUserRolesParam { role_names: vec!["admin".into()] };
    client.auth().tenant_user().create_tenant_user_roles(&tenant.id, &user.id, 3, &roles).await.unwrap();
    let auth = Authenticator::new(client.clone(), options(&emu)).unwrap();
    let mut jar = browser_sign_in(&emu, &auth, "admin@example.com").await;
    let who = authorize(&auth, &mut jar).await.unwrap();
    let need = |tenant_id: Option<&str>, roles: &[&str], env_id: Option<i64>| Requirement {
        tenant_id: tenant_id.map(str::to_string),
        require_tenant: true,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        env_id,
    };
    assert!(need(Some(&tenant.id), &["admin"], Some(3)).check(&who).is_ok());
    assert!(need(None, &["admin"], None).check(&who).is_ok());
    assert!(need(None, &[], None).check(&who).is_ok());
    let no = need(Some(&tenant.id), &["admin"], Some(1)).check(&who).unwrap_err();
    assert_eq!((no.status(), no.public_message()), (403, format!("the role admin in env 1 in tenant {} is required", tenant.id)));
    assert_eq!(need(Some("other"), &[], None).check(&who).unwrap_err().status(), 403);
    // Role changes reach the session once its cached user is forgotten.
    client.auth().tenant_user().delete_tenant_user_role(&tenant.id, &user.id, 3, "admin").await.unwrap();
    assert!(auth.forget_user(&user.id) >= 1);
    let who = authorize(&auth, &mut jar).await.unwrap();
    assert!(need(Some(&tenant.id), &["admin"], None).check(&who).is_err());
    // Sign-out clears the cookies.
    let cookie = jar.header();
    jar.take(&auth.sign_out(&[("cookie", &cookie)]));
    assert!(jar.0.is_empty(), "{:?}", jar.0);
    assert_eq!(authorize(&auth, &mut jar).await.unwrap_err().status(), 401);
}

#[test]
fn bad_settings_name_the_setting() {
    let emu_less = saasus::Client::new(saasus::Config::new("k", "s", "id").unwrap()).unwrap();
    let bad = |o: AuthOptions| Authenticator::new(emu_less.clone(), o).unwrap_err().field;
    assert_eq!(bad(AuthOptions { issuer: Some("http://example.com/pool".into()), ..Default::default() }), "issuer");
    assert_eq!(bad(AuthOptions { login_url: Some("javascript:alert(1)".into()), ..Default::default() }), "login_url");
    assert_eq!(bad(AuthOptions { clock_skew: Duration::from_secs(3600), ..Default::default() }), "clock_skew");
    assert_eq!(bad(AuthOptions { user_cache_capacity: 0, ..Default::default() }), "user_cache_capacity");
}
