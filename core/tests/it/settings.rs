//! basicInfo, authInfo and singleTenant: the SaaS's settings, read back as written.

use crate::common;

use saasus::models::*;

#[tokio::test]
async fn basic_info_notification_messages_and_pages() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let b = c.auth().basic_info();

    let info = b.get_basic_info().await.unwrap();
    assert_eq!(info.domain_name, "");
    assert!(!info.is_dns_validated);
    b.update_basic_info(&UpdateBasicInfoParam {
        domain_name: "example.com".into(),
        from_email_address: "no-reply@example.com".into(),
        reply_email_address: None,
    })
    .await
    .unwrap();
    let info = b.get_basic_info().await.unwrap();
    assert_eq!((info.domain_name.as_str(), info.from_email_address.as_str()), ("example.com", "no-reply@example.com"));
    assert_eq!(info.certificate_dns_record.r#type, DnsRecordType::Cname);
    assert!(info.certificate_dns_record.name.ends_with("example.com."));
    assert_eq!(info.dkim_dns_records.len(), 3);
    let bad = b
        .update_basic_info(&UpdateBasicInfoParam {
            domain_name: "example.com".into(),
            from_email_address: "nope".into(),
            reply_email_address: None,
        })
        .await;
    assert_eq!(common::status(bad.unwrap_err()), 400);

    let messages = b.find_notification_messages().await.unwrap();
    assert!(!messages.sign_up.subject.is_empty());
    let welcome = MessageTemplate { subject: "Welcome".into(), message: "Hello {username}".into() };
    b.update_notification_messages(&UpdateNotificationMessagesParam {
        sign_up: Some(welcome.clone()),
        create_user: None,
        resend_code: None,
        forgot_password: None,
        update_user_attribute: None,
        verify_user_attribute: None,
        authentication_mfa: None,
        invite_tenant_user: None,
        verify_external_user: None,
    })
    .await
    .unwrap();
    let after = b.find_notification_messages().await.unwrap();
    assert_eq!(after.sign_up, welcome);
    assert_eq!(after.create_user, messages.create_user, "templates not sent stay as they were");

    let page = CustomizePageProps { html_contents: "<p>Sign in</p>".into(), is_terms_of_service: true, is_privacy_policy: false };
    b.update_customize_pages(&UpdateCustomizePagesParam {
        sign_up_page: None,
        sign_in_page: Some(page.clone()),
        password_reset_page: None,
    })
    .await
    .unwrap();
    assert_eq!(b.get_customize_pages().await.unwrap().sign_in_page, page);

    b.update_customize_page_settings(&UpdateCustomizePageSettingsParam {
        // The spec's `format: base64`: the image itself, not a link to it.
        icon: "iVBORw0KGgo=".into(),
        favicon: "AAABAAEAEBA=".into(),
        title: "Acme".into(),
        terms_of_service_url: "https://example.com/terms".into(),
        privacy_policy_url: "https://example.com/privacy".into(),
        google_tag_manager_container_id: "GTM-XXXX".into(),
        is_sign_in_id_enabled: Some(true),
    })
    .await
    .unwrap();
    let s = b.get_customize_page_settings().await.unwrap();
    assert_eq!((s.title.as_str(), s.is_sign_in_id_enabled), ("Acme", Some(true)));
    emu.stop().await;
}

#[tokio::test]
async fn auth_info_identity_providers_and_sign_in_settings() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let a = c.auth().auth_info();

    assert_eq!(a.get_auth_info().await.unwrap().callback_url, "");
    a.update_auth_info(&UpdateAuthInfoParam { callback_url: "http://localhost:3000/callback".into() }).await.unwrap();
    assert_eq!(a.get_auth_info().await.unwrap().callback_url, "http://localhost:3000/callback");
    assert_eq!(common::status(a.update_auth_info(&UpdateAuthInfoParam { callback_url: "not a url".into() }).await.unwrap_err()), 400);

    let google = IdentityProviderProps {
        application_id: "app".into(),
        application_secret: "shh".into(),
        approval_scope: "email openid".into(),
        is_button_hidden: Some(false),
    };
    a.update_identity_provider(&UpdateIdentityProviderParam {
        provider: ProviderName::Google,
        identity_provider_props: Some(google.clone()),
    })
    .await
    .unwrap();
    assert_eq!(a.get_identity_providers().await.unwrap().google, google);
    a.update_identity_provider(&UpdateIdentityProviderParam { provider: ProviderName::Google, identity_provider_props: None })
        .await
        .unwrap();
    assert_eq!(a.get_identity_providers().await.unwrap().google.application_id, "", "no props turns the provider off");

    let settings = a.get_sign_in_settings().await.unwrap();
    assert_eq!(settings.password_policy.minimum_length, 8);
    let mut policy = settings.password_policy.clone();
    policy.minimum_length = 12;
    a.update_sign_in_settings(&UpdateSignInSettingsParam {
        password_policy: Some(policy),
        device_configuration: None,
        mfa_configuration: Some(MfaConfiguration { mfa_configuration: MfaMode::On }),
        recaptcha_props: None,
        account_verification: None,
        self_regist: Some(SelfRegist { enable: true }),
    })
    .await
    .unwrap();
    let after = a.get_sign_in_settings().await.unwrap();
    assert_eq!(after.password_policy.minimum_length, 12);
    assert_eq!(after.mfa_configuration.mfa_configuration, MfaMode::On);
    assert!(after.self_regist.enable);
    assert_eq!(after.device_configuration, settings.device_configuration);
    // The new policy applies at once.
    let weak = c
        .auth()
        .saas_user()
        .create_saas_user(&CreateSaasUserParam { email: Some("a@example.com".into()), sign_in_id: None, password: Some("Short1a".into()) })
        .await
        .unwrap_err();
    assert!(weak.as_api().unwrap().message.contains("at least 12"), "{weak}");
    emu.stop().await;
}

#[tokio::test]
async fn single_tenant_settings_and_launch_link() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let s = c.auth().single_tenant();
    assert!(!s.get_single_tenant_settings().await.unwrap().enabled);
    s.update_single_tenant_settings(&UpdateSingleTenantSettingsParam {
        enabled: Some(true),
        role_arn: Some("arn:aws:iam::123456789012:role/saasus".into()),
        cloudformation_template: Some("UmVzb3VyY2VzOiB7fQ==".into()),
        ddl_template: None,
        role_external_id: Some("ext-1".into()),
    })
    .await
    .unwrap();
    let got = s.get_single_tenant_settings().await.unwrap();
    assert!(got.enabled);
    assert_eq!(got.role_arn, "arn:aws:iam::123456789012:role/saasus");
    assert!(got.cloudformation_template_url.starts_with("https://"));
    let link = s.get_cloud_formation_launch_stack_link_for_single_tenant().await.unwrap().link;
    assert!(link.contains(&got.cloudformation_template_url) && link.contains("ext-1"), "{link}");
    let bad = s
        .update_single_tenant_settings(&UpdateSingleTenantSettingsParam {
            enabled: None,
            role_arn: None,
            cloudformation_template: Some("not base64!".into()),
            ddl_template: None,
            role_external_id: None,
        })
        .await
        .unwrap_err();
    assert!(bad.as_api().unwrap().message.contains("cloudformation_template"));
    emu.stop().await;
}
