//! What a run generated, for tools and tests that need it without reading the generated
//! code: per operation its page and line, method, version, path template, the Rust call
//! that reaches it and the Rust type of its answer; per model its page. Written as JSON by
//! [`Manifest::to_json`] (`generate --manifest FILE` on the command line).

use std::path::Path;

use crate::emit::Mode;
use crate::ir::{Api, Method, ModelKind, Operation, Response, Step, TypeRef, Version};
use crate::lower::bare;
use crate::lower::call_path::{node_steps, step_method};

/// Everything one run generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// One entry per operation, in the order of [`Api::operations`].
    pub operations: Vec<OperationEntry>,
    /// One entry per model (request bodies and resources), by Rust name.
    pub models: Vec<ModelEntry>,
}

/// How an answer's body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body (`204`, or `202` with a `Location`).
    None,
    /// One JSON value of [`OperationEntry::item_type`].
    Object,
    /// `{"value": [...]}`, each element an [`OperationEntry::item_type`].
    Collection,
    /// `{"value": x}`, `x` an [`OperationEntry::item_type`].
    Value,
}

impl Body {
    /// `none`, `object`, `collection` or `value`.
    pub fn as_str(self) -> &'static str {
        match self {
            Body::None => "none",
            Body::Object => "object",
            Body::Collection => "collection",
            Body::Value => "value",
        }
    }
}

/// One generated operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationEntry {
    /// The page it came from, as given to the generator.
    pub page: String,
    /// The line of its request line in the page.
    pub line: usize,
    /// `GET`, `POST`, `PATCH`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// `v1.0` or `beta`.
    pub version: &'static str,
    /// The path template under the version, parameters named as in Rust
    /// (`/users/{id}/assignLicense`).
    pub path: String,
    /// The Rust call that reaches it on the call surface, from a `client`
    /// (`client.users().by_id(id).get()`, `client.me().change_password(body)`).
    pub call: String,
    /// The Rust type a success returns, as seen from the generated code's root
    /// (`models::User`, `::msgraph_typed::Page<models::User>`, `()`).
    pub response_type: String,
    /// How the answer's body is read.
    pub body: Body,
    /// The type of the body's value (of each element of a collection), when it has one
    /// (`models::User`, `bool`).
    pub item_type: Option<String>,
    /// The page's example response body, as written, when it has one.
    pub example_response: Option<String>,
}

/// One generated model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelEntry {
    /// The Rust path from the generated code's root (`models::User`).
    pub rust_path: String,
    /// `request` or `resource`.
    pub kind: &'static str,
    /// The page it came from.
    pub page: String,
    /// Its line in the page (its table, or its JSON representation).
    pub line: usize,
}

impl Manifest {
    /// The manifest of `api`, as emitted in `mode`.
    pub fn of(api: &Api, mode: Mode) -> Self {
        let rt = match mode {
            Mode::Sdk => "crate",
            Mode::Downstream => "::msgraph_typed",
        };
        let operations = api
            .operations
            .values()
            .map(|op| operation(op, mode, rt))
            .collect();
        let models = api
            .models
            .values()
            .map(|m| ModelEntry {
                rust_path: format!("models::{}", m.name),
                kind: match m.kind {
                    ModelKind::Request => "request",
                    ModelKind::Resource => "resource",
                },
                page: page(&m.source.path),
                line: m.source.line,
            })
            .collect();
        Self { operations, models }
    }

    /// The manifest as JSON: `{"operations": [...], "models": [...]}`, one entry a line.
    pub fn to_json(&self) -> String {
        let mut s = String::from("{\n  \"operations\": [");
        for (k, op) in self.operations.iter().enumerate() {
            s.push_str(if k == 0 { "\n    " } else { ",\n    " });
            let item = op
                .item_type
                .as_deref()
                .map_or("null".to_owned(), json_string);
            let example = op
                .example_response
                .as_deref()
                .map_or("null".to_owned(), json_string);
            s.push_str(&format!(
                "{{\"page\": {}, \"line\": {}, \"method\": {}, \"version\": {}, \"path\": {}, \
                 \"call\": {}, \"response_type\": {}, \"body\": {}, \"item_type\": {item}, \
                 \"example_response\": {example}}}",
                json_string(&op.page),
                op.line,
                json_string(op.method),
                json_string(op.version),
                json_string(&op.path),
                json_string(&op.call),
                json_string(&op.response_type),
                json_string(op.body.as_str()),
            ));
        }
        s.push_str("\n  ],\n  \"models\": [");
        for (k, m) in self.models.iter().enumerate() {
            s.push_str(if k == 0 { "\n    " } else { ",\n    " });
            s.push_str(&format!(
                "{{\"rust_path\": {}, \"kind\": {}, \"page\": {}, \"line\": {}}}",
                json_string(&m.rust_path),
                json_string(m.kind),
                json_string(&m.page),
                m.line
            ));
        }
        s.push_str("\n  ]\n}\n");
        s
    }
}

fn page(path: &Path) -> String {
    path.display().to_string()
}

fn operation(op: &Operation, mode: Mode, rt: &str) -> OperationEntry {
    let ty = |t: &TypeRef| crate::emit::rust_type_from_root(t, mode);
    let (body, item_type, response_type) = match &op.response {
        Response::Unit { status: 202 } => (Body::None, None, format!("{rt}::Accepted")),
        r if r.is_redirect() => (Body::None, None, format!("{rt}::Redirect")),
        Response::Unit { .. } => (Body::None, None, "()".to_owned()),
        Response::Model { ty: t, .. } => (Body::Object, Some(ty(t)), ty(t)),
        Response::Value { ty: t, .. } => (Body::Value, Some(ty(t)), ty(t)),
        Response::Collection { ty: t, .. } => (
            Body::Collection,
            Some(ty(t)),
            format!("{rt}::Page<{}>", ty(t)),
        ),
    };
    OperationEntry {
        page: page(&op.source.path),
        line: op.source.line,
        method: match op.method {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        },
        version: match op.version {
            Version::V1 => "v1.0",
            Version::Beta => "beta",
        },
        path: crate::emit::path_template(op),
        call: rust_call(op),
        response_type,
        body,
        item_type,
        example_response: op.example_response.clone(),
    }
}

/// The call that reaches `op` on the call surface, its arguments named after the path's
/// parameters (in path order) and `body`: `client.users().by_id(id).messages().list()`,
/// `client.reports().get_email_activity_counts(period)`,
/// `client.me().change_password(body)`. Calls under the SDK's own groups read the same
/// downstream (the `prelude`'s extension traits add them).
pub fn rust_call(op: &Operation) -> String {
    let mut params = op.path_params.iter().map(|p| p.rust_name.as_str());
    let mut next = |n: usize| -> String {
        (0..n)
            .map(|_| params.next().unwrap_or("id"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = "client".to_owned();
    let arguments = |step: &Step| match step {
        Step::Segment { .. } => 0,
        Step::Key { .. } | Step::PathKey { .. } => 1,
        Step::Function { args, .. } => args.len(),
    };
    for step in node_steps(&op.steps, op.last_step_is_call) {
        let args = next(arguments(step));
        out.push_str(&format!(".{}({args})", bare(step_method(step))));
    }
    let mut last: Vec<String> = Vec::new();
    if op.last_step_is_call {
        if let Some(step) = op.steps.last() {
            let args = next(arguments(step));
            if !args.is_empty() {
                last.push(args);
            }
        }
    }
    if op.request.is_some() {
        last.push("body".to_owned());
    }
    out.push_str(&format!(".{}({})", bare(&op.rust_name), last.join(", ")));
    out
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_quotes_backslashes_and_control_characters() {
        assert_eq!(json_string("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u0001""#);
    }
}
