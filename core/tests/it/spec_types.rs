//! Parameters and fields typed as the specs type them: integer path parameters are integers,
//! and what the spec says is unsigned (`x-go-type: uint64`, held as `i64`) is refused when
//! negative, before anything is sent, naming the parameter or the field's path.

use crate::common;

use saasus::operation::ParamType;
use saasus::pricing::{PricingTier, PricingTieredUnitForSave, PricingUnitForSave, PricingUsageUnitForSave};

fn invalid(e: saasus::Error) -> (String, String) {
    match e {
        saasus::Error::InvalidArgument { field, rule } => (field, rule),
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[test]
fn the_tables_type_path_parameters_from_the_specs() {
    let ops = saasus::operation::all();
    let ty = |api: &str, id: &str| {
        let o = ops.iter().find(|o| o.api == api && o.id == id).unwrap();
        o.path_params.iter().copied().zip(o.path_types.iter().copied()).collect::<Vec<_>>()
    };
    assert_eq!(ty("auth", "GetEnv"), [("env_id", ParamType::Unsigned)]);
    assert_eq!(
        ty("pricing", "UpdateMeteringUnitTimestampCount"),
        [("tenant_id", ParamType::String), ("metering_unit_name", ParamType::String), ("timestamp", ParamType::Integer)]
    );
    assert!(ops.iter().all(|o| o.path_params.len() == o.path_types.len()));
}

#[test]
fn path_text_is_checked_against_its_type() {
    assert!(ParamType::Integer.check("timestamp", "-1767323045").is_ok());
    assert!(ParamType::Unsigned.check("env_id", "3").is_ok());
    assert!(ParamType::String.check("tenant_id", "-x").is_ok());
    for (ty, text, rule) in [
        (ParamType::Integer, "1.5", "must be an integer (got \"1.5\")"),
        (ParamType::Unsigned, "-3", "must be 0 or more (got \"-3\")"),
        (ParamType::Unsigned, "three", "must be a whole number, 0 or more (got \"three\")"),
        (ParamType::Unsigned, "+3", "must be written without a sign (got \"+3\")"),
    ] {
        let (field, got) = invalid(ty.check("p", text).unwrap_err());
        assert_eq!((field.as_str(), got.as_str()), ("p", rule));
    }
}

#[tokio::test]
async fn a_negative_unsigned_field_is_refused_before_sending_with_its_path() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let units = c.pricing().pricing_units();
    let usage = PricingUnitForSave::Usage(PricingUsageUnitForSave { upper_count: -1, unit_amount: 100, ..Default::default() });
    assert_eq!(invalid(units.create_pricing_unit(&usage).await.unwrap_err()).0, "upper_count");
    let tier = |up_to| PricingTier { up_to, unit_amount: 1, flat_amount: 0, inf: false };
    let tiered = PricingUnitForSave::Tiered(PricingTieredUnitForSave { tiers: vec![tier(10), tier(-20)], ..Default::default() });
    let (field, rule) = invalid(units.create_pricing_unit(&tiered).await.unwrap_err());
    assert_eq!((field.as_str(), rule.as_str()), ("tiers[1].up_to", "must be 0 or more (got -20)"));
    let log = reqwest::get(format!("http://{}/_emulator/requests", emu.addr())).await.unwrap().text().await.unwrap();
    assert!(!log.contains("/units"), "nothing was sent: {log}");
    emu.stop().await;
}
