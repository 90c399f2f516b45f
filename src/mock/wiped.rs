//! Request bodies read so that no string of theirs (any of them may be a password) is
//! freed without being zeroed first.

use serde_json::{Map, Value};
use zeroize::Zeroize;

/// A JSON value read from a request body, whose strings are zeroed when it is dropped, on
/// every path out of the code that read it.
pub(crate) struct WipedJson(pub(crate) Value);

/// A JSON object read from a request body, wiped on drop like [`WipedJson`]. Take a value
/// out of it only once no password is left in that value.
pub(crate) struct WipedObject(pub(crate) Map<String, Value>);

/// `body` parsed, wiped on drop.
pub(crate) fn read(body: &[u8]) -> Result<WipedJson, serde_json::Error> {
    serde_json::from_slice(body).map(WipedJson)
}

impl WipedJson {
    /// The object this value is, still wiped on drop; `None` (the value wiped) when it is
    /// not an object.
    pub(crate) fn into_object(mut self) -> Option<WipedObject> {
        match std::mem::take(&mut self.0) {
            Value::Object(map) => Some(WipedObject(map)),
            other => {
                self.0 = other;
                None
            }
        }
    }
}

impl Drop for WipedJson {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

impl Drop for WipedObject {
    fn drop(&mut self) {
        self.0.values_mut().for_each(wipe);
    }
}

/// Zeroes every string value in `value` (object keys are names, and stay).
fn wipe(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(map) => map.values_mut().for_each(wipe),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_object_body_reads_as_an_object() {
        let object = read(br#"{"a": {"b": ["c"]}}"#).unwrap().into_object();
        assert_eq!(object.unwrap().0["a"]["b"][0], "c");
        assert!(read(b"[1]").unwrap().into_object().is_none());
        assert!(read(b"\"text\"").unwrap().into_object().is_none());
        assert!(read(b"{").is_err());
    }

    #[test]
    fn a_wipe_zeroes_every_string_value_however_deep() {
        let mut value = serde_json::json!({"p": "secret", "n": [{"q": "hidden"}], "k": 1});
        wipe(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"p": "", "n": [{"q": ""}], "k": 1})
        );
    }
}
