//! The Analysis API through the core's typed client: behaviour histories and active users
//! reported and read back, page statistics computed from the histories, and the aggregated
//! metrics and userinfo counts computed from the Auth requests the emulator served (its API log);
//! bad input gets the error JSON with a 4xx naming the field.

use crate::support;

use saasus::JsonObject;
use saasus::analysis::*;
use saasus::models::{CreateSaasUserParam, CreateTenantParam, CreateTenantUserParam, GetUserInfoQuery};
use saasus_emulator::{Emulator, Options};

fn api_error(e: saasus::Error) -> Box<saasus::ApiError> {
    match e {
        saasus::Error::Api(a) => a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn h(timestamp: i64, referer: &str) -> UserBehaviorHistory {
    UserBehaviorHistory { timestamp, referer: referer.into() }
}

#[tokio::test]
async fn behaviour_histories_are_kept_by_day_and_counted_as_page_statistics() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let ua = c.analysis().user_analysis();
    let today = now().div_euclid(86_400) * 86_400;
    let yesterday = today - 86_400;
    let long_ago = today - 40 * 86_400;

    let put = |user: &str, timestamp: i64, histories: Vec<UserBehaviorHistory>| UpdateUserBehaviorHistoriesByDayParam {
        timestamp,
        user_id: user.into(),
        histories,
    };
    ua.update_user_behavior_histories_by_day(&put("alice", today + 5, vec![h(today + 60, "/b"), h(today + 10, "/a")])).await.unwrap();
    ua.update_user_behavior_histories_by_day(&put("alice", yesterday, vec![h(yesterday + 1, "/a")])).await.unwrap();
    ua.update_user_behavior_histories_by_day(&put("alice", long_ago, vec![h(long_ago + 1, "/old")])).await.unwrap();
    ua.update_user_behavior_histories_by_day(&put("bob", today, vec![h(today + 20, "/a"), h(today + 30, "/a")])).await.unwrap();

    // The past month, oldest day first, each day's histories in time order.
    let got = ua.get_user_behavior_histories("alice").await.unwrap();
    assert_eq!(
        got,
        UserBehaviorHistories {
            histories: vec![
                DailyBehaviorHistory { behaved_at: yesterday, histories: vec![h(yesterday + 1, "/a")] },
                DailyBehaviorHistory { behaved_at: today, histories: vec![h(today + 10, "/a"), h(today + 60, "/b")] },
            ]
        }
    );
    // Reporting a day again replaces it.
    ua.update_user_behavior_histories_by_day(&put("alice", yesterday + 100, vec![h(yesterday + 2, "/c")])).await.unwrap();
    let got = ua.get_user_behavior_histories("alice").await.unwrap().histories;
    assert_eq!(got[0], DailyBehaviorHistory { behaved_at: yesterday, histories: vec![h(yesterday + 2, "/c")] });
    assert!(ua.get_user_behavior_histories("nobody").await.unwrap().histories.is_empty());
    // A history outside its day is refused, naming it.
    let e = api_error(ua.update_user_behavior_histories_by_day(&put("bob", today, vec![h(today - 1, "/x")])).await.unwrap_err());
    assert_eq!(e.status, 400, "{e:?}");
    assert!(e.message.starts_with("histories[0].timestamp:"), "{e:?}");

    let m = c.analysis().metrics();
    let stats = m.get_page_statistics(&GetPageStatisticsQuery { start_timestamp: today, end_timestamp: today + 86_399 }).await.unwrap();
    assert_eq!(
        stats,
        PageStatistics {
            start_date: today,
            end_date: today + 86_399,
            total_page_views: 4,
            total_unique_users: 2,
            page_statistics: vec![
                PageStatistic { page_url: "/a".into(), total_views: 3, unique_users: 2 },
                PageStatistic { page_url: "/b".into(), total_views: 1, unique_users: 1 },
            ],
        }
    );
    let stats = m.get_page_statistics(&GetPageStatisticsQuery { start_timestamp: long_ago, end_timestamp: today + 15 }).await.unwrap();
    assert_eq!((stats.total_page_views, stats.total_unique_users), (3, 1));
    let urls: Vec<&str> = stats.page_statistics.iter().map(|p| p.page_url.as_str()).collect();
    assert_eq!(urls, ["/a", "/c", "/old"], "equal views by URL");
    let e = api_error(m.get_page_statistics(&GetPageStatisticsQuery { start_timestamp: 10, end_timestamp: 5 }).await.unwrap_err());
    assert!(e.status == 400 && e.message.starts_with("end_timestamp:"), "{e:?}");

    let e = api_error(c.analysis().error().return_internal_server_error().await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"), "{e:?}");
    emu.stop().await;
}

#[tokio::test]
async fn active_users_are_set_per_day_or_month_tenant_and_env_and_filtered() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let ua = c.analysis().user_analysis();
    let set = |ty: UpdateActiveUsersParamType, date: &str, tenant: &str, env_id: i64, active_users: i64| UpdateActiveUsersParam {
        r#type: ty,
        date: date.into(),
        tenant_id: tenant.into(),
        env_id,
        active_users,
    };
    use UpdateActiveUsersParamType::{Daily, Monthly};
    ua.update_active_users(&set(Daily, "2024-05-02", "t1", 3, 7)).await.unwrap();
    ua.update_active_users(&set(Daily, "2024-05-01", "t1", 1, 2)).await.unwrap();
    ua.update_active_users(&set(Daily, "2024-05-01", "t2", 3, 5)).await.unwrap();
    ua.update_active_users(&set(Daily, "2024-05-01", "t1", 3, 4)).await.unwrap();
    ua.update_active_users(&set(Monthly, "2024-05", "t1", 3, 11)).await.unwrap();
    ua.update_active_users(&set(Daily, "2024-05-02", "t1", 3, 8)).await.unwrap(); // replaces the 7

    let data = |date: &str, tenant: &str, env_id: i64, active_users: i64| ActiveUserData {
        date: date.into(),
        tenant_id: tenant.into(),
        env_id,
        active_users,
    };
    let get = |ty: GetActiveUsersQueryType, from: &str, to: Option<&str>, tenant: Option<&str>, env: Option<i64>| GetActiveUsersQuery {
        r#type: ty,
        date_from: from.into(),
        date_to: to.map(Into::into),
        tenant_id: tenant.map(Into::into),
        env_id: env,
    };
    use GetActiveUsersQueryType as T;
    assert_eq!(
        ua.get_active_users(&get(T::Daily, "2024-05-01", None, None, None)).await.unwrap().data,
        vec![
            data("2024-05-01", "t1", 1, 2),
            data("2024-05-01", "t1", 3, 4),
            data("2024-05-01", "t2", 3, 5),
            data("2024-05-02", "t1", 3, 8)
        ]
    );
    assert_eq!(
        ua.get_active_users(&get(T::Daily, "2024-05-01", Some("2024-05-01"), Some("t1"), Some(3))).await.unwrap().data,
        vec![data("2024-05-01", "t1", 3, 4)]
    );
    assert_eq!(
        ua.get_active_users(&get(T::Daily, "2024-05-02", Some("2024-05-31"), Some("t1"), None)).await.unwrap().data,
        vec![data("2024-05-02", "t1", 3, 8)]
    );
    assert_eq!(ua.get_active_users(&get(T::Monthly, "2024-01", None, None, None)).await.unwrap().data, vec![data("2024-05", "t1", 3, 11)]);
    assert!(ua.get_active_users(&get(T::Monthly, "2024-06", None, None, None)).await.unwrap().data.is_empty());

    for (q, field) in [
        (get(T::Daily, "2024-05", None, None, None), "date_from:"),
        (get(T::Monthly, "2024-05-01", None, None, None), "date_from:"),
        (get(T::Daily, "2024-05-02", Some("2024-05-01"), None, None), "date_to:"),
        (get(T::Daily, "2024-05-01", None, None, Some(3)), "env_id:"),
    ] {
        let e = api_error(ua.get_active_users(&q).await.unwrap_err());
        assert!(e.status == 400 && e.message.starts_with(field), "{field} {e:?}");
    }
    for (p, field) in [
        (set(Daily, "2024-13-01", "t1", 3, 1), "date:"),
        (set(Monthly, "2024-5", "t1", 3, 1), "date:"),
        (set(Daily, "2024-05-01", "", 3, 1), "tenant_id:"),
        (set(Daily, "2024-05-01", "t1", 9, 1), "env_id:"),
        (set(Daily, "2024-05-01", "t1", 3, -1), "active_users:"),
    ] {
        let e = api_error(ua.update_active_users(&p).await.unwrap_err());
        assert!(e.status == 400 && e.message.starts_with(field), "{field} {e:?}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn metrics_and_userinfo_counts_come_from_the_auth_requests_served() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let auth = c.auth();
    let tenant = |name: &str| CreateTenantParam {
        name: name.into(),
        attributes: JsonObject::new(),
        back_office_staff_email: "ops@example.com".into(),
    };
    let acme = auth.tenant().create_tenant(&tenant("Acme")).await.unwrap().id;
    let globex = auth.tenant().create_tenant(&tenant("Globex")).await.unwrap().id;
    let user =
        |email: &str| CreateSaasUserParam { email: Some(email.into()), sign_in_id: None, password: Some("Passw0rd-Emulator".into()) };
    auth.saas_user().create_saas_user(&user("alice@example.com")).await.unwrap();
    auth.saas_user().create_saas_user(&user("bob@example.com")).await.unwrap();
    let member = |email: &str| CreateTenantUserParam { email: Some(email.into()), sign_in_id: None, attributes: JsonObject::new() };
    auth.tenant_user().create_tenant_user(&acme, &member("alice@example.com")).await.unwrap();
    auth.tenant_user().create_tenant_user(&acme, &member("bob@example.com")).await.unwrap();
    auth.tenant_user().create_tenant_user(&globex, &member("alice@example.com")).await.unwrap();
    // A refused create counts for nothing.
    assert!(auth.tenant_user().create_tenant_user(&globex, &member("alice@example.com")).await.is_err());

    let today = support::utc_date(now());
    let yesterday = support::utc_date(now() - 86_400);
    let m = c.analysis().metrics();
    let q = |ty: GetAggregatedMetricsQueryMetricsType, tenant_ids: Option<Vec<String>>| GetAggregatedMetricsQuery {
        metrics_type: ty,
        start_date: yesterday.clone(),
        end_date: today.clone(),
        tenant_ids,
    };
    use GetAggregatedMetricsQueryMetricsType as M;
    let day = |date: &str, count: i64, details: Option<Vec<(&str, i64)>>| DailyMetric {
        date: date.into(),
        count,
        details: details.map(|d| d.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
    };
    assert_eq!(
        m.get_aggregated_metrics(&q(M::CreateTenant, None)).await.unwrap().metrics,
        vec![day(&yesterday, 0, None), day(&today, 2, None)]
    );
    assert_eq!(
        m.get_aggregated_metrics(&q(M::CreateTenant, Some(vec![globex.clone()]))).await.unwrap().metrics,
        vec![day(&yesterday, 0, None), day(&today, 1, None)]
    );
    assert_eq!(m.get_aggregated_metrics(&q(M::CreateSaasUser, None)).await.unwrap().metrics[1], day(&today, 2, None));
    assert_eq!(
        m.get_aggregated_metrics(&q(M::CreateTenantUser, None)).await.unwrap().metrics,
        vec![day(&yesterday, 0, Some(vec![])), day(&today, 3, Some(vec![(&acme, 2), (&globex, 1)]))]
    );
    // Repeated tenant_ids keys, as the client sends a list.
    let both = m.get_aggregated_metrics(&q(M::CreateTenantUser, Some(vec![globex.clone(), acme.clone()]))).await.unwrap().metrics;
    assert_eq!(both[1], day(&today, 3, Some(vec![(&acme, 2), (&globex, 1)])));
    let one = m.get_aggregated_metrics(&q(M::CreateTenantUser, Some(vec![acme.clone()]))).await.unwrap().metrics;
    assert_eq!(one[1], day(&today, 2, Some(vec![(&acme, 2)])));

    // GetUserInfo calls, by the tenants of the user answered.
    let creds = support::sign_in(&c, "alice@example.com", "Passw0rd-Emulator").await;
    for _ in 0..2 {
        auth.user_info().get_user_info(&GetUserInfoQuery { token: creds.id_token.clone() }).await.unwrap();
    }
    assert!(auth.user_info().get_user_info(&GetUserInfoQuery { token: "not-a-token".into() }).await.is_err());
    let uq =
        |tenant_ids: Option<Vec<String>>| GetAggregatedUserInfoQuery { start_date: yesterday.clone(), end_date: today.clone(), tenant_ids };
    let details = |d: Vec<(&str, i64)>| d.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<saasus::model::Map<i64>>();
    assert_eq!(
        m.get_aggregated_user_info(&uq(None)).await.unwrap(),
        AggregatedUserInfoMetrics {
            metrics: vec![
                DailyUserInfoMetric { date: yesterday.clone(), details: details(vec![]) },
                DailyUserInfoMetric { date: today.clone(), details: details(vec![(&acme, 2), (&globex, 2)]) },
            ]
        }
    );
    assert_eq!(m.get_aggregated_user_info(&uq(Some(vec![acme.clone()]))).await.unwrap().metrics[1].details, details(vec![(&acme, 2)]));

    for (q, field) in [
        (GetAggregatedUserInfoQuery { start_date: "2024-02-30".into(), end_date: today.clone(), tenant_ids: None }, "start_date:"),
        (GetAggregatedUserInfoQuery { start_date: today.clone(), end_date: yesterday.clone(), tenant_ids: None }, "end_date:"),
        (GetAggregatedUserInfoQuery { start_date: "2020-01-01".into(), end_date: "2024-01-01".into(), tenant_ids: None }, "end_date:"),
    ] {
        let e = api_error(m.get_aggregated_user_info(&q).await.unwrap_err());
        assert!(e.status == 400 && e.message.starts_with(field), "{field} {e:?}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn bad_input_is_a_named_4xx_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let base = "/v1/analysis";
    let cases = [
        ("PUT", format!("{base}/user-behavior-day"), r#"{"timestamp":0,"user_id":"u"}"#, 400, "histories"),
        ("PUT", format!("{base}/user-behavior-day"), r#"{"timestamp":-5,"user_id":"u","histories":[]}"#, 400, "timestamp"),
        (
            "PUT",
            format!("{base}/active-users"),
            r#"{"type":"weekly","date":"2024-05","tenant_id":"t","env_id":1,"active_users":1}"#,
            400,
            "type",
        ),
        ("GET", format!("{base}/active-users?date_from=2024-05-01"), "", 400, "type"),
        ("GET", format!("{base}/active-users?type=daily&date_from=2024-05-01&env_id=x&tenant_id=t"), "", 400, "env_id"),
        ("GET", format!("{base}/active-users?type=daily&type=monthly&date_from=2024-05-01"), "", 400, "type"),
        (
            "GET",
            format!("{base}/metrics/aggregated?metrics_type=logins&start_date=2024-05-01&end_date=2024-05-01"),
            "",
            400,
            "metrics_type",
        ),
        ("GET", format!("{base}/metrics/aggregated?metrics_type=create_tenant&start_date=2024-05-01"), "", 400, "end_date"),
        ("GET", format!("{base}/metrics/page-statistics?start_timestamp=1"), "", 400, "end_timestamp"),
        ("GET", format!("{base}/metrics/page-statistics?start_timestamp=a&end_timestamp=2"), "", 400, "start_timestamp"),
        ("GET", format!("{base}/userinfo/aggregated?start_date=x&end_date=2024-05-01"), "", 400, "start_date"),
        ("POST", format!("{base}/active-users"), "{}", 405, "POST"),
        ("GET", format!("{base}/no-such-thing"), "", 404, "/v1/analysis/no-such-thing"),
        ("GET", "/elsewhere".to_string(), "", 404, "/v1/analysis"),
    ];
    support::assert_refusals(&emu, &cases).await;
    let (status, json) = support::unsigned(&emu, "GET", &format!("{base}/active-users?type=daily&date_from=2024-05-01"), "").await;
    assert_eq!((status, json["type"].as_str()), (401, Some("invalid_authorization")));
    emu.stop().await;
}
