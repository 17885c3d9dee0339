//! The Billing API through the core's typed client: the Stripe connection registered, shown and
//! removed (a stand-in: no Stripe is called); bad input gets the error JSON with a 4xx naming the field.

use crate::support;

use saasus::billing::*;
use saasus_emulator::{Emulator, Options};

fn api_error(e: saasus::Error) -> Box<saasus::ApiError> {
    match e {
        saasus::Error::Api(a) => a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn every_stripe_operation_registers_shows_and_removes_the_connection() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let stripe = c.billing().stripe();

    assert_eq!(stripe.get_stripe_info().await.unwrap(), StripeInfo { is_registered: false });
    stripe.update_stripe_info(&UpdateStripeInfoParam { secret_key: "sk_test_51Emulator0000".into() }).await.unwrap();
    assert_eq!(stripe.get_stripe_info().await.unwrap(), StripeInfo { is_registered: true });
    // Replacing the key keeps it registered.
    stripe.update_stripe_info(&UpdateStripeInfoParam { secret_key: "rk_live_51Emulator0001".into() }).await.unwrap();
    assert!(stripe.get_stripe_info().await.unwrap().is_registered);

    // A key Stripe would refuse is refused, naming the field, and changes nothing.
    let e = api_error(stripe.update_stripe_info(&UpdateStripeInfoParam { secret_key: "pk_test_public".into() }).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (400, "invalid_request"), "{e:?}");
    assert!(e.message.starts_with("secret_key:"), "{e:?}");
    assert!(stripe.get_stripe_info().await.unwrap().is_registered);

    stripe.delete_stripe_info().await.unwrap();
    assert_eq!(stripe.get_stripe_info().await.unwrap(), StripeInfo { is_registered: false });
    stripe.delete_stripe_info().await.unwrap();
    assert!(!stripe.get_stripe_info().await.unwrap().is_registered, "deleting again leaves it removed");

    // The key is in the API log only as ***.
    let q = saasus::apilog::GetLogsQuery { limit: Some(10), ..Default::default() };
    let logs = c.apilog().api_log().get_logs(&q).await.unwrap().api_logs;
    let put = logs.iter().find(|l| l.request_method == "PUT" && l.response_status == "200").expect("the PUT is logged");
    assert_eq!(put.request_uri, "/v1/billing/stripe/info");
    assert!(!put.request_body.contains("rk_live_") && put.request_body.contains("***"), "{}", put.request_body);

    let e = api_error(c.billing().error().return_internal_server_error().await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"), "{e:?}");
    emu.stop().await;
}

#[tokio::test]
async fn bad_input_is_a_named_4xx_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let cases = [
        ("PUT", "/v1/billing/stripe/info", "{}", 400, "secret_key"),
        ("PUT", "/v1/billing/stripe/info", r#"{"secret_key":5}"#, 400, "secret_key"),
        ("PUT", "/v1/billing/stripe/info", r#"{"secret_key":""}"#, 400, "secret_key"),
        ("PUT", "/v1/billing/stripe/info", r#"{"secret_key":"sk_test_ has space"}"#, 400, "secret_key"),
        ("PUT", "/v1/billing/stripe/info", "", 400, "body is missing"),
        ("POST", "/v1/billing/stripe/info", "{}", 405, "POST"),
        ("GET", "/v1/billing/no-such-thing", "", 404, "/v1/billing/no-such-thing"),
        ("GET", "/elsewhere", "", 404, "/v1/billing"),
    ];
    for (method, path, body, status, mentions) in cases {
        let (got, json) = support::signed(&emu, method, path, body).await;
        assert_eq!(got, status, "{method} {path} {body}: {json}");
        assert!(json["type"].is_string() && json["data"].is_object(), "{method} {path}: not the error JSON: {json}");
        let message = json["message"].as_str().unwrap();
        assert!(message.contains(mentions), "{method} {path} {body}: {message:?} should mention {mentions:?}");
    }
    let (status, json) = support::unsigned(&emu, "GET", "/v1/billing/stripe/info", "").await;
    assert_eq!((status, json["type"].as_str()), (401, Some("invalid_authorization")));
    emu.stop().await;
}
