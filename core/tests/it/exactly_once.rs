//! Retry safety by meaning (issue 26): a metering `add` or `sub` whose outcome is open (a 5xx,
//! a timeout after it was sent) is never sent again and fails with `Error::OutcomeUnknown`
//! saying what was sent; one that certainly was not applied (a refused connect, a 429) is; a
//! `direct` count and reads are sent again as before. Against the emulator's faults, including
//! the one that applies the request and then answers an error.

use crate::common;

use saasus::Error;
use saasus::pricing::UpdateMeteringUnitTimestampCountMethod::{Add, Direct, Sub};
use saasus::pricing::*;
use std::time::Duration;

/// 2024-02-29T01:00:00Z: counts read back by that day.
const AT: i64 = 1_709_168_400;

/// A client with fast retries, a tenant and the metering unit `api_calls`.
async fn setup(emu: &saasus_emulator::Emulator) -> (saasus::Client, String) {
    let c = saasus::Client::new(emu.config().with_retry_base_delay(Duration::from_millis(5))).unwrap();
    let unit = CreateMeteringUnitParam { unit_name: "api_calls".into(), display_name: "API calls".into(), ..Default::default() };
    c.pricing().metering().create_metering_unit(&unit).await.unwrap();
    let tenant = common::tenant(&c, "Acme").await.id;
    (c, tenant)
}

async fn counted(c: &saasus::Client, tenant: &str) -> i64 {
    let m = c.pricing().metering();
    m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(tenant, "api_calls", "2024-02-29").await.unwrap().count
}

fn count(method: UpdateMeteringUnitTimestampCountMethod, count: i64) -> UpdateMeteringUnitTimestampCountParam {
    UpdateMeteringUnitTimestampCountParam { method, count }
}

const PATH: &str = "/v1/pricing/metering/tenants/*";

#[tokio::test]
async fn an_add_applied_and_then_answered_502_or_504_is_counted_once_and_its_outcome_unknown() {
    let emu = common::emulator().await;
    let (c, t) = setup(&emu).await;
    let m = c.pricing().metering();
    let mut expected = 0;
    for (status, method, n) in [(502, Add, 5), (504, Add, 3), (502, Sub, 1)] {
        common::arm(&emu, serde_json::json!({"path": PATH, "method": "PUT", "status": status, "after_applying": true})).await;
        let e = m.update_metering_unit_timestamp_count(&t, "api_calls", AT, &count(method.clone(), n)).await.unwrap_err();
        expected += if method == Sub { -n } else { n };
        assert_eq!(counted(&c, &t).await, expected, "{status} {method}: applied once, not sent again");
        let Error::OutcomeUnknown { sent, cause } = &e else { panic!("{status}: {e:?}") };
        assert_eq!(sent.operation, "UpdateMeteringUnitTimestampCount");
        assert_eq!(sent.method, "PUT");
        assert_eq!(sent.path, format!("/pricing/metering/tenants/{t}/units/api_calls/timestamp/{AT}"));
        assert_eq!(sent.body, Some(serde_json::json!({"method": method.to_string(), "count": n})));
        assert_eq!((cause.status(), e.status(), e.kind().as_str()), (Some(status), Some(status), "outcome_unknown"));
        assert_eq!(e.type_name().as_deref(), Some("injected_fault"));
        let text = e.to_string();
        assert!(text.starts_with("outcome unknown: PUT /pricing/metering/tenants/") && text.contains("was not sent again"), "{text}");
        let data = e.data().unwrap();
        assert_eq!(data.0["sent"]["body"]["count"], n);
        assert_eq!((data.0["cause"]["kind"].as_str(), data.0["cause"]["status"].as_u64()), (Some("api"), Some(status as u64)));
    }
    // The "now" form too.
    common::arm(&emu, serde_json::json!({"path": PATH, "method": "PUT", "status": 502, "after_applying": true})).await;
    let now = UpdateMeteringUnitTimestampCountNowParam { method: Add, count: 2 };
    let e = m.update_metering_unit_timestamp_count_now(&t, "api_calls", &now).await.unwrap_err();
    assert!(matches!(&e, Error::OutcomeUnknown { sent, .. } if sent.operation == "UpdateMeteringUnitTimestampCountNow"), "{e:?}");
    let today = m.get_metering_unit_date_count_by_tenant_id_and_unit_name_today(&t, "api_calls").await.unwrap();
    assert_eq!(today.count, 2, "the now add counted once");
    emu.stop().await;
}

#[tokio::test]
async fn an_add_that_timed_out_after_it_was_sent_is_counted_once_and_its_outcome_unknown() {
    let emu = common::emulator().await;
    let (c, t) = setup(&emu).await;
    common::arm(&emu, serde_json::json!({"path": PATH, "method": "PUT", "stall_ms": 3000, "after_applying": true})).await;
    // Only this call is given a short timeout: the answer comes 3 s after the count was applied.
    let quick = c.with_options(saasus::CallOptions { timeout: Some(Duration::from_millis(300)), ..Default::default() }).unwrap();
    let e = quick.pricing().metering().update_metering_unit_timestamp_count(&t, "api_calls", AT, &count(Add, 4)).await.unwrap_err();
    let Error::OutcomeUnknown { cause, .. } = &e else { panic!("{e:?}") };
    assert!(matches!(**cause, Error::Timeout { .. }), "{cause:?}");
    assert_eq!((e.status(), e.type_name().as_deref()), (None, Some("timeout")));
    assert_eq!(counted(&c, &t).await, 4);
    emu.stop().await;
}

#[tokio::test]
async fn an_add_refused_before_it_was_applied_is_sent_again_and_a_direct_count_always() {
    let emu = common::emulator().await;
    let (c, t) = setup(&emu).await;
    let m = c.pricing().metering();
    // A 429 says it was refused: sent again, counted once.
    common::arm(&emu, serde_json::json!({"path": PATH, "method": "PUT", "status": 429, "count": 2})).await;
    let r = m.update_metering_unit_timestamp_count(&t, "api_calls", AT, &count(Add, 7)).await.unwrap();
    assert_eq!((r.count, counted(&c, &t).await), (7, 7));
    // A 503 before the handler (not applied, but the caller cannot know): not sent again.
    common::arm(&emu, serde_json::json!({"path": PATH, "method": "PUT", "status": 503, "count": 1})).await;
    let e = m.update_metering_unit_timestamp_count(&t, "api_calls", AT, &count(Add, 1)).await.unwrap_err();
    assert!(matches!(e, Error::OutcomeUnknown { .. }), "{e:?}");
    assert_eq!(counted(&c, &t).await, 7);
    // `direct` sets: applied and answered 502, it is sent again and the count is what was set.
    common::arm(&emu, serde_json::json!({"path": PATH, "method": "PUT", "status": 502, "after_applying": true, "count": 2})).await;
    let r = m.update_metering_unit_timestamp_count(&t, "api_calls", AT, &count(Direct, 20)).await.unwrap();
    assert_eq!((r.count, counted(&c, &t).await), (20, 20));
    // Reads are sent again too.
    common::arm(&emu, serde_json::json!({"path": PATH, "method": "GET", "status": 504, "count": 2})).await;
    assert_eq!(counted(&c, &t).await, 20);
    // A client error is the caller's: no outcome to doubt.
    let e = m.update_metering_unit_timestamp_count(&t, "no_such_unit", AT, &count(Add, 1)).await.unwrap_err();
    assert!(matches!(&e, Error::Api(a) if a.status == 404 || a.status == 400), "{e:?}");
    emu.stop().await;
}

#[tokio::test]
async fn creates_are_sent_again_after_a_429_but_never_after_a_5xx() {
    let emu = common::emulator().await;
    let (c, _) = setup(&emu).await;
    let roles = c.auth().role();
    let admin = saasus::models::CreateRoleParam { role_name: "admin".into(), display_name: "Admin".into() };
    common::arm(&emu, serde_json::json!({"method": "POST", "path": "/v1/auth/roles", "status": 429, "count": 1})).await;
    roles.create_role(&admin).await.unwrap();
    common::arm(&emu, serde_json::json!({"method": "POST", "path": "/v1/auth/roles", "status": 502, "after_applying": true})).await;
    let viewer = saasus::models::CreateRoleParam { role_name: "viewer".into(), display_name: "Viewer".into() };
    let e = roles.create_role(&viewer).await.unwrap_err();
    assert!(matches!(&e, Error::OutcomeUnknown { sent, .. } if sent.operation == "CreateRole"), "{e:?}");
    let names: Vec<String> = roles.get_roles().await.unwrap().roles.into_iter().map(|r| r.role_name).collect();
    assert_eq!(names, ["admin", "viewer"], "each created once");
    emu.stop().await;
}

#[tokio::test]
async fn secrets_sent_are_hidden_in_an_unknown_outcome() {
    let emu = common::emulator().await;
    let (c, _) = setup(&emu).await;
    common::arm(&emu, serde_json::json!({"method": "POST", "path": "/v1/auth/users", "status": 500, "after_applying": true})).await;
    let p = saasus::models::CreateSaasUserParam {
        email: Some("a@example.com".into()),
        password: Some("Sup3r-Secret!".into()),
        sign_in_id: None,
    };
    let e = c.auth().saas_user().create_saas_user(&p).await.unwrap_err();
    let Error::OutcomeUnknown { sent, .. } = &e else { panic!("{e:?}") };
    assert_eq!(sent.body, Some(serde_json::json!({"email": "a@example.com", "password": "***"})));
    for shown in [e.to_string(), format!("{e:?}"), serde_json::to_string(&e.data()).unwrap()] {
        assert!(!shown.contains("Sup3r-Secret!"), "{shown}");
    }
    emu.stop().await;
}
