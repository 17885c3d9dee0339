//! uniffi conversions of core types (the `uniffi` feature). Records and enums get their derives
//! from the `model!`/`string_enum!` macros; free-form JSON objects cross as JSON text, which the
//! Kotlin side maps to `kotlinx.serialization.json.JsonObject` (see core/uniffi.toml).

use crate::json::JsonObject;

uniffi::custom_type!(JsonObject, String, {
    lower: |obj| serde_json::to_string(&obj.0).unwrap_or_else(|_| "{}".to_string()),
    try_lift: |text| Ok(JsonObject(serde_json::from_str(&text)?)),
});
