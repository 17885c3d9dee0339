//! The Integration API through the core's typed client: EventBridge settings saved, shown and
//! deleted; events and the test event accepted once settings exist (a stand-in: no EventBridge
//! is called); bad input gets the error JSON with a 4xx naming the field.

use crate::support;

use saasus::integration::*;
use saasus_emulator::{Emulator, Options};

fn api_error(e: saasus::Error) -> Box<saasus::ApiError> {
    match e {
        saasus::Error::Api(a) => a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn event(kind: &str) -> EventMessage {
    EventMessage { event_type: kind.into(), event_detail_type: format!("{kind} detail"), message: "{\"tenant\":\"t-1\"}".into() }
}

#[tokio::test]
async fn every_event_bridge_operation_from_settings_to_events() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let eb = c.integration().event_bridge();

    // Nothing saved: empty settings (the spec's read answers 200 or 500 only), nowhere to send events.
    let unset = EventBridgeSettings { aws_account_id: String::new(), aws_region: AwsRegion::ApNortheast1 };
    assert_eq!(eb.get_event_bridge_settings().await.unwrap(), unset);
    let e = api_error(eb.create_event_bridge_test_event().await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    let e = api_error(eb.create_event_bridge_event(&CreateEventBridgeEventParam { event_messages: vec![event("x")] }).await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");

    eb.save_event_bridge_settings(&SaveEventBridgeSettingsParam {
        aws_account_id: "123456789012".into(),
        aws_region: AwsRegion::ApNortheast1,
    })
    .await
    .unwrap();
    assert_eq!(
        eb.get_event_bridge_settings().await.unwrap(),
        EventBridgeSettings { aws_account_id: "123456789012".into(), aws_region: AwsRegion::ApNortheast1 }
    );
    eb.save_event_bridge_settings(&SaveEventBridgeSettingsParam { aws_account_id: "210987654321".into(), aws_region: AwsRegion::UsWest2 })
        .await
        .unwrap();
    assert_eq!(
        eb.get_event_bridge_settings().await.unwrap(),
        EventBridgeSettings { aws_account_id: "210987654321".into(), aws_region: AwsRegion::UsWest2 }
    );

    eb.create_event_bridge_test_event().await.unwrap();
    eb.create_event_bridge_event(&CreateEventBridgeEventParam { event_messages: vec![event("tenant.created"), event("user.created")] })
        .await
        .unwrap();
    let e = api_error(eb.create_event_bridge_event(&CreateEventBridgeEventParam { event_messages: vec![] }).await.unwrap_err());
    assert_eq!(e.status, 400, "{e:?}");
    assert!(e.message.starts_with("event_messages:"), "{e:?}");
    let blank = EventMessage { event_type: " ".into(), ..event("x") };
    let e = api_error(
        eb.create_event_bridge_event(&CreateEventBridgeEventParam { event_messages: vec![event("y"), blank] }).await.unwrap_err(),
    );
    assert!(e.message.starts_with("event_messages[1].event_type:"), "{e:?}");

    // The accepted sends answered 201, as the API log shows.
    let q = saasus::apilog::GetLogsQuery { limit: Some(20), ..Default::default() };
    let logs = c.apilog().api_log().get_logs(&q).await.unwrap().api_logs;
    let created: Vec<&str> = logs.iter().filter(|l| l.response_status == "201").map(|l| l.request_uri.as_str()).collect();
    assert_eq!(created, vec!["/v1/integration/eventbridge/event", "/v1/integration/eventbridge/test-event"], "newest first");
    assert!(logs[2].request_body.contains("tenant.created"), "{}", logs[2].request_body);

    eb.delete_event_bridge_settings().await.unwrap();
    assert_eq!(eb.get_event_bridge_settings().await.unwrap(), unset);
    let e = api_error(eb.create_event_bridge_test_event().await.unwrap_err());
    assert_eq!(e.status, 404, "{e:?}");
    eb.delete_event_bridge_settings().await.unwrap();

    let e = api_error(c.integration().error().return_internal_server_error().await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"), "{e:?}");
    emu.stop().await;
}

#[tokio::test]
async fn bad_input_is_a_named_4xx_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let base = "/v1/integration/eventbridge";
    let (status, _) =
        support::signed(&emu, "PUT", &format!("{base}/info"), r#"{"aws_account_id":"123456789012","aws_region":"eu-west-1"}"#).await;
    assert_eq!(status, 200);
    let cases = [
        ("PUT", format!("{base}/info"), r#"{"aws_account_id":"123456789012"}"#, 400, "aws_region"),
        ("PUT", format!("{base}/info"), r#"{"aws_account_id":"123456789012","aws_region":"cn-north-1"}"#, 400, "aws_region"),
        ("PUT", format!("{base}/info"), r#"{"aws_account_id":"12345","aws_region":"eu-west-1"}"#, 400, "aws_account_id"),
        ("PUT", format!("{base}/info"), r#"{"aws_account_id":123456789012,"aws_region":"eu-west-1"}"#, 400, "aws_account_id"),
        ("POST", format!("{base}/event"), r#"{}"#, 400, "event_messages"),
        ("POST", format!("{base}/event"), r#"{"event_messages":[{"event_type":"a","event_detail_type":"b"}]}"#, 400, "message"),
        ("POST", format!("{base}/event"), "", 400, "body is missing"),
        ("GET", format!("{base}/event"), "", 405, "GET"),
        ("GET", "/v1/integration/no-such-thing".into(), "", 404, "/v1/integration/no-such-thing"),
        ("GET", "/elsewhere".into(), "", 404, "/v1/integration"),
    ];
    support::assert_refusals(&emu, &cases).await;
    // The refused saves changed nothing.
    let (_, json) = support::signed(&emu, "GET", &format!("{base}/info"), "").await;
    assert_eq!(json, serde_json::json!({"aws_account_id": "123456789012", "aws_region": "eu-west-1"}));
    let (status, json) = support::unsigned(&emu, "GET", &format!("{base}/info"), "").await;
    assert_eq!((status, json["type"].as_str()), (401, Some("invalid_authorization")));
    emu.stop().await;
}
