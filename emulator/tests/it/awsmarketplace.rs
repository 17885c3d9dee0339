//! The AWS Marketplace API through the core's typed client: settings, listing status and plans
//! stored and answered; customers created from registration tokens, listed, found and synced, 404s
//! for unknown ones; the stand-ins (token check, CloudFormation link, visibility) answered
//! deterministically; bad input gets the error JSON with a 4xx naming the field.

use crate::support;

use saasus::JsonObject;
use saasus::awsmarketplace::*;
use saasus_emulator::{Emulator, Options};

fn api_error(e: saasus::Error) -> Box<saasus::ApiError> {
    match e {
        saasus::Error::Api(a) => a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn no_settings() -> UpdateSettingsParam {
    UpdateSettingsParam {
        product_code: None,
        role_arn: None,
        role_external_id: None,
        sns_topic_arn: None,
        cas_bucket_name: None,
        cas_sns_topic_arn: None,
        seller_sns_topic_arn: None,
        sqs_arn: None,
    }
}

#[tokio::test]
async fn every_aws_marketplace_operation_with_its_values() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let mp = c.awsmarketplace().aws_marketplace();

    // Settings: empty until saved; a partial update keeps the rest.
    let fresh = mp.get_settings().await.unwrap();
    assert_eq!((fresh.product_code.as_str(), fresh.role_arn.as_str(), fresh.sqs_arn.as_str()), ("", "", ""));
    assert!(fresh.redirect_sign_up_page_function_url.starts_with("https://"), "{fresh:?}");
    mp.update_settings(&UpdateSettingsParam {
        product_code: Some("prod-abc123".into()),
        role_arn: Some("arn:aws:iam::123456789012:role/saasus".into()),
        role_external_id: Some("ext-1".into()),
        sns_topic_arn: Some("arn:aws:sns:us-east-1:123456789012:t".into()),
        cas_bucket_name: Some("cas-bucket".into()),
        cas_sns_topic_arn: Some("arn:aws:sns:us-east-1:123456789012:cas".into()),
        seller_sns_topic_arn: Some("arn:aws:sns:us-east-1:123456789012:seller".into()),
        sqs_arn: Some("arn:aws:sqs:us-east-1:123456789012:q".into()),
    })
    .await
    .unwrap();
    mp.update_settings(&UpdateSettingsParam { product_code: Some("prod-xyz".into()), ..no_settings() }).await.unwrap();
    assert_eq!(
        mp.get_settings().await.unwrap(),
        Settings {
            product_code: "prod-xyz".into(),
            role_arn: "arn:aws:iam::123456789012:role/saasus".into(),
            role_external_id: "ext-1".into(),
            sns_topic_arn: "arn:aws:sns:us-east-1:123456789012:t".into(),
            cas_bucket_name: "cas-bucket".into(),
            cas_sns_topic_arn: "arn:aws:sns:us-east-1:123456789012:cas".into(),
            seller_sns_topic_arn: "arn:aws:sns:us-east-1:123456789012:seller".into(),
            redirect_sign_up_page_function_url: fresh.redirect_sign_up_page_function_url.clone(),
            sqs_arn: "arn:aws:sqs:us-east-1:123456789012:q".into(),
        }
    );
    let e =
        api_error(mp.update_settings(&UpdateSettingsParam { role_arn: Some("role/saasus".into()), ..no_settings() }).await.unwrap_err());
    assert!(e.status == 400 && e.message.starts_with("role_arn:"), "{e:?}");

    // Listing status, and the catalog visibility that follows it.
    assert_eq!(mp.get_listing_status().await.unwrap().listing_status, ListingStatus::NoListing);
    assert_eq!(mp.get_catalog_entity_visibility().await.unwrap().visibility, VisibilityStatus::Restricted);
    mp.update_listing_status(&UpdateListingStatusParam { listing_status: ListingStatus::Limited }).await.unwrap();
    assert_eq!(mp.get_listing_status().await.unwrap().listing_status, ListingStatus::Limited);
    assert_eq!(mp.get_catalog_entity_visibility().await.unwrap().visibility, VisibilityStatus::Limited);
    mp.update_listing_status(&UpdateListingStatusParam { listing_status: ListingStatus::Public }).await.unwrap();
    assert_eq!(mp.get_catalog_entity_visibility().await.unwrap().visibility, VisibilityStatus::Public);

    // Plans link pricing plans to Marketplace plan names.
    let plan = |name: &str| saasus::pricing::CreatePricingPlanParam {
        name: name.into(),
        display_name: name.into(),
        description: String::new(),
        menu_ids: vec![],
    };
    let basic = c.pricing().pricing_plans().create_pricing_plan(&plan("basic")).await.unwrap().id;
    let pro = c.pricing().pricing_plans().create_pricing_plan(&plan("pro")).await.unwrap().id;
    assert!(mp.get_plans().await.unwrap().plans.is_empty());
    mp.save_plan(&SavePlanParam { plan_id: basic.clone(), plan_name: "basic_month".into() }).await.unwrap();
    mp.save_plan(&SavePlanParam { plan_id: pro.clone(), plan_name: "pro_month".into() }).await.unwrap();
    mp.save_plan(&SavePlanParam { plan_id: basic.clone(), plan_name: "basic_year".into() }).await.unwrap();
    assert_eq!(
        mp.get_plans().await.unwrap().plans,
        vec![Plan { plan_id: basic.clone(), plan_name: "basic_year".into() }, Plan { plan_id: pro.clone(), plan_name: "pro_month".into() }]
    );
    assert_eq!(mp.get_plan_by_plan_name("pro_month").await.unwrap(), Plan { plan_id: pro.clone(), plan_name: "pro_month".into() });
    let e = api_error(mp.get_plan_by_plan_name("basic_month").await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"), "{e:?}");
    let e = api_error(mp.save_plan(&SavePlanParam { plan_id: pro.clone(), plan_name: "basic_year".into() }).await.unwrap_err());
    assert!(e.status == 400 && e.message.starts_with("plan_name:"), "{e:?}");
    let e = api_error(mp.save_plan(&SavePlanParam { plan_id: "no-such-plan".into(), plan_name: "x".into() }).await.unwrap_err());
    assert!(e.status == 400 && e.message.starts_with("plan_id:"), "{e:?}");

    // Registration tokens and customers.
    mp.verify_registration_token(&VerifyRegistrationTokenParam { registration_token: "tok-acme".into() }).await.unwrap();
    let e = api_error(
        mp.verify_registration_token(&VerifyRegistrationTokenParam { registration_token: "bad token".into() }).await.unwrap_err(),
    );
    assert!(e.status == 400 && e.message.starts_with("registration_token:"), "{e:?}");
    let tenant = |name: &str| saasus::models::CreateTenantParam {
        name: name.into(),
        attributes: JsonObject::new(),
        back_office_staff_email: "ops@example.com".into(),
    };
    let acme = c.auth().tenant().create_tenant(&tenant("Acme")).await.unwrap().id;
    let globex = c.auth().tenant().create_tenant(&tenant("Globex")).await.unwrap().id;
    assert!(mp.get_customers(&GetCustomersQuery { tenant_ids: None }).await.unwrap().customers.is_empty());
    let a = mp.create_customer(&CreateCustomerParam { tenant_id: acme.clone(), registration_token: "tok-acme".into() }).await.unwrap();
    assert_eq!(a.tenant_id, acme);
    assert_eq!(a.customer_identifier.len(), 11);
    assert!(a.customer_aws_account_id.len() == 12 && a.customer_aws_account_id.bytes().all(|b| b.is_ascii_digit()), "{a:?}");
    let g = mp.create_customer(&CreateCustomerParam { tenant_id: globex.clone(), registration_token: "tok-globex".into() }).await.unwrap();
    assert_ne!(a.customer_identifier, g.customer_identifier);
    let e = api_error(
        mp.create_customer(&CreateCustomerParam { tenant_id: globex.clone(), registration_token: "tok-acme".into() }).await.unwrap_err(),
    );
    assert_eq!(e.status, 409, "the same token is the same customer: {e:?}");
    let e = api_error(
        mp.create_customer(&CreateCustomerParam { tenant_id: "no-such-tenant".into(), registration_token: "t".into() }).await.unwrap_err(),
    );
    assert_eq!(e.status, 404, "{e:?}");
    assert_eq!(mp.get_customers(&GetCustomersQuery { tenant_ids: None }).await.unwrap().customers, vec![a.clone(), g.clone()]);
    assert_eq!(mp.get_customers(&GetCustomersQuery { tenant_ids: Some(vec![globex.clone()]) }).await.unwrap().customers, vec![g.clone()]);
    assert_eq!(
        mp.get_customers(&GetCustomersQuery { tenant_ids: Some(vec![globex.clone(), acme.clone()]) }).await.unwrap().customers,
        vec![a.clone(), g.clone()]
    );
    assert_eq!(mp.get_customer(&a.customer_identifier).await.unwrap(), a);
    mp.sync_customer(&a.customer_identifier).await.unwrap();
    for e in [mp.get_customer("nope").await.unwrap_err(), mp.sync_customer("nope").await.unwrap_err()] {
        let e = api_error(e);
        assert!(e.status == 404 && e.message.contains("nope"), "{e:?}");
    }

    let link = mp.get_cloud_formation_launch_stack_link().await.unwrap().link;
    assert!(link.starts_with("https://") && link.contains("cloudformation") && link.contains(&emu.credentials().saas_id), "{link}");
    assert_eq!(mp.get_cloud_formation_launch_stack_link().await.unwrap().link, link, "deterministic");

    let e = api_error(c.awsmarketplace().error().return_internal_server_error().await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"), "{e:?}");
    emu.stop().await;
}

#[tokio::test]
async fn bad_input_is_a_named_4xx_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let base = "/v1/awsmarketplace";
    let cases = [
        ("PUT", format!("{base}/settings"), r#"{"sqs_arn":5}"#, 400, "sqs_arn"),
        ("PUT", format!("{base}/listing-status"), r#"{"listing_status":"open"}"#, 400, "listing_status"),
        ("PUT", format!("{base}/plans"), r#"{"plan_id":"p"}"#, 400, "plan_name"),
        ("POST", format!("{base}/customers"), r#"{"tenant_id":"t"}"#, 400, "registration_token"),
        ("POST", format!("{base}/registration-token/verify"), r#"{"registration_token":""}"#, 400, "registration_token"),
        ("POST", format!("{base}/registration-token/verify"), "", 400, "body is missing"),
        ("DELETE", format!("{base}/settings"), "", 405, "DELETE"),
        ("GET", format!("{base}/no-such-thing"), "", 404, "/v1/awsmarketplace/no-such-thing"),
        ("GET", "/elsewhere".to_string(), "", 404, "/v1/awsmarketplace"),
    ];
    support::assert_refusals(&emu, &cases).await;
    let (status, json) = support::unsigned(&emu, "GET", &format!("{base}/settings"), "").await;
    assert_eq!((status, json["type"].as_str()), (401, Some("invalid_authorization")));
    emu.stop().await;
}
