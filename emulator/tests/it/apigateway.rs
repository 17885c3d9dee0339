//! The Smart API Gateway API through the core's typed client: settings updated and answered, the
//! draft from an upload applied or cancelled, creating and publishing, API keys and tenant settings
//! with 404s for unknown ones, the CloudFormation link; bad input gets the error JSON with a 4xx
//! naming the field.

use crate::support;

use saasus::JsonObject;
use saasus::apigateway::*;
use saasus_emulator::{Emulator, Options};

fn api_error(e: saasus::Error) -> Box<saasus::ApiError> {
    match e {
        saasus::Error::Api(a) => a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn no_change() -> UpdateApiGatewaySettingsParam {
    UpdateApiGatewaySettingsParam {
        role_arn: None,
        role_external_id: None,
        internal_endpoint_health_check_path: None,
        internal_endpoint_health_check_port: None,
        internal_endpoint_health_check_protocol: None,
        internal_endpoint_health_status_codes: None,
        saas_subnet_ids: None,
        saas_vpc_id: None,
        domain_name: None,
        saas_alb_arn: None,
        endpoint_settings_list: None,
        tenant_routing_type: None,
    }
}

fn endpoint(path: &str) -> EndpointSettings {
    EndpointSettings {
        path: path.into(),
        method: EndpointSettingsMethod::Get,
        throttlings: vec![Throttling { target: ThrottlingTarget::Tenant, range: 60, limit: 100 }],
        role_names: Some(vec!["admin".into()]),
        mapping_endpoint_id: format!("fn{}", path.replace('/', "-")),
    }
}

#[tokio::test]
async fn settings_draft_creation_and_publishing() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let gw = c.apigateway().smart_api_gateway();

    let fresh = gw.get_api_gateway_settings().await.unwrap();
    assert_eq!((fresh.status.as_str(), fresh.generated_file_status.as_str(), fresh.rest_api_endpoint.as_str()), ("none", "none", ""));
    assert!(fresh.endpoint_settings_list.is_empty() && !fresh.is_dns_validated);
    assert_eq!(fresh.tenant_routing_type, TenantRoutingType::None);

    gw.update_api_gateway_settings(&UpdateApiGatewaySettingsParam {
        role_arn: Some("arn:aws:iam::123456789012:role/saasus".into()),
        internal_endpoint_health_check_port: Some(8080),
        internal_endpoint_health_check_protocol: Some("HTTPS".into()),
        saas_subnet_ids: Some(vec!["subnet-1".into(), "subnet-2".into()]),
        domain_name: Some("api.example.com".into()),
        endpoint_settings_list: Some(vec![endpoint("/items")]),
        tenant_routing_type: Some(TenantRoutingType::HeaderValue),
        ..no_change()
    })
    .await
    .unwrap();
    gw.update_api_gateway_settings(&UpdateApiGatewaySettingsParam { saas_vpc_id: Some("vpc-1".into()), ..no_change() }).await.unwrap();
    let s = gw.get_api_gateway_settings().await.unwrap();
    assert_eq!(s.role_arn, "arn:aws:iam::123456789012:role/saasus");
    assert_eq!((s.internal_endpoint_health_check_port, s.internal_endpoint_health_check_protocol.as_str()), (8080, "HTTPS"));
    assert_eq!(s.saas_subnet_ids, vec!["subnet-1".to_string(), "subnet-2".into()]);
    assert_eq!((s.saas_vpc_id.as_str(), s.domain_name.as_str()), ("vpc-1", "api.example.com"));
    assert_eq!(s.endpoint_settings_list, vec![endpoint("/items")]);
    assert_eq!(s.tenant_routing_type, TenantRoutingType::HeaderValue);
    assert_eq!(s.certificate_dns_record.name, "_acme-challenge.api.example.com.");
    assert_eq!(s.cloud_front_dns_record.value, format!("{}.", s.default_domain_name));
    assert_eq!(s.internal_endpoint_health_check_path, fresh.internal_endpoint_health_check_path, "left as it was");

    gw.update_open_api_definition(&UpdateOpenApiDefinitionParam { content: "openapi: 3.0.0".into() }).await.unwrap();
    let url = gw.get_api_gateway_settings().await.unwrap().internal_endpoint_openapi_definition_file_download_url;
    assert!(url.starts_with("https://"), "{url}");

    // No draft until an upload: an empty one is read (the spec answers 200 or 500 only), applying
    // changes nothing, cancelling leaves none. Then apply takes a draft, cancel drops it.
    let empty = DraftApiGatewaySettings { internal_endpoint_openapi_definition_file_download_url: None, endpoint_settings_list: vec![] };
    assert_eq!(gw.get_draft_api_gateway_settings().await.unwrap(), empty);
    let before = gw.get_api_gateway_settings().await.unwrap();
    gw.apply_draft_api_gateway_settings().await.unwrap();
    gw.cancel_draft_api_gateway_settings().await.unwrap();
    assert_eq!(gw.get_api_gateway_settings().await.unwrap(), before, "nothing to apply");
    gw.upload_generation_files(&ApiGatewayInputFile { content: "def handler(): pass".into() }).await.unwrap();
    let draft = gw.get_draft_api_gateway_settings().await.unwrap();
    assert_eq!(draft.endpoint_settings_list, vec![endpoint("/items")]);
    let draft_url = draft.internal_endpoint_openapi_definition_file_download_url.clone().unwrap();
    assert_eq!(gw.get_api_gateway_settings().await.unwrap().generated_file_status, "finished");
    gw.cancel_draft_api_gateway_settings().await.unwrap();
    assert_eq!(gw.get_draft_api_gateway_settings().await.unwrap(), empty);
    assert_eq!(gw.get_api_gateway_settings().await.unwrap().internal_endpoint_openapi_definition_file_download_url, url, "cancelled");
    gw.upload_generation_files(&ApiGatewayInputFile { content: "def handler(): pass".into() }).await.unwrap();
    gw.apply_draft_api_gateway_settings().await.unwrap();
    assert_eq!(gw.get_api_gateway_settings().await.unwrap().internal_endpoint_openapi_definition_file_download_url, draft_url, "applied");
    assert_eq!(gw.get_draft_api_gateway_settings().await.unwrap(), empty);

    // Publishing needs the gateway created.
    let e = api_error(gw.publish_api_gateway().await.unwrap_err());
    assert!(e.status == 400 && e.message.starts_with("status:"), "{e:?}");
    assert_eq!(api_error(gw.unpublish_api_gateway().await.unwrap_err()).status, 400);
    gw.create_api_gateway().await.unwrap();
    let s = gw.get_api_gateway_settings().await.unwrap();
    assert_eq!(s.status, "created");
    assert!(s.rest_api_endpoint.starts_with("https://") && s.mcp_server_url.starts_with("https://mcp."), "{s:?}");
    assert!(!s.docs_cloud_front_fqdn.is_empty());
    gw.publish_api_gateway().await.unwrap();
    assert_eq!(gw.get_api_gateway_settings().await.unwrap().status, "published");
    gw.unpublish_api_gateway().await.unwrap();
    assert_eq!(gw.get_api_gateway_settings().await.unwrap().status, "created");

    let link = gw.get_cloud_formation_launch_stack_link().await.unwrap().link;
    assert!(link.starts_with("https://") && link.contains(&emu.credentials().saas_id), "{link}");

    let e = api_error(c.apigateway().error().return_internal_server_error().await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"), "{e:?}");
    emu.stop().await;
}

#[tokio::test]
async fn api_keys_and_tenant_settings() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let gw = c.apigateway().smart_api_gateway();
    let tenant = saasus::models::CreateTenantParam {
        name: "Acme".into(),
        attributes: JsonObject::new(),
        back_office_staff_email: "ops@example.com".into(),
    };
    let acme = c.auth().tenant().create_tenant(&tenant).await.unwrap().id;
    let user = c
        .auth()
        .saas_user()
        .create_saas_user(&saasus::models::CreateSaasUserParam {
            email: Some("alice@example.com".into()),
            sign_in_id: None,
            password: Some("Passw0rd-Emulator".into()),
        })
        .await
        .unwrap()
        .id;
    let member =
        saasus::models::CreateTenantUserParam { email: Some("alice@example.com".into()), sign_in_id: None, attributes: JsonObject::new() };
    c.auth().tenant_user().create_tenant_user(&acme, &member).await.unwrap();

    let key = |env_id: i64, user_id: Option<&str>| CreateApiKeyParam { tenant_id: acme.clone(), env_id, user_id: user_id.map(Into::into) };
    let t1 = gw.create_api_key(&key(3, None)).await.unwrap();
    assert_eq!((t1.tenant_id.as_str(), t1.env_id, t1.user_id.as_deref()), (acme.as_str(), 3, None));
    assert!(!t1.api_key.is_empty() && !t1.client_secret.is_empty());
    let u1 = gw.create_api_key(&key(3, Some(&user))).await.unwrap();
    let u2 = gw.create_api_key(&key(3, Some(&user))).await.unwrap();
    let d1 = gw.create_api_key(&key(1, None)).await.unwrap();
    let q = |tenant_id: Option<&str>, env_id: Option<i64>, user_id: Option<&str>, tenant_only: Option<bool>| GetApiKeysQuery {
        tenant_id: tenant_id.map(Into::into),
        env_id,
        user_id: user_id.map(Into::into),
        tenant_only,
    };
    assert_eq!(gw.get_api_keys(&q(None, None, None, None)).await.unwrap().api_keys, vec![t1.clone(), u1.clone(), u2.clone(), d1.clone()]);
    assert_eq!(gw.get_api_keys(&q(Some(&acme), Some(3), None, None)).await.unwrap().api_keys, vec![t1.clone(), u1.clone(), u2.clone()]);
    assert_eq!(gw.get_api_keys(&q(Some(&acme), Some(3), Some(&user), None)).await.unwrap().api_keys, vec![u1.clone(), u2.clone()]);
    assert_eq!(gw.get_api_keys(&q(None, None, None, Some(true))).await.unwrap().api_keys, vec![t1.clone(), d1.clone()]);
    assert_eq!(gw.get_api_keys(&q(None, Some(1), None, None)).await.unwrap().api_keys, vec![d1.clone()]);
    assert!(gw.get_api_keys(&q(Some("other"), None, None, None)).await.unwrap().api_keys.is_empty());
    // A third key for the same user replaces the oldest.
    let u3 = gw.create_api_key(&key(3, Some(&user))).await.unwrap();
    assert_eq!(gw.get_api_keys(&q(None, None, Some(&user), None)).await.unwrap().api_keys, vec![u2.clone(), u3.clone()]);
    assert_eq!(api_error(gw.get_api_key(&u1.api_key).await.unwrap_err()).status, 404);

    assert_eq!(gw.get_api_key(&t1.api_key).await.unwrap(), t1);
    let refreshed = gw.refresh_client_secret(&t1.api_key).await.unwrap();
    assert_eq!((refreshed.api_key.as_str(), refreshed.env_id), (t1.api_key.as_str(), 3));
    assert_ne!(refreshed.client_secret, t1.client_secret);
    assert_eq!(gw.get_api_key(&t1.api_key).await.unwrap(), refreshed);
    for e in [gw.get_api_key("nope").await.unwrap_err(), gw.refresh_client_secret("nope").await.unwrap_err()] {
        let e = api_error(e);
        assert!(e.status == 404 && e.message.contains("nope"), "{e:?}");
    }
    let e = api_error(gw.create_api_key(&CreateApiKeyParam { tenant_id: "nope".into(), env_id: 3, user_id: None }).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    let e = api_error(gw.create_api_key(&key(9, None)).await.unwrap_err());
    assert!(e.status == 400 && e.message.starts_with("env_id:"), "{e:?}");
    let e = api_error(gw.create_api_key(&key(3, Some("not-a-member"))).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");

    // Tenant settings.
    let t = gw.get_tenant(&acme).await.unwrap();
    let none = TenantRouting { path: None, header_key: None, header_value: None, host_name: None };
    assert_eq!(t, ApiGatewayTenant { id: acme.clone(), allowed_ips: vec![], routing: none.clone() });
    gw.update_tenant(&acme, &UpdateTenantParam { allowed_ips: Some(vec!["203.0.113.0/24".into(), "2001:db8::/32".into()]), routing: None })
        .await
        .unwrap();
    let routing = TenantRouting { header_key: Some("X-Tenant".into()), header_value: Some("acme".into()), ..none.clone() };
    gw.update_tenant(&acme, &UpdateTenantParam { allowed_ips: None, routing: Some(routing.clone()) }).await.unwrap();
    assert_eq!(
        gw.get_tenant(&acme).await.unwrap(),
        ApiGatewayTenant { id: acme.clone(), allowed_ips: vec!["203.0.113.0/24".into(), "2001:db8::/32".into()], routing }
    );
    let e = api_error(
        gw.update_tenant(&acme, &UpdateTenantParam { allowed_ips: Some(vec!["10.0.0.1".into()]), routing: None }).await.unwrap_err(),
    );
    assert!(e.status == 400 && e.message.starts_with("allowed_ips[0]:"), "{e:?}");
    for e in [
        gw.get_tenant("nope").await.unwrap_err(),
        gw.update_tenant("nope", &UpdateTenantParam { allowed_ips: None, routing: None }).await.unwrap_err(),
    ] {
        assert_eq!(api_error(e).status, 404);
    }
    emu.stop().await;
}

#[tokio::test]
async fn bad_input_is_a_named_4xx_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let base = "/v1/apigateway";
    let cases = [
        ("PATCH", format!("{base}/settings"), r#"{"role_arn":"role"}"#, 400, "role_arn"),
        ("PATCH", format!("{base}/settings"), r#"{"internal_endpoint_health_check_port":0}"#, 400, "internal_endpoint_health_check_port"),
        (
            "PATCH",
            format!("{base}/settings"),
            r#"{"internal_endpoint_health_check_protocol":"FTP"}"#,
            400,
            "internal_endpoint_health_check_protocol",
        ),
        ("PATCH", format!("{base}/settings"), r#"{"tenant_routing_type":"cookie"}"#, 400, "tenant_routing_type"),
        (
            "PATCH",
            format!("{base}/settings"),
            r#"{"endpoint_settings_list":[{"path":"items","method":"GET","throttlings":[],"mapping_endpoint_id":"f"}]}"#,
            400,
            "endpoint_settings_list[0].path",
        ),
        (
            "PATCH",
            format!("{base}/settings"),
            r#"{"endpoint_settings_list":[{"path":"/i","method":"GET","throttlings":[{"target":"user","range":0,"limit":1}],"mapping_endpoint_id":"f"}]}"#,
            400,
            "range",
        ),
        ("PUT", format!("{base}/settings/open-api-definition"), r#"{"content":""}"#, 400, "content"),
        ("POST", format!("{base}/upload"), r#"{}"#, 400, "content"),
        ("POST", format!("{base}/api-keys"), r#"{"tenant_id":"t"}"#, 400, "env_id"),
        ("GET", format!("{base}/api-keys?env_id=x"), "", 400, "env_id"),
        ("GET", format!("{base}/api-keys?tenant_only=maybe"), "", 400, "tenant_only"),
        ("DELETE", format!("{base}/settings"), "", 405, "DELETE"),
        ("GET", format!("{base}/no-such-thing"), "", 404, "/v1/apigateway/no-such-thing"),
        ("GET", "/elsewhere".to_string(), "", 404, "/v1/apigateway"),
    ];
    support::assert_refusals(&emu, &cases).await;
    let (status, json) = support::unsigned(&emu, "GET", &format!("{base}/settings"), "").await;
    assert_eq!((status, json["type"].as_str()), (401, Some("invalid_authorization")));
    emu.stop().await;
}
