//! The hosted-page stand-ins without a browser: sign in, sign up and accept an invitation by
//! form, land on the callback with a code, exchange it through the SDK.

use saasus::JsonObject;
use saasus::models::*;
use saasus_emulator::{Emulator, Options};

const PASSWORD: &str = "Passw0rd-Emulator";
const CALLBACK: &str = "http://127.0.0.1:9/callback";

fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn post_form(emu: &Emulator, path: &str, fields: &[(&str, &str)]) -> (u16, Option<String>, String) {
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    let resp = browser()
        .post(format!("http://{}{path}", emu.addr()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let location = resp.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    (status, location, resp.text().await.unwrap())
}

fn code_of(location: &str) -> String {
    let rest = location.strip_prefix(&format!("{CALLBACK}?code=")).unwrap_or_else(|| panic!("not the callback: {location}"));
    rest.to_string()
}

async fn setup() -> (Emulator, saasus::Client) {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    c.auth().auth_info().update_auth_info(&UpdateAuthInfoParam { callback_url: CALLBACK.into() }).await.unwrap();
    (emu, c)
}

#[tokio::test]
async fn sign_in_by_form_lands_on_the_callback_with_a_code() {
    let (emu, c) = setup().await;
    let u = c
        .auth()
        .saas_user()
        .create_saas_user(&CreateSaasUserParam {
            email: Some("alice@example.com".into()),
            sign_in_id: None,
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap();
    let page = browser().get(format!("http://{}/login", emu.addr())).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"<form method="post" action="/login">"#) && page.contains(r#"name="password""#));

    let (status, _, body) = post_form(&emu, "/login", &[("username", "<b>alice@example.com</b>"), ("password", "nope")]).await;
    assert_eq!(status, 401);
    assert!(body.contains("Incorrect username or password."));
    // askama writes the entities as numbers (&#60; for <).
    assert!(body.contains("&#60;b&#62;alice@example.com&#60;/b&#62;") && !body.contains("<b>alice"), "what the user typed is escaped");

    let (status, location, _) = post_form(&emu, "/login", &[("username", "alice@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(status, 303);
    let code = code_of(&location.unwrap());
    let creds = c.exchange_temp_code(&code).await.unwrap();
    assert_eq!(c.authenticate(&creds.id_token).await.unwrap().id, u.id);
    assert_eq!(c.exchange_temp_code(&code).await.unwrap_err().status(), Some(404), "a code works once");
    emu.stop().await;
}

#[tokio::test]
async fn sign_up_by_form() {
    let (emu, c) = setup().await;
    let (status, _, body) = post_form(&emu, "/sign-up", &[("email", "new@example.com"), ("password", "short")]).await;
    assert_eq!(status, 400);
    assert!(body.contains("password policy"), "{body}");
    let (status, location, _) = post_form(&emu, "/sign-up", &[("email", "new@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(status, 303);
    let creds = c.exchange_temp_code(&code_of(&location.unwrap())).await.unwrap();
    assert_eq!(c.authenticate(&creds.id_token).await.unwrap().email, "new@example.com");
    emu.stop().await;
}

#[tokio::test]
async fn an_invitation_accepted_by_form_joins_the_tenant_with_its_roles() {
    let (emu, c) = setup().await;
    let t = c
        .auth()
        .tenant()
        .create_tenant(&CreateTenantParam {
            name: "Acme".into(),
            attributes: JsonObject::new(),
            back_office_staff_email: "ops@example.com".into(),
        })
        .await
        .unwrap();
    c.auth().role().create_role(&CreateRoleParam { role_name: "admin".into(), display_name: "Admin".into() }).await.unwrap();
    c.auth()
        .saas_user()
        .create_saas_user(&CreateSaasUserParam {
            email: Some("owner@example.com".into()),
            sign_in_id: None,
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap();
    // The JSON sign-in for tests: a code without a browser.
    let resp = reqwest::Client::new()
        .post(format!("http://{}/_emulator/sign-in", emu.addr()))
        .header("content-type", "application/json")
        .body(serde_json::json!({"username": "owner@example.com", "password": PASSWORD}).to_string())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let resp: serde_json::Value = serde_json::from_slice(&resp).unwrap();
    assert!(resp["redirect_url"].as_str().unwrap().starts_with(CALLBACK));
    let owner = c.exchange_temp_code(resp["code"].as_str().unwrap()).await.unwrap();

    let inv = c
        .auth()
        .invitation()
        .create_tenant_invitation(
            &t.id,
            &CreateTenantInvitationParam {
                email: "bob@example.com".into(),
                access_token: owner.access_token,
                envs: vec![InvitedEnv { id: 3, role_names: vec!["admin".into()] }],
            },
        )
        .await
        .unwrap();
    assert_eq!(inv.invitation_url, format!("http://{}/invitation?code={}", emu.addr(), inv.id), "the link opens the emulator's page");
    let page = browser().get(&inv.invitation_url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("bob@example.com"));
    let (status, location, _) =
        post_form(&emu, "/invitation", &[("code", &inv.id), ("email", "bob@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(status, 303);
    let creds = c.exchange_temp_code(&code_of(&location.unwrap())).await.unwrap();
    let bob = c.authenticate(&creds.id_token).await.unwrap();
    assert!(bob.has_role(&t.id, "admin", Some(3)));
    assert_eq!(c.auth().invitation().get_tenant_invitation(&t.id, &inv.id).await.unwrap().status, InvitationStatus::Accepted);
    let again = browser().get(format!("http://{}/invitation?code={}", emu.addr(), inv.id)).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 404);
    emu.stop().await;
}
