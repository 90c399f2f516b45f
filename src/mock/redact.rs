//! A summary of a request body that shows its shape, never its values.

use super::wiped;
use serde_json::Value;

/// How deep the summary descends into nested objects.
const MAX_DEPTH: usize = 4;
/// How many keys of one object the summary lists.
const MAX_KEYS: usize = 16;

/// `{currentPassword: string, newPassword: string}` for a JSON body; a length for anything
/// else. Values are never shown: any string may be a password.
pub(crate) fn body_summary(body: &[u8]) -> String {
    if body.is_empty() {
        return "no body".to_owned();
    }
    match wiped::read(body) {
        Ok(value) => shape(&value.0, 0),
        Err(_) => format!("{} bytes, not JSON", body.len()),
    }
}

fn shape(value: &Value, depth: usize) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "bool".to_owned(),
        Value::Number(_) => "number".to_owned(),
        Value::String(_) => "string".to_owned(),
        Value::Array(items) => format!("[{} items]", items.len()),
        Value::Object(_) if depth >= MAX_DEPTH => "{…}".to_owned(),
        Value::Object(map) => {
            let mut parts: Vec<String> = map
                .iter()
                .take(MAX_KEYS)
                .map(|(k, v)| format!("{}: {}", printable(k), shape(v, depth + 1)))
                .collect();
            if map.len() > MAX_KEYS {
                parts.push(format!("… {} more", map.len() - MAX_KEYS));
            }
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Keys are shown, cut short and stripped of control characters.
fn printable(key: &str) -> String {
    key.chars()
        .take(64)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_shows_the_keys_and_kinds_but_no_value() {
        let s =
            body_summary(br#"{"currentPassword":"Old-Passw0rd!","n":{"deep":[1,2]},"ok":true}"#);
        assert_eq!(
            s,
            "{currentPassword: string, n: {deep: [2 items]}, ok: bool}"
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_summarised_by_its_length() {
        assert_eq!(body_summary(b"password=hunter2"), "16 bytes, not JSON");
        assert_eq!(body_summary(b""), "no body");
    }

    #[test]
    fn deep_or_wide_objects_are_cut_short() {
        let deep = br#"{"a":{"b":{"c":{"d":{"e":1}}}}}"#;
        assert_eq!(body_summary(deep), "{a: {b: {c: {d: {…}}}}}");
        let wide: String = format!(
            "{{{}}}",
            (0..20)
                .map(|i| format!("\"k{i}\":1"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(body_summary(wide.as_bytes()).ends_with("… 4 more}"));
    }
}
