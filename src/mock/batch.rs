//! JSON batching: `POST /{version}/$batch` with up to 20 steps, each answered by the same
//! handler as a request of its own (its own faults, journal entry, status, headers and
//! body), in `dependsOn` order; a step whose dependency failed gets 424.

use std::collections::HashMap;

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::{json, Map, Value};

use super::handler::{self, Incoming, State};
use super::wiped;
use super::wire::{self, Stamp};
use crate::request::GraphResponse;
use crate::secret::WipeOnDrop;

/// The most steps one batch may hold.
pub const MAX_BATCH_STEPS: usize = 20;

/// The headers every answer carries, left out of a step's `headers` (the batch's own
/// answer carries them).
const ENVELOPE_HEADERS: [&str; 8] = [
    "request-id",
    "client-request-id",
    "date",
    "strict-transport-security",
    "vary",
    "x-ms-ags-diagnostic",
    "x-ms-resource-unit",
    "odata-version",
];

struct Step {
    id: String,
    method: Method,
    url: String,
    headers: HeaderMap,
    /// Wiped on drop: it may hold a password.
    body: Option<WipeOnDrop>,
    depends_on: Vec<String>,
}

fn invalid(stamp: &Stamp, why: &str) -> GraphResponse {
    wire::error_response(
        stamp,
        400,
        "BadRequest",
        &format!("Invalid batch payload format: {why}"),
    )
}

fn read_steps(body: &[u8]) -> Result<Vec<Step>, String> {
    // Wiped on the way out: the steps' bodies may hold passwords.
    let value = wiped::read(body).map_err(|_| "the body is not JSON.".to_owned())?;
    let Some(requests) = value.0.get("requests").and_then(Value::as_array) else {
        return Err("the body must be an object with a \"requests\" array.".into());
    };
    if requests.len() > MAX_BATCH_STEPS {
        return Err(format!(
            "the batch holds {} requests; a batch may hold at most {MAX_BATCH_STEPS}.",
            requests.len()
        ));
    }
    let mut steps = Vec::with_capacity(requests.len());
    for (i, r) in requests.iter().enumerate() {
        let text = |name: &str| -> Result<String, String> {
            match r.get(name) {
                Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
                Some(Value::Number(n)) if name == "id" => Ok(n.to_string()),
                _ => Err(format!("requests[{i}] needs \"{name}\" (a string).")),
            }
        };
        let id = text("id")?;
        let method = Method::from_bytes(text("method")?.to_ascii_uppercase().as_bytes())
            .map_err(|_| format!("requests[{i}] ({id}): \"method\" is not an HTTP method."))?;
        let url = text("url")?;
        let mut headers = HeaderMap::new();
        if let Some(h) = r.get("headers") {
            let Some(h) = h.as_object() else {
                return Err(format!(
                    "requests[{i}] ({id}): \"headers\" must be an object."
                ));
            };
            for (name, value) in h {
                let (Ok(name), Some(Ok(value))) = (
                    HeaderName::from_bytes(name.as_bytes()),
                    value.as_str().map(HeaderValue::from_str),
                ) else {
                    return Err(format!(
                        "requests[{i}] ({id}): the header \"{name}\" is not a valid header."
                    ));
                };
                headers.insert(name, value);
            }
        }
        let body = match r.get("body") {
            None | Some(Value::Null) => None,
            Some(b) => {
                if !headers.contains_key(http::header::CONTENT_TYPE) {
                    return Err(format!(
                        "requests[{i}] ({id}): a request with a body needs a Content-Type header."
                    ));
                }
                Some(crate::secret::to_json(b).unwrap_or_else(|_| WipeOnDrop(Vec::new())))
            }
        };
        let depends_on = match r.get("dependsOn") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(ids)) => ids
                .iter()
                .map(|d| d.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("requests[{i}] ({id}): \"dependsOn\" must list ids."))?,
            Some(_) => {
                return Err(format!(
                    "requests[{i}] ({id}): \"dependsOn\" must be a list."
                ))
            }
        };
        steps.push(Step {
            id,
            method,
            url,
            headers,
            body,
            depends_on,
        });
    }
    Ok(steps)
}

/// The steps' indices in an order where each comes after what it depends on.
fn order(steps: &[Step]) -> Result<Vec<usize>, String> {
    let mut index = HashMap::new();
    for (i, s) in steps.iter().enumerate() {
        if index.insert(s.id.as_str(), i).is_some() {
            return Err(format!(
                "the id \"{}\" is used by more than one request.",
                s.id
            ));
        }
    }
    for s in steps {
        if let Some(d) = s
            .depends_on
            .iter()
            .find(|d| !index.contains_key(d.as_str()))
        {
            return Err(format!(
                "the request \"{}\" depends on \"{d}\", which is not in the batch.",
                s.id
            ));
        }
    }
    let mut done = vec![false; steps.len()];
    let mut out = Vec::with_capacity(steps.len());
    while out.len() < steps.len() {
        let before = out.len();
        for (i, s) in steps.iter().enumerate() {
            if !done[i] && s.depends_on.iter().all(|d| done[index[d.as_str()]]) {
                done[i] = true;
                out.push(i);
            }
        }
        if out.len() == before {
            return Err("the requests' dependsOn form a cycle.".into());
        }
    }
    Ok(out)
}

/// Answers a `$batch` request whose envelope passed the handler's checks (faults, token).
pub(crate) fn answer(
    state: &mut State,
    request: &Incoming<'_>,
    version: &str,
    stamp: &Stamp,
) -> GraphResponse {
    if *request.method != Method::POST {
        let mut r = wire::error_response(
            stamp,
            405,
            "Request_BadRequest",
            "Specified HTTP method is not allowed for the request target.",
        );
        wire::put(&mut r.headers, "allow", "POST");
        return r;
    }
    let json = request
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return wire::error_response(
            stamp,
            415,
            "BadRequest",
            "A batch must be sent with Content-Type application/json.",
        );
    }
    let steps = match read_steps(request.body) {
        Ok(steps) => steps,
        Err(why) => return invalid(stamp, &why),
    };
    let order = match order(&steps) {
        Ok(order) => order,
        Err(why) => return invalid(stamp, &why),
    };
    let mut answers: Vec<Option<Value>> = vec![None; steps.len()];
    let mut status: HashMap<&str, u16> = HashMap::new();
    for i in order {
        let step = &steps[i];
        let failed = step.depends_on.iter().find(|d| {
            !status
                .get(d.as_str())
                .is_some_and(|s| (200..300).contains(s))
        });
        let (code, answer) = match failed {
            Some(d) => {
                let stamp = Stamp::for_headers(request.headers);
                let body = json!({"error": {
                    "code": "FailedDependency",
                    "message": format!("The request depends on '{d}', which failed."),
                    "innerError": {
                        "date": stamp.inner_date(),
                        "request-id": stamp.request_id,
                        "client-request-id": stamp.client_request_id,
                    }
                }});
                (
                    424,
                    json!({"id": step.id, "status": 424,
                           "headers": {"Content-Type": wire::ERROR_JSON}, "body": body}),
                )
            }
            None => run_step(state, request, version, step),
        };
        status.insert(step.id.as_str(), code);
        answers[i] = Some(answer);
    }
    let body = json!({"responses": answers.into_iter().flatten().collect::<Vec<_>>()});
    wire::json_response(stamp, 200, serde_json::to_vec(&body).unwrap_or_default())
}

/// One step, through the same handler as any request: its status and its answer object.
fn run_step(state: &mut State, outer: &Incoming<'_>, version: &str, step: &Step) -> (u16, Value) {
    let url = step.url.trim();
    let relative = url.strip_prefix('/').unwrap_or(url);
    let (path, query) = relative.split_once('?').unwrap_or((relative, ""));
    let path = format!("/{version}/{path}");
    let mut headers = step.headers.clone();
    for name in [
        http::header::AUTHORIZATION,
        HeaderName::from_static("client-request-id"),
    ] {
        if let Some(v) = outer.headers.get(&name) {
            headers.insert(name, v.clone());
        }
    }
    let pairs = decode_query(query);
    let body = step.body.as_ref().map(|b| &b.0[..]).unwrap_or_default();
    let response = if url.contains("://") || path.to_ascii_lowercase().contains("/$batch") {
        wire::error_response(
            &Stamp::for_headers(&headers),
            400,
            "BadRequest",
            "A batch request's url must be relative to the version (e.g. /users/{id}), and not a batch.",
        )
    } else {
        handler::handle_step(
            state,
            &Incoming {
                method: &step.method,
                path: &path,
                query,
                pairs: &pairs,
                headers: &headers,
                body,
                base_url: outer.base_url,
            },
            &step.id,
        )
    };
    (response.status, step_answer(&step.id, &response))
}

fn step_answer(id: &str, r: &GraphResponse) -> Value {
    let mut headers = Map::new();
    for (name, value) in &r.headers {
        if ENVELOPE_HEADERS.contains(&name.as_str()) {
            continue;
        }
        if let Ok(v) = value.to_str() {
            headers.insert(header_case(name.as_str()), Value::String(v.to_owned()));
        }
    }
    let mut out = json!({"id": id, "status": r.status, "headers": headers});
    if !r.body.is_empty() {
        let body = serde_json::from_slice::<Value>(&r.body)
            .ok()
            .filter(|_| {
                r.headers
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|c| c.starts_with("application/json"))
            })
            .unwrap_or_else(|| Value::String(base64(&r.body)));
        out["body"] = body;
    }
    out
}

/// `content-type` as `Content-Type`, as Graph writes a step's header names.
fn header_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A query string's decoded pairs, `+` read as a space (as Graph reads a step's URL), by
/// the same decoder as [`GraphRequest::query_pairs`](crate::GraphRequest::query_pairs).
pub(crate) fn decode_query(query: &str) -> Vec<(String, String)> {
    crate::request::query_pairs(query)
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

/// Standard base64 with padding: how a batch carries a step's body that is not JSON.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"12"), "MTI=");
    }

    #[test]
    fn steps_run_after_what_they_depend_on_and_cycles_or_unknown_ids_are_refused() {
        let steps = |json: &str| read_steps(json.as_bytes()).unwrap();
        let s = steps(
            r#"{"requests":[{"id":"1","method":"GET","url":"/me","dependsOn":["2"]},
                            {"id":"2","method":"GET","url":"/me"}]}"#,
        );
        assert_eq!(order(&s).unwrap(), [1, 0]);
        let s = steps(
            r#"{"requests":[{"id":"1","method":"GET","url":"/me","dependsOn":["2"]},
                            {"id":"2","method":"GET","url":"/me","dependsOn":["1"]}]}"#,
        );
        assert!(order(&s).unwrap_err().contains("cycle"));
        let s = steps(r#"{"requests":[{"id":"1","method":"GET","url":"/me","dependsOn":["9"]}]}"#);
        assert!(order(&s).unwrap_err().contains("\"9\""));
        let s = steps(
            r#"{"requests":[{"id":"1","method":"GET","url":"/me"},{"id":"1","method":"GET","url":"/me"}]}"#,
        );
        assert!(order(&s).unwrap_err().contains("more than one"));
    }

    #[test]
    fn a_batch_payload_is_refused_when_it_is_not_a_list_of_well_formed_steps() {
        for (body, says) in [
            ("[]", "\"requests\""),
            (r#"{"requests":[{"method":"GET","url":"/me"}]}"#, "\"id\""),
            (
                r#"{"requests":[{"id":"1","method":"G T","url":"/me"}]}"#,
                "method",
            ),
            (
                r#"{"requests":[{"id":"1","method":"POST","url":"/users","body":{}}]}"#,
                "Content-Type",
            ),
            (
                r#"{"requests":[{"id":"1","method":"GET","url":"/me","dependsOn":"2"}]}"#,
                "dependsOn",
            ),
        ] {
            let e = read_steps(body.as_bytes()).err().unwrap_or_default();
            assert!(e.contains(says), "{body}: {e}");
        }
        let many: Vec<String> = (0..21)
            .map(|i| format!(r#"{{"id":"{i}","method":"GET","url":"/me"}}"#))
            .collect();
        let e = read_steps(format!(r#"{{"requests":[{}]}}"#, many.join(",")).as_bytes())
            .err()
            .unwrap_or_default();
        assert!(e.contains("at most 20"), "{e}");
    }

    #[test]
    fn a_step_query_is_decoded_with_plus_as_a_space() {
        assert_eq!(
            decode_query("%24filter=displayName+eq+%27A%27&$top=2"),
            [
                ("$filter".to_owned(), "displayName eq 'A'".to_owned()),
                ("$top".to_owned(), "2".to_owned())
            ]
        );
    }
}
