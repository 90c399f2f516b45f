//! `#[cfg(test)] mod doc_examples`: the page's examples as tests. Each example request
//! round-trips through its request struct to the same JSON; each example response decodes
//! into its type; secrets in an example request never show in `Debug`.

use std::collections::BTreeSet;

use super::paths::Paths;
use super::writer::Writer;
use crate::ir::{Api, Model, Operation, Response, TypeRef};

/// One generated test: its name, the example JSON, the assertion to call and its
/// arguments after `json`.
struct Test {
    name: String,
    json: String,
    callee: String,
    extra: Vec<String>,
}

fn test_prefix(op: &Operation) -> String {
    format!("the_{}", op.const_name.to_ascii_lowercase())
}

/// Writes the test module (nothing when no page has a usable example).
pub fn write(w: &mut Writer, api: &Api, p: &Paths) {
    let mut tests: Vec<Test> = Vec::new();
    let mut seen_requests = BTreeSet::new();
    for op in api.operations.values() {
        let prefix = test_prefix(op);
        if let (Some(req), Some(json)) = (&op.request, &op.example_request) {
            if seen_requests.insert((req.clone(), json.clone())) {
                tests.push(Test {
                    name: format!("{prefix}_example_request_round_trips"),
                    json: json.clone(),
                    callee: format!(
                        "{}::__private::assert_round_trip::<super::models::{req}>",
                        p.rt
                    ),
                    extra: Vec::new(),
                });
                if let Some(names) = api.models.get(req).and_then(secret_names) {
                    tests.push(Test {
                        name: format!("{prefix}_example_request_hides_its_secrets_in_debug"),
                        json: json.clone(),
                        callee: format!(
                            "{}::__private::assert_debug_hides::<super::models::{req}>",
                            p.rt
                        ),
                        extra: vec![format!("&[{names}]")],
                    });
                }
            }
        }
        if let (
            Response::Model {
                ty: TypeRef::Model(m),
                ..
            },
            Some(json),
        ) = (&op.response, &op.example_response)
        {
            tests.push(Test {
                name: format!("{prefix}_example_response_decodes"),
                json: json.clone(),
                callee: format!("{}::__private::assert_decodes::<super::models::{m}>", p.rt),
                extra: Vec::new(),
            });
        }
    }
    if tests.is_empty() {
        return;
    }
    w.line("#[cfg(test)]");
    w.open("mod doc_examples {");
    for (i, t) in tests.iter().enumerate() {
        if i > 0 {
            w.blank();
        }
        w.line("#[test]");
        w.fn_open(&format!("fn {}", t.name), &[], None);
        raw_string(w, "let json = ", &t.json, ";");
        let mut args = vec!["json".to_owned()];
        args.extend(t.extra.iter().cloned());
        w.call("", &t.callee, &args, ";");
        w.close("}");
    }
    w.close("}");
}

/// `"currentPassword", "newPassword"`: the JSON names of the secret fields, if any.
fn secret_names(model: &Model) -> Option<String> {
    let names: Vec<String> = model
        .fields
        .iter()
        .filter(|f| f.secret)
        .map(|f| format!("{:?}", f.json_name))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// `let json = r#"..."#;` with as many `#` as the text needs; the lines after the first are
/// written as they are (they are inside the string).
fn raw_string(w: &mut Writer, lhs: &str, text: &str, end: &str) {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    if rest.is_empty() {
        w.line(&format!("{lhs}r{hashes}\"{first}\"{hashes}{end}"));
        return;
    }
    w.line(&format!("{lhs}r{hashes}\"{first}"));
    let last = rest.len() - 1;
    for (i, l) in rest.iter().enumerate() {
        let suffix = if i == last {
            format!("\"{hashes}{end}")
        } else {
            String::new()
        };
        w.raw_line(&format!("{}{suffix}", l.trim_end()));
    }
}
