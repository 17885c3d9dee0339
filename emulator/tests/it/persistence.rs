//! `--data FILE`: everything survives a restart; concurrent writes are all kept; a kill -9
//! leaves a file that opens whole.

use crate::support;

use saasus::JsonObject;
use saasus::models::*;
use saasus_emulator::{Credentials, Emulator, Options};
use std::path::Path;
use std::process::{Command, Stdio};

async fn start(creds: &Credentials, data: &Path) -> Emulator {
    Emulator::start(Options { credentials: creds.clone(), data: Some(data.to_path_buf()), ..Options::default() }).await.unwrap()
}

fn tenant_param(name: &str) -> CreateTenantParam {
    CreateTenantParam { name: name.into(), attributes: JsonObject::new(), back_office_staff_email: "ops@example.com".into() }
}

#[tokio::test]
async fn a_restart_loses_nothing() {
    let data = support::data_file("test", "restart");
    let creds = Credentials::generate();
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let t = c.auth().tenant().create_tenant(&tenant_param("Acme")).await.unwrap();
    let u = c
        .auth()
        .saas_user()
        .create_saas_user(&CreateSaasUserParam {
            email: Some("alice@example.com".into()),
            sign_in_id: None,
            password: Some("Passw0rd-Emulator".into()),
        })
        .await
        .unwrap();
    c.auth().role().create_role(&CreateRoleParam { role_name: "admin".into(), display_name: "Admin".into() }).await.unwrap();
    c.auth()
        .tenant_user()
        .create_tenant_user(
            &t.id,
            &CreateTenantUserParam { email: Some("alice@example.com".into()), sign_in_id: None, attributes: JsonObject::new() },
        )
        .await
        .unwrap();
    c.auth()
        .tenant_user()
        .create_tenant_user_roles(&t.id, &u.id, 3, &CreateTenantUserRolesParam { role_names: vec!["admin".into()] })
        .await
        .unwrap();
    c.auth().env().delete_env(1).await.unwrap();
    c.auth().auth_info().update_auth_info(&UpdateAuthInfoParam { callback_url: "http://localhost:3000/callback".into() }).await.unwrap();
    let tokens = support::sign_in(&c, "alice@example.com", "Passw0rd-Emulator").await;
    emu.stop().await;

    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    assert_eq!(c.auth().tenant().get_tenants().await.unwrap().tenants, vec![t.clone()]);
    let member = c.auth().tenant_user().get_tenant_user(&t.id, &u.id).await.unwrap();
    assert_eq!(member.envs[0].roles[0].role_name, "admin");
    assert_eq!(c.auth().env().get_envs().await.unwrap().envs.iter().map(|e| e.id).collect::<Vec<_>>(), vec![2, 3]);
    assert_eq!(c.auth().auth_info().get_auth_info().await.unwrap().callback_url, "http://localhost:3000/callback");
    // The token key is kept with the data: a token from before the restart is still good.
    let info = c.authenticate(&tokens.id_token).await.unwrap();
    assert!(info.has_role(&t.id, "admin", Some(3)));
    assert_eq!(c.refresh(tokens.refresh_token.as_deref().unwrap()).await.unwrap().refresh_token, None);
    // And the file remembers the credentials it was served with.
    let stored = saasus_emulator::stored_credentials(&data).unwrap();
    assert_eq!((stored.api_key, stored.saas_id), (creds.api_key.clone(), creds.saas_id.clone()));
    emu.stop().await;
}

#[tokio::test]
async fn concurrent_creates_from_many_clients_are_all_kept() {
    let data = support::data_file("test", "concurrent");
    let creds = Credentials::generate();
    let emu = start(&creds, &data).await;
    // 8 clients, each with 50 creates in flight at once: 400 concurrent requests.
    let mut tasks = Vec::new();
    for client in 0..8 {
        let c = saasus::Client::new(emu.config()).unwrap();
        for i in 0..50 {
            let c = c.clone();
            tasks.push(tokio::spawn(async move {
                c.auth().tenant().create_tenant(&tenant_param(&format!("t-{client}-{i}"))).await.map(|t| t.id)
            }));
        }
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap().unwrap());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 400);
    emu.stop().await;
    let conn = rusqlite::Connection::open(&data).unwrap();
    let rows: i64 = conn.query_row("SELECT COUNT(*) FROM records WHERE kind = 'tenant'", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 400);
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    assert_eq!(c.auth().tenant().get_tenants().await.unwrap().tenants.len(), 400);
    emu.stop().await;
}

#[tokio::test]
async fn a_kill_9_mid_run_leaves_a_whole_file() {
    let data = support::data_file("test", "kill9");
    let mut child = Command::new(env!("CARGO_BIN_EXE_saasus-emulator"))
        .args(["--port", "0", "--data", data.to_str().unwrap()])
        .env_remove("SAASUS_API_KEY")
        .env_remove("SAASUS_SECRET_KEY")
        .env_remove("SAASUS_SAAS_ID")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    let mut values = std::collections::HashMap::new();
    for _ in 0..4 {
        let line = lines.next().unwrap().unwrap();
        let (k, v) = line.split_once('=').unwrap();
        values.insert(k.to_string(), v.to_string());
    }
    let config = saasus::Config::new(&values["SAASUS_API_KEY"], &values["SAASUS_SECRET_KEY"], &values["SAASUS_SAAS_ID"])
        .unwrap()
        .with_base_url(&values["SAASUS_BASE_URL"])
        .unwrap()
        .with_max_retries(0)
        .unwrap();
    let c = saasus::Client::new(config).unwrap();
    let writer = {
        let c = c.clone();
        tokio::spawn(async move {
            let mut done = 0;
            while c.auth().tenant().create_tenant(&tenant_param(&format!("k-{done}"))).await.is_ok() {
                done += 1;
            }
            done
        })
    };
    // Let some writes land, then kill the process without warning.
    while c.auth().tenant().get_tenants().await.map(|t| t.tenants.len()).unwrap_or(0) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let acknowledged = writer.await.unwrap();

    let conn = rusqlite::Connection::open(&data).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    // Restarted on the same file, with the credentials it kept: every acknowledged create is there.
    let creds = saasus_emulator::stored_credentials(&data).unwrap();
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let kept = c.auth().tenant().get_tenants().await.unwrap().tenants.len();
    assert!(kept >= acknowledged, "{kept} kept, {acknowledged} acknowledged");
    assert!(kept <= acknowledged + 1, "at most the one in flight may have landed unacknowledged");
    emu.stop().await;
}

#[tokio::test]
async fn feedbacks_with_their_votes_and_comments_survive_a_restart() {
    use saasus::communication::*;
    let data = support::data_file("test", "feedbacks");
    let creds = Credentials::generate();
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let fb = c.communication().feedback();
    let param = |title: &str| CreateFeedbackParam { user_id: "u-1".into(), feedback_title: title.into(), feedback_description: "d".into() };
    let kept = fb.create_feedback(&param("kept")).await.unwrap();
    let gone = fb.create_feedback(&param("gone")).await.unwrap();
    fb.update_feedback_status(&kept.id, &UpdateFeedbackStatusParam { status: 3 }).await.unwrap();
    fb.create_vote_user(&kept.id, &CreateVoteUserParam { user_id: "u-2".into() }).await.unwrap();
    let comment = fb.create_feedback_comment(&kept.id, &CreateFeedbackCommentParam { body: "noted".into() }).await.unwrap();
    fb.delete_feedback(&gone.id).await.unwrap();
    let before = fb.get_feedbacks().await.unwrap().feedbacks;
    emu.stop().await;

    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let fb = c.communication().feedback();
    let after = fb.get_feedbacks().await.unwrap().feedbacks;
    assert_eq!(after, before);
    assert_eq!(after.len(), 1);
    assert_eq!((after[0].status, after[0].count, after[0].comments.clone()), (3, 1, vec![comment.clone()]));
    assert_eq!(fb.get_feedback_comment(&kept.id, &comment.id).await.unwrap(), comment);
    let e = fb.get_feedback(&gone.id).await.unwrap_err();
    assert!(matches!(&e, saasus::Error::Api(a) if a.status == 404), "{e:?}");
    emu.stop().await;
    let conn = rusqlite::Connection::open(&data).unwrap();
    let rows: i64 = conn.query_row("SELECT COUNT(*) FROM records WHERE kind = 'feedback'", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn pricing_units_menus_plans_tax_rates_and_metering_counts_survive_a_restart() {
    use saasus::pricing::*;
    let data = support::data_file("test", "pricing");
    let creds = Credentials::generate();
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let p = c.pricing();
    let fixed = |name: &str| {
        PricingUnitForSave::Fixed(PricingFixedUnitForSave {
            unit_amount: 500,
            recurring_interval: RecurringInterval::Year,
            name: name.into(),
            display_name: name.into(),
            description: String::new(),
            r#type: UnitType::Fixed,
            currency: Currency::Usd,
        })
    };
    let usage = PricingUnitForSave::Usage(PricingUsageUnitForSave {
        upper_count: 0,
        unit_amount: 3,
        metering_unit_name: "calls".into(),
        aggregate_usage: None,
        name: "calls".into(),
        display_name: "Calls".into(),
        description: String::new(),
        r#type: UnitType::Usage,
        currency: Currency::Usd,
    });
    let base = p.pricing_units().create_pricing_unit(&fixed("base")).await.unwrap();
    let calls = p.pricing_units().create_pricing_unit(&usage).await.unwrap();
    let gone = p.pricing_units().create_pricing_unit(&fixed("gone")).await.unwrap();
    let id = |u: &PricingUnit| match u {
        PricingUnit::Fixed(u) => u.id.clone(),
        PricingUnit::Usage(u) => u.id.clone(),
        other => panic!("{other:?}"),
    };
    p.pricing_units().delete_pricing_unit(&id(&gone)).await.unwrap();
    let menu = p
        .pricing_menus()
        .create_pricing_menu(&CreatePricingMenuParam {
            name: "m".into(),
            display_name: "M".into(),
            description: String::new(),
            unit_ids: vec![id(&base), id(&calls)],
        })
        .await
        .unwrap();
    let plan = p
        .pricing_plans()
        .create_pricing_plan(&CreatePricingPlanParam {
            name: "p".into(),
            display_name: "P".into(),
            description: String::new(),
            menu_ids: vec![menu.id.clone()],
        })
        .await
        .unwrap();
    p.pricing_plans().update_pricing_plans_used(&UpdatePricingPlansUsedParam { plan_ids: vec![plan.id.clone()] }).await.unwrap();
    p.tax_rate()
        .create_tax_rate(&CreateTaxRateParam {
            name: "jp".into(),
            display_name: "JP".into(),
            percentage: 10.0,
            inclusive: true,
            country: "JP".into(),
            description: String::new(),
        })
        .await
        .unwrap();
    let add = UpdateMeteringUnitTimestampCountParam { method: UpdateMeteringUnitTimestampCountMethod::Add, count: 6 };
    p.metering().update_metering_unit_timestamp_count("t1", "calls", 1_709_200_000, &add).await.unwrap();
    p.metering().update_metering_unit_timestamp_count("t1", "calls", 1_709_200_060, &add).await.unwrap();
    let before = (
        p.pricing_units().get_pricing_units().await.unwrap(),
        p.pricing_menus().get_pricing_menus().await.unwrap(),
        p.pricing_plans().get_pricing_plans().await.unwrap(),
        p.tax_rate().get_tax_rates().await.unwrap(),
        p.metering().get_metering_units().await.unwrap(),
    );
    emu.stop().await;

    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let p = c.pricing();
    let after = (
        p.pricing_units().get_pricing_units().await.unwrap(),
        p.pricing_menus().get_pricing_menus().await.unwrap(),
        p.pricing_plans().get_pricing_plans().await.unwrap(),
        p.tax_rate().get_tax_rates().await.unwrap(),
        p.metering().get_metering_units().await.unwrap(),
    );
    assert_eq!(after, before);
    assert_eq!(after.0.units.len(), 2);
    assert!(after.2.pricing_plans[0].used);
    assert!(after.1.pricing_menus[0].used);
    let month = p.metering().get_metering_unit_month_count_by_tenant_id_and_unit_name_and_month("t1", "calls", "2024-02").await.unwrap();
    assert_eq!(month.count, 12);
    let e = p.pricing_plans().delete_pricing_plan(&plan.id).await.unwrap_err();
    assert!(matches!(&e, saasus::Error::Api(a) if a.status == 400), "still used after the restart: {e:?}");
    emu.stop().await;
    let conn = rusqlite::Connection::open(&data).unwrap();
    let rows: i64 = conn.query_row("SELECT COUNT(*) FROM records WHERE kind = 'metering_count'", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 2);
}

#[tokio::test]
async fn the_stripe_connection_and_event_bridge_settings_survive_a_restart() {
    use saasus::integration::*;
    let data = support::data_file("test", "billing-integration");
    let creds = Credentials::generate();
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    c.billing().stripe().update_stripe_info(&saasus::billing::UpdateStripeInfoParam { secret_key: "sk_test_kept".into() }).await.unwrap();
    let settings = SaveEventBridgeSettingsParam { aws_account_id: "123456789012".into(), aws_region: AwsRegion::EuCentral1 };
    c.integration().event_bridge().save_event_bridge_settings(&settings).await.unwrap();
    c.integration().event_bridge().create_event_bridge_test_event().await.unwrap();
    emu.stop().await;

    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    assert!(c.billing().stripe().get_stripe_info().await.unwrap().is_registered);
    assert_eq!(
        c.integration().event_bridge().get_event_bridge_settings().await.unwrap(),
        EventBridgeSettings { aws_account_id: "123456789012".into(), aws_region: AwsRegion::EuCentral1 }
    );
    c.billing().stripe().delete_stripe_info().await.unwrap();
    c.integration().event_bridge().delete_event_bridge_settings().await.unwrap();
    emu.stop().await;

    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    assert!(!c.billing().stripe().get_stripe_info().await.unwrap().is_registered, "the removal is kept too");
    let unset = c.integration().event_bridge().get_event_bridge_settings().await.unwrap();
    assert_eq!(unset.aws_account_id, "", "the removal is kept: no account again");
    emu.stop().await;
}

#[tokio::test]
async fn behaviour_histories_and_active_users_survive_a_restart() {
    use saasus::analysis::*;
    let data = support::data_file("test", "analysis");
    let creds = Credentials::generate();
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let today = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 / 86_400 * 86_400;
    let history = UserBehaviorHistory { timestamp: today + 7, referer: "/dashboard".into() };
    let ua = c.analysis().user_analysis();
    ua.update_user_behavior_histories_by_day(&UpdateUserBehaviorHistoriesByDayParam {
        timestamp: today,
        user_id: "u-1".into(),
        histories: vec![history.clone()],
    })
    .await
    .unwrap();
    let active = UpdateActiveUsersParam {
        r#type: UpdateActiveUsersParamType::Monthly,
        date: "2024-05".into(),
        tenant_id: "t-1".into(),
        env_id: 1,
        active_users: 12,
    };
    ua.update_active_users(&active).await.unwrap();
    emu.stop().await;

    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let ua = c.analysis().user_analysis();
    assert_eq!(
        ua.get_user_behavior_histories("u-1").await.unwrap().histories,
        vec![DailyBehaviorHistory { behaved_at: today, histories: vec![history] }]
    );
    let q = GetActiveUsersQuery {
        r#type: GetActiveUsersQueryType::Monthly,
        date_from: "2024-01".into(),
        date_to: None,
        tenant_id: None,
        env_id: None,
    };
    assert_eq!(
        ua.get_active_users(&q).await.unwrap().data,
        vec![ActiveUserData { date: "2024-05".into(), tenant_id: "t-1".into(), env_id: 1, active_users: 12 }]
    );
    emu.stop().await;
}

#[tokio::test]
async fn aws_marketplace_settings_plans_and_customers_survive_a_restart() {
    use saasus::awsmarketplace::*;
    let data = support::data_file("test", "awsmarketplace");
    let creds = Credentials::generate();
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let mp = c.awsmarketplace().aws_marketplace();
    mp.update_settings(&UpdateSettingsParam {
        product_code: Some("prod-kept".into()),
        role_arn: Some("arn:aws:iam::123456789012:role/r".into()),
        role_external_id: None,
        sns_topic_arn: None,
        cas_bucket_name: Some("bucket".into()),
        cas_sns_topic_arn: None,
        seller_sns_topic_arn: None,
        sqs_arn: None,
    })
    .await
    .unwrap();
    mp.update_listing_status(&UpdateListingStatusParam { listing_status: ListingStatus::ThirdStepWorking }).await.unwrap();
    let plan = saasus::pricing::CreatePricingPlanParam {
        name: "p".into(),
        display_name: "P".into(),
        description: String::new(),
        menu_ids: vec![],
    };
    let plan_id = c.pricing().pricing_plans().create_pricing_plan(&plan).await.unwrap().id;
    mp.save_plan(&SavePlanParam { plan_id, plan_name: "p_month".into() }).await.unwrap();
    let tenant_id = c.auth().tenant().create_tenant(&tenant_param("Acme")).await.unwrap().id;
    let customer = mp.create_customer(&CreateCustomerParam { tenant_id, registration_token: "tok".into() }).await.unwrap();
    let before = (mp.get_settings().await.unwrap(), mp.get_plans().await.unwrap());
    emu.stop().await;

    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let mp = c.awsmarketplace().aws_marketplace();
    assert_eq!((mp.get_settings().await.unwrap(), mp.get_plans().await.unwrap()), before);
    assert_eq!(before.0.product_code, "prod-kept");
    assert_eq!(mp.get_listing_status().await.unwrap().listing_status, ListingStatus::ThirdStepWorking);
    assert_eq!(mp.get_customer(&customer.customer_identifier).await.unwrap(), customer);
    emu.stop().await;
}

#[tokio::test]
async fn api_gateway_settings_keys_and_tenants_survive_a_restart() {
    use saasus::apigateway::*;
    let data = support::data_file("test", "apigateway");
    let creds = Credentials::generate();
    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let gw = c.apigateway().smart_api_gateway();
    gw.update_api_gateway_settings(&UpdateApiGatewaySettingsParam {
        role_arn: Some("arn:aws:iam::123456789012:role/r".into()),
        role_external_id: None,
        internal_endpoint_health_check_path: Some("/health".into()),
        internal_endpoint_health_check_port: None,
        internal_endpoint_health_check_protocol: None,
        internal_endpoint_health_status_codes: None,
        saas_subnet_ids: None,
        saas_vpc_id: None,
        domain_name: Some("api.example.com".into()),
        saas_alb_arn: None,
        endpoint_settings_list: None,
        tenant_routing_type: Some(TenantRoutingType::Path),
    })
    .await
    .unwrap();
    gw.create_api_gateway().await.unwrap();
    gw.publish_api_gateway().await.unwrap();
    gw.upload_generation_files(&ApiGatewayInputFile { content: "code".into() }).await.unwrap();
    let tenant_id = c.auth().tenant().create_tenant(&tenant_param("Acme")).await.unwrap().id;
    let key = gw.create_api_key(&CreateApiKeyParam { tenant_id: tenant_id.clone(), env_id: 1, user_id: None }).await.unwrap();
    gw.update_tenant(&tenant_id, &UpdateTenantParam { allowed_ips: Some(vec!["192.0.2.0/24".into()]), routing: None }).await.unwrap();
    let before = (
        gw.get_api_gateway_settings().await.unwrap(),
        gw.get_draft_api_gateway_settings().await.unwrap(),
        gw.get_tenant(&tenant_id).await.unwrap(),
    );
    emu.stop().await;

    let emu = start(&creds, &data).await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let gw = c.apigateway().smart_api_gateway();
    let after = (
        gw.get_api_gateway_settings().await.unwrap(),
        gw.get_draft_api_gateway_settings().await.unwrap(),
        gw.get_tenant(&tenant_id).await.unwrap(),
    );
    assert_eq!(after, before);
    assert_eq!((after.0.status.as_str(), after.0.internal_endpoint_health_check_path.as_str()), ("published", "/health"));
    assert_eq!(gw.get_api_key(&key.api_key).await.unwrap(), key);
    emu.stop().await;
}
