//! Flows across operations and APIs against the emulator, with the values asserted at each step:
//! pricing from metering unit to a tenant's metered usage, a feedback's life in Communication,
//! and ApiLog reading back the calls just made.

use crate::common;

use saasus::pricing::*;
use std::collections::BTreeMap;

fn fixed(name: &str, amount: i64) -> PricingUnitForSave {
    PricingUnitForSave::Fixed(PricingFixedUnitForSave {
        unit_amount: amount,
        recurring_interval: RecurringInterval::Month,
        name: name.into(),
        display_name: name.into(),
        description: String::new(),
        r#type: UnitType::Fixed,
        currency: Currency::Jpy,
    })
}

fn tiers() -> Vec<PricingTier> {
    vec![
        PricingTier { up_to: 100, unit_amount: 10, flat_amount: 0, inf: false },
        PricingTier { up_to: 0, unit_amount: 5, flat_amount: 1000, inf: true },
    ]
}

/// The id and metering unit id of a metered unit (every kind but fixed is measured by one).
fn metered(unit: &PricingUnit) -> (String, String) {
    match unit {
        PricingUnit::Usage(u) => (u.id.clone(), u.metering_unit_id.clone()),
        PricingUnit::Tiered(u) => (u.id.clone(), u.metering_unit_id.clone()),
        PricingUnit::TieredUsage(u) => (u.id.clone(), u.metering_unit_id.clone()),
        other => panic!("not a metered unit: {other:?}"),
    }
}

fn id_of(unit: &PricingUnit) -> String {
    match unit {
        PricingUnit::Fixed(u) => u.id.clone(),
        other => metered(other).0,
    }
}

fn count(method: UpdateMeteringUnitTimestampCountMethod, count: i64) -> UpdateMeteringUnitTimestampCountParam {
    UpdateMeteringUnitTimestampCountParam { method, count }
}

/// 2024-02-29T00:00:00Z: counts at fixed moments, so their day and month are known here.
const LEAP_DAY: i64 = 1_709_164_800;

#[tokio::test]
async fn pricing_units_of_four_kinds_a_menu_a_plan_a_tenant_on_it_and_its_metered_usage() {
    use UpdateMeteringUnitTimestampCountMethod::{Add, Direct, Sub};
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let pricing = client.pricing();

    let meter = pricing
        .metering()
        .create_metering_unit(&CreateMeteringUnitParam {
            unit_name: "api_calls".into(),
            aggregate_usage: Some(AggregateUsage::Sum),
            display_name: "API calls".into(),
            description: "one per request".into(),
        })
        .await
        .unwrap();
    assert_eq!((meter.unit_name.as_str(), meter.used), ("api_calls", false));

    let units = pricing.pricing_units();
    let base = units.create_pricing_unit(&fixed("base", 3000)).await.unwrap();
    assert!(matches!(&base, PricingUnit::Fixed(u) if u.unit_amount == 3000 && u.currency == Currency::Jpy), "{base:?}");
    let usage = units
        .create_pricing_unit(&PricingUnitForSave::Usage(PricingUsageUnitForSave {
            upper_count: 0,
            unit_amount: 2,
            metering_unit_name: "api_calls".into(),
            aggregate_usage: Some(AggregateUsage::Sum),
            name: "calls".into(),
            display_name: "Calls".into(),
            description: String::new(),
            r#type: UnitType::Usage,
            currency: Currency::Jpy,
        }))
        .await
        .unwrap();
    let tiered = units
        .create_pricing_unit(&PricingUnitForSave::Tiered(PricingTieredUnitForSave {
            upper_count: 0,
            metering_unit_name: "api_calls".into(),
            aggregate_usage: Some(AggregateUsage::Sum),
            name: "calls_tiered".into(),
            display_name: "Calls, tiered".into(),
            description: String::new(),
            r#type: UnitType::Tiered,
            currency: Currency::Jpy,
            tiers: tiers(),
        }))
        .await
        .unwrap();
    let tiered_usage = units
        .create_pricing_unit(&PricingUnitForSave::TieredUsage(PricingTieredUsageUnitForSave {
            upper_count: 1000,
            metering_unit_name: "api_calls".into(),
            aggregate_usage: None,
            name: "calls_tiered_usage".into(),
            display_name: "Calls, tiered usage".into(),
            description: String::new(),
            r#type: UnitType::TieredUsage,
            currency: Currency::Jpy,
            tiers: tiers(),
        }))
        .await
        .unwrap();
    assert!(matches!(&tiered, PricingUnit::Tiered(u) if u.tiers == tiers()), "{tiered:?}");
    assert!(matches!(&tiered_usage, PricingUnit::TieredUsage(u) if u.upper_count == 1000), "{tiered_usage:?}");
    // The three metered kinds are measured by the one metering unit created first, by name.
    for unit in [&usage, &tiered, &tiered_usage] {
        assert_eq!(metered(unit).1, meter.id, "{unit:?}");
    }
    let all = [&base, &usage, &tiered, &tiered_usage].map(id_of);
    assert_eq!(units.get_pricing_units().await.unwrap().units.iter().map(id_of).collect::<Vec<_>>(), all);

    let menu = pricing
        .pricing_menus()
        .create_pricing_menu(&CreatePricingMenuParam {
            name: "standard".into(),
            display_name: "Standard".into(),
            description: "everything".into(),
            unit_ids: all.to_vec(),
        })
        .await
        .unwrap();
    assert_eq!(menu.units.iter().map(id_of).collect::<Vec<_>>(), all);
    let plan = pricing
        .pricing_plans()
        .create_pricing_plan(&CreatePricingPlanParam {
            name: "pro".into(),
            display_name: "Pro".into(),
            description: String::new(),
            menu_ids: vec![menu.id.clone()],
        })
        .await
        .unwrap();
    assert_eq!(plan.pricing_menus.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), [menu.id.as_str()]);
    assert!(!plan.used);

    // An Auth tenant on that plan: the tenant shows it, and the plan is now in use.
    let tenant = common::tenant(&client, "Metered Inc.").await;
    let on_plan = saasus::models::UpdateTenantPlanParam {
        next_plan_id: Some(plan.id.clone()),
        using_next_plan_from: None,
        next_plan_tax_rate_id: None,
        proration_behavior: None,
        delete_usage: None,
    };
    client.auth().tenant().update_tenant_plan(&tenant.id, &on_plan).await.unwrap();
    assert_eq!(client.auth().tenant().get_tenant(&tenant.id).await.unwrap().plan_id.as_deref(), Some(plan.id.as_str()));
    let plan_now = pricing.pricing_plans().get_pricing_plan(&plan.id).await.unwrap();
    assert!(plan_now.used && plan_now.pricing_menus[0].used, "{plan_now:?}");
    assert!(pricing.metering().get_metering_units().await.unwrap().units[0].used);

    // Counts at fixed moments: each answer is the second's count after the method.
    let m = pricing.metering();
    let t = tenant.id.as_str();
    let mut sent = BTreeMap::new();
    for (ts, method, n, after) in [
        (LEAP_DAY + 3_600, Add, 10, 10),
        (LEAP_DAY + 3_600, Add, 5, 15),
        (LEAP_DAY + 3_600, Sub, 3, 12),
        (LEAP_DAY + 7_200, Direct, 20, 20),
        (LEAP_DAY + 7_200, Sub, 5, 15),
        (LEAP_DAY + 86_399, Add, 1, 1),
        (LEAP_DAY + 86_400, Add, 4, 4),
    ] {
        let r = m.update_metering_unit_timestamp_count(t, "api_calls", ts, &count(method, n)).await.unwrap();
        assert_eq!(r, MeteringUnitTimestampCount { metering_unit_name: "api_calls".into(), timestamp: ts, count: after });
        sent.insert(ts, after);
    }
    // And now, by the emulator's clock: the answer says which second it counted.
    let now = |method, count| UpdateMeteringUnitTimestampCountNowParam { method, count };
    let first = m.update_metering_unit_timestamp_count_now(t, "api_calls", &now(Add, 6)).await.unwrap();
    assert_eq!((first.metering_unit_name.as_str(), first.count), ("api_calls", 6));
    sent.insert(first.timestamp, first.count);
    let second = m.update_metering_unit_timestamp_count_now(t, "api_calls", &now(Add, 2)).await.unwrap();
    let expected = if second.timestamp == first.timestamp { 8 } else { 2 };
    assert_eq!(second.count, expected, "a second already counted is added to");
    sent.insert(second.timestamp, second.count);

    // The totals read back are the sums of what was sent, per UTC day and month.
    let total = |prefix: &str| sent.iter().filter(|(ts, _)| common::utc_date(**ts).starts_with(prefix)).map(|(_, n)| n).sum::<i64>();
    assert_eq!((total("2024-02-29"), total("2024-02"), total("2024-03")), (28, 28, 4));
    for day in ["2024-02-29", "2024-03-01", &common::utc_date(first.timestamp), &common::utc_date(second.timestamp)] {
        let got = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(t, "api_calls", day).await.unwrap();
        assert_eq!(got, MeteringUnitDateCount { metering_unit_name: "api_calls".into(), date: day.to_string(), count: total(day) });
        let listed = m.get_metering_unit_date_counts_by_tenant_id_and_date(t, day).await.unwrap().counts;
        assert_eq!(listed, vec![got]);
        let month = &day[..7];
        let got = m.get_metering_unit_month_count_by_tenant_id_and_unit_name_and_month(t, "api_calls", month).await.unwrap();
        assert_eq!(got, MeteringUnitMonthCount { metering_unit_name: "api_calls".into(), month: month.to_string(), count: total(month) });
        assert_eq!(m.get_metering_unit_month_counts_by_tenant_id_and_month(t, month).await.unwrap().counts, vec![got]);
    }
    // Today and this month are the emulator's: whichever day they name, their totals are that day's.
    let today = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_today(t, "api_calls").await.unwrap();
    assert_eq!(today.count, total(&today.date), "{today:?}");
    let this_month = m.get_metering_unit_month_count_by_tenant_id_and_unit_name_this_month(t, "api_calls").await.unwrap();
    assert_eq!(this_month.count, total(&this_month.month), "{this_month:?}");
    // The seconds of the leap day, as sent.
    let period = m
        .get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date_period(
            t,
            "api_calls",
            &GetMeteringUnitDateCountByTenantIdAndUnitNameAndDatePeriodQuery {
                start_timestamp: Some(LEAP_DAY),
                end_timestamp: Some(LEAP_DAY + 86_399),
            },
        )
        .await
        .unwrap();
    let on_leap_day: Vec<(i64, i64)> = sent.range(LEAP_DAY..LEAP_DAY + 86_400).map(|(ts, n)| (*ts, *n)).collect();
    assert_eq!(period.counts.iter().map(|c| (c.timestamp, c.count)).collect::<Vec<_>>(), on_leap_day);
    emu.stop().await;
}

#[tokio::test]
async fn a_feedback_with_votes_and_comments_changes_status_and_is_deleted() {
    use saasus::communication::*;
    let emu = common::emulator().await;
    let client = common::client(&emu);
    let fb = client.communication().feedback();
    let author = common::user(&client, "author@example.com").await.id;
    let created = fb
        .create_feedback(&CreateFeedbackParam {
            user_id: author.clone(),
            feedback_title: "Export to CSV".into(),
            feedback_description: "Monthly usage as CSV".into(),
        })
        .await
        .unwrap();
    assert_eq!((created.user_id.as_str(), created.status, created.count), (author.as_str(), 0, 0));
    assert!(created.users.is_empty() && created.comments.is_empty());

    // Votes by three users; one withdraws; voting twice counts once.
    for (voter, count) in [("voter-1", 1), ("voter-2", 2), ("voter-3", 3), ("voter-2", 3)] {
        let votes = fb.create_vote_user(&created.id, &CreateVoteUserParam { user_id: voter.into() }).await.unwrap();
        assert_eq!(votes.count, count, "{voter}: {votes:?}");
    }
    fb.delete_vote_for_feedback(&created.id, "voter-1").await.unwrap();
    let first = fb.create_feedback_comment(&created.id, &CreateFeedbackCommentParam { body: "Would use it daily".into() }).await.unwrap();
    let second = fb.create_feedback_comment(&created.id, &CreateFeedbackCommentParam { body: "Also JSON?".into() }).await.unwrap();
    fb.update_feedback_comment(&created.id, &second.id, &UpdateFeedbackCommentParam { body: "Also JSON, please".into() }).await.unwrap();
    fb.update_feedback_status(&created.id, &UpdateFeedbackStatusParam { status: 1 }).await.unwrap();

    let got = fb.get_feedback(&created.id).await.unwrap();
    let second = Comment { body: "Also JSON, please".into(), ..second };
    assert_eq!(
        got,
        Feedback {
            status: 1,
            count: 2,
            users: vec![User { user_id: "voter-2".into() }, User { user_id: "voter-3".into() }],
            comments: vec![first.clone(), second.clone()],
            ..created.clone()
        }
    );
    assert_eq!(fb.get_feedback_comment(&created.id, &second.id).await.unwrap(), second);
    assert_eq!(fb.get_feedbacks().await.unwrap().feedbacks, vec![got]);

    fb.delete_feedback(&created.id).await.unwrap();
    assert_eq!(common::status(fb.get_feedback(&created.id).await.unwrap_err()), 404);
    assert_eq!(common::status(fb.get_feedback_comment(&created.id, &first.id).await.unwrap_err()), 404);
    assert!(fb.get_feedbacks().await.unwrap().feedbacks.is_empty());
    emu.stop().await;
}

#[tokio::test]
async fn api_log_lists_the_calls_just_made_and_gets_each() {
    use saasus::apilog::GetLogsQuery;
    let emu = common::emulator().await;
    let client = common::client(&emu);
    // Whole seconds, as the log keeps them: every call below is made at or after this one.
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let tenant = common::tenant(&client, "Logged").await;
    client.auth().tenant().get_tenant(&tenant.id).await.unwrap();
    assert_eq!(common::status(client.auth().tenant().get_tenant("no-such-tenant").await.unwrap_err()), 404);
    client.pricing().pricing_plans().get_pricing_plans().await.unwrap();
    let made = [
        ("GET", "/v1/pricing/plans".to_string(), "200"),
        ("GET", "/v1/auth/tenants/no-such-tenant".into(), "404"),
        ("GET", format!("/v1/auth/tenants/{}", tenant.id), "200"),
        ("POST", "/v1/auth/tenants".into(), "201"),
    ];

    let log = client.apilog().api_log();
    let query = |created_date: Option<String>, created_at: Option<String>, limit, cursor| GetLogsQuery {
        created_date,
        created_at,
        limit,
        cursor,
        ..Default::default()
    };
    let listed = log.get_logs(&query(None, Some(common::iso_utc(since)), None, None)).await.unwrap();
    let seen: Vec<(&str, String, &str)> =
        listed.api_logs.iter().map(|l| (l.request_method.as_str(), l.request_uri.clone(), l.response_status.as_str())).collect();
    assert_eq!(seen, made, "newest first");
    assert!(listed.cursor.is_none(), "one page");
    let create = &listed.api_logs[3];
    assert!(create.request_body.contains("Logged") && create.response_body.contains(&tenant.id), "{create:?}");
    assert_eq!(
        (create.saas_id.as_str(), create.api_key.as_str()),
        (emu.credentials().saas_id.as_str(), emu.credentials().api_key.as_str())
    );
    for l in &listed.api_logs {
        assert!(l.created_at >= since, "{l:?}");
        assert_eq!(log.get_log(&l.api_log_id).await.unwrap(), *l);
    }
    // The same logs by their UTC day, a page at a time.
    let day = common::utc_date(create.created_at);
    let page = log.get_logs(&query(Some(day.clone()), None, Some(3), None)).await.unwrap();
    assert_eq!(page.api_logs, listed.api_logs[..3]);
    let rest = log.get_logs(&query(Some(day), None, Some(3), page.cursor)).await.unwrap();
    assert_eq!((rest.api_logs, rest.cursor), (listed.api_logs[3..].to_vec(), None));
    assert_eq!(common::status(log.get_log("no-such-log").await.unwrap_err()), 404);
    emu.stop().await;
}
