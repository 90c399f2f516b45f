//! The `operations` module: one `static` [`Operation`](crate::ir::Operation) descriptor
//! per operation, and one struct per group (`Me`, `Users`) whose async methods call them.

use std::collections::BTreeMap;

use super::docs::{self, BETA};
use super::paths::{Mode, Paths};
use super::types::rust_type;
use super::writer::{literal, Writer};
use crate::ir::{Api, Method, Operation, Replay, Response, TypeRef, Version};

/// The groups the SDK itself has entry points for (`GraphClient::me`, `::users`). In
/// downstream mode, new operations of these groups are reached through extension traits.
pub const SDK_GROUPS: &[&str] = &["me", "users"];

/// Operations by group, in order.
pub fn by_group(api: &Api) -> BTreeMap<&str, Vec<&Operation>> {
    let mut out: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in api.operations.values() {
        out.entry(op.group_fn.as_str()).or_default().push(op);
    }
    out
}

/// Writes `pub mod operations { ... }`.
pub fn write(w: &mut Writer, api: &Api, p: &Paths, mode: Mode) {
    w.doc("Operations, grouped by the first segment of their path.");
    w.open("pub mod operations {");
    for op in api.operations.values() {
        write_static(w, op, p);
        w.blank();
    }
    if api
        .operations
        .values()
        .any(|o| matches!(o.response, Response::Value { .. }))
    {
        w.doc("The `{\"value\": ...}` body of operations that return a primitive.");
        w.attr("derive", &[format!("{}::Deserialize", p.serde)]);
        w.attr("serde", &[format!("crate = {}", literal(p.serde))]);
        w.open("struct ValueBody<T> {");
        w.line("value: T,");
        w.close("}");
        w.blank();
    }
    let groups = by_group(api);
    let mut first = true;
    for (group, ops) in &groups {
        if !first {
            w.blank();
        }
        first = false;
        write_group(w, group, ops, p, mode);
    }
    w.close("}");
}

/// `GET`, `POST`, ...
pub fn method_name(m: Method) -> &'static str {
    match m {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
    }
}

/// The path template with `{id | userPrincipalName}` reduced to `{id}`.
pub fn template(op: &Operation) -> String {
    let mut path = op.path.clone();
    for param in &op.path_params {
        path = path.replacen(
            &format!("{{{}}}", param.template),
            &format!("{{{}}}", param.rust_name),
            1,
        );
    }
    path
}

/// The path as a `format!` template: each parameter becomes `{rust_name}` and any other
/// brace is doubled, so a stray `{` or `}` stays a literal character.
pub fn format_template(op: &Operation) -> String {
    let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let mut out = String::new();
    let mut rest = op.path.as_str();
    for param in &op.path_params {
        let whole = format!("{{{}}}", param.template);
        if let Some(at) = rest.find(&whole) {
            out.push_str(&escape(rest.get(..at).unwrap_or("")));
            out.push_str(&format!("{{{}}}", param.rust_name));
            rest = rest.get(at + whole.len()..).unwrap_or("");
        }
    }
    out.push_str(&escape(rest));
    out
}

fn write_static(w: &mut Writer, op: &Operation, p: &Paths) {
    let method = method_name(op.method);
    let version = docs::version(op.version);
    w.doc(&format!(
        "`{}`: `{method} /{version}{}`.",
        docs::text(&op.name),
        template(op)
    ));
    let args = vec![
        literal(&op.name),
        format!("{}::Method::{method}", p.http),
        format!(
            "{}::ApiVersion::{}",
            p.rt,
            match op.version {
                Version::V1 => "V1",
                Version::Beta => "Beta",
            }
        ),
        literal(&template(op)),
        format!(
            "{}::Replay::{}",
            p.rt,
            match op.replay {
                Replay::Safe => "Safe",
                Replay::OnlyUnprocessed => "OnlyUnprocessed",
            }
        ),
    ];
    w.call(
        &format!("pub static {}: {}::Operation =", op.const_name, p.rt),
        &format!("{}::Operation::new", p.rt),
        &args,
        ";",
    );
}

fn group_doc(path_group: &str, group: &str, p: &Paths, mode: Mode, type_name: &str) -> String {
    let what = if path_group == "me" {
        "Operations under `/me`: the signed-in user.".to_owned()
    } else {
        format!("Operations under `/{path_group}`.")
    };
    match mode {
        Mode::Sdk => format!("{what} Get it from [`GraphClient::{group}`](crate::GraphClient::{group})."),
        Mode::Downstream if SDK_GROUPS.contains(&group) => format!(
            "{what} These are the operations generated into this crate; call them on the SDK's `{}::operations::{type_name}` through [`{type_name}Ext`](super::{type_name}Ext).",
            p.rt
        ),
        Mode::Downstream => format!("{what} Get it from [`GraphClientExt::{group}`](super::GraphClientExt::{group})."),
    }
}

fn write_group(w: &mut Writer, group: &str, ops: &[&Operation], p: &Paths, mode: Mode) {
    let Some(type_name) = ops.first().map(|o| o.group_type.as_str()) else {
        return;
    };
    let path_group = ops.first().map_or(group, |o| o.group.as_str());
    w.doc(&group_doc(path_group, group, p, mode, type_name));
    w.line("#[derive(Clone, Copy)]");
    w.open(&format!("pub struct {type_name}<'a> {{"));
    w.line(&format!("client: &'a dyn {}::GraphClient,", p.rt));
    w.close("}");
    w.blank();
    w.open(&format!("impl<'a> {type_name}<'a> {{"));
    w.doc(&format!(
        "Operations under `/{path_group}`, sent through `client`."
    ));
    w.fn_open(
        "pub fn new",
        &[format!("client: &'a dyn {}::GraphClient", p.rt)],
        Some("Self"),
    );
    w.struct_lit("Self", &["client".to_owned()], "");
    w.close("}");
    w.blank();
    w.doc("The client these operations are sent through.");
    w.fn_open(
        "pub fn client",
        &["&self".to_owned()],
        Some(&format!("&'a dyn {}::GraphClient", p.rt)),
    );
    w.line("self.client");
    w.close("}");
    for op in ops {
        w.blank();
        write_method(w, op, p);
    }
    w.close("}");
    w.blank();
    w.open(&format!("impl ::std::fmt::Debug for {type_name}<'_> {{"));
    w.fn_open(
        "fn fmt",
        &["&self".into(), "f: &mut ::std::fmt::Formatter<'_>".into()],
        Some("::std::fmt::Result"),
    );
    w.chain(
        &format!("f.debug_struct({})", literal(type_name)),
        &[".finish_non_exhaustive()".to_owned()],
        "",
    );
    w.close("}");
    w.close("}");
}

/// The Rust type an operation returns on success.
pub fn success_type(op: &Operation, p: &Paths) -> String {
    match &op.response {
        Response::Unit { status: 202 } => format!("{}::Accepted", p.rt),
        Response::Unit { .. } => "()".to_owned(),
        Response::Model { ty, .. } | Response::Value { ty, .. } => {
            rust_type(ty, "super::models::", p)
        }
        Response::Collection { ty, .. } => {
            format!("{}::Page<{}>", p.rt, rust_type(ty, "super::models::", p))
        }
    }
}

/// The parameters of an operation's method, after `self`.
pub fn params(op: &Operation) -> Vec<String> {
    let mut out: Vec<String> = op
        .path_params
        .iter()
        .map(|pp| format!("{}: &str", pp.rust_name))
        .collect();
    if let Some(req) = &op.request {
        out.push(format!("body: super::models::{req}"));
    }
    out
}

/// The rustdoc of an operation's method.
pub fn method_doc(op: &Operation) -> String {
    let method = method_name(op.method);
    let version = docs::version(op.version);
    let mut doc = if op.docs.summary.trim().is_empty() {
        format!("Calls `{}`.", docs::text(&op.name))
    } else {
        docs::text(&op.docs.summary)
    };
    let status = docs::status(docs::response_status(&op.response));
    let answer = match &op.response {
        Response::Unit { status: 202 } => format!(
            "Graph answers `{status}`; the returned `Accepted` holds its `Location` header, where to follow the work."
        ),
        Response::Unit { .. } => format!("Graph answers `{status}`."),
        Response::Model { ty: TypeRef::Model(m), .. } => {
            format!("Graph answers `{status}` with a [`{m}`](super::models::{m}).")
        }
        Response::Collection { ty: TypeRef::Model(m), .. } => format!(
            "Graph answers `{status}` with a page of a collection of [`{m}`](super::models::{m}); `Page::next` fetches the next page, if any."
        ),
        Response::Collection { .. } => format!("Graph answers `{status}` with a page of a collection; `Page::next` fetches the next page, if any."),
        _ => format!("Graph answers `{status}` with a JSON body."),
    };
    doc.push_str(&format!(
        "\n\nSends a `{method}` request to `/{version}{}` (`{}`). {answer}",
        template(op),
        docs::text(&op.name)
    ));
    for pp in &op.path_params {
        doc.push_str(&format!(
            "\n\n`{}`: the `{{{}}}` segment of the path (percent-encoded here).",
            pp.rust_name,
            docs::text(&pp.template)
        ));
    }
    if op.version == Version::Beta {
        doc.push_str(&format!("\n\n{BETA}"));
    }
    for note in &op.docs.notes {
        doc.push_str(&format!("\n\n{}", docs::text(note)));
    }
    doc
}

fn write_method(w: &mut Writer, op: &Operation, p: &Paths) {
    w.doc(&method_doc(op));
    // `self` by value (the group is `Copy`): the future then borrows only the client, so
    // `let f = client.users().x(..); f.await` compiles.
    let mut all = vec!["self".to_owned()];
    all.extend(params(op));
    let ret = format!(
        "::std::result::Result<{}, {}::Error>",
        success_type(op, p),
        p.rt
    );
    w.fn_open(&format!("pub async fn {}", op.rust_name), &all, Some(&ret));
    write_body(w, op, p, "self.client");
    w.close("}");
}

/// The statements of an operation's method, sending through `client` (an expression of
/// type `&dyn GraphClient`).
pub fn write_body(w: &mut Writer, op: &Operation, p: &Paths, client: &str) {
    let path = if op.path_params.is_empty() {
        literal(&template(op))
    } else {
        for pp in &op.path_params {
            w.call(
                &format!("let {} =", pp.rust_name),
                &format!("{}::path_param", p.rt),
                &[literal(&pp.rust_name), pp.rust_name.clone()],
                "?;",
            );
        }
        w.call(
            "let path =",
            "format!",
            &[literal(&format_template(op))],
            ";",
        );
        "path".to_owned()
    };
    w.call(
        "let request =",
        &format!("{}::GraphRequest::new", p.rt),
        &[format!("&{}", op.const_name), path],
        ";",
    );
    if op.request.is_some() {
        w.line("let request = request.json(&body)?;");
    }
    w.line(&format!("let response = {client}.execute(request).await?;"));
    w.line("let response = response.error_for_status()?;");
    match &op.response {
        Response::Unit { status: 202 } => w.line("response.accepted()"),
        Response::Unit { .. } => w.line("response.no_content()"),
        Response::Model { .. } => w.line("response.json()"),
        // The page remembers the version, so `Page::next` stays under it.
        Response::Collection { .. } => w.line(&format!("response.page({}.version)", op.const_name)),
        Response::Value { .. } => {
            w.line("let body: ValueBody<_> = response.json()?;");
            w.line("Ok(body.value)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, PathParam, Source};

    fn op(path: &str, params: &[(&str, &str)]) -> Operation {
        Operation {
            name: "thing: ping".into(),
            rust_name: "ping".into(),
            group: "users".into(),
            group_type: "Users".into(),
            group_fn: "users".into(),
            const_name: "PING".into(),
            method: Method::Post,
            version: Version::V1,
            path: path.into(),
            path_params: params
                .iter()
                .map(|(t, r)| PathParam {
                    template: (*t).into(),
                    rust_name: (*r).into(),
                })
                .collect(),
            request: None,
            response: Response::Unit { status: 204 },
            replay: Replay::Safe,
            docs: Docs::default(),
            example_request: None,
            example_response: None,
            source: Source {
                path: "p.md".into(),
                line: 1,
            },
        }
    }

    #[test]
    fn literal_braces_are_doubled_in_the_format_string_of_a_path() {
        let op = op("/a}/{id | upn}/b{/{x}", &[("id | upn", "id"), ("x", "x")]);
        assert_eq!(format_template(&op), "/a}}/{id}/b{{/{x}");
        let mut w = Writer::new();
        write_body(&mut w, &op, &Paths::of(Mode::Sdk), "self.client");
        let code = w.finish();
        assert!(code.contains(r#"format!("/a}}/{id}/b{{/{x}")"#), "{code}");
    }
}
