//! The Pricing API through the core's typed client: units of the four kinds, menus, plans and
//! their `used` flags, refused deletes, delete-all, tax rates, the Stripe stand-ins, metering
//! units and counts (added, subtracted, set; read back per second, day and month).

use crate::support;

use saasus::pricing::*;
use saasus::signing::Minute;
use saasus_emulator::{Clock, Emulator, Options};

fn api_error(e: saasus::Error) -> Box<saasus::ApiError> {
    match e {
        saasus::Error::Api(a) => a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

async fn client(emu: &Emulator) -> saasus::Client {
    saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap()
}

fn fixed(name: &str, amount: i64) -> PricingUnitForSave {
    PricingUnitForSave::Fixed(PricingFixedUnitForSave {
        unit_amount: amount,
        recurring_interval: RecurringInterval::Month,
        name: name.into(),
        display_name: format!("{name} (display)"),
        description: "a fixed fee".into(),
        r#type: UnitType::Fixed,
        currency: Currency::Jpy,
    })
}

fn usage(name: &str, meter: &str) -> PricingUnitForSave {
    PricingUnitForSave::Usage(PricingUsageUnitForSave {
        upper_count: 100,
        unit_amount: 10,
        metering_unit_name: meter.into(),
        aggregate_usage: Some(AggregateUsage::Sum),
        name: name.into(),
        display_name: name.into(),
        description: String::new(),
        r#type: UnitType::Usage,
        currency: Currency::Usd,
    })
}

fn tiers() -> Vec<PricingTier> {
    vec![
        PricingTier { up_to: 10, unit_amount: 100, flat_amount: 0, inf: false },
        PricingTier { up_to: 0, unit_amount: 50, flat_amount: 500, inf: true },
    ]
}

fn tiered(name: &str, meter: &str) -> PricingUnitForSave {
    PricingUnitForSave::Tiered(PricingTieredUnitForSave {
        upper_count: 0,
        metering_unit_name: meter.into(),
        aggregate_usage: Some(AggregateUsage::Max),
        name: name.into(),
        display_name: name.into(),
        description: String::new(),
        r#type: UnitType::Tiered,
        currency: Currency::Jpy,
        tiers: tiers(),
    })
}

fn tiered_usage(name: &str, meter: &str) -> PricingUnitForSave {
    PricingUnitForSave::TieredUsage(PricingTieredUsageUnitForSave {
        upper_count: 5,
        metering_unit_name: meter.into(),
        aggregate_usage: None,
        name: name.into(),
        display_name: name.into(),
        description: String::new(),
        r#type: UnitType::TieredUsage,
        currency: Currency::Jpy,
        tiers: tiers(),
    })
}

fn id_of(u: &PricingUnit) -> String {
    match u {
        PricingUnit::Fixed(u) => u.id.clone(),
        PricingUnit::Usage(u) => u.id.clone(),
        PricingUnit::Tiered(u) => u.id.clone(),
        PricingUnit::TieredUsage(u) => u.id.clone(),
        PricingUnit::Unknown { .. } => panic!("an unknown unit: {u:?}"),
    }
}

fn used(u: &PricingUnit) -> bool {
    match u {
        PricingUnit::Fixed(u) => u.used,
        PricingUnit::Usage(u) => u.used,
        PricingUnit::Tiered(u) => u.used,
        PricingUnit::TieredUsage(u) => u.used,
        PricingUnit::Unknown { .. } => panic!("an unknown unit: {u:?}"),
    }
}

#[tokio::test]
async fn units_of_the_four_kinds_from_create_to_delete() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = client(&emu).await;
    let units = c.pricing().pricing_units();
    assert!(units.get_pricing_units().await.unwrap().units.is_empty());

    let PricingUnit::Fixed(f) = units.create_pricing_unit(&fixed("base", 1000)).await.unwrap() else { panic!("not fixed") };
    assert_eq!((f.name.as_str(), f.display_name.as_str(), f.unit_amount, f.used), ("base", "base (display)", 1000, false));
    assert_eq!(
        (f.r#type.clone(), f.currency.clone(), f.recurring_interval.clone()),
        (UnitType::Fixed, Currency::Jpy, RecurringInterval::Month)
    );

    let PricingUnit::Usage(u) = units.create_pricing_unit(&usage("calls", "api_calls")).await.unwrap() else { panic!("not usage") };
    assert_eq!((u.metering_unit_name.as_str(), u.unit_amount, u.upper_count), ("api_calls", 10, 100));
    assert_eq!((u.currency.clone(), u.aggregate_usage.clone()), (Currency::Usd, Some(AggregateUsage::Sum)));
    let PricingUnit::Tiered(t) = units.create_pricing_unit(&tiered("storage", "storage_gb")).await.unwrap() else { panic!("not tiered") };
    assert_eq!(t.tiers, tiers());
    assert_eq!(t.r#type, UnitType::Tiered);
    let PricingUnit::TieredUsage(tu) = units.create_pricing_unit(&tiered_usage("seats", "api_calls")).await.unwrap() else {
        panic!("not tiered usage")
    };
    assert_eq!((tu.upper_count, tu.r#type.clone()), (5, UnitType::TieredUsage));
    // A usage-based unit brings its metering unit into being, or takes the one of that name.
    assert_eq!(tu.metering_unit_id, u.metering_unit_id);
    let meters = c.pricing().metering().get_metering_units().await.unwrap().units;
    assert_eq!(meters.iter().map(|m| (m.unit_name.as_str(), m.used)).collect::<Vec<_>>(), [("api_calls", true), ("storage_gb", true)]);
    assert_eq!(meters[0].id, u.metering_unit_id);

    let listed = units.get_pricing_units().await.unwrap().units;
    assert_eq!(listed.iter().map(id_of).collect::<Vec<_>>(), [f.id.clone(), u.id.clone(), t.id.clone(), tu.id.clone()]);
    assert_eq!(units.get_pricing_unit(&t.id).await.unwrap(), PricingUnit::Tiered(t.clone()));

    // An update may change the unit's kind; the id stays.
    units.update_pricing_unit(&f.id, &fixed("base", 2000)).await.unwrap();
    let PricingUnit::Fixed(f2) = units.get_pricing_unit(&f.id).await.unwrap() else { panic!("not fixed") };
    assert_eq!((f2.id.as_str(), f2.unit_amount), (f.id.as_str(), 2000));
    units.update_pricing_unit(&t.id, &usage("storage", "storage_gb")).await.unwrap();
    assert!(matches!(units.get_pricing_unit(&t.id).await.unwrap(), PricingUnit::Usage(x) if x.metering_unit_name == "storage_gb"));

    units.delete_pricing_unit(&tu.id).await.unwrap();
    let e = api_error(units.get_pricing_unit(&tu.id).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"), "{e:?}");
    assert!(e.message.contains(&tu.id), "{e:?}");
    let e = api_error(units.delete_pricing_unit(&tu.id).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    let e = api_error(units.update_pricing_unit(&tu.id, &fixed("x", 1)).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    assert_eq!(units.get_pricing_units().await.unwrap().units.len(), 3);
}

#[tokio::test]
async fn bad_units_are_refused_and_nothing_is_stored() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = client(&emu).await;
    let units = c.pricing().pricing_units();
    for (bad, field) in [
        (fixed("", 1), "name"),
        (usage("u", ""), "metering_unit_name"),
        (
            PricingUnitForSave::Tiered(PricingTieredUnitForSave {
                tiers: Vec::new(),
                ..match tiered("t", "m") {
                    PricingUnitForSave::Tiered(t) => t,
                    _ => unreachable!(),
                }
            }),
            "tiers",
        ),
    ] {
        let e = api_error(units.create_pricing_unit(&bad).await.unwrap_err());
        assert_eq!((e.status, e.error_type.as_str()), (400, "invalid_request"), "{e:?}");
        assert!(e.message.starts_with(field), "{field}: {e:?}");
    }
    // A negative amount never leaves the SDK (the spec says unsigned); the emulator refuses it from any other client.
    let mut negative = serde_json::to_value(fixed("neg", 1)).unwrap();
    negative["unit_amount"] = (-1).into();
    let (status, body) = support::signed(&emu, "POST", "/v1/pricing/units", &negative.to_string()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| m.starts_with("unit_amount")), "{body}");
    let (status, body) = support::signed(&emu, "POST", "/v1/pricing/units", r#"{"type":"flat","name":"x"}"#).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].is_string() && body["data"].is_object(), "{body}");
    assert!(units.get_pricing_units().await.unwrap().units.is_empty());
    assert!(c.pricing().metering().get_metering_units().await.unwrap().units.is_empty());
}

#[tokio::test]
async fn unit_menu_plan_with_used_flags_refused_deletes_and_delete_all() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = client(&emu).await;
    let (units, menus, plans) = (c.pricing().pricing_units(), c.pricing().pricing_menus(), c.pricing().pricing_plans());
    let base = id_of(&units.create_pricing_unit(&fixed("base", 1000)).await.unwrap());
    let calls = id_of(&units.create_pricing_unit(&usage("calls", "api_calls")).await.unwrap());
    let spare = id_of(&units.create_pricing_unit(&fixed("spare", 1)).await.unwrap());

    assert!(menus.get_pricing_menus().await.unwrap().pricing_menus.is_empty());
    let menu = menus
        .create_pricing_menu(&CreatePricingMenuParam {
            name: "standard".into(),
            display_name: "Standard".into(),
            description: "the usual".into(),
            unit_ids: vec![base.clone(), calls.clone()],
        })
        .await
        .unwrap();
    assert_eq!(
        (menu.name.as_str(), menu.display_name.as_str(), menu.description.as_str(), menu.used),
        ("standard", "Standard", "the usual", false)
    );
    assert_eq!(menu.units.iter().map(id_of).collect::<Vec<_>>(), [base.clone(), calls.clone()]);
    assert!(menu.units.iter().all(used), "a unit in a menu is used: {menu:?}");
    assert!(!used(&units.get_pricing_unit(&spare).await.unwrap()));
    assert!(used(&units.get_pricing_unit(&base).await.unwrap()));

    let e = api_error(units.delete_pricing_unit(&base).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (400, "in_use"), "{e:?}");
    assert!(e.message.contains(&menu.id), "{e:?}");
    // Nor may the metering unit of a pricing unit go.
    let meter = c.pricing().metering().get_metering_units().await.unwrap().units[0].clone();
    let e = api_error(c.pricing().metering().delete_metering_unit_by_id(&meter.id).await.unwrap_err());
    assert_eq!(e.status, 400, "{e:?}");

    let e = api_error(
        menus
            .create_pricing_menu(&CreatePricingMenuParam {
                name: "bad".into(),
                display_name: String::new(),
                description: String::new(),
                unit_ids: vec!["no-such-unit".into()],
            })
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status, 400, "{e:?}");
    assert!(e.message.contains("unit_ids[0]"), "{e:?}");

    assert!(plans.get_pricing_plans().await.unwrap().pricing_plans.is_empty());
    let plan = plans
        .create_pricing_plan(&CreatePricingPlanParam {
            name: "basic".into(),
            display_name: "Basic".into(),
            description: "for starters".into(),
            menu_ids: vec![menu.id.clone()],
        })
        .await
        .unwrap();
    assert_eq!((plan.name.as_str(), plan.display_name.as_str(), plan.used), ("basic", "Basic", false));
    assert_eq!(plan.pricing_menus.len(), 1);
    assert!(plan.pricing_menus[0].used, "a menu in a plan is used: {plan:?}");
    assert!(menus.get_pricing_menu(&menu.id).await.unwrap().used);
    let e = api_error(menus.delete_pricing_menu(&menu.id).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (400, "in_use"), "{e:?}");
    assert!(e.message.contains(&plan.id), "{e:?}");

    // Updates show through: the menu drops a unit, the plan is renamed.
    menus
        .update_pricing_menu(
            &menu.id,
            &UpdatePricingMenuParam {
                name: "standard".into(),
                display_name: "Standard 2".into(),
                description: String::new(),
                unit_ids: vec![calls.clone()],
            },
        )
        .await
        .unwrap();
    assert!(!used(&units.get_pricing_unit(&base).await.unwrap()));
    units.delete_pricing_unit(&base).await.unwrap();
    plans
        .update_pricing_plan(
            &plan.id,
            &UpdatePricingPlanParam {
                name: "basic".into(),
                display_name: "Basic 2".into(),
                description: "renamed".into(),
                menu_ids: vec![menu.id.clone()],
            },
        )
        .await
        .unwrap();
    let got = plans.get_pricing_plan(&plan.id).await.unwrap();
    assert_eq!((got.display_name.as_str(), got.description.as_str()), ("Basic 2", "renamed"));
    assert_eq!(got.pricing_menus[0].display_name, "Standard 2");
    assert_eq!(got.pricing_menus[0].units.iter().map(id_of).collect::<Vec<_>>(), [calls.as_str()]);
    assert_eq!(plans.get_pricing_plans().await.unwrap().pricing_plans, vec![got.clone()]);
    assert_eq!(menus.get_pricing_menus().await.unwrap().pricing_menus, got.pricing_menus);

    // A plan marked used cannot be deleted; an unused one can, and frees its menus.
    let other = plans
        .create_pricing_plan(&CreatePricingPlanParam {
            name: "other".into(),
            display_name: "Other".into(),
            description: String::new(),
            menu_ids: vec![],
        })
        .await
        .unwrap();
    plans.update_pricing_plans_used(&UpdatePricingPlansUsedParam { plan_ids: vec![plan.id.clone()] }).await.unwrap();
    assert!(plans.get_pricing_plan(&plan.id).await.unwrap().used);
    assert!(!plans.get_pricing_plan(&other.id).await.unwrap().used);
    let e = api_error(plans.delete_pricing_plan(&plan.id).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (400, "in_use"), "{e:?}");
    let e = api_error(plans.update_pricing_plans_used(&UpdatePricingPlansUsedParam { plan_ids: vec!["nope".into()] }).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    // A plan an Auth tenant is on is used too, and stays while the tenant is on it.
    let tenant = c
        .auth()
        .tenant()
        .create_tenant(&saasus::models::CreateTenantParam {
            name: "Acme".into(),
            attributes: saasus::JsonObject::new(),
            back_office_staff_email: "ops@example.com".into(),
        })
        .await
        .unwrap();
    let on = |plan: Option<String>| saasus::models::UpdateTenantPlanParam {
        next_plan_id: plan,
        using_next_plan_from: None,
        next_plan_tax_rate_id: None,
        proration_behavior: None,
        delete_usage: None,
    };
    c.auth().tenant().update_tenant_plan(&tenant.id, &on(Some(other.id.clone()))).await.unwrap();
    assert!(plans.get_pricing_plan(&other.id).await.unwrap().used);
    let e = api_error(plans.delete_pricing_plan(&other.id).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (400, "in_use"), "{e:?}");
    assert!(e.message.contains(&tenant.id), "{e:?}");
    c.auth().tenant().delete_tenant(&tenant.id).await.unwrap();
    assert!(!plans.get_pricing_plan(&other.id).await.unwrap().used);
    plans.delete_pricing_plan(&other.id).await.unwrap();
    let e = api_error(plans.get_pricing_plan(&other.id).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"), "{e:?}");
    let e = api_error(plans.delete_pricing_plan(&other.id).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    let e = api_error(menus.delete_pricing_menu("no-such-menu").await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");

    // The Stripe stand-ins answer 200 and change nothing of the plans.
    plans.link_plan_to_stripe().await.unwrap();
    plans.delete_stripe_plan().await.unwrap();
    assert_eq!(plans.get_pricing_plans().await.unwrap().pricing_plans.len(), 1);

    let rate = c
        .pricing()
        .tax_rate()
        .create_tax_rate(&CreateTaxRateParam {
            name: "jp10".into(),
            display_name: "消費税".into(),
            percentage: 10.0,
            inclusive: true,
            country: "JP".into(),
            description: String::new(),
        })
        .await
        .unwrap();
    c.pricing().metering().update_metering_unit_timestamp_count("t1", "api_calls", 1_700_000_000, &add(3)).await.unwrap();

    // Delete-all takes everything, in use or not.
    plans.delete_all_plans_and_menus_and_units_and_meters_and_tax_rates().await.unwrap();
    assert!(plans.get_pricing_plans().await.unwrap().pricing_plans.is_empty());
    assert!(menus.get_pricing_menus().await.unwrap().pricing_menus.is_empty());
    assert!(units.get_pricing_units().await.unwrap().units.is_empty());
    assert!(c.pricing().tax_rate().get_tax_rates().await.unwrap().tax_rates.is_empty());
    assert!(c.pricing().metering().get_metering_units().await.unwrap().units.is_empty());
    let e = api_error(
        c.pricing()
            .tax_rate()
            .update_tax_rate(&rate.id, &UpdateTaxRateParam { display_name: "x".into(), description: String::new() })
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status, 404, "{e:?}");
}

#[tokio::test]
async fn tax_rates_and_the_500_endpoint() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = client(&emu).await;
    let tax = c.pricing().tax_rate();
    assert!(tax.get_tax_rates().await.unwrap().tax_rates.is_empty());
    let param = CreateTaxRateParam {
        name: "us-ca".into(),
        display_name: "CA sales tax".into(),
        percentage: 7.25,
        inclusive: false,
        country: "US".into(),
        description: "California".into(),
    };
    let rate = tax.create_tax_rate(&param).await.unwrap();
    assert_eq!(
        (rate.name.as_str(), rate.display_name.as_str(), rate.percentage, rate.inclusive, rate.country.as_str(), rate.description.as_str()),
        ("us-ca", "CA sales tax", 7.25, false, "US", "California")
    );
    let e = api_error(tax.create_tax_rate(&param).await.unwrap_err());
    assert_eq!(e.status, 400, "a second rate of the same name: {e:?}");
    for bad in [
        CreateTaxRateParam { percentage: 101.0, name: "a".into(), ..param.clone() },
        CreateTaxRateParam { country: "usa".into(), name: "b".into(), ..param.clone() },
        CreateTaxRateParam { name: String::new(), ..param.clone() },
    ] {
        let e = api_error(tax.create_tax_rate(&bad).await.unwrap_err());
        assert_eq!((e.status, e.error_type.as_str()), (400, "invalid_request"), "{e:?}");
    }
    tax.update_tax_rate(&rate.id, &UpdateTaxRateParam { display_name: "CA".into(), description: "changed".into() }).await.unwrap();
    let rates = tax.get_tax_rates().await.unwrap().tax_rates;
    assert_eq!(rates, vec![TaxRate { display_name: "CA".into(), description: "changed".into(), ..rate.clone() }]);
    let e = api_error(
        tax.update_tax_rate("no-such-rate", &UpdateTaxRateParam { display_name: "x".into(), description: String::new() })
            .await
            .unwrap_err(),
    );
    assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"), "{e:?}");

    // Pricing requests are in the API log, with the answer the caller got.
    let q = saasus::apilog::GetLogsQuery { limit: Some(1), ..Default::default() };
    let last = c.apilog().api_log().get_logs(&q).await.unwrap().api_logs.remove(0);
    assert_eq!(
        (last.request_method.as_str(), last.request_uri.as_str(), last.response_status.as_str()),
        ("PATCH", "/v1/pricing/tax-rates/no-such-rate", "404")
    );
    let e = api_error(c.pricing().error().return_internal_server_error().await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"), "{e:?}");
}

fn add(count: i64) -> UpdateMeteringUnitTimestampCountParam {
    UpdateMeteringUnitTimestampCountParam { method: UpdateMeteringUnitTimestampCountMethod::Add, count }
}

fn with(method: UpdateMeteringUnitTimestampCountMethod, count: i64) -> UpdateMeteringUnitTimestampCountParam {
    UpdateMeteringUnitTimestampCountParam { method, count }
}

/// 2024-02-29T00:00:00Z, a leap day.
const LEAP_DAY: i64 = 1_709_164_800;

#[tokio::test]
async fn metering_units_and_counts_added_subtracted_set_and_totalled() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = client(&emu).await;
    let m = c.pricing().metering();
    assert!(m.get_metering_units().await.unwrap().units.is_empty());
    let calls = m
        .create_metering_unit(&CreateMeteringUnitParam {
            unit_name: "api_calls".into(),
            aggregate_usage: Some(AggregateUsage::Sum),
            display_name: "API calls".into(),
            description: "per call".into(),
        })
        .await
        .unwrap();
    assert_eq!((calls.unit_name.as_str(), calls.display_name.as_str(), calls.used), ("api_calls", "API calls", false));
    let peak = m
        .create_metering_unit(&CreateMeteringUnitParam {
            unit_name: "peak_users".into(),
            aggregate_usage: Some(AggregateUsage::Max),
            display_name: "Peak users".into(),
            description: String::new(),
        })
        .await
        .unwrap();
    let e = api_error(
        m.create_metering_unit(&CreateMeteringUnitParam {
            unit_name: "api_calls".into(),
            aggregate_usage: None,
            display_name: String::new(),
            description: String::new(),
        })
        .await
        .unwrap_err(),
    );
    assert_eq!(e.status, 400, "a second metering unit of the same name: {e:?}");

    let (t, ts) = ("tenant-1", LEAP_DAY + 3600);
    let r = m.update_metering_unit_timestamp_count(t, "api_calls", ts, &add(10)).await.unwrap();
    assert_eq!(r, MeteringUnitTimestampCount { metering_unit_name: "api_calls".into(), timestamp: ts, count: 10 });
    let r = m.update_metering_unit_timestamp_count(t, "api_calls", ts, &add(5)).await.unwrap();
    assert_eq!(r.count, 15);
    let r =
        m.update_metering_unit_timestamp_count(t, "api_calls", ts, &with(UpdateMeteringUnitTimestampCountMethod::Sub, 4)).await.unwrap();
    assert_eq!(r.count, 11);
    let r =
        m.update_metering_unit_timestamp_count(t, "api_calls", ts, &with(UpdateMeteringUnitTimestampCountMethod::Sub, 40)).await.unwrap();
    assert_eq!(r.count, 0, "a count does not go below 0");
    let r =
        m.update_metering_unit_timestamp_count(t, "api_calls", ts, &with(UpdateMeteringUnitTimestampCountMethod::Direct, 7)).await.unwrap();
    assert_eq!(r.count, 7);
    // Later the same day, the last second of the day, the next day (March), another tenant.
    m.update_metering_unit_timestamp_count(t, "api_calls", ts + 60, &add(3)).await.unwrap();
    m.update_metering_unit_timestamp_count(t, "api_calls", LEAP_DAY + 86_399, &add(1)).await.unwrap();
    m.update_metering_unit_timestamp_count(t, "api_calls", LEAP_DAY + 86_400, &add(100)).await.unwrap();
    m.update_metering_unit_timestamp_count("tenant-2", "api_calls", ts, &add(1000)).await.unwrap();
    m.update_metering_unit_timestamp_count(t, "peak_users", ts, &add(4)).await.unwrap();
    m.update_metering_unit_timestamp_count(t, "peak_users", ts + 1, &add(9)).await.unwrap();
    m.update_metering_unit_timestamp_count(t, "peak_users", LEAP_DAY - 86_400, &add(2)).await.unwrap();

    let day = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(t, "api_calls", "2024-02-29").await.unwrap();
    assert_eq!(day, MeteringUnitDateCount { metering_unit_name: "api_calls".into(), date: "2024-02-29".into(), count: 11 });
    let day = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(t, "api_calls", "2024-03-01").await.unwrap();
    assert_eq!(day.count, 100);
    let day = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(t, "peak_users", "2024-02-29").await.unwrap();
    assert_eq!(day.count, 9, "a max unit's total is its largest count");
    let month = m.get_metering_unit_month_count_by_tenant_id_and_unit_name_and_month(t, "api_calls", "2024-02").await.unwrap();
    assert_eq!(month, MeteringUnitMonthCount { metering_unit_name: "api_calls".into(), month: "2024-02".into(), count: 11 });
    assert_eq!(m.get_metering_unit_month_count_by_tenant_id_and_unit_name_and_month(t, "api_calls", "2024-03").await.unwrap().count, 100);
    assert_eq!(
        m.get_metering_unit_month_count_by_tenant_id_and_unit_name_and_month("tenant-2", "api_calls", "2024-02").await.unwrap().count,
        1000
    );
    assert_eq!(m.get_metering_unit_month_count_by_tenant_id_and_unit_name_and_month(t, "peak_users", "2024-02").await.unwrap().count, 9);

    let days = m.get_metering_unit_date_counts_by_tenant_id_and_date(t, "2024-02-29").await.unwrap().counts;
    assert_eq!(
        days.iter().map(|d| (d.metering_unit_name.as_str(), d.date.as_str(), d.count)).collect::<Vec<_>>(),
        [("api_calls", "2024-02-29", 11), ("peak_users", "2024-02-29", 9)]
    );
    let months = m.get_metering_unit_month_counts_by_tenant_id_and_month("nobody", "2024-02").await.unwrap().counts;
    assert_eq!(months.iter().map(|d| (d.metering_unit_name.as_str(), d.count)).collect::<Vec<_>>(), [("api_calls", 0), ("peak_users", 0)]);

    let period = m
        .get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date_period(
            t,
            "api_calls",
            &GetMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriodQuery {
                start_timestamp: Some(ts + 1),
                end_timestamp: Some(LEAP_DAY + 86_400),
            },
        )
        .await
        .unwrap();
    assert_eq!(period.metering_unit_name, "api_calls");
    assert_eq!(
        period.counts,
        vec![
            MeteringUnitCount { timestamp: ts + 60, count: 3 },
            MeteringUnitCount { timestamp: LEAP_DAY + 86_399, count: 1 },
            MeteringUnitCount { timestamp: LEAP_DAY + 86_400, count: 100 },
        ]
    );
    let all = m
        .get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date_period(
            t,
            "api_calls",
            &GetMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriodQuery { start_timestamp: None, end_timestamp: None },
        )
        .await
        .unwrap();
    assert_eq!(all.counts.len(), 4);

    m.delete_metering_unit_timestamp_count(t, "api_calls", ts + 60).await.unwrap();
    assert_eq!(m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(t, "api_calls", "2024-02-29").await.unwrap().count, 8);
    let e = api_error(m.delete_metering_unit_timestamp_count(t, "api_calls", ts + 60).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");

    // Bad input: unknown metering unit, malformed dates, months and timestamps, a negative count.
    let e = api_error(m.update_metering_unit_timestamp_count(t, "nope", ts, &add(1)).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"), "{e:?}");
    for date in ["2024-02-30", "2024-2-01", "today"] {
        let e = api_error(m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(t, "api_calls", date).await.unwrap_err());
        assert_eq!(e.status, 400, "{date}: {e:?}");
    }
    for month in ["2024-13", "2024", "2024-02-01"] {
        let e = api_error(m.get_metering_unit_month_counts_by_tenant_id_and_month(t, month).await.unwrap_err());
        assert_eq!(e.status, 400, "{month}: {e:?}");
    }
    // A timestamp that is not a number never leaves the SDK (it types it as the spec does); the
    // emulator refuses it from any other client.
    let path = format!("/v1/pricing/metering/tenants/{t}/units/api_calls/timestamp/soon");
    let resp = support::sign(&emu, &reqwest::Client::new(), "PUT", &path, r#"{"method":"add","count":1}"#).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let e = api_error(m.update_metering_unit_timestamp_count(t, "api_calls", ts, &add(-1)).await.unwrap_err());
    assert_eq!(e.status, 400, "{e:?}");
    let (status, body) = support::signed(
        &emu,
        "PUT",
        &format!("/v1/pricing/metering/tenants/{t}/units/api_calls/timestamp/{ts}"),
        r#"{"method":"mul","count":1}"#,
    )
    .await;
    assert_eq!(status, 400, "{body}");

    // Renaming an unused metering unit takes its counts along; deleting it takes them too.
    m.update_metering_unit_by_id(
        &calls.id,
        &UpdateMeteringUnitParam {
            unit_name: "requests".into(),
            aggregate_usage: Some(AggregateUsage::Sum),
            display_name: "Requests".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    let units = m.get_metering_units().await.unwrap().units;
    assert_eq!(
        units[0],
        MeteringUnit { unit_name: "requests".into(), display_name: "Requests".into(), description: String::new(), ..calls.clone() }
    );
    assert_eq!(m.get_metering_unit_month_count_by_tenant_id_and_unit_name_and_month(t, "requests", "2024-02").await.unwrap().count, 8);
    m.delete_metering_unit_by_id(&peak.id).await.unwrap();
    let e = api_error(m.delete_metering_unit_by_id(&peak.id).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    let e = api_error(m.get_metering_unit_date_count_by_tenant_id_and_unit_name_today(t, "peak_users").await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
}

#[tokio::test]
async fn now_today_and_this_month_follow_the_emulators_clock() {
    // Stopped at the current minute, so that the client's signatures are still accepted.
    let minute = Minute::now().format();
    let emu = Emulator::start(Options { clock: Clock::fixed(&minute).unwrap(), ..Options::default() }).await.unwrap();
    let c = client(&emu).await;
    let m = c.pricing().metering();
    m.create_metering_unit(&CreateMeteringUnitParam {
        unit_name: "calls".into(),
        aggregate_usage: None,
        display_name: String::new(),
        description: String::new(),
    })
    .await
    .unwrap();
    let now = UpdateMeteringUnitTimestampCountNowParam { method: UpdateMeteringUnitTimestampCountMethod::Add, count: 2 };
    let first = m.update_metering_unit_timestamp_count_now("t", "calls", &now).await.unwrap();
    let second = m.update_metering_unit_timestamp_count_now("t", "calls", &now).await.unwrap();
    assert_eq!(first.timestamp, second.timestamp, "the clock is stopped");
    assert_eq!(first.timestamp % 60, 0, "the clock's minute");
    assert_eq!((first.count, second.count, second.metering_unit_name.as_str()), (2, 4, "calls"));
    let system = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!((system - first.timestamp).abs() < 180, "{} is now ({system})", first.timestamp);
    let today = support::utc_date(first.timestamp);
    assert_eq!(&today[..4], &minute[..4]);
    assert_eq!(&today[5..7], &minute[4..6]);
    assert_eq!(&today[8..], &minute[6..8]);

    let day = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_today("t", "calls").await.unwrap();
    assert_eq!(day, MeteringUnitDateCount { metering_unit_name: "calls".into(), date: today.clone(), count: 4 });
    let month = m.get_metering_unit_month_count_by_tenant_id_and_unit_name_this_month("t", "calls").await.unwrap();
    assert_eq!(month, MeteringUnitMonthCount { metering_unit_name: "calls".into(), month: today[..7].to_string(), count: 4 });
    let e = api_error(m.get_metering_unit_month_count_by_tenant_id_and_unit_name_this_month("t", "nope").await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    let e = api_error(m.update_metering_unit_timestamp_count_now("t", "nope", &now).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
}

/// Concurrent adds lose nothing (issue 26, item 4): 8 tasks adding to the same second and unit of
/// one tenant, 250 adds each, give the exact total; subtractions interleaved too.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_adds_to_one_count_lose_nothing() {
    const TASKS: i64 = 8;
    const ADDS: i64 = 250;
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = client(&emu).await;
    let unit = CreateMeteringUnitParam { unit_name: "api_calls".into(), display_name: "API calls".into(), ..Default::default() };
    c.pricing().metering().create_metering_unit(&unit).await.unwrap();
    let tenant = c
        .auth()
        .tenant()
        .create_tenant(&saasus::models::CreateTenantParam {
            name: "Acme".into(),
            attributes: saasus::JsonObject::new(),
            back_office_staff_email: "ops@example.com".into(),
        })
        .await
        .unwrap()
        .id;
    let at = 1_709_168_400; // 2024-02-29T01:00:00Z
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let (c, tenant) = (c.clone(), tenant.clone());
            tokio::spawn(async move {
                for i in 0..ADDS {
                    // Every fifth call of the odd tasks subtracts 1 instead of adding the task's number,
                    // after four adds of its own: the count never goes below 0, where the emulator
                    // stops a subtraction, so the total does not depend on the order.
                    let (method, count) = if task % 2 == 1 && i % 5 == 4 {
                        (UpdateMeteringUnitTimestampCountMethod::Sub, 1)
                    } else {
                        (UpdateMeteringUnitTimestampCountMethod::Add, task + 1)
                    };
                    let p = UpdateMeteringUnitTimestampCountParam { method, count };
                    c.pricing().metering().update_metering_unit_timestamp_count(&tenant, "api_calls", at, &p).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let expected: i64 =
        (0..TASKS).map(|task| (0..ADDS).map(|i| if task % 2 == 1 && i % 5 == 4 { -1 } else { task + 1 }).sum::<i64>()).sum();
    let m = c.pricing().metering();
    assert_eq!(
        m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(&tenant, "api_calls", "2024-02-29").await.unwrap().count,
        expected
    );
    emu.stop().await;
}
