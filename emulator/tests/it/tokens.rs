//! ID and access tokens are RS256 JWTs the emulator signs and checks: expired, tampered and
//! foreign tokens are refused.

use crate::support;

use base64::Engine;
use saasus::models::*;
use saasus_emulator::{Emulator, Options};

const PASSWORD: &str = "Passw0rd-Emulator";

async fn signed_in(emu: &Emulator) -> (saasus::Client, String, Credentials) {
    let c = saasus::Client::new(emu.config()).unwrap();
    let su = c.auth().saas_user();
    let u = su
        .create_saas_user(&CreateSaasUserParam {
            email: Some("alice@example.com".into()),
            sign_in_id: None,
            password: Some(PASSWORD.into()),
        })
        .await
        .unwrap();
    let credentials = support::sign_in(&c, "alice@example.com", PASSWORD).await;
    (c, u.id, credentials)
}

fn claims(jwt: &str) -> serde_json::Value {
    let payload = jwt.split('.').nth(1).expect("a JWT has three parts");
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn header(jwt: &str) -> serde_json::Value {
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(jwt.split('.').next().unwrap()).unwrap()).unwrap()
}

#[tokio::test]
async fn tokens_carry_the_claims_of_a_saasus_token() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let (c, user_id, creds) = signed_in(&emu).await;
    assert_eq!(header(&creds.id_token)["alg"], "RS256");
    let id = claims(&creds.id_token);
    assert_eq!(
        (id["sub"].as_str(), id["email"].as_str(), id["token_use"].as_str()),
        (Some(user_id.as_str()), Some("alice@example.com"), Some("id"))
    );
    assert_eq!(id["aud"].as_str(), Some(emu.credentials().saas_id.as_str()));
    // Issued where Cognito's would be, under the emulator's URL, with the key set published there.
    let iss = id["iss"].as_str().unwrap();
    assert!(iss.starts_with(&format!("http://{}/cognito-idp/ap-northeast-1_", emu.addr())), "{iss}");
    assert_eq!(id["cognito:username"].as_str(), Some(user_id.as_str()));
    let get = |url: String| async move {
        serde_json::from_str::<serde_json::Value>(&reqwest::get(url).await.unwrap().text().await.unwrap()).unwrap()
    };
    let jwks = get(format!("{iss}/.well-known/jwks.json")).await;
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwks["keys"][0].clone()).unwrap();
    assert_eq!(jwk.common.key_id.as_deref(), header(&creds.id_token)["kid"].as_str());
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_issuer(&[iss]);
    v.set_audience(&[emu.credentials().saas_id.as_str()]);
    jsonwebtoken::decode::<serde_json::Value>(&creds.id_token, &jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap(), &v)
        .expect("the published key verifies the ID token");
    let config = get(format!("{iss}/.well-known/openid-configuration")).await;
    assert_eq!(config["issuer"].as_str(), Some(iss));
    assert_eq!(reqwest::get(format!("http://{}/cognito-idp/nope/.well-known/jwks.json", emu.addr())).await.unwrap().status(), 404);
    assert_eq!(id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(), 3600);
    let access = claims(&creds.access_token);
    assert_eq!((access["token_use"].as_str(), access["client_id"].as_str()), (Some("access"), Some(emu.credentials().saas_id.as_str())));
    assert_eq!((access["username"].as_str(), access["scope"].as_str()), (Some(user_id.as_str()), Some("aws.cognito.signin.user.admin")));
    assert_eq!(c.authenticate(&creds.id_token).await.unwrap().id, user_id);
    emu.stop().await;
}

#[tokio::test]
async fn expired_tampered_and_foreign_tokens_are_refused() {
    let emu = Emulator::start(Options { token_ttl: -60, ..Options::default() }).await.unwrap();
    let (c, _, expired) = signed_in(&emu).await;
    assert_eq!(c.authenticate(&expired.id_token).await.unwrap_err().status(), Some(401), "expired");
    emu.stop().await;

    let emu = Emulator::start(Options::default()).await.unwrap();
    let (c, _, creds) = signed_in(&emu).await;
    let parts: Vec<&str> = creds.id_token.split('.').collect();
    let mut forged = claims(&creds.id_token);
    forged["sub"] = "someone-else".into();
    let forged_payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged.to_string());
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(c.authenticate(&tampered).await.unwrap_err().status(), Some(401), "tampered");

    let other = Emulator::start(Options::default()).await.unwrap();
    let (_, _, foreign) = signed_in(&other).await;
    assert_eq!(c.authenticate(&foreign.id_token).await.unwrap_err().status(), Some(401), "signed by another emulator's key");
    other.stop().await;

    // A refresh token is opaque and revocable: deleting the user revokes it.
    let user = c.authenticate(&creds.id_token).await.unwrap();
    c.auth().saas_user().delete_saas_user(&user.id).await.unwrap();
    assert_eq!(c.refresh(creds.refresh_token.as_deref().unwrap()).await.unwrap_err().status(), Some(404));
    assert_eq!(c.authenticate(&creds.id_token).await.unwrap_err().status(), Some(401), "the user is gone");
    emu.stop().await;
}
