//! All nine APIs of the platform in the core: every operation of every spec, by the naming rule
//! (`client.pricing().pricing_plans().get_pricing_plans()`), sends what its spec says on the
//! wire and decodes its spec's answers; `oneOf` unions, typed maps and array query parameters.
//! (What goes on the wire is checked on the prepared request; the emulator answers the calls.)

use crate::common;

use saasus::model::{Describe, ResponseBody, TypeRef};
use saasus::{Client, Config, Operation, OperationInfo};
use serde_json::{Map, Value, json};

#[test]
fn the_nine_apis_have_every_operation_of_their_specs() {
    assert_eq!(
        saasus::APIS,
        ["auth", "pricing", "billing", "apilog", "communication", "integration", "awsmarketplace", "apigateway", "analysis"]
    );
    let counts: Vec<(&str, usize)> = apis().iter().map(|(api, ops)| (*api, ops.len())).collect();
    assert_eq!(counts, common::spec_counts());
    for (api, ops) in apis() {
        assert!(ops.iter().all(|o| o.api == api), "{api}");
        let mut ours: Vec<&str> = ops.iter().map(|o| o.id).collect();
        let mut spec = common::spec_operation_ids(api);
        ours.sort_unstable();
        spec.sort_unstable();
        assert_eq!(ours, spec, "{api}: the operationIds of its spec");
    }
}

/// A value of `ty` with every field filled (a list has one item, a map one key), so that a
/// round trip through the typed model shows each field decoded and encoded.
fn sample(ty: &TypeRef, depth: usize) -> Value {
    match ty {
        TypeRef::String => json!("s"),
        TypeRef::Integer => json!(7),
        TypeRef::Number => json!(1.5),
        TypeRef::Boolean => json!(true),
        TypeRef::Json => json!({"free": [1, "form"]}),
        TypeRef::Any => json!({"any": true}),
        TypeRef::Unit => Value::Null,
        TypeRef::List(item) if depth < 6 => json!([sample(item, depth + 1)]),
        TypeRef::List(_) => json!([]),
        TypeRef::Map(item) => json!({ "key": sample(item, depth + 1) }),
        TypeRef::Optional(inner) => sample(inner, depth),
        TypeRef::Enum(info) => json!(info().values[0].1),
        TypeRef::Model(info) => {
            let mut m = Map::new();
            for f in info().fields {
                // Deep optional fields stay out, so that recursive models end.
                if depth < 6 || !matches!(f.ty, TypeRef::Optional(_)) {
                    m.insert(f.wire.to_string(), sample(&f.ty, depth + 1));
                }
            }
            Value::Object(m)
        }
        TypeRef::Union(info) => {
            let info = info();
            let (_, wire, variant) = info.variants.last().unwrap();
            let mut v = sample(variant, depth);
            v[info.discriminator] = json!(wire);
            v
        }
    }
}

fn client() -> Client {
    Client::new(Config::new("api-key", "secret-key", "saas-id").unwrap()).unwrap()
}

/// One operation: its sample input goes on the wire as the spec says (method, URL below its
/// API's segment, the body being the input), and its sample answer decodes and re-encodes as it came.
fn check<O: Operation>(client: &Client) {
    let input = match O::INPUT {
        saasus::InputKind::None => json!({}),
        _ => sample(&<O::Input as Describe>::type_ref(), 0),
    };
    let (decoded, extra) = saasus::decode_operation_input::<O>(input.clone()).unwrap_or_else(|e| panic!("{} {}: {e}", O::API, O::ID));
    assert!(extra.is_none());
    // A string for each path parameter, `7` for one the spec types as an integer.
    let arg = |p: &str, ty: &saasus::operation::ParamType| match ty {
        saasus::operation::ParamType::String => format!("p-{p}"),
        _ => "7".to_string(),
    };
    let args: Vec<String> = O::PATH_PARAMS.iter().zip(O::PATH_TYPES).map(|(p, t)| arg(p, t)).collect();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let req = client.prepare::<O>(&refs, &decoded).unwrap();
    assert_eq!(req.method(), O::METHOD);
    let mut path = O::PATH.to_string();
    for (p, t) in O::PATH_PARAMS.iter().zip(O::PATH_TYPES) {
        path = path.replace(&format!("{{{p}}}"), &arg(p, t));
    }
    let url = req.url().split('?').next().unwrap();
    assert_eq!(url, format!("https://api.saasus.io/v1/{}{path}", O::API), "{}", O::ID);
    match O::INPUT {
        saasus::InputKind::Body => {
            let sent: Value = serde_json::from_slice(req.body().unwrap()).unwrap();
            assert_eq!(sent, input, "{} {}: the body sent is the input", O::API, O::ID);
        }
        saasus::InputKind::Query => assert!(req.body().is_none() && req.url().contains('?'), "{}", O::ID),
        saasus::InputKind::None => assert!(req.body().is_none()),
    }
    let out_ty = <O::Output as Describe>::type_ref();
    if !matches!(out_ty, TypeRef::Unit) {
        let answer = sample(&out_ty, 0);
        let value = <O::Output as ResponseBody>::from_body(&serde_json::to_vec(&answer).unwrap())
            .unwrap_or_else(|e| panic!("{} {}: {e}", O::API, O::ID));
        assert_eq!(serde_json::to_value(&value).unwrap(), answer, "{} {}: the answer decodes whole", O::API, O::ID);
    }
}

macro_rules! check_table {
    ($api:literal $( $tag:ident $group:ident $tag_wire:literal {
        $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
    } )*) => {
        fn check_one_api(client: &Client) {
            $($( check::<ops::$id>(client); )*)*
        }
    };
    // Auth's table has no path segment of its own.
    ($($table:tt)*) => {
        check_table!("auth" $($table)*);
    };
}

macro_rules! api_check {
    ($module:ident, $table:ident, $ops:path) => {
        mod $module {
            use super::*;
            use $ops as ops;
            saasus::$table!(check_table);
            #[test]
            fn every_operation_sends_its_spec_and_decodes_its_answer() {
                check_one_api(&client());
            }
        }
    };
}

api_check!(auth, for_each_operation, saasus::ops);

/// Every other API, from the core's list of them: its check module, and `apis()`, the operations
/// of each API as its module lists them.
macro_rules! every_other_api {
    ($($api:ident $table:ident $types:ident),*) => {
        $( api_check!($api, $table, saasus::$api::ops); )*

        fn apis() -> Vec<(&'static str, Vec<OperationInfo>)> {
            let mut all = vec![("auth", saasus::operations())];
            $( all.push((stringify!($api), saasus::$api::operations())); )*
            all
        }
    };
}
saasus::for_each_api!(every_other_api);

#[test]
fn a_pricing_unit_is_a_tagged_union_with_an_unknown_case_that_keeps_the_json() {
    use saasus::pricing::PricingUnit;
    let usage = json!({"id": "u1", "used": false, "name": "storage", "display_name": "Storage", "description": "GB",
        "type": "usage", "currency": "JPY", "unit_amount": 10, "metering_unit_name": "gb", "metering_unit_id": "m1",
        "aggregate_usage": "sum", "recurring_interval": "month", "upper_count": 100});
    let unit: PricingUnit = serde_json::from_value(usage.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(&unit, PricingUnit::Usage(u) if u.metering_unit_name == "gb"), "{unit:?}");
    assert_eq!(unit.kind(), "usage");
    assert_eq!(serde_json::to_value(&unit).unwrap(), usage);
    let future = json!({"id": "u2", "type": "volume", "tiers": [1, 2]});
    let unit: PricingUnit = serde_json::from_value(future.clone()).unwrap();
    assert!(matches!(&unit, PricingUnit::Unknown { kind, .. } if kind == "volume"));
    assert_eq!(serde_json::to_value(&unit).unwrap(), future, "sent back unchanged");
    assert!(serde_json::from_value::<PricingUnit>(json!({"id": "u3"})).unwrap_err().to_string().contains("missing field `type`"));
}

#[test]
fn array_query_parameters_repeat_their_key() {
    let (query, _) =
        saasus::decode_operation_input::<saasus::awsmarketplace::ops::GetCustomers>(json!({"tenant_ids": ["a", "b/c"]})).unwrap();
    let req = client().prepare::<saasus::awsmarketplace::ops::GetCustomers>(&[], &query).unwrap();
    assert!(req.url().ends_with("/v1/awsmarketplace/customers?tenant_ids=a&tenant_ids=b%2Fc"), "{}", req.url());
}

/// The naming rule reaches every API of the emulator: each answers its error endpoint with its
/// typed 500, and the GETs that list what was created decode it.
#[tokio::test]
async fn the_naming_rule_reaches_every_api() {
    let emu = common::emulator().await;
    let c = Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let errors = [
        c.auth().error().return_internal_server_error().await,
        c.pricing().error().return_internal_server_error().await,
        c.billing().error().return_internal_server_error().await,
        c.apilog().error().return_internal_server_error().await,
        c.communication().error().return_internal_server_error().await,
        c.integration().error().return_internal_server_error().await,
        c.awsmarketplace().error().return_internal_server_error().await,
        c.apigateway().error().return_internal_server_error().await,
        c.analysis().error().return_internal_server_error().await,
    ];
    for (api, answer) in saasus::APIS.iter().zip(errors) {
        let e = answer.unwrap_err();
        let e = e.as_api().unwrap_or_else(|| panic!("{api}: {e}"));
        assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"), "{api}");
    }
    let paths: Vec<String> = common::seen_requests(&emu).await.iter().map(|r| r["path"].as_str().unwrap().to_string()).collect();
    let expected: Vec<String> = saasus::APIS.iter().map(|api| format!("/v1/{api}/errors/internal-server-error")).collect();
    assert_eq!(paths, expected);

    let plan = common::plan(&c, "pro").await;
    let plans = c.pricing().pricing_plans().get_pricing_plans().await.unwrap();
    assert_eq!(plans.pricing_plans.iter().map(|p| (&p.id, p.name.as_str())).collect::<Vec<_>>(), [(&plan.id, "pro")]);
    let rate = json!({"name": "jp", "display_name": "JP", "percentage": 10, "inclusive": true, "country": "JP", "description": ""});
    let rate: saasus::pricing::CreateTaxRateParam = serde_json::from_value(rate).unwrap();
    let rate = c.pricing().tax_rate().create_tax_rate(&rate).await.unwrap();
    let rates = c.pricing().tax_rate().get_tax_rates().await.unwrap();
    assert_eq!(rates.tax_rates.iter().map(|r| (&r.id, r.percentage, r.country.as_str())).collect::<Vec<_>>(), [(&rate.id, 10.0, "JP")]);
    let user = common::user(&c, "fan@example.com").await;
    let feedback = saasus::communication::CreateFeedbackParam {
        user_id: user.id.clone(),
        feedback_title: "Dark mode".into(),
        feedback_description: "please".into(),
    };
    let feedback = c.communication().feedback().create_feedback(&feedback).await.unwrap();
    let feedbacks = c.communication().feedback().get_feedbacks().await.unwrap();
    let listed: Vec<_> = feedbacks.feedbacks.iter().map(|f| (&f.id, f.user_id.as_str(), f.feedback_title.as_str())).collect();
    assert_eq!(listed, [(&feedback.id, user.id.as_str(), "Dark mode")]);
    emu.stop().await;
}
