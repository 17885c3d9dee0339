//! The JSON Schema of a model, from its description ([`crate::model::Describe`]): what pydantic
//! shows for an SDK model in FastAPI's OpenAPI document. Self-contained (nested models inline,
//! no `$ref`), since it is embedded in schemas that pydantic assembles itself.

use crate::model::{ModelInfo, TypeRef};
use serde_json::{Map, Value, json};

/// The schema of `t`, as pydantic and OpenAPI 3.1 write JSON Schema.
pub fn of(t: &TypeRef) -> Value {
    schema(t, &mut Vec::new())
}

/// `within`: the models being described, outermost first (a model within itself is `object`).
fn schema(t: &TypeRef, within: &mut Vec<&'static str>) -> Value {
    match t {
        TypeRef::String => json!({ "type": "string" }),
        TypeRef::Integer => json!({ "type": "integer" }),
        TypeRef::Number => json!({ "type": "number" }),
        TypeRef::Boolean => json!({ "type": "boolean" }),
        TypeRef::Json => json!({ "type": "object" }),
        TypeRef::Any => json!({}),
        TypeRef::Unit => json!({ "type": "null" }),
        TypeRef::List(item) => json!({ "type": "array", "items": schema(item, within) }),
        TypeRef::Map(value) => json!({ "type": "object", "additionalProperties": schema(value, within) }),
        // Optional fields are told by `required`; their values are never null.
        TypeRef::Optional(inner) => schema(inner, within),
        TypeRef::Model(info) => model(&info(), within),
        TypeRef::Enum(info) => {
            let info = info();
            let values: Vec<&str> = info.values.iter().map(|(_, wire)| *wire).collect();
            json!({ "type": "string", "title": info.name, "enum": values })
        }
        TypeRef::Union(info) => {
            let info = info();
            let mut variants: Vec<Value> = info.variants.iter().map(|(_, _, v)| schema(v, within)).collect();
            // The unknown case (a kind newer than this SDK): an object whose discriminator is
            // none of the variants' (as saasus/_pydantic.py writes a union's own schema).
            let kinds: Vec<&str> = info.variants.iter().map(|(_, wire, _)| *wire).collect();
            variants.push(json!({
                "title": format!("Unknown{}", info.name),
                "type": "object",
                "required": [info.discriminator],
                "properties": { (info.discriminator): { "type": "string", "not": { "enum": kinds } } },
            }));
            json!({ "title": info.name, "oneOf": variants, "discriminator": { "propertyName": info.discriminator } })
        }
    }
}

fn model(info: &ModelInfo, within: &mut Vec<&'static str>) -> Value {
    if within.contains(&info.name) {
        return json!({ "type": "object", "title": info.name });
    }
    within.push(info.name);
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in &info.fields {
        let mut s = schema(&f.ty, within);
        if let (Value::Object(o), false) = (&mut s, f.doc.is_empty()) {
            o.insert("description".into(), Value::String(f.doc.into()));
        }
        properties.insert(f.wire.into(), s);
        if !matches!(f.ty, TypeRef::Optional(_)) {
            required.push(Value::String(f.wire.into()));
        }
    }
    within.pop();
    let mut out = json!({ "type": "object", "title": info.name, "properties": properties, "required": required });
    if !info.doc.is_empty() {
        out["description"] = Value::String(info.doc.into());
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Describe;

    #[test]
    fn a_model_with_nested_models_lists_and_optional_fields() {
        let s = super::of(&crate::models::UserInfo::type_ref());
        assert_eq!(s["type"], "object");
        assert_eq!(s["title"], "UserInfo");
        assert!(s["required"].as_array().unwrap().contains(&"email".into()));
        assert_eq!(s["properties"]["tenants"]["type"], "array");
        assert_eq!(s["properties"]["tenants"]["items"]["title"], "UserAvailableTenant");
        assert_eq!(s["properties"]["user_attribute"]["type"], "object");
        assert!(!s.to_string().contains("$ref"));
    }

    #[test]
    fn a_union_is_one_of_its_variants_or_its_unknown_case() {
        let s = super::of(&crate::apis::pricing::PricingUnits::type_ref());
        let union = &s["properties"]["units"]["items"];
        assert_eq!(union["discriminator"]["propertyName"], "type");
        let titles: Vec<&str> = union["oneOf"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["PricingTieredUsageUnit", "PricingTieredUnit", "PricingUsageUnit", "PricingFixedUnit", "UnknownPricingUnit"]);
        assert_eq!(union["oneOf"][4]["properties"]["type"]["not"]["enum"], serde_json::json!(["tiered_usage", "tiered", "usage", "fixed"]));
    }
}
