//! The tenant operations through the public client, against the in-process emulator.

use crate::common;

use saasus::models::{CreateTenantParam, UpdateTenantParam};
use saasus::{Error, JsonObject, RequestContext};

fn attrs() -> JsonObject {
    serde_json::from_value(serde_json::json!({"address": "東京都", "employee_number": 100, "active": true, "since": "2026-11-22"})).unwrap()
}

#[tokio::test]
async fn create_list_get_update_delete() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let tenants = client.auth().tenant();

    assert!(tenants.get_tenants().await.unwrap().tenants.is_empty());

    let created = tenants
        .create_tenant(&CreateTenantParam {
            name: "Anti-Pattern Inc.".into(),
            attributes: attrs(),
            back_office_staff_email: "ops@example.com".into(),
        })
        .await
        .unwrap();
    assert_eq!(created.name, "Anti-Pattern Inc.");
    assert_eq!(created.back_office_staff_email, "ops@example.com");
    assert_eq!(created.attributes, attrs(), "attribute values keep their JSON types");
    assert!(created.plan_histories.is_empty());
    assert_eq!(created.id.len(), 36, "a UUID: {}", created.id);

    let listed = tenants.get_tenants().await.unwrap().tenants;
    assert_eq!(listed, vec![created.clone()]);

    let detail = tenants.get_tenant(&created.id).await.unwrap();
    assert_eq!((detail.id.as_str(), detail.name.as_str()), (created.id.as_str(), "Anti-Pattern Inc."));
    assert_eq!(detail.attributes.get("employee_number"), Some(&serde_json::json!(100)));

    let mut new_attrs = JsonObject::new();
    new_attrs.insert("address", "大阪府");
    tenants
        .update_tenant(
            &created.id,
            &UpdateTenantParam { name: "Renamed".into(), attributes: new_attrs.clone(), back_office_staff_email: "new@example.com".into() },
        )
        .await
        .unwrap();
    let detail = tenants.get_tenant(&created.id).await.unwrap();
    assert_eq!((detail.name.as_str(), detail.back_office_staff_email.as_str()), ("Renamed", "new@example.com"));
    assert_eq!(detail.attributes, new_attrs);

    tenants.delete_tenant(&created.id).await.unwrap();
    assert!(tenants.get_tenants().await.unwrap().tenants.is_empty());
    let gone = tenants.get_tenant(&created.id).await.unwrap_err();
    assert_eq!(gone.status(), Some(404));
    emu.stop().await;
}

#[tokio::test]
async fn wrong_secret_is_a_typed_401_without_the_secret() {
    let emu = common::emulator().await;
    let mut config = emu.config();
    config.secret_key = saasus::Secret::new("wrong-secret-value-1234");
    let client = saasus::Client::new(config).unwrap();
    let err = client.auth().tenant().get_tenants().await.unwrap_err();
    let Error::Api(api) = &err else { panic!("expected an API error, got {err:?}") };
    assert_eq!((api.status, api.error_type.as_str()), (401, "invalid_signature"));
    assert!(api.trace_id.is_some());
    for text in [err.to_string(), format!("{err:?}"), format!("{client:?}")] {
        assert!(!text.contains("wrong-secret-value-1234"), "secret leaked: {text}");
        assert!(!text.contains(&emu.credentials().secret_key), "secret leaked: {text}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn missing_tenant_is_a_typed_404_with_the_trace_id() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let err = client.auth().tenant().get_tenant("no-such-tenant").await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!((api.status, api.error_type.as_str()), (404, "not_found"));
    assert!(api.message.contains("no-such-tenant"));
    assert!(api.trace_id.as_deref().is_some_and(|t| !t.is_empty()));

    // A trace id sent through the request context comes back on the response.
    let traced = client.with_context(RequestContext { trace_id: Some("trace-123".into()), ..Default::default() }).unwrap();
    let err = traced.auth().tenant().delete_tenant("no-such-tenant").await.unwrap_err();
    assert_eq!(err.trace_id(), Some("trace-123"));
    emu.stop().await;
}

#[tokio::test]
async fn path_parameters_are_encoded_and_validated() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    // `/` and `?` stay inside the one path segment: the emulator sees a tenant id, not a path.
    let err = client.auth().tenant().get_tenant("a/b?c").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(err.as_api().unwrap().message.contains("a/b?c"), "{err}");
    let err = client.auth().tenant().get_tenant("").await.unwrap_err();
    assert_eq!(err, Error::InvalidArgument { field: "tenant_id".into(), rule: "must not be empty".into() });
    assert!(
        client.with_context(RequestContext { referer: Some("bad\nvalue".into()), ..Default::default() }).is_err(),
        "a header value with a line break is refused"
    );
    emu.stop().await;
}

#[tokio::test]
async fn emulator_rejects_bad_input_with_the_api_error_json() {
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let err = client
        .auth()
        .tenant()
        .create_tenant(&CreateTenantParam {
            name: " ".into(),
            attributes: JsonObject::new(),
            back_office_staff_email: "ops@example.com".into(),
        })
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!((api.status, api.error_type.as_str()), (400, "invalid_request"));
    assert!(api.message.contains("name"), "{}", api.message);
    emu.stop().await;
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_after_retries() {
    // Bind and drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = saasus::Config::new("k", "s", "id")
        .unwrap()
        .with_base_url(format!("http://127.0.0.1:{port}/v1"))
        .unwrap()
        .with_retry_base_delay(std::time::Duration::from_millis(1));
    let err = saasus::Client::new(config).unwrap().auth().tenant().get_tenants().await.unwrap_err();
    assert!(matches!(err, Error::Transport { connect: true, .. }), "{err:?}");
}

#[tokio::test]
async fn plans_billing_identity_providers_and_stripe() {
    use saasus::models::*;
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let tn = c.auth().tenant();
    let t = common::tenant(&c, "Acme").await;
    let none = || UpdateTenantPlanParam {
        next_plan_id: None,
        using_next_plan_from: None,
        next_plan_tax_rate_id: None,
        proration_behavior: None,
        delete_usage: None,
    };

    // Only a plan the Pricing API has: a made-up id is refused, naming the field.
    let made_up = tn.update_tenant_plan(&t.id, &UpdateTenantPlanParam { next_plan_id: Some("plan-basic".into()), ..none() }).await;
    assert!(matches!(&made_up, Err(Error::Api(a)) if a.status == 400 && a.message.contains("next_plan_id")), "{made_up:?}");
    let (basic, pro) = (common::plan(&c, "basic").await.id, common::plan(&c, "pro").await.id);
    let no_rate = UpdateTenantPlanParam { next_plan_id: Some(basic.clone()), next_plan_tax_rate_id: Some("no-such-rate".into()), ..none() };
    assert_eq!(common::status(tn.update_tenant_plan(&t.id, &no_rate).await.unwrap_err()), 400);

    tn.update_tenant_plan(
        &t.id,
        &UpdateTenantPlanParam {
            next_plan_id: Some(basic.clone()),
            proration_behavior: Some(ProrationBehavior::CreateProrations),
            ..none()
        },
    )
    .await
    .unwrap();
    let d = tn.get_tenant(&t.id).await.unwrap();
    assert_eq!(d.plan_id.as_deref(), Some(basic.as_str()));
    assert_eq!(d.plan_histories.len(), 1);
    assert_eq!(d.plan_histories[0].proration_behavior, Some(ProrationBehavior::CreateProrations));
    let (start, end) = (d.current_plan_period_start.unwrap(), d.current_plan_period_end.unwrap());
    assert_eq!(end - start, 30 * 24 * 3600);

    let later = start + 3600;
    tn.update_tenant_plan(&t.id, &UpdateTenantPlanParam { next_plan_id: Some(pro.clone()), using_next_plan_from: Some(later), ..none() })
        .await
        .unwrap();
    let d = tn.get_tenant(&t.id).await.unwrap();
    assert_eq!(
        (d.plan_id.as_deref(), d.next_plan_id.as_deref(), d.using_next_plan_from),
        (Some(basic.as_str()), Some(pro.as_str()), Some(later))
    );
    let too_soon = tn
        .update_tenant_plan(&t.id, &UpdateTenantPlanParam { next_plan_id: Some(pro.clone()), using_next_plan_from: Some(start), ..none() })
        .await;
    assert_eq!(common::status(too_soon.unwrap_err()), 400);
    tn.update_tenant_plan(&t.id, &none()).await.unwrap();
    assert_eq!(tn.get_tenant(&t.id).await.unwrap().next_plan_id, None, "no next plan cancels the reservation");

    let billing = UpdateTenantBillingInfoParam {
        name: "株式会社テスト".into(),
        address: BillingAddress {
            street: "神宮前1-1-1".into(),
            city: "渋谷区".into(),
            state: "東京都".into(),
            country: "JP".into(),
            additional_address_info: None,
            postal_code: "150-0001".into(),
        },
        invoice_language: InvoiceLanguage::JaJp,
    };
    tn.update_tenant_billing_info(&t.id, &billing).await.unwrap();
    let info = tn.get_tenant(&t.id).await.unwrap().billing_info.unwrap();
    assert_eq!((info.name.as_str(), info.address.country.as_str(), info.invoice_language), ("株式会社テスト", "JP", InvoiceLanguage::JaJp));
    let mut bad = billing.clone();
    bad.address.country = "Japan".into();
    assert!(tn.update_tenant_billing_info(&t.id, &bad).await.unwrap_err().as_api().unwrap().message.contains("address.country"));

    assert_eq!(tn.get_tenant_identity_providers(&t.id).await.unwrap().saml, None);
    let props: saasus::JsonObject =
        [("metadata_url", "https://idp.example.com/metadata.xml"), ("email_attribute", "email")].into_iter().collect();
    tn.update_tenant_identity_provider(
        &t.id,
        &UpdateTenantIdentityProviderParam { provider_type: ProviderType::Saml, identity_provider_props: Some(props) },
    )
    .await
    .unwrap();
    let saml = tn.get_tenant_identity_providers(&t.id).await.unwrap().saml.unwrap();
    assert_eq!((saml.metadata_url.as_str(), saml.email_attribute.as_str()), ("https://idp.example.com/metadata.xml", "email"));
    assert!(saml.sign_in_url.contains(&t.id));
    tn.update_tenant_identity_provider(
        &t.id,
        &UpdateTenantIdentityProviderParam { provider_type: ProviderType::Saml, identity_provider_props: None },
    )
    .await
    .unwrap();
    assert_eq!(tn.get_tenant_identity_providers(&t.id).await.unwrap().saml, None);

    assert_eq!(common::status(tn.get_stripe_customer(&t.id).await.unwrap_err()), 404);
    tn.create_tenant_and_pricing().await.unwrap();
    let customer = tn.get_stripe_customer(&t.id).await.unwrap();
    assert!(customer.customer_id.starts_with("cus_") && customer.subscription_schedule_id.starts_with("sub_sched_"));
    tn.delete_stripe_tenant_and_pricing().await.unwrap();
    assert_eq!(common::status(tn.get_stripe_customer(&t.id).await.unwrap_err()), 404);
    tn.create_tenant_and_pricing().await.unwrap();
    tn.reset_plan().await.unwrap();
    let d = tn.get_tenant(&t.id).await.unwrap();
    assert_eq!((d.plan_id, d.plan_histories.len()), (None, 0));
    assert_eq!(common::status(tn.get_stripe_customer(&t.id).await.unwrap_err()), 404, "the reset removes the Stripe link");
    emu.stop().await;
}
