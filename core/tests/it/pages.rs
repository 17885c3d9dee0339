//! Iterating over every item of the cursor-paged operations (core/src/pages.rs), against the
//! emulator: its cursors are real, and a fault that answers a given body repeats one.

use crate::common;

use saasus::JsonObject;
use saasus::apilog::GetLogsQuery;
use saasus::model::TypeRef;
use saasus::models::*;
use saasus::pages::StreamExt as _;
use saasus_emulator::Emulator;
use std::collections::HashSet;

/// `n` SaaS users (`user-000@example.com`, …), created one after another.
async fn users(c: &saasus::Client, n: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let param = CreateSaasUserParam { email: Some(format!("user-{i:03}@example.com")), sign_in_id: None, password: None };
        ids.push(c.auth().saas_user().create_saas_user(&param).await.unwrap().id);
    }
    ids
}

/// How many requests the emulator served whose path (with its query) starts with `prefix`.
async fn requests_to(emu: &Emulator, prefix: &str) -> usize {
    common::seen_requests(emu).await.iter().filter(|r| r["path"].as_str().is_some_and(|p| p.starts_with(prefix))).count()
}

async fn forget_requests(emu: &Emulator) {
    let url = format!("http://{}/_emulator/requests", emu.addr());
    assert!(reqwest::Client::new().delete(url).send().await.unwrap().status().is_success());
}

/// Every item of a stream, or the first error.
async fn collect<S: saasus::pages::Stream<Item = saasus::Result<T>> + Unpin, T>(mut s: S) -> saasus::Result<Vec<T>> {
    let mut all = Vec::new();
    while let Some(item) = s.next().await {
        all.push(item?);
    }
    Ok(all)
}

fn distinct(ids: &[String]) -> HashSet<&String> {
    let set: HashSet<&String> = ids.iter().collect();
    assert_eq!(set.len(), ids.len(), "no item is seen twice");
    set
}

#[tokio::test]
async fn saas_users_tenant_users_and_logs_come_whole_in_pages_of_the_limit() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    // 250 users: their 250 creates are also the emulator's first 250 API logs.
    let created = users(&c, 250).await;
    let logs = collect(c.apilog().api_log().get_logs_stream(&GetLogsQuery { limit: Some(100), ..Default::default() })).await.unwrap();
    assert_eq!(logs.len(), 250);
    let log_ids: Vec<String> = logs.iter().map(|l| l.api_log_id.clone()).collect();
    distinct(&log_ids);
    assert!(logs.iter().all(|l| l.request_method == "POST" && l.request_uri == "/v1/auth/users"));
    assert_eq!(requests_to(&emu, "/v1/apilog/logs").await, 3, "250 logs in pages of 100 are 3 pages");

    let t = common::tenant(&c, "Paged Co").await;
    for i in 0..250 {
        let param =
            CreateTenantUserParam { email: Some(format!("user-{i:03}@example.com")), sign_in_id: None, attributes: JsonObject::new() };
        c.auth().tenant_user().create_tenant_user(&t.id, &param).await.unwrap();
    }

    forget_requests(&emu).await;
    let query = SearchSaasUsersQuery { limit: Some(100), ..Default::default() };
    let seen: Vec<String> =
        collect(c.auth().saas_user().search_saas_users_stream(&query)).await.unwrap().into_iter().map(|u| u.id).collect();
    assert_eq!(distinct(&seen), created.iter().collect());
    assert_eq!(requests_to(&emu, "/v1/auth/users/search").await, 3);

    let query = SearchTenantUsersQuery { tenant_id: Some(t.id.clone()), limit: Some(100), ..Default::default() };
    let members = collect(c.auth().tenant_user().search_tenant_users_stream(&query)).await.unwrap();
    assert!(members.iter().all(|u| u.tenant_id == t.id), "the filter goes with every page");
    let seen: Vec<String> = members.into_iter().map(|u| u.id).collect();
    assert_eq!(distinct(&seen), created.iter().collect());
    assert_eq!(requests_to(&emu, "/v1/auth/tenants/all/users/search").await, 3);

    // Filters go with every page: 100 of the 250 emails start with `user-1`.
    let query = SearchSaasUsersQuery { email: Some("user-1".into()), limit: Some(30), ..Default::default() };
    let some = collect(c.auth().saas_user().search_saas_users_stream(&query)).await.unwrap();
    assert_eq!(some.len(), 100);
    assert!(some.iter().all(|u| u.email.starts_with("user-1")));
    emu.stop().await;
}

#[tokio::test]
async fn a_cursor_answered_twice_stops_the_iteration_with_an_error_naming_it() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    users(&c, 250).await;
    let query = SearchSaasUsersQuery { limit: Some(100), ..Default::default() };
    // The emulator's cursors name the last user of a page: the first page's is known in advance.
    let first = c.auth().saas_user().search_saas_users(&query).await.unwrap().cursor.expect("more than one page");

    let mut users = c.auth().saas_user().search_saas_users_stream(&query);
    let mut seen = vec![users.next().await.unwrap().unwrap().id];
    // The first page has come; the platform now answers page 2 as if it were page 1 again.
    common::arm(&emu, serde_json::json!({ "path": "/v1/auth/users/search", "status": 200, "body": { "users": [], "cursor": first } }))
        .await;
    let err = loop {
        match users.next().await.expect("the stream ends with the error, not before") {
            Ok(u) => seen.push(u.id),
            Err(e) => break e,
        }
    };
    assert_eq!(seen.len(), 100, "the first page's users all come before the error");
    assert!(matches!(err, saasus::Error::Decode { status: 200, .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("cursor: page 2 of SearchSaasUsers answered a cursor this iteration had already used"), "{text}");
    assert!(users.next().await.is_none(), "and then it ends");

    // A cursor the caller starts from counts as used: an answer repeating it is refused too.
    common::arm(&emu, serde_json::json!({ "path": "/v1/auth/users/search", "status": 200, "body": { "users": [], "cursor": first } }))
        .await;
    let from = SearchSaasUsersQuery { cursor: Some(first.clone()), ..query.clone() };
    let err = collect(c.auth().saas_user().search_saas_users_stream(&from)).await.unwrap_err();
    assert!(err.to_string().contains("cursor: page 1 of SearchSaasUsers"), "{err}");
    emu.stop().await;
}

#[tokio::test]
async fn a_page_that_fails_fails_as_the_plain_operation_and_ends_the_stream() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    users(&c, 150).await;
    let query = SearchSaasUsersQuery { limit: Some(100), ..Default::default() };
    let mut users = c.auth().saas_user().search_saas_users_stream(&query);
    users.next().await.unwrap().unwrap();
    common::arm(&emu, serde_json::json!({ "path": "/v1/auth/users/search", "status": 403 })).await;
    let mut got = 1;
    let err = loop {
        match users.next().await.unwrap() {
            Ok(_) => got += 1,
            Err(e) => break e,
        }
    };
    assert_eq!((got, err.status()), (100, Some(403)));
    assert!(matches!(err, saasus::Error::Api(_)));
    assert!(users.next().await.is_none());

    // An invalid argument is the plain operation's refusal, on the first page.
    let bad = SearchSaasUsersQuery { limit: Some(1000), ..Default::default() };
    let err = collect(c.auth().saas_user().search_saas_users_stream(&bad)).await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    emu.stop().await;
}

#[tokio::test]
async fn an_empty_search_ends_at_once_after_one_page() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let none = collect(c.auth().saas_user().search_saas_users_stream(&SearchSaasUsersQuery::default())).await.unwrap();
    assert!(none.is_empty());
    assert_eq!(requests_to(&emu, "/v1/auth/users/search").await, 1);
    emu.stop().await;
}

/// Whether a model has a field of this wire name.
fn has_field(ty: &TypeRef, wire: &str) -> bool {
    matches!(ty, TypeRef::Model(info) if info().fields.iter().any(|f| f.wire == wire))
}

#[test]
fn every_operation_that_pages_by_cursor_has_an_iterator() {
    let mut all = saasus::operations();
    all.extend(saasus::apilog::operations());
    all.extend(saasus::pricing::operations());
    all.extend(saasus::billing::operations());
    all.extend(saasus::communication::operations());
    all.extend(saasus::integration::operations());
    all.extend(saasus::awsmarketplace::operations());
    all.extend(saasus::apigateway::operations());
    all.extend(saasus::analysis::operations());
    let paging: Vec<(&str, &str)> =
        all.iter().filter(|o| has_field(&(o.input)(), "cursor") && has_field(&(o.output)(), "cursor")).map(|o| (o.api, o.id)).collect();
    let listed: Vec<(&str, &str)> = saasus::pages::PAGED.iter().map(|p| (p.api, p.id)).collect();
    assert_eq!(listed, paging);
    for p in saasus::pages::PAGED {
        let op = all.iter().find(|o| o.id == p.id).unwrap();
        assert_eq!((op.api, op.tag, op.name), (p.api, p.tag, p.name));
        let TypeRef::Model(out) = (op.output)() else { panic!("{} answers a model", p.id) };
        let items = out().fields.into_iter().find(|f| f.name == p.items).expect("the items field");
        assert!(matches!(&items.ty, TypeRef::List(item) if matches!(**item, TypeRef::Model(m) if m().name == p.item)), "{p:?}");
        assert!(has_field(&(op.input)(), "limit"), "{} takes a page size", p.id);
    }
}
