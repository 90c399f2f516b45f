//! The JSON of Graph's `$batch`: the request body that carries the steps, and the response
//! body that answers them. Pure functions, no I/O.
//!
//! Request: `{"requests": [{"id", "method", "url", "headers"?, "dependsOn"?, "body"?}]}`,
//! each `url` relative to the version (`/users/u1?$select=id`). Response:
//! `{"responses": [{"id", "status", "headers"?, "body"?}]}`, in any order; a body that is
//! not JSON comes base64-encoded in a JSON string.

use std::collections::HashMap;
use std::io::Write;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::request::GraphResponse;
use crate::secret::WipeOnDrop;

/// One step as it goes on the wire.
pub(crate) struct WireStep<'a> {
    /// The step's id (unique in its batch request).
    pub(crate) id: usize,
    pub(crate) method: &'a str,
    /// Relative to the version: path and encoded query.
    pub(crate) url: &'a str,
    /// Header names and text values.
    pub(crate) headers: Vec<(&'a str, &'a str)>,
    /// The id of the step (in the same request) this one runs after.
    pub(crate) depends_on: Option<usize>,
    /// The JSON body, checked to be JSON when the step was added. It may hold a password.
    pub(crate) body: Option<&'a [u8]>,
}

/// The batch request body, in one buffer sized up front (so no reallocation leaves a copy
/// of a step's body behind) and wiped when dropped, as request bodies are.
pub(crate) fn encode(steps: &[WireStep<'_>]) -> Bytes {
    // An upper bound: every text escaped at its worst (`\u00XX`, six bytes a byte), the
    // bodies as they are, and the punctuation and names around each step.
    let mut capacity = 16;
    for step in steps {
        capacity += 96 + 20 + 6 * (step.method.len() + step.url.len());
        capacity += step
            .headers
            .iter()
            .map(|(n, v)| 6 * (n.len() + v.len()) + 8)
            .sum::<usize>();
        capacity += step.body.map_or(0, |b| b.len() + 8);
    }
    // Written through a `WipeOnDrop`: should the bound ever be short, the buffer it
    // outgrows is wiped, not freed with a step's password in it.
    let mut out = WipeOnDrop::with_capacity(capacity);
    put(&mut out, b"{\"requests\":[");
    for (n, step) in steps.iter().enumerate() {
        if n > 0 {
            put(&mut out, b",");
        }
        // Writing into memory cannot fail; a `str` always serializes.
        let _ = write!(out, "{{\"id\":\"{}\",\"method\":", step.id);
        string(&mut out, step.method);
        put(&mut out, b",\"url\":");
        string(&mut out, step.url);
        if !step.headers.is_empty() {
            put(&mut out, b",\"headers\":{");
            for (i, (name, value)) in step.headers.iter().enumerate() {
                if i > 0 {
                    put(&mut out, b",");
                }
                string(&mut out, name);
                put(&mut out, b":");
                string(&mut out, value);
            }
            put(&mut out, b"}");
        }
        if let Some(dep) = step.depends_on {
            let _ = write!(out, ",\"dependsOn\":[\"{dep}\"]");
        }
        if let Some(body) = step.body {
            put(&mut out, b",\"body\":");
            put(&mut out, body);
        }
        put(&mut out, b"}");
    }
    put(&mut out, b"]}");
    debug_assert!(out.0.len() <= capacity, "the batch body outgrew its buffer");
    Bytes::from_owner(out)
}

fn put(out: &mut WipeOnDrop, bytes: &[u8]) {
    // Writing into memory cannot fail.
    let _ = out.write_all(bytes);
}

fn string(out: &mut WipeOnDrop, text: &str) {
    let _ = serde_json::to_writer(&mut *out, text);
}

#[derive(Deserialize)]
struct Answers<'a> {
    #[serde(borrow)]
    responses: Vec<Answer<'a>>,
}

#[derive(Deserialize)]
struct Answer<'a> {
    #[serde(deserialize_with = "id_text")]
    id: String,
    status: u16,
    #[serde(default)]
    headers: HashMap<String, serde_json::Value>,
    #[serde(default, borrow)]
    body: Option<&'a RawValue>,
}

/// A step id as Graph writes it (a string), or as a number, which some servers send.
fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "a step id must be a string, not {other}"
        ))),
    }
}

/// The steps' answers in a batch response body, by step id, each as the response the step
/// would have had alone: its status, its headers, its body. The bodies share the batch
/// body's buffer. An id that comes twice keeps its first answer.
pub(crate) fn decode(body: &Bytes) -> Result<HashMap<String, GraphResponse>, serde_json::Error> {
    let answers: Answers<'_> = serde_json::from_slice(body)?;
    let mut by_id = HashMap::with_capacity(answers.responses.len());
    for answer in answers.responses {
        if by_id.contains_key(&answer.id) {
            continue;
        }
        let headers = header_map(&answer.headers);
        let body = match answer.body {
            None => Bytes::new(),
            Some(raw) => step_body(body, raw.get(), &headers),
        };
        by_id.insert(
            answer.id,
            GraphResponse {
                status: answer.status,
                headers,
                body,
            },
        );
    }
    Ok(by_id)
}

fn header_map(headers: &HashMap<String, serde_json::Value>) -> HeaderMap {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            // Graph's step headers are strings; anything else is no header at all.
            _ => continue,
        };
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&text),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// A step's body: its JSON text, a slice of the batch body; `null` is no body; a JSON
/// string answering with a content type that is not JSON is base64 of the real body.
fn step_body(batch: &Bytes, raw: &str, headers: &HeaderMap) -> Bytes {
    if raw == "null" {
        return Bytes::new();
    }
    let is_json = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| t.to_ascii_lowercase().contains("json"));
    if !is_json && raw.starts_with('"') {
        if let Ok(text) = serde_json::from_str::<String>(raw) {
            if let Some(bytes) = base64_decode(&text) {
                return Bytes::from(bytes);
            }
        }
    }
    batch.slice_ref(raw.as_bytes())
}

/// Standard base64 (with or without `=` padding); `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let data = text.trim_end_matches('=').as_bytes();
    if text.len() - data.len() > 2 || data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step<'a>(id: usize, method: &'a str, url: &'a str) -> WireStep<'a> {
        WireStep {
            id,
            method,
            url,
            headers: Vec::new(),
            depends_on: None,
            body: None,
        }
    }

    #[test]
    fn a_batch_request_lists_each_step_with_its_relative_url_headers_dependency_and_body() {
        let body = br#"{"password":"Tr0ub4dor&3"}"#;
        let steps = [
            step(1, "GET", "/users/u1?$select=id,displayName"),
            WireStep {
                headers: vec![
                    ("ConsistencyLevel", "eventual"),
                    ("Content-Type", "application/json"),
                ],
                depends_on: Some(1),
                body: Some(body),
                ..step(2, "POST", "/users/validatePassword")
            },
        ];
        let bytes = encode(&steps);
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"requests": [
                {"id": "1", "method": "GET", "url": "/users/u1?$select=id,displayName"},
                {"id": "2", "method": "POST", "url": "/users/validatePassword",
                 "headers": {"ConsistencyLevel": "eventual", "Content-Type": "application/json"},
                 "dependsOn": ["1"],
                 "body": {"password": "Tr0ub4dor&3"}},
            ]})
        );
    }

    #[test]
    fn text_with_quotes_and_control_characters_is_escaped_within_the_buffer_sized_up_front() {
        let nasty = "/users/\"\u{1}\\?$filter=x eq '\n'";
        let steps = [WireStep {
            headers: vec![("Prefer", "\u{1f}\u{1f}\u{1f}\"")],
            ..step(7, "GET", nasty)
        }];
        let bytes = encode(&steps);
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["requests"][0]["url"], nasty);
        assert_eq!(
            json["requests"][0]["headers"]["Prefer"],
            "\u{1f}\u{1f}\u{1f}\""
        );
        assert_eq!(encode(&[]).as_ref(), br#"{"requests":[]}"#);
    }

    #[test]
    fn answers_in_any_order_are_found_by_id_with_status_headers_and_body() {
        let body = Bytes::from_static(
            br#"{"responses":[
                {"id":"2","status":404,"headers":{"Content-Type":"application/json","request-id":"rid-2"},
                 "body":{"error":{"code":"Request_ResourceNotFound","message":"gone"}}},
                {"id":"1","status":200,"headers":{"Content-Type":"application/json"},"body":{"id":"u1"}},
                {"id":3,"status":204,"body":null},
                {"id":"1","status":500}
            ]}"#,
        );
        let answers = decode(&body).unwrap();
        assert_eq!(answers.len(), 3);
        assert_eq!(answers["1"].status, 200);
        assert_eq!(&answers["1"].body[..], br#"{"id":"u1"}"#);
        assert_eq!(answers["2"].status, 404);
        assert_eq!(answers["2"].request_id(), Some("rid-2"));
        let e = crate::Error::from_response(&answers["2"]);
        assert_eq!(e.code(), Some("Request_ResourceNotFound"));
        assert_eq!(answers["3"].status, 204);
        assert!(answers["3"].body.is_empty());
    }

    #[test]
    fn a_step_body_is_a_slice_of_the_batch_body_not_a_copy() {
        let body = Bytes::from(r#"{"responses":[{"id":"1","status":200,"body":{"a":[1,2]}}]}"#);
        let answers = decode(&body).unwrap();
        let step = &answers["1"].body;
        let start = body.as_ptr() as usize;
        let at = step.as_ptr() as usize;
        assert!(at >= start && at + step.len() <= start + body.len());
        assert_eq!(&step[..], br#"{"a":[1,2]}"#);
    }

    #[test]
    fn a_body_that_is_not_json_arrives_base64_encoded_and_is_decoded() {
        let body = Bytes::from_static(
            br#"{"responses":[
                {"id":"1","status":200,"headers":{"Content-Type":"text/plain"},"body":"aGVsbG8sIHdvcmxkIQ=="},
                {"id":"2","status":200,"headers":{"Content-Type":"application/json"},"body":"aGk="}
            ]}"#,
        );
        let answers = decode(&body).unwrap();
        assert_eq!(&answers["1"].body[..], b"hello, world!");
        // A JSON string answer stays JSON.
        assert_eq!(&answers["2"].body[..], br#""aGk=""#);
    }

    #[test]
    fn base64_reads_padded_and_unpadded_text_and_refuses_the_rest() {
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        assert_eq!(base64_decode("YWI").unwrap(), b"ab");
        assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
        assert_eq!(base64_decode("+/8=").unwrap(), [0xfb, 0xff]);
        assert!(base64_decode("Y").is_none());
        assert!(base64_decode("YQ===").is_none());
        assert!(base64_decode("Y*==").is_none());
    }

    #[test]
    fn a_response_that_is_not_a_batch_answer_is_a_decode_error() {
        for body in [
            &b"<html>bad gateway</html>"[..],
            br#"{"value":[]}"#,
            br#"{"responses":[{"id":"1"}]}"#,
            br#"{"responses":[{"id":{},"status":200}]}"#,
            b"",
        ] {
            assert!(decode(&Bytes::from_static(body)).is_err(), "{body:?}");
        }
    }

    #[test]
    fn step_headers_that_are_not_text_or_not_valid_are_left_out() {
        let body = Bytes::from_static(
            br#"{"responses":[{"id":"1","status":429,
                "headers":{"Retry-After":3,"bad name":"x","x-list":["a"],"x-ok":"yes"}}]}"#,
        );
        let answers = decode(&body).unwrap();
        let h = &answers["1"].headers;
        assert_eq!(h.get("retry-after").unwrap(), "3");
        assert_eq!(h.get("x-ok").unwrap(), "yes");
        assert_eq!(h.len(), 2);
    }
}
