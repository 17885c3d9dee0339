//! Free-form JSON objects (`attributes`, `user_attribute`, error `data`, …).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A JSON object whose values are kept as they came (string, number, bool, null, nested).
///
/// A newtype owned by this crate, so that every binding can give it a native form
/// (a `dict` in Python, an object in JavaScript, a JSON object in Kotlin and Swift).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonObject(pub Map<String, Value>);

impl JsonObject {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.0.insert(key.into(), value.into())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl From<Map<String, Value>> for JsonObject {
    fn from(m: Map<String, Value>) -> Self {
        JsonObject(m)
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for JsonObject {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        JsonObject(iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}
