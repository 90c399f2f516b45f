//! Request bodies read so that no string of theirs (any of them may be a password) is
//! freed without being zeroed first.
//!
//! serde_json copies a string with no escape in it straight from the body into the value,
//! once, at its exact size. A string with an escape (`\"`, `\\`, `\n`, `\u00e9`) it first
//! unescapes into a scratch buffer of its own, growing it as it goes and freeing it at the
//! end without wiping, so a password with a quote or a backslash would be left there. A
//! body with a backslash is therefore read as raw JSON text, one value at a time (serde_json
//! checks and skips a string without unescaping it), and its strings are unescaped here,
//! into strings that are wiped with the rest.

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use zeroize::{Zeroize, Zeroizing};

/// How deeply arrays and objects may nest: serde_json's own limit, so that both ways of
/// reading refuse the same bodies.
const MAX_DEPTH: usize = 127;

/// A JSON value read from a request body, whose strings are zeroed when it is dropped, on
/// every path out of the code that read it.
pub(crate) struct WipedJson(pub(crate) Value);

/// A JSON object read from a request body, wiped on drop like [`WipedJson`]. Take a value
/// out of it only once no password is left in that value.
pub(crate) struct WipedObject(pub(crate) Map<String, Value>);

/// `body` parsed, wiped on drop, with no copy of any of its strings left behind.
pub(crate) fn read(body: &[u8]) -> Result<WipedJson, serde_json::Error> {
    if !body.contains(&b'\\') {
        // No escape anywhere: serde_json never touches its scratch buffer.
        return serde_json::from_slice(body).map(WipedJson);
    }
    let raw: &RawValue = serde_json::from_slice(body)?;
    value_of(raw, 0).map(WipedJson)
}

/// The value `raw` is, strings unescaped by [`unescape`]. A value built so far is wiped if
/// a later one fails.
fn value_of(raw: &RawValue, depth: usize) -> Result<Value, serde_json::Error> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => unescape(text).map(Value::String),
        Some(b'[') => {
            let depth = deeper(depth)?;
            let items: Vec<&RawValue> = serde_json::from_str(text)?;
            let mut out = WipedJson(Value::Array(Vec::with_capacity(items.len())));
            for item in items {
                let value = value_of(item, depth)?;
                if let Value::Array(out) = &mut out.0 {
                    out.push(value);
                }
            }
            Ok(std::mem::take(&mut out.0))
        }
        Some(b'{') => {
            let depth = deeper(depth)?;
            let Entries(entries) = serde_json::from_str(text)?;
            let mut out = WipedObject(Map::new());
            for (name, item) in entries {
                let value = value_of(item, depth)?;
                out.0.insert(name, value);
            }
            Ok(Value::Object(std::mem::take(&mut out.0)))
        }
        // A number, `true`, `false` or `null`: no string in it.
        _ => serde_json::from_str(text),
    }
}

fn deeper(depth: usize) -> Result<usize, serde_json::Error> {
    if depth >= MAX_DEPTH {
        return Err(serde_json::Error::custom("recursion limit exceeded"));
    }
    Ok(depth + 1)
}

/// An object's members in order, each value still raw JSON text. The names (property
/// names, not values) are unescaped by serde_json.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// The string the JSON string literal `raw` (quotes included, already checked by
/// serde_json) stands for. The text is built in one buffer as long as the literal, which
/// an unescaped string never outgrows, so it never moves; a failure wipes it.
fn unescape(raw: &str) -> Result<String, serde_json::Error> {
    let invalid = || serde_json::Error::custom("invalid escape in a JSON string");
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(invalid)?;
    let mut out = Zeroizing::new(String::with_capacity(inner.len()));
    let mut rest = inner;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = rest.as_bytes().get(at + 1).copied().ok_or_else(invalid)?;
        rest = rest.get(at + 2..).ok_or_else(invalid)?;
        out.push(match escape {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (c, after) = unicode_escape(rest).ok_or_else(|| {
                    serde_json::Error::custom(
                        "a lone surrogate or a bad \\u escape in a JSON string",
                    )
                })?;
                rest = after;
                c
            }
            _ => return Err(invalid()),
        });
    }
    out.push_str(rest);
    Ok(std::mem::take(&mut *out))
}

/// The character of the `\u` escape whose four hex digits start `rest` (a surrogate pair
/// takes a second escape), and what follows it.
fn unicode_escape(rest: &str) -> Option<(char, &str)> {
    let first = hex4(rest)?;
    let rest = &rest[4..];
    match first {
        0xD800..=0xDBFF => {
            let low = hex4(rest.strip_prefix("\\u")?)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return None;
            }
            let c = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
            Some((char::from_u32(c)?, &rest[6..]))
        }
        _ => Some((char::from_u32(first)?, rest)),
    }
}

fn hex4(text: &str) -> Option<u32> {
    let digits = text.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
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
    fn a_body_with_escapes_reads_as_serde_json_reads_it() {
        let bodies: &[&str] = &[
            r#"{"password": "a\"b\\c\/d\b\f\n\r\te"}"#,
            r#"{"p": "caf\u00e9 \u20AC \ud83d\ude00 \u0000", "n": [1, -2.5e3, true, null]}"#,
            r#" [ "\"", {"k\"ey": {"deep": ["x\\", {}], "e": []}}, "plain" ] "#,
            r#""\\""#,
            r#"{"dup": "\"first", "dup": "\"second"}"#,
        ];
        for body in bodies {
            let expected: Value = serde_json::from_str(body).unwrap();
            assert_eq!(read(body.as_bytes()).unwrap().0, expected, "{body}");
        }
    }

    #[test]
    fn a_body_with_escapes_that_serde_json_refuses_is_refused() {
        let bodies: &[&str] = &[
            r#"{"p": "\ud800"}"#,
            r#"{"p": "\ud800\u0041"}"#,
            r#"{"p": "\udc00"}"#,
            r#"{"p": "\x"}"#,
            r#"{"p": "\u12"}"#,
            r#"{"p": "\"}"#,
            r#"{"p": "\""} trailing"#,
            "{\"p\": \"\\\"\u{1}\"}",
        ];
        for body in bodies {
            assert!(serde_json::from_str::<Value>(body).is_err(), "{body}");
            assert!(read(body.as_bytes()).is_err(), "{body}");
        }
    }

    #[test]
    fn nesting_past_serde_json_s_limit_is_refused_either_way() {
        for depth in [MAX_DEPTH, MAX_DEPTH + 1] {
            let body = format!("{}\"\\\"\"{}", "[".repeat(depth), "]".repeat(depth));
            let expected = serde_json::from_str::<Value>(&body);
            let got = read(body.as_bytes());
            assert_eq!(got.is_ok(), expected.is_ok(), "depth {depth}");
        }
        let nested = |depth| format!("{}\"\\\"\"{}", "[".repeat(depth), "]".repeat(depth));
        assert!(read(nested(MAX_DEPTH).as_bytes()).is_ok());
        assert!(read(nested(MAX_DEPTH + 1).as_bytes()).is_err());
    }

    #[test]
    fn an_unescaped_string_is_built_in_one_buffer_as_long_as_its_literal() {
        let literal = r#""Qx9\"\\\u00e9\ud83d\ude00 end""#;
        let text = unescape(literal).unwrap();
        assert_eq!(text, "Qx9\"\\\u{e9}\u{1f600} end");
        assert_eq!(
            text.capacity(),
            literal.len() - 2,
            "never moved to a larger one"
        );
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
