//! saasusTenant, credential, userInfo, invitation and error: the SaaS's own keys, the login
//! flows, invitations and the always-failing endpoint.

use crate::common;

use common::PASSWORD;
use saasus::JsonObject;
use saasus::models::*;

#[tokio::test]
async fn api_keys_saas_id_and_client_secret() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let st = c.auth().saasus_tenant();
    assert_eq!(st.get_api_keys().await.unwrap().api_keys, vec![emu.credentials().api_key.clone()]);
    st.create_api_key().await.unwrap();
    let keys = st.get_api_keys().await.unwrap().api_keys;
    assert_eq!(keys.len(), 2);
    assert_eq!(common::status(st.create_api_key().await.unwrap_err()), 400, "at most two keys");
    // The new key signs requests too.
    let mut config = emu.config();
    config.api_key = keys[1].clone();
    let second = saasus::Client::new(config).unwrap();
    second.auth().saasus_tenant().delete_api_key(&keys[0]).await.unwrap();
    assert_eq!(common::status(st.get_api_keys().await.unwrap_err()), 401, "the deleted key no longer signs");
    assert_eq!(second.auth().saasus_tenant().get_api_keys().await.unwrap().api_keys, vec![keys[1].clone()]);
    assert_eq!(common::status(second.auth().saasus_tenant().delete_api_key("unknown").await.unwrap_err()), 404);

    let st = second.auth().saasus_tenant();
    let secret = st.get_client_secret().await.unwrap().client_secret;
    st.update_client_secret().await.unwrap();
    assert_ne!(st.get_client_secret().await.unwrap().client_secret, secret);

    let saas = st.get_saas_id().await.unwrap();
    assert_eq!((saas.saas_id.as_str(), saas.env_id), (emu.credentials().saas_id.as_str(), 3));
    st.update_saas_id().await.unwrap();
    let stale = st.get_saas_id().await.unwrap_err();
    assert_eq!(common::status(stale), 401, "clients must switch to the new SaaS ID");
    emu.stop().await;
}

#[tokio::test]
async fn temp_code_credentials_userinfo_and_refresh() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let t = common::tenant(&c, "Acme").await;
    let u = common::user(&c, "alice@example.com").await;
    common::role(&c, "admin").await;
    let tu = c.auth().tenant_user();
    tu.create_tenant_user(
        &t.id,
        &CreateTenantUserParam { email: Some("alice@example.com".into()), sign_in_id: None, attributes: JsonObject::new() },
    )
    .await
    .unwrap();
    tu.create_tenant_user_roles(&t.id, &u.id, 3, &CreateTenantUserRolesParam { role_names: vec!["admin".into()] }).await.unwrap();

    // What the hosted login page does: keep the tokens behind a temp code for the callback.
    let tokens = common::sign_in(&c, "alice@example.com", PASSWORD).await.unwrap();
    let cr = c.auth().credential();
    let code = cr
        .create_auth_credentials(&CreateAuthCredentialsParam {
            id_token: tokens.id_token.clone(),
            access_token: tokens.access_token.clone(),
            refresh_token: tokens.refresh_token.clone(),
        })
        .await
        .unwrap()
        .code;
    let q = |code: Option<String>, flow, refresh: Option<String>| GetAuthCredentialsQuery {
        code,
        auth_flow: Some(flow),
        refresh_token: refresh,
    };
    let got = cr.get_auth_credentials(&q(Some(code.clone()), AuthFlow::TempCodeAuth, None)).await.unwrap();
    assert_eq!(got, tokens);
    assert_eq!(
        common::status(cr.get_auth_credentials(&q(Some(code), AuthFlow::TempCodeAuth, None)).await.unwrap_err()),
        404,
        "a temp code works once"
    );

    let info = c.auth().user_info().get_user_info(&GetUserInfoQuery { token: got.id_token.clone() }).await.unwrap();
    assert_eq!((info.id.as_str(), info.email.as_str()), (u.id.as_str(), "alice@example.com"));
    assert_eq!(info.tenants.len(), 1);
    assert_eq!(info.tenants[0].envs[0].id, 3);
    assert_eq!(info.tenants[0].envs[0].roles[0].role_name, "admin");
    assert_eq!(common::status(c.auth().user_info().get_user_info(&GetUserInfoQuery { token: "forged".into() }).await.unwrap_err()), 401);

    let refreshed = cr.get_auth_credentials(&q(None, AuthFlow::RefreshTokenAuth, got.refresh_token.clone())).await.unwrap();
    assert_ne!(refreshed.id_token, got.id_token);
    assert_eq!(refreshed.refresh_token, None);
    let again = c.auth().user_info().get_user_info(&GetUserInfoQuery { token: refreshed.id_token }).await.unwrap();
    assert_eq!(again.id, u.id);
    assert_eq!(common::status(cr.get_auth_credentials(&q(None, AuthFlow::RefreshTokenAuth, Some("nope".into()))).await.unwrap_err()), 404);
    assert_eq!(common::status(cr.get_auth_credentials(&q(None, AuthFlow::TempCodeAuth, None)).await.unwrap_err()), 400);

    let by_email =
        c.auth().user_info().get_user_info_by_email(&GetUserInfoByEmailQuery { email: "alice@example.com".into() }).await.unwrap();
    assert_eq!(by_email.id, u.id);
    let by_sign_in = c
        .auth()
        .user_info()
        .get_user_info_by_sign_in_id(&GetUserInfoBySignInIdQuery { sign_in_id: "alice@example.com".into() })
        .await
        .unwrap();
    assert_eq!(by_sign_in.tenants[0].name, "Acme");
    assert_eq!(
        common::status(
            c.auth().user_info().get_user_info_by_email(&GetUserInfoByEmailQuery { email: "x@example.com".into() }).await.unwrap_err()
        ),
        404
    );
    emu.stop().await;
}

#[tokio::test]
async fn invitations_bring_users_in_with_roles() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let inv = c.auth().invitation();
    let t = common::tenant(&c, "Acme").await;
    common::user(&c, "owner@example.com").await;
    common::role(&c, "admin").await;
    let owner = common::sign_in(&c, "owner@example.com", PASSWORD).await.unwrap();

    let envs = vec![InvitedEnv { id: 3, role_names: vec!["admin".into()] }];
    let created = inv
        .create_tenant_invitation(
            &t.id,
            &CreateTenantInvitationParam { email: "new@example.com".into(), access_token: owner.access_token.clone(), envs: envs.clone() },
        )
        .await
        .unwrap();
    assert_eq!((created.email.as_str(), created.status.clone()), ("new@example.com", InvitationStatus::Pending));
    assert_eq!(created.envs[0].roles[0].role_name, "admin");
    assert!(created.invitation_url.contains(&created.id));
    let bad = inv
        .create_tenant_invitation(
            &t.id,
            &CreateTenantInvitationParam {
                email: "x@example.com".into(),
                access_token: owner.access_token.clone(),
                envs: vec![InvitedEnv { id: 3, role_names: vec!["ghost".into()] }],
            },
        )
        .await
        .unwrap_err();
    assert!(bad.as_api().unwrap().message.contains("envs[0].role_names"));

    assert_eq!(inv.get_tenant_invitations(&t.id).await.unwrap().invitations, vec![created.clone()]);
    assert_eq!(inv.get_tenant_invitation(&t.id, &created.id).await.unwrap(), created);
    assert!(inv.get_invitation_validity(&created.id).await.unwrap().is_valid);

    // A new user accepts with an email and a password.
    inv.validate_invitation(
        &created.id,
        &ValidateInvitationParam { access_token: None, email: Some("new@example.com".into()), password: Some(PASSWORD.into()) },
    )
    .await
    .unwrap();
    assert!(!inv.get_invitation_validity(&created.id).await.unwrap().is_valid);
    assert_eq!(inv.get_tenant_invitation(&t.id, &created.id).await.unwrap().status, InvitationStatus::Accepted);
    let member = c.auth().tenant_user().get_tenant_users(&t.id).await.unwrap().users;
    assert_eq!(member[0].email, "new@example.com");
    assert_eq!(member[0].envs[0].roles[0].role_name, "admin");
    let twice = inv
        .validate_invitation(
            &created.id,
            &ValidateInvitationParam { access_token: None, email: Some("new@example.com".into()), password: Some(PASSWORD.into()) },
        )
        .await;
    assert_eq!(common::status(twice.unwrap_err()), 400);

    // An existing user accepts with its access token.
    let second = inv
        .create_tenant_invitation(
            &t.id,
            &CreateTenantInvitationParam { email: "owner@example.com".into(), access_token: owner.access_token.clone(), envs },
        )
        .await
        .unwrap();
    inv.validate_invitation(
        &second.id,
        &ValidateInvitationParam { access_token: Some(owner.access_token.clone()), email: None, password: None },
    )
    .await
    .unwrap();
    assert_eq!(c.auth().tenant_user().get_tenant_users(&t.id).await.unwrap().users.len(), 2);

    inv.delete_tenant_invitation(&t.id, &second.id).await.unwrap();
    assert_eq!(common::status(inv.get_tenant_invitation(&t.id, &second.id).await.unwrap_err()), 404);
    assert_eq!(common::status(inv.delete_tenant_invitation(&t.id, &second.id).await.unwrap_err()), 404);
    emu.stop().await;
}

#[tokio::test]
async fn the_error_endpoint_is_a_typed_500() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let err = c.auth().error().return_internal_server_error().await.unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!((api.status, api.error_type.as_str()), (500, "internal_server_error"));
    emu.stop().await;
}

/// Every operation of the table is called by name somewhere in these tests.
#[test]
fn every_operation_has_a_test() {
    fn rust_sources(dir: &std::path::Path, into: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_sources(&path, into);
            } else if path.extension().is_some_and(|e| e == "rs") {
                *into += &std::fs::read_to_string(&path).unwrap();
            }
        }
    }
    let mut sources = String::new();
    rust_sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"), &mut sources);
    let untested: Vec<&str> = saasus::operations().iter().map(|o| o.name).filter(|n| !sources.contains(&format!(".{n}("))).collect();
    assert_eq!(saasus::operations().len(), common::spec_operation_ids("auth").len());
    assert!(untested.is_empty(), "operations without a test: {untested:?}");
}
