//! Property tests of every public entry point that takes user input, and of every response
//! decoder: arbitrary values give a result or an SDK error, never a panic; no path parameter
//! leaves its segment. The seed is fixed so the test command is repeatable; set
//! `PROPTEST_CASES` (and optionally `PROPTEST_RNG_SEED`) for a longer run.

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, RngSeed, TestRunner};
use saasus::model::ResponseBody;
use saasus::{Client, Config, Error, Operation};
use serde_json::Value;

/// A runner of its own per property: a runner counts its successes across `run`s.
fn runner(default_cases: u32) -> TestRunner {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    TestRunner::new(RunnerConfig {
        cases: env("PROPTEST_CASES").map_or(default_cases, |n| n as u32),
        rng_seed: RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(0x5AA5)),
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

/// Any JSON value, nested a few levels, with the keys the models use among random ones so that
/// some values get past the first field check.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("name".to_string()),
        Just("email".to_string()),
        Just("attributes".to_string()),
        Just("back_office_staff_email".to_string()),
        Just("extra_body".to_string()),
        Just("extra_query".to_string()),
        Just("auth_flow".to_string()),
        Just("role_names".to_string()),
        "[a-z_\\-]{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        ".{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn client() -> Client {
    Client::new(Config::new("api-key", "secret-key", "saas-id").unwrap()).unwrap()
}

/// One operation's properties: decoding any arguments, preparing with any path parameters, and
/// decoding any answer.
fn check_operation<O: Operation>(cases: u32, client: &Client) {
    runner(cases)
        .run(&json(), |value| {
            match saasus::decode_operation_input::<O>(value) {
                Ok((input, extra)) => {
                    // What decodes can be sent: serialising it is no panic either.
                    let args: Vec<&str> = O::PATH_PARAMS.iter().map(|_| "id").collect();
                    let prepared = client.prepare::<O>(&args, &input);
                    prop_assert!(prepared.is_ok() || matches!(prepared, Err(Error::InvalidArgument { .. })), "{} {:?}", O::ID, prepared);
                    let _ = extra;
                }
                Err(Error::InvalidArgument { field, rule }) => prop_assert!(!field.is_empty() && !rule.is_empty()),
                Err(other) => prop_assert!(false, "{}: not an argument error: {other:?}", O::ID),
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{}: {e}", O::ID));

    if !O::PATH_PARAMS.is_empty() {
        let args = prop::collection::vec(
            prop_oneof![Just(".".to_string()), Just("..".to_string()), ".{0,8}", "[./%a-z]{0,6}"],
            O::PATH_PARAMS.len(),
        );
        runner(cases)
            .run(&args, |args| {
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                let input = saasus::decode_operation_input::<O>(Value::Null).map(|(i, _)| i);
                let Ok(input) = input else { return Ok(()) };
                match client.prepare::<O>(&refs, &input) {
                    Ok(req) => {
                        // As a URL parser reads it, the path keeps the template's segments:
                        // no parameter added, removed or resolved one.
                        let url = url::Url::parse(req.url()).unwrap();
                        let template = format!("/v1/auth{}", O::PATH);
                        prop_assert_eq!(url.path().split('/').count(), template.split('/').count(), "{} {:?}", O::ID, args);
                        prop_assert_eq!(url.path(), req.url().split('?').next().unwrap().trim_start_matches("https://api.saasus.io"));
                    }
                    Err(Error::InvalidArgument { field, .. }) => prop_assert!(O::PATH_PARAMS.contains(&field.as_str())),
                    Err(other) => prop_assert!(false, "{other:?}"),
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{} path: {e}", O::ID));
    }

    let bodies = prop_oneof![prop::collection::vec(any::<u8>(), 0..64), json().prop_map(|v| serde_json::to_vec(&v).unwrap())];
    runner(cases)
        .run(&bodies, |body| {
            // Any outcome but a panic.
            let _ = <O::Output as ResponseBody>::from_body(&body);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{} decoder: {e}", O::ID));
}

/// The committed corpus (`tests/fixtures/hostile/*.json`): inputs that broke an SDK once, or
/// would have — deep nesting, dot segments, control characters, out-of-range numbers — given to
/// every operation as its arguments, as its path parameters and as its answer, on every run.
fn replay_corpus<O: Operation>(client: &Client) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        // As an answer: straight from the bytes, as the transport decodes.
        let _ = <O::Output as ResponseBody>::from_body(&bytes);
        // As arguments: the corpus's deep file is deeper than serde_json parses, which is an
        // outcome too; what parses must decode or be an argument error.
        let Ok(value) = serde_json::from_slice::<Value>(&bytes) else { continue };
        match saasus::decode_operation_input::<O>(value.clone()) {
            Ok((input, _)) => {
                let args: Vec<&str> = O::PATH_PARAMS.iter().map(|_| "id").collect();
                assert!(!matches!(client.prepare::<O>(&args, &input), Err(Error::Api(_))));
            }
            Err(e) => assert!(matches!(e, Error::InvalidArgument { .. }), "{} {}: {e:?}", O::ID, path.display()),
        }
        // Its strings as path parameters.
        if let (Value::Object(map), Ok((input, _))) = (&value, saasus::decode_operation_input::<O>(Value::Null)) {
            for v in map.values().filter_map(Value::as_str) {
                let args: Vec<&str> = O::PATH_PARAMS.iter().map(|_| v).collect();
                if let Ok(req) = client.prepare::<O>(&args, &input) {
                    let url = url::Url::parse(req.url()).unwrap();
                    assert_eq!(url.path().split('/').count(), format!("/v1/auth{}", O::PATH).split('/').count(), "{} {v:?}", O::ID);
                }
            }
        }
    }
}

macro_rules! every_operation {
    ($(
        $tag:ident $group:ident $tag_wire:literal {
            $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        fn check_every_operation(cases: u32, client: &Client) {
            $($( check_operation::<saasus::ops::$id>(cases, client); )*)*
        }

        fn replay_corpus_on_every_operation(client: &Client) {
            $($( replay_corpus::<saasus::ops::$id>(client); )*)*
        }
    };
}
saasus::for_each_operation!(every_operation);

#[test]
fn every_operation_takes_any_arguments_and_any_answer_without_panicking() {
    check_every_operation(32, &client());
}

#[test]
fn the_committed_corpus_gives_results_or_sdk_errors() {
    replay_corpus_on_every_operation(&client());
}

#[test]
fn configuration_takes_any_values_without_panicking() {
    let text = prop_oneof![Just(String::new()), Just(" ".to_string()), ".{0,12}", "[a-z0-9:/._\\-]{0,24}"];
    runner(256)
        .run(
            &(text.clone(), text.clone(), text.clone(), text, any::<f64>(), any::<u32>(), any::<usize>()),
            |(k, s, id, url, secs, retries, cap)| {
                let built = Config::new(k, s, id)
                    .and_then(|c| c.with_base_url(url))
                    .and_then(|c| c.with_timeout(saasus::config::duration("timeout", secs, saasus::config::TimeUnit::Seconds)?))
                    .and_then(|c| c.with_max_retries(retries))
                    .and_then(|c| c.with_max_response_bytes(cap));
                if let Err(e) = built {
                    prop_assert!(!e.field.is_empty() && !e.rule.is_empty());
                }
                let _ = saasus::config::duration("timeoutMs", secs, saasus::config::TimeUnit::Milliseconds);
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn login_helpers_and_context_take_any_text_without_panicking() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    // Nothing listens there: a call that gets past its checks fails to connect, quickly.
    let config = Config::new("k", "s", "id").unwrap().with_base_url("http://127.0.0.1:9/v1").unwrap().with_max_retries(0).unwrap();
    let client = Client::new(config).unwrap();
    runner(64)
        .run(&".{0,24}", |text| {
            let _ = saasus::bearer_token(&text);
            let ctx = saasus::RequestContext { referer: Some(text.clone()), x_saasus_referer: None, trace_id: Some(text.clone()) };
            let _ = client.with_context(ctx);
            let out = rt.block_on(client.authenticate(&text));
            prop_assert!(out.is_err());
            Ok(())
        })
        .unwrap();
}
