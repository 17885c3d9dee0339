//! Every model has `Default`, so a literal ending in `..Default::default()` survives a newer spec
//! adding a field; what the default sends is empty (refused by the API), never a guessed value.

use saasus::pricing::{Currency, PricingFixedUnitForSave, PricingUnitForSave};

#[test]
fn a_literal_names_what_it_sets_and_optional_fields_are_left_out() {
    let on_plan = saasus::models::UpdateTenantPlanParam { next_plan_id: Some("p".into()), ..Default::default() };
    assert_eq!(serde_json::to_value(&on_plan).unwrap(), serde_json::json!({ "next_plan_id": "p" }));
}

#[test]
fn required_values_left_to_the_default_are_empty_not_guessed() {
    let unit = PricingFixedUnitForSave { name: "base".into(), unit_amount: 100, ..Default::default() };
    let sent = serde_json::to_value(&unit).unwrap();
    // An enum's default is its empty value, not the first one the spec lists.
    assert_eq!((sent["currency"].as_str(), sent["type"].as_str(), sent["recurring_interval"].as_str()), (Some(""), Some(""), Some("")));
    assert_eq!(Currency::default().as_str(), "");
    // A union's default is no kind at all: an empty object.
    assert_eq!(serde_json::to_value(PricingUnitForSave::default()).unwrap(), serde_json::json!({}));
    assert_eq!(PricingUnitForSave::default().kind(), "");
}
