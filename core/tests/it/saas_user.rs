//! saasUser: SaaS users, passwords, email and sign-in ID, attributes, MFA, external links,
//! sign-in, sign-up and AWS Marketplace.

use crate::common;

use common::PASSWORD;
use saasus::JsonObject;
use saasus::models::*;

#[tokio::test]
async fn users_are_created_read_listed_and_deleted_everywhere() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let su = c.auth().saas_user();

    let given = common::user(&c, "alice@example.com").await;
    assert_eq!(
        (given.email.as_str(), given.sign_in_id.as_str(), given.password.as_deref()),
        ("alice@example.com", "alice@example.com", None)
    );
    let generated =
        su.create_saas_user(&CreateSaasUserParam { email: None, sign_in_id: Some("bob".into()), password: None }).await.unwrap();
    assert_eq!((generated.email.as_str(), generated.sign_in_id.as_str()), ("", "bob"));
    let temp = generated.password.clone().expect("a generated temporary password is returned");
    common::sign_in(&c, "bob", &temp).await.expect("the temporary password signs in");

    let dup = su
        .create_saas_user(&CreateSaasUserParam { email: Some("ALICE@example.com".into()), sign_in_id: None, password: None })
        .await
        .unwrap_err();
    assert_eq!(common::status(dup), 409);

    assert_eq!(su.get_saas_user(&given.id).await.unwrap().email, "alice@example.com");
    let ids: Vec<String> = su.get_saas_users().await.unwrap().users.into_iter().map(|u| u.id).collect();
    assert_eq!(ids, vec![given.id.clone(), generated.id.clone()]);

    // Deleting a SaaS user removes it from every tenant, and answers what it was.
    let t = common::tenant(&c, "Acme").await;
    c.auth()
        .tenant_user()
        .create_tenant_user(
            &t.id,
            &CreateTenantUserParam { email: Some("alice@example.com".into()), sign_in_id: None, attributes: JsonObject::new() },
        )
        .await
        .unwrap();
    let before = su.delete_saas_user(&given.id).await.unwrap();
    assert_eq!((before.id.as_str(), before.tenants.len()), (given.id.as_str(), 1));
    assert!(c.auth().tenant_user().get_tenant_users(&t.id).await.unwrap().users.is_empty());
    assert_eq!(common::status(su.get_saas_user(&given.id).await.unwrap_err()), 404);
    assert_eq!(common::status(su.delete_saas_user(&given.id).await.unwrap_err()), 404);
    emu.stop().await;
}

#[tokio::test]
async fn passwords_emails_and_sign_in_ids_change() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let su = c.auth().saas_user();
    let u = common::user(&c, "carol@example.com").await;

    su.update_saas_user_password(&u.id, &UpdateSaasUserPasswordParam { password: "N3w-Password!".into(), temporary: None }).await.unwrap();
    assert_eq!(common::status(common::sign_in(&c, "carol@example.com", PASSWORD).await.unwrap_err()), 401);
    common::sign_in(&c, "carol@example.com", "N3w-Password!").await.unwrap();
    let weak =
        su.update_saas_user_password(&u.id, &UpdateSaasUserPasswordParam { password: "short".into(), temporary: None }).await.unwrap_err();
    assert!(weak.as_api().unwrap().message.starts_with("password:"));

    let reset = su.reset_saas_user_password(&u.id).await.unwrap().password.expect("a new temporary password");
    common::sign_in(&c, "carol@example.com", &reset).await.unwrap();

    su.update_saas_user_email(&u.id, &UpdateSaasUserEmailParam { email: "carol@new.example.com".into() }).await.unwrap();
    su.update_saas_user_sign_in_id(&u.id, &UpdateSaasUserSignInIdParam { sign_in_id: "carol".into() }).await.unwrap();
    let got = su.get_saas_user(&u.id).await.unwrap();
    assert_eq!((got.email.as_str(), got.sign_in_id.as_str()), ("carol@new.example.com", "carol"));
    common::user(&c, "dave@example.com").await;
    let taken =
        su.update_saas_user_sign_in_id(&u.id, &UpdateSaasUserSignInIdParam { sign_in_id: "dave@example.com".into() }).await.unwrap_err();
    assert_eq!(common::status(taken), 409);

    // The self-service email change: a code goes to the new address (always 123456 here).
    let creds = common::sign_in(&c, "carol", &reset).await.unwrap();
    su.request_email_update(
        &u.id,
        &RequestEmailUpdateParam { email: "carol@third.example.com".into(), access_token: creds.access_token.clone() },
    )
    .await
    .unwrap();
    let wrong = su
        .confirm_email_update(&u.id, &ConfirmEmailUpdateParam { code: "000000".into(), access_token: creds.access_token.clone() })
        .await
        .unwrap_err();
    assert_eq!(common::status(wrong), 400);
    su.confirm_email_update(&u.id, &ConfirmEmailUpdateParam { code: "123456".into(), access_token: creds.access_token.clone() })
        .await
        .unwrap();
    assert_eq!(su.get_saas_user(&u.id).await.unwrap().email, "carol@third.example.com");
    emu.stop().await;
}

#[tokio::test]
async fn saas_user_attributes_are_typed() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let u = common::user(&c, "erin@example.com").await;
    let attr = c
        .auth()
        .user_attribute()
        .create_saas_user_attribute(&CreateSaasUserAttributeParam {
            attribute_name: "birthday".into(),
            display_name: "Birthday".into(),
            attribute_type: AttributeType::Date,
        })
        .await
        .unwrap();
    assert_eq!(attr.attribute_type, AttributeType::Date);
    let mut attrs = JsonObject::new();
    attrs.insert("birthday", "1990-04-01");
    c.auth().saas_user().update_saas_user_attributes(&u.id, &UpdateSaasUserAttributesParam { attributes: attrs.clone() }).await.unwrap();
    assert_eq!(c.auth().saas_user().get_saas_user(&u.id).await.unwrap().attributes, attrs);
    let mut bad = JsonObject::new();
    bad.insert("birthday", 19900401);
    let err =
        c.auth().saas_user().update_saas_user_attributes(&u.id, &UpdateSaasUserAttributesParam { attributes: bad }).await.unwrap_err();
    assert!(err.as_api().unwrap().message.contains("attributes.birthday"), "{err}");
    emu.stop().await;
}

#[tokio::test]
async fn mfa_with_an_authenticator_app() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let su = c.auth().saas_user();
    let u = common::user(&c, "frank@example.com").await;
    assert_eq!(su.get_user_mfa_preference(&u.id).await.unwrap(), MfaPreference { enabled: false, method: None });
    let too_early = su
        .update_user_mfa_preference(&u.id, &UpdateUserMfaPreferenceParam { enabled: true, method: Some(MfaMethod::SoftwareToken) })
        .await
        .unwrap_err();
    assert_eq!(common::status(too_early), 400);

    let creds = common::sign_in(&c, "frank@example.com", PASSWORD).await.unwrap();
    let secret =
        su.create_secret_code(&u.id, &CreateSecretCodeParam { access_token: creds.access_token.clone() }).await.unwrap().secret_code;
    assert!(secret.len() >= 16 && secret.chars().all(|ch| ch.is_ascii_uppercase() || ('2'..='7').contains(&ch)), "base32: {secret}");
    let wrong = su
        .update_software_token(
            &u.id,
            &UpdateSoftwareTokenParam { access_token: creds.access_token.clone(), verification_code: "999999".into() },
        )
        .await;
    assert_eq!(common::status(wrong.unwrap_err()), 400);
    su.update_software_token(
        &u.id,
        &UpdateSoftwareTokenParam { access_token: creds.access_token.clone(), verification_code: "123456".into() },
    )
    .await
    .unwrap();
    su.update_user_mfa_preference(&u.id, &UpdateUserMfaPreferenceParam { enabled: true, method: Some(MfaMethod::SoftwareToken) })
        .await
        .unwrap();
    assert_eq!(su.get_user_mfa_preference(&u.id).await.unwrap(), MfaPreference { enabled: true, method: Some(MfaMethod::SoftwareToken) });

    // Signing in now asks for the authenticator's code.
    let params = common::strings(&[("USERNAME", "frank@example.com")]);
    let first = su.sign_in(&SignInParam { sign_in_flow: SignInFlow::UserSrpAuth, sign_in_parameters: Some(params) }).await.unwrap();
    let password = common::strings(&[("PASSWORD", PASSWORD)]);
    let second = su
        .respond_to_sign_in_challenge(&RespondToSignInChallengeParam {
            challenge_name: ChallengeName::PasswordVerifier,
            challenge_responses: Some(password),
            session: first.session,
        })
        .await
        .unwrap();
    assert_eq!(second.challenge_name, Some(ChallengeName::SoftwareTokenMfa));
    assert!(second.credentials.is_none());
    let code = common::strings(&[("SOFTWARE_TOKEN_MFA_CODE", "123456")]);
    let done = su
        .respond_to_sign_in_challenge(&RespondToSignInChallengeParam {
            challenge_name: ChallengeName::SoftwareTokenMfa,
            challenge_responses: Some(code),
            session: second.session,
        })
        .await
        .unwrap();
    let device = done.new_device_metadata.expect("device metadata");
    let tokens = done.credentials.expect("credentials after MFA");

    let confirmed = su
        .confirm_device(&ConfirmDeviceParam {
            access_token: tokens.access_token.clone(),
            device_key: device.device_key.clone().unwrap(),
            device_name: Some("laptop".into()),
            device_secret_verifier_config: None,
        })
        .await
        .unwrap();
    assert!(!confirmed.user_confirmation_necessary);
    su.update_device_status(&UpdateDeviceStatusParam {
        access_token: tokens.access_token.clone(),
        device_key: device.device_key.unwrap(),
        device_remembered_status: DeviceRememberedStatus::Remembered,
    })
    .await
    .unwrap();
    let bad_token = su
        .confirm_device(&ConfirmDeviceParam {
            access_token: "nope".into(),
            device_key: "k".into(),
            device_name: None,
            device_secret_verifier_config: None,
        })
        .await;
    assert_eq!(common::status(bad_token.unwrap_err()), 401);
    emu.stop().await;
}

#[tokio::test]
async fn external_provider_link_and_unlink() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let su = c.auth().saas_user();
    let u = common::user(&c, "gina@example.com").await;
    let creds = common::sign_in(&c, "gina@example.com", PASSWORD).await.unwrap();
    assert_eq!(common::status(su.unlink_provider(&u.id, "Google").await.unwrap_err()), 404);
    su.request_external_user_link(&RequestExternalUserLinkParam { access_token: creds.access_token.clone() }).await.unwrap();
    su.confirm_external_user_link(&ConfirmExternalUserLinkParam { access_token: creds.access_token.clone(), code: "123456".into() })
        .await
        .unwrap();
    su.unlink_provider(&u.id, "Google").await.unwrap();
    assert_eq!(common::status(su.unlink_provider(&u.id, "Google").await.unwrap_err()), 404);
    emu.stop().await;
}

#[tokio::test]
async fn sign_up_and_aws_marketplace() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let su = c.auth().saas_user();
    let signed_up = su.sign_up(&SignUpParam { email: "hana@example.com".into() }).await.unwrap();
    assert_eq!(signed_up.email, "hana@example.com");
    su.resend_sign_up_confirmation_email(&ResendSignUpConfirmationEmailParam { email: "hana@example.com".into() }).await.unwrap();
    assert_eq!(
        common::status(
            su.resend_sign_up_confirmation_email(&ResendSignUpConfirmationEmailParam { email: "nobody@example.com".into() })
                .await
                .unwrap_err()
        ),
        404
    );

    let buyer = su
        .sign_up_with_aws_marketplace(&SignUpWithAwsMarketplaceParam {
            email: "ivan@example.com".into(),
            registration_token: "reg-token".into(),
        })
        .await
        .unwrap();
    let password = su.reset_saas_user_password(&buyer.id).await.unwrap().password.unwrap();
    let creds = common::sign_in(&c, "ivan@example.com", &password).await.unwrap();
    let tenant = su
        .confirm_sign_up_with_aws_marketplace(&ConfirmSignUpWithAwsMarketplaceParam {
            tenant_name: Some("Ivan Corp".into()),
            access_token: creds.access_token.clone(),
            registration_token: "reg-token".into(),
        })
        .await
        .unwrap();
    assert_eq!(tenant.name, "Ivan Corp");
    let members = c.auth().tenant_user().get_tenant_users(&tenant.id).await.unwrap().users;
    assert_eq!(members.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(), vec!["ivan@example.com"]);
    su.link_aws_marketplace(&LinkAwsMarketplaceParam {
        tenant_id: tenant.id.clone(),
        access_token: creds.access_token.clone(),
        registration_token: "reg-2".into(),
    })
    .await
    .unwrap();
    let missing = su
        .link_aws_marketplace(&LinkAwsMarketplaceParam {
            tenant_id: "nope".into(),
            access_token: creds.access_token,
            registration_token: "reg-2".into(),
        })
        .await;
    assert_eq!(common::status(missing.unwrap_err()), 404);
    emu.stop().await;
}

/// The v1.13.8 operations through the typed client (their semantics in detail:
/// emulator/tests/saas_users.rs): a search page by page, the counts saved and read, and the
/// last login a sign-in leaves on the user.
#[tokio::test]
async fn search_counts_and_last_login() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let su = c.auth().saas_user();
    let mut made = Vec::new();
    for name in ["ann", "amy", "bea"] {
        made.push(common::user(&c, &format!("{name}@example.com")).await.id);
    }
    let q = |cursor| SearchSaasUsersQuery { email: Some("a".into()), limit: Some(1), cursor, ..Default::default() };
    let first = su.search_saas_users(&q(None)).await.unwrap();
    let second = su.search_saas_users(&q(first.cursor.clone())).await.unwrap();
    assert_eq!(second.cursor, None);
    let mut found: Vec<String> = first.users.iter().chain(&second.users).map(|u| u.email.clone()).collect();
    found.sort();
    assert_eq!(found, ["amy@example.com", "ann@example.com"]);

    su.save_saas_users_count(&SaveSaasUsersCountParam { count: 3 }).await.unwrap();
    assert_eq!(su.get_saas_users_count().await.unwrap().count, 3);
    let t = common::tenant(&c, "Acme").await;
    let tu = c.auth().tenant_user();
    let p = SaveTenantUsersCountsParam { tenant_user_counts: vec![SaveTenantUserCountParam { tenant_id: t.id.clone(), count: 2 }] };
    tu.save_tenant_users_counts(&p).await.unwrap();
    let counts = tu.get_all_tenant_users_count().await.unwrap().tenant_user_counts;
    assert_eq!(counts.iter().map(|c| (c.tenant_id.as_str(), c.count)).collect::<Vec<_>>(), [(t.id.as_str(), 2)]);

    assert_eq!(su.get_saas_user(&made[0]).await.unwrap().last_login_at, None);
    common::sign_in(&c, "ann@example.com", PASSWORD).await.unwrap();
    assert!(su.get_saas_user(&made[0]).await.unwrap().last_login_at.is_some());
    emu.stop().await;
}
