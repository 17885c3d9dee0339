//! The ApiLog API through the core's typed client: the signed requests the emulator served are
//! listed newest first with what was sent and answered, filtered by date and time, paged by the
//! cursor, and kept across a restart with `--data`.

use crate::support;

use saasus::apilog::{ApiLog, GetLogsQuery};
use saasus::communication::{CreateFeedbackParam, UpdateFeedbackStatusParam};
use saasus_emulator::{Credentials, Emulator, Options};

fn query(limit: Option<i64>, cursor: Option<String>) -> GetLogsQuery {
    GetLogsQuery { limit, cursor, ..Default::default() }
}

#[tokio::test]
async fn the_calls_just_made_are_listed_with_what_was_sent_and_answered() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let logs = c.apilog().api_log();
    assert!(logs.get_logs(&query(None, None)).await.unwrap().api_logs.is_empty(), "nothing called yet");

    let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let fb = c
        .communication()
        .feedback()
        .create_feedback(&CreateFeedbackParam {
            user_id: "u-1".into(),
            feedback_title: "Dark mode".into(),
            feedback_description: "d".into(),
        })
        .await
        .unwrap();
    c.communication().feedback().update_feedback_status(&fb.id, &UpdateFeedbackStatusParam { status: 1 }).await.unwrap();
    let missing = c.communication().feedback().get_feedback("nope").await.unwrap_err();
    c.auth().role().get_roles().await.unwrap();
    let _ = c.communication().error().return_internal_server_error().await.unwrap_err();

    let page = logs.get_logs(&query(None, None)).await.unwrap();
    assert_eq!(page.cursor, None, "all fit in one page");
    let seen: Vec<(&str, &str, &str)> =
        page.api_logs.iter().map(|l| (l.request_method.as_str(), l.request_uri.as_str(), l.response_status.as_str())).collect();
    let feedback_path = format!("/v1/communication/feedbacks/{}/status", fb.id);
    assert_eq!(
        seen,
        vec![
            ("GET", "/v1/communication/errors/internal-server-error", "500"),
            ("GET", "/v1/auth/roles", "200"),
            ("GET", "/v1/communication/feedbacks/nope", "404"),
            ("PATCH", feedback_path.as_str(), "200"),
            ("POST", "/v1/communication/feedbacks", "201"),
        ],
        "newest first; reading the log is not logged"
    );
    let create = &page.api_logs[4];
    let body: serde_json::Value = serde_json::from_str(&create.request_body).unwrap();
    assert_eq!(body["feedback_title"], "Dark mode");
    let answered: serde_json::Value = serde_json::from_str(&create.response_body).unwrap();
    assert_eq!(answered["id"], fb.id.as_str());
    assert_eq!(page.api_logs[3].request_body, r#"{"status":1}"#);
    assert_eq!(page.api_logs[1].request_body, "");
    let creds = emu.credentials();
    for l in &page.api_logs {
        assert_eq!((l.saas_id.as_str(), l.api_key.as_str()), (creds.saas_id.as_str(), creds.api_key.as_str()));
        assert_eq!(l.remote_address, "127.0.0.1");
        assert_eq!(l.referer, "");
        assert!(l.created_at >= started - 1 && l.created_at <= started + 60, "{l:?}");
        assert_eq!(l.created_date, support::utc_date(l.created_at));
        assert!(l.ttl > l.created_at);
        assert_eq!(l.trace_id.len(), 36, "a trace id: {l:?}");
    }
    // The trace id is the one the caller saw on its answer.
    let saasus::Error::Api(missing) = missing else { panic!("{missing:?}") };
    assert_eq!(Some(page.api_logs[2].trace_id.clone()), missing.trace_id);
    let answered: serde_json::Value = serde_json::from_str(&page.api_logs[2].response_body).unwrap();
    assert_eq!(answered["type"], "not_found");

    // GetLog by id; an unknown id is a 404.
    let one: ApiLog = logs.get_log(&create.api_log_id).await.unwrap();
    assert_eq!(&one, create);
    let saasus::Error::Api(e) = logs.get_log("nope").await.unwrap_err() else { panic!() };
    assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"));
    let saasus::Error::Api(e) = c.apilog().error().return_internal_server_error().await.unwrap_err() else { panic!() };
    assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"));
    assert_eq!(logs.get_logs(&query(None, None)).await.unwrap().api_logs.len(), 5, "the ApiLog API's own calls are not logged");
    emu.stop().await;
}

async fn create_feedbacks(c: &saasus::Client, n: usize) {
    for i in 0..n {
        let p = CreateFeedbackParam { user_id: "u".into(), feedback_title: format!("f{i}"), feedback_description: String::new() };
        c.communication().feedback().create_feedback(&p).await.unwrap();
    }
}

fn titles(page: &[ApiLog]) -> Vec<String> {
    page.iter()
        .map(|l| serde_json::from_str::<serde_json::Value>(&l.request_body).unwrap()["feedback_title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_cursor_pages_through_and_the_filters_narrow() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let logs = c.apilog().api_log();
    create_feedbacks(&c, 5).await;

    let first = logs.get_logs(&query(Some(2), None)).await.unwrap();
    assert_eq!(titles(&first.api_logs), ["f4", "f3"]);
    let cursor = first.cursor.clone().expect("more logs remain");
    let second = logs.get_logs(&query(Some(2), Some(cursor))).await.unwrap();
    assert_eq!(titles(&second.api_logs), ["f2", "f1"]);
    let third = logs.get_logs(&query(Some(2), second.cursor.clone())).await.unwrap();
    assert_eq!(titles(&third.api_logs), ["f0"]);
    assert_eq!(third.cursor, None, "the last page has no cursor");
    // Exactly the rest: no cursor either.
    assert_eq!(logs.get_logs(&query(Some(5), None)).await.unwrap().cursor, None);

    // created_date: today's logs (all of them), none of another day.
    let today = first.api_logs[0].created_date.clone();
    let by_date = |d: &str| GetLogsQuery { created_date: Some(d.into()), ..query(None, None) };
    assert_eq!(titles(&logs.get_logs(&by_date(&today)).await.unwrap().api_logs), ["f4", "f3", "f2", "f1", "f0"]);
    assert!(logs.get_logs(&by_date("2001-01-01")).await.unwrap().api_logs.is_empty());
    // created_at: those made at or after that moment.
    let at = |t: &str| GetLogsQuery { created_at: Some(t.into()), ..query(None, None) };
    assert_eq!(logs.get_logs(&at("2001-01-01T00:00:00Z")).await.unwrap().api_logs.len(), 5);
    assert!(logs.get_logs(&at("2999-01-01T00:00:00+09:00")).await.unwrap().api_logs.is_empty());
    // A filter with the cursor: the pages of the filtered list.
    let filtered = GetLogsQuery { created_date: Some(today.clone()), limit: Some(3), ..query(None, None) };
    let page = logs.get_logs(&filtered).await.unwrap();
    assert_eq!(titles(&page.api_logs), ["f4", "f3", "f2"]);
    let rest = logs.get_logs(&GetLogsQuery { cursor: page.cursor, ..filtered.clone() }).await.unwrap();
    assert_eq!((titles(&rest.api_logs), rest.cursor), (vec!["f1".to_string(), "f0".into()], None));

    // Bad filters are a 400 naming the parameter.
    for (q, field) in [
        (by_date("14/12/2022"), "created_date"),
        (by_date("2023-02-29"), "created_date"),
        (at("yesterday"), "created_at"),
        (query(Some(0), None), "limit"),
        (query(None, Some("not-a-cursor".into())), "cursor"),
    ] {
        let saasus::Error::Api(e) = logs.get_logs(&q).await.unwrap_err() else { panic!("{q:?}") };
        assert_eq!((e.status, e.error_type.as_str()), (400, "invalid_request"), "{q:?}: {e:?}");
        assert!(e.message.starts_with(field), "{q:?}: {e:?}");
    }
    let (status, json) = support::signed(&emu, "GET", "/v1/apilog/logs?limit=many", "").await;
    assert_eq!((status, json["type"].as_str()), (400, Some("invalid_request")), "{json}");
    emu.stop().await;
}

#[tokio::test]
async fn a_callers_trace_id_and_referer_are_recorded_and_unsigned_requests_are_not() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let http = reqwest::Client::new();
    let resp = support::sign(&emu, &http, "GET", "/v1/communication/feedbacks", "")
        .header("x-saasus-trace-id", "my-trace-1")
        .header("referer", "/v1/auth/userinfo")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let (status, _) = support::unsigned(&emu, "GET", "/v1/communication/feedbacks", "").await;
    assert_eq!(status, 401);
    let (status, _) = support::signed(&emu, "GET", "/v1/auth/no-such-thing?x=1", "").await;
    assert_eq!(status, 404);
    let c = saasus::Client::new(emu.config()).unwrap();
    let page = c.apilog().api_log().get_logs(&query(None, None)).await.unwrap().api_logs;
    assert_eq!(page.len(), 2, "{page:?}");
    assert_eq!((page[0].request_uri.as_str(), page[0].response_status.as_str()), ("/v1/auth/no-such-thing?x=1", "404"));
    assert_eq!((page[1].trace_id.as_str(), page[1].referer.as_str()), ("my-trace-1", "/v1/auth/userinfo"));
    assert_eq!(page[1].response_body, r#"{"feedbacks":[]}"#);
    emu.stop().await;
}

#[tokio::test]
async fn the_log_survives_a_restart_with_data() {
    let data = support::data_file("apilog", "restart");
    let creds = Credentials::generate();
    let options = || Options { credentials: creds.clone(), data: Some(data.clone()), ..Options::default() };
    let emu = Emulator::start(options()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    create_feedbacks(&c, 2).await;
    c.communication().feedback().get_feedbacks().await.unwrap();
    let before = c.apilog().api_log().get_logs(&query(None, None)).await.unwrap().api_logs;
    assert_eq!(before.len(), 3);
    emu.stop().await;

    let emu = Emulator::start(options()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let after = c.apilog().api_log().get_logs(&query(None, None)).await.unwrap().api_logs;
    assert_eq!(after, before);
    c.communication().feedback().get_feedbacks().await.unwrap();
    let after = c.apilog().api_log().get_logs(&query(None, None)).await.unwrap().api_logs;
    assert_eq!((after.len(), &after[1..]), (4, &before[..]), "new logs come on top");
    emu.stop().await;
    let _ = std::fs::remove_dir_all(data.parent().unwrap());
}

/// Logs made at chosen times: five feedbacks logged, then their `created_at` moved in the data
/// file to 1000, 2000, … 5000 (f0 the oldest), and the emulator started again on it.
async fn logs_at_known_times(name: &str) -> (Emulator, std::path::PathBuf) {
    let data = support::data_file("apilog", name);
    let creds = Credentials::generate();
    let options = || Options { credentials: creds.clone(), data: Some(data.clone()), ..Options::default() };
    let emu = Emulator::start(options()).await.unwrap();
    create_feedbacks(&saasus::Client::new(emu.config()).unwrap(), 5).await;
    emu.stop().await;
    let conn = rusqlite::Connection::open(&data).unwrap();
    let title = "json_extract(json_extract(body, '$.request_body'), '$.feedback_title')";
    let sql = format!(
        "UPDATE records SET body = json_set(body, '$.created_at', 1000 * (1 + CAST(substr({title}, 2) AS INTEGER))) WHERE kind = 'api_log'"
    );
    assert_eq!(conn.execute(&sql, []).unwrap(), 5);
    drop(conn);
    (Emulator::start(options()).await.unwrap(), data)
}

#[tokio::test]
async fn start_at_and_end_at_keep_the_logs_of_a_range_with_both_bounds_included() {
    let (emu, data) = logs_at_known_times("range").await;
    let c = saasus::Client::new(emu.config()).unwrap();
    let logs = c.apilog().api_log();
    let range = |start_at: Option<i64>, end_at: Option<i64>| GetLogsQuery { start_at, end_at, ..query(None, None) };
    let times = |q: GetLogsQuery| async move { logs.get_logs(&q).await.unwrap().api_logs.iter().map(|l| l.created_at).collect::<Vec<_>>() };
    assert_eq!(times(range(None, None)).await, [5000, 4000, 3000, 2000, 1000]);
    assert_eq!(times(range(Some(2000), Some(4000))).await, [4000, 3000, 2000], "both bounds included");
    assert_eq!(times(range(Some(2001), Some(3999))).await, [3000]);
    assert_eq!(times(range(Some(4000), None)).await, [5000, 4000], "open at the end");
    assert_eq!(times(range(None, Some(1999))).await, [1000], "open at the start");
    assert_eq!(times(range(Some(3000), Some(3000))).await, [3000], "one second");
    assert!(times(range(Some(6000), None)).await.is_empty());
    // created_date is ignored with a range: even one of another day, or not a date at all.
    let with_date = |d: &str| GetLogsQuery { created_date: Some(d.into()), ..range(Some(1000), Some(2000)) };
    assert_eq!(times(with_date("2001-01-01")).await, [2000, 1000]);
    assert_eq!(times(with_date("not a date")).await, [2000, 1000]);
    // Paging through a range: the cursor keeps to it.
    let first = logs.get_logs(&GetLogsQuery { limit: Some(2), ..range(Some(1000), Some(4000)) }).await.unwrap();
    assert_eq!(first.api_logs.iter().map(|l| l.created_at).collect::<Vec<_>>(), [4000, 3000]);
    let rest = logs.get_logs(&GetLogsQuery { limit: Some(2), cursor: first.cursor, ..range(Some(1000), Some(4000)) }).await.unwrap();
    assert_eq!((rest.api_logs.iter().map(|l| l.created_at).collect::<Vec<_>>(), rest.cursor), (vec![2000, 1000], None));

    // created_at with start_at or end_at is refused naming both; so is a range that ends before it starts.
    let at = Some("2001-01-01T00:00:00Z".to_string());
    for (q, names) in [
        (GetLogsQuery { created_at: at.clone(), ..range(Some(1), None) }, "created_at, start_at:"),
        (GetLogsQuery { created_at: at.clone(), ..range(None, Some(1)) }, "created_at, end_at:"),
        (GetLogsQuery { created_at: at, ..range(Some(1), Some(2)) }, "created_at, start_at:"),
        (range(Some(3000), Some(2000)), "start_at, end_at:"),
    ] {
        let saasus::Error::Api(e) = logs.get_logs(&q).await.unwrap_err() else { panic!("{q:?}") };
        assert_eq!((e.status, e.error_type.as_str()), (400, "invalid_request"), "{q:?}: {e:?}");
        assert!(e.message.starts_with(names), "{q:?}: {}", e.message);
    }
    emu.stop().await;
    let _ = std::fs::remove_dir_all(data.parent().unwrap());
}
