//! The v1.13.8 additions to SaaS users: SearchSaasUsers (filters, and pages that stay right while
//! users come and go), the saved user counts, and `last_login_at` (set by each sign-in path, not
//! by a refresh, and kept across a restart).

use crate::support;

use saasus::models::*;
use saasus_emulator::{Credentials, Emulator, Options};

const PASSWORD: &str = "Passw0rd-Emulator";

async fn user(c: &saasus::Client, email: &str, sign_in_id: Option<&str>) -> String {
    let p = CreateSaasUserParam { email: Some(email.into()), sign_in_id: sign_in_id.map(Into::into), password: Some(PASSWORD.into()) };
    c.auth().saas_user().create_saas_user(&p).await.unwrap().id
}

fn emails(r: &SearchSaasUsersResult) -> Vec<&str> {
    r.users.iter().map(|u| u.email.as_str()).collect()
}

fn status(e: saasus::Error) -> (u16, String) {
    match e {
        saasus::Error::Api(e) => (e.status, e.message),
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn search_filters_by_id_email_prefix_and_sign_in_id_prefix() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let alice = user(&c, "Alice@Example.com", Some("Alice")).await;
    user(&c, "alan@example.com", Some("alan")).await;
    user(&c, "bob@example.org", None).await;
    let su = c.auth().saas_user();
    let search = |q: SearchSaasUsersQuery| async move { su.search_saas_users(&q).await.unwrap() };

    let all = search(SearchSaasUsersQuery::default()).await;
    assert_eq!((all.users.len(), all.cursor), (3, None));
    let mut ids: Vec<&str> = all.users.iter().map(|u| u.id.as_str()).collect();
    let ordered = ids.clone();
    ids.sort();
    assert_eq!(ids, ordered, "ordered by user id");

    // Email prefixes ignore ASCII case; sign-in ID prefixes keep it.
    let mut by_email = emails(&search(SearchSaasUsersQuery { email: Some("AL".into()), ..Default::default() }).await)
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    by_email.sort();
    assert_eq!(by_email, ["Alice@Example.com", "alan@example.com"]);
    let found = search(SearchSaasUsersQuery { sign_in_id: Some("Al".into()), ..Default::default() }).await;
    assert_eq!(emails(&found), ["Alice@Example.com"]);
    assert!(search(SearchSaasUsersQuery { sign_in_id: Some("ALICE".into()), ..Default::default() }).await.users.is_empty());
    // A user created with an email alone signs in with it.
    let found = search(SearchSaasUsersQuery { sign_in_id: Some("bob@".into()), ..Default::default() }).await;
    assert_eq!(emails(&found), ["bob@example.org"]);
    // By id, and every filter together (AND).
    let found = search(SearchSaasUsersQuery { id: Some(alice.clone()), ..Default::default() }).await;
    assert_eq!((found.users[0].id.as_str(), found.users.len()), (alice.as_str(), 1));
    let q = SearchSaasUsersQuery { id: Some(alice.clone()), email: Some("alan".into()), ..Default::default() };
    assert!(search(q).await.users.is_empty());
    assert!(search(SearchSaasUsersQuery { email: Some("zed".into()), ..Default::default() }).await.users.is_empty());

    // Bad limits and cursors are a 400 naming the parameter.
    for (q, field) in [
        (SearchSaasUsersQuery { limit: Some(0), ..Default::default() }, "limit: must be between 1 and 100"),
        (SearchSaasUsersQuery { limit: Some(101), ..Default::default() }, "limit: must be between 1 and 100"),
        (SearchSaasUsersQuery { cursor: Some("nope".into()), ..Default::default() }, "cursor: is not a cursor this search returned"),
    ] {
        let (code, message) = status(su.search_saas_users(&q).await.unwrap_err());
        assert_eq!(code, 400, "{q:?}");
        assert!(message.starts_with(field), "{q:?}: {message}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn search_pages_stay_right_while_users_are_added_and_deleted_between_them() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let su = c.auth().saas_user();
    for i in 0..10 {
        user(&c, &format!("user{i}@example.com"), None).await;
    }
    let q = |cursor: Option<String>| SearchSaasUsersQuery { email: Some("user".into()), limit: Some(3), cursor, ..Default::default() };
    let first = su.search_saas_users(&q(None)).await.unwrap();
    assert_eq!(first.users.len(), 3);
    let shown: Vec<String> = first.users.iter().map(|u| u.id.clone()).collect();
    let all_ids = {
        let mut ids: Vec<String> = su.get_saas_users().await.unwrap().users.into_iter().map(|u| u.id).collect();
        ids.sort();
        ids
    };
    assert_eq!(shown, all_ids[..3]);

    // Between pages: a shown user and one not yet shown are deleted, five users are added (some
    // sort before the cursor, some after), and one is added that the filter does not match.
    su.delete_saas_user(&shown[1]).await.unwrap();
    su.delete_saas_user(&all_ids[5]).await.unwrap();
    let mut added = Vec::new();
    for i in 10..15 {
        added.push(user(&c, &format!("user{i}@example.com"), None).await);
    }
    user(&c, "other@example.com", None).await;

    let mut rest = Vec::new();
    let mut cursor = first.cursor.clone();
    let mut pages = 1;
    while let Some(at) = cursor {
        let page = su.search_saas_users(&q(Some(at))).await.unwrap();
        assert!(page.users.len() <= 3 && !page.users.is_empty(), "{page:?}");
        rest.extend(page.users.iter().map(|u| u.id.clone()));
        cursor = page.cursor;
        pages += 1;
        assert!(pages < 20, "the pages end");
    }
    // Every user that stayed and was not shown yet comes exactly once, the deleted one never;
    // of the users added, exactly those past the cursor come.
    let last_shown = shown[2].clone();
    let mut expected: Vec<String> = all_ids[3..].iter().filter(|id| **id != all_ids[5]).cloned().collect();
    expected.extend(added.iter().filter(|id| **id > last_shown).cloned());
    expected.sort();
    assert_eq!(rest, expected);
    let mut seen = shown.clone();
    seen.extend(rest.iter().cloned());
    let distinct: std::collections::BTreeSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "no user twice");

    // A cursor is for the filters it was made with.
    let other = SearchSaasUsersQuery { email: Some("other".into()), limit: Some(3), cursor: first.cursor, ..Default::default() };
    let (code, message) = status(su.search_saas_users(&other).await.unwrap_err());
    assert_eq!((code, message.starts_with("cursor: was returned for other filters")), (400, true), "{message}");
    emu.stop().await;
}

#[tokio::test]
async fn counts_are_saved_and_read_back_with_the_time_they_were_saved() {
    let data = support::data_file("users", "counts");
    let creds = Credentials::generate();
    let options = || Options { credentials: creds.clone(), data: Some(data.clone()), ..Options::default() };
    let emu = Emulator::start(options()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let (su, tu) = (c.auth().saas_user(), c.auth().tenant_user());

    // Never saved: zero as of the epoch, and no tenant's count (not a 404: the spec has none).
    assert_eq!(su.get_saas_users_count().await.unwrap(), SaasUsersCount { count: 0, updated_at: 0 });
    assert!(tu.get_all_tenant_users_count().await.unwrap().tenant_user_counts.is_empty());

    let before = now();
    su.save_saas_users_count(&SaveSaasUsersCountParam { count: 42 }).await.unwrap();
    let saved = su.get_saas_users_count().await.unwrap();
    assert_eq!(saved.count, 42);
    assert!(saved.updated_at >= before && saved.updated_at <= now(), "{saved:?}");
    su.save_saas_users_count(&SaveSaasUsersCountParam { count: 0 }).await.unwrap();
    assert_eq!(su.get_saas_users_count().await.unwrap().count, 0);

    let tenant = |name: &str| {
        let p = CreateTenantParam {
            name: name.into(),
            attributes: saasus::JsonObject::new(),
            back_office_staff_email: "ops@example.com".into(),
        };
        let t = c.auth().tenant();
        async move { t.create_tenant(&p).await.unwrap().id }
    };
    let (acme, beta, gone) = (tenant("Acme").await, tenant("Beta").await, tenant("Gone").await);
    let counts = |pairs: &[(&str, i64)]| SaveTenantUsersCountsParam {
        tenant_user_counts: pairs.iter().map(|(t, n)| SaveTenantUserCountParam { tenant_id: t.to_string(), count: *n }).collect(),
    };
    tu.save_tenant_users_counts(&counts(&[(&acme, 5), (&beta, 7), (&gone, 1)])).await.unwrap();
    // A later save replaces the counts it names and keeps the others.
    tu.save_tenant_users_counts(&counts(&[(&acme, 6)])).await.unwrap();
    c.auth().tenant().delete_tenant(&gone).await.unwrap();
    let read = |r: TenantUsersCounts| {
        let mut v: Vec<(String, i64)> = r.tenant_user_counts.iter().map(|c| (c.tenant_id.clone(), c.count)).collect();
        v.sort();
        (v, r.tenant_user_counts.iter().all(|c| c.updated_at >= before && c.updated_at <= now()))
    };
    let mut expected = vec![(acme.clone(), 6), (beta.clone(), 7)];
    expected.sort();
    assert_eq!(read(tu.get_all_tenant_users_count().await.unwrap()), (expected.clone(), true), "a deleted tenant's count goes");

    // Refused whole, naming the item: an unknown tenant, one given twice, a negative count.
    for (p, says) in [
        (counts(&[(&acme, 1), ("no-such-tenant", 1)]), "tenant_user_counts[1].tenant_id: no tenant no-such-tenant exists"),
        (counts(&[(&acme, 1), (&acme, 2)]), "tenant_user_counts[1].tenant_id:"),
        (counts(&[(&beta, -1)]), "tenant_user_counts[0].count: must be 0 or more"),
    ] {
        let (code, message) = status(tu.save_tenant_users_counts(&p).await.unwrap_err());
        assert_eq!(code, 400, "{p:?}");
        assert!(message.starts_with(says), "{message}");
    }
    let (code, message) = status(su.save_saas_users_count(&SaveSaasUsersCountParam { count: -1 }).await.unwrap_err());
    assert_eq!((code, message.as_str()), (400, "count: must be 0 or more"));
    su.save_saas_users_count(&SaveSaasUsersCountParam { count: 9 }).await.unwrap();
    let saved = su.get_saas_users_count().await.unwrap();
    emu.stop().await;

    // Kept across a restart.
    let emu = Emulator::start(options()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    assert_eq!(c.auth().saas_user().get_saas_users_count().await.unwrap(), saved);
    assert_eq!(read(c.auth().tenant_user().get_all_tenant_users_count().await.unwrap()), (expected, true));
    emu.stop().await;
    let _ = std::fs::remove_dir_all(data.parent().unwrap());
}

#[tokio::test]
async fn last_login_at_is_set_by_each_sign_in_and_not_by_a_refresh() {
    let data = support::data_file("users", "last-login");
    let creds = Credentials::generate();
    let options = || Options { credentials: creds.clone(), data: Some(data.clone()), ..Options::default() };
    let emu = Emulator::start(options()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let su = c.auth().saas_user();
    c.auth().auth_info().update_auth_info(&UpdateAuthInfoParam { callback_url: "http://127.0.0.1:9/cb".into() }).await.unwrap();
    let (api, page, test) =
        (user(&c, "api@example.com", None).await, user(&c, "page@example.com", None).await, user(&c, "test@example.com", None).await);
    let last_login = |id: String| {
        let su = c.auth().saas_user();
        async move { su.get_saas_user(&id).await.unwrap().last_login_at }
    };
    // Never signed in: null, in every read of the user.
    assert_eq!(last_login(api.clone()).await, None);
    assert!(su.get_saas_users().await.unwrap().users.iter().all(|u| u.last_login_at.is_none()));

    let before = now();
    // The SignIn API's flow (password verifier).
    let tokens = support::sign_in(&c, "api@example.com", PASSWORD).await;
    // The hosted login page.
    let form = "username=page%40example.com&password=Passw0rd-Emulator";
    let resp = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("http://{}/login", emu.addr()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    // The test sign-in.
    let resp = reqwest::Client::new()
        .post(format!("http://{}/_emulator/sign-in", emu.addr()))
        .header("content-type", "application/json")
        .body(serde_json::json!({"username": "test@example.com", "password": PASSWORD}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let after = now();
    let mut logged = Vec::new();
    for id in [&api, &page, &test] {
        let at = last_login(id.clone()).await.unwrap_or_else(|| panic!("{id} signed in"));
        assert!(at >= before && at <= after, "{at} not in {before}..={after}");
        logged.push(at);
    }
    // Shown by the list, the search and the user info alike.
    let listed = su.get_saas_users().await.unwrap().users.into_iter().find(|u| u.id == api).unwrap();
    assert_eq!(listed.last_login_at, Some(logged[0]));
    let searched = su.search_saas_users(&SearchSaasUsersQuery { id: Some(api.clone()), ..Default::default() }).await.unwrap();
    assert_eq!(searched.users[0].last_login_at, Some(logged[0]));

    // A refresh is not a login: set the time back in the data file, refresh, and it stays.
    emu.stop().await;
    let conn = rusqlite::Connection::open(&data).unwrap();
    let moved =
        conn.execute("UPDATE records SET body = json_set(body, '$.last_login_at', 1000) WHERE kind = 'user' AND id = ?1", [&api]).unwrap();
    assert_eq!(moved, 1);
    drop(conn);
    let emu = Emulator::start(options()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let refresh = tokens.refresh_token.clone().unwrap();
    let q = GetAuthCredentialsQuery { auth_flow: Some(AuthFlow::RefreshTokenAuth), refresh_token: Some(refresh), ..Default::default() };
    c.auth().credential().get_auth_credentials(&q).await.unwrap();
    let su = c.auth().saas_user();
    assert_eq!(su.get_saas_user(&api).await.unwrap().last_login_at, Some(1000), "kept across the restart; a refresh is no login");
    assert_eq!(su.get_saas_user(&page).await.unwrap().last_login_at, Some(logged[1]));
    // Signing in again moves it.
    support::sign_in(&c, "api@example.com", PASSWORD).await;
    assert!(su.get_saas_user(&api).await.unwrap().last_login_at.unwrap() >= before);
    emu.stop().await;
    let _ = std::fs::remove_dir_all(data.parent().unwrap());
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}
