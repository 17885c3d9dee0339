//! Pages of a search (`limit`, `cursor`) that stay right while the data changes between them.
//!
//! A cursor names the last item its page showed, by a key that orders the results, and the
//! filters the search was made with. The next page is the items past that key, found anew: an
//! item added or deleted between two pages shifts nothing, so no item that stayed is shown twice
//! or skipped, and one added past the cursor still comes. A cursor is opaque (base64url of
//! JSON): one not made here, or sent with other filters, is a 400 naming `cursor`.

use crate::error::{ApiError, ApiResult};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The page size when `limit` is not given, and the most one may ask for (the spec's `Limit`).
pub const MAX_LIMIT: i64 = 100;

/// The page of `items` (in any order) after `cursor`, ordered by `key`, at most `limit` long,
/// and the cursor of the page after it while there is one.
pub fn page<T, K>(
    items: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
    filters: &Value,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> ApiResult<(Vec<T>, Option<String>)>
where
    K: Ord + Serialize + DeserializeOwned,
{
    let limit = limit.unwrap_or(MAX_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(format!("limit: must be between 1 and {MAX_LIMIT}")));
    }
    let after: Option<K> = cursor.map(|c| read(c, filters)).transpose()?;
    let mut found: Vec<(K, T)> = items.into_iter().map(|t| (key(&t), t)).filter(|(k, _)| after.as_ref().is_none_or(|a| k > a)).collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let more = found.len() > limit as usize;
    found.truncate(limit as usize);
    let next = if more { found.last().map(|(k, _)| write(k, filters)) } else { None };
    Ok((found.into_iter().map(|(_, t)| t).collect(), next))
}

#[derive(Serialize, serde::Deserialize)]
struct Cursor<K> {
    after: K,
    filters: Value,
}

fn write<K: Serialize>(after: &K, filters: &Value) -> String {
    let json = serde_json::to_vec(&Cursor { after, filters: filters.clone() }).expect("a cursor serializes");
    URL_SAFE_NO_PAD.encode(json)
}

fn read<K: DeserializeOwned>(cursor: &str, filters: &Value) -> ApiResult<K> {
    let c: Cursor<K> = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| ApiError::bad_request("cursor: is not a cursor this search returned"))?;
    if c.filters != *filters {
        return Err(ApiError::bad_request("cursor: was returned for other filters; search again without a cursor"));
    }
    Ok(c.after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_continue_past_their_key_whatever_changed_in_between() {
        let filters = json!({"email": "a"});
        let mut items = vec!["b", "d", "a", "c", "e"];
        let (first, cursor) = page(items.clone(), |s| s.to_string(), &filters, None, Some(2)).unwrap();
        assert_eq!(first, ["a", "b"]);
        // "b" (shown) and "c" (not yet) deleted, "bb" (before the cursor) and "f" added.
        items.retain(|s| *s != "b" && *s != "c");
        items.extend(["bb", "f"]);
        let (second, cursor) = page(items.clone(), |s| s.to_string(), &filters, cursor.as_deref(), Some(2)).unwrap();
        assert_eq!(second, ["bb", "d"]);
        let (third, cursor) = page(items, |s| s.to_string(), &filters, cursor.as_deref(), Some(2)).unwrap();
        assert_eq!((third, cursor), (vec!["e", "f"], None));
    }

    #[test]
    fn a_cursor_belongs_to_its_filters_and_limits_are_bounded() {
        let (_, cursor) = page(vec![1, 2, 3], |n| *n, &json!({"x": 1}), None, Some(1)).unwrap();
        let e = page(vec![1, 2, 3], |n| *n, &json!({"x": 2}), cursor.as_deref(), Some(1)).unwrap_err();
        assert!(e.message.contains("cursor: was returned for other filters"), "{}", e.message);
        for bad in ["", "not base64!", "bm90IGpzb24"] {
            let e = page(vec![1], |n| *n, &json!({}), Some(bad), None).unwrap_err();
            assert!(e.message.contains("cursor: is not a cursor this search returned"), "{bad}: {}", e.message);
        }
        for limit in [0, -1, 101] {
            let e = page(vec![1], |n| *n, &json!({}), None, Some(limit)).unwrap_err();
            assert!(e.message.contains("limit: must be between 1 and 100"), "{limit}: {}", e.message);
        }
        assert_eq!(page(vec![3, 1, 2], |n| *n, &json!({}), None, None).unwrap(), (vec![1, 2, 3], None));
    }
}
