//! The `operations` module: one `static` [`Operation`](crate::ir::Operation) descriptor
//! per operation, and the call tree: one small type per node of the paths (`Users`,
//! `UsersItem` for `/users/{id}`, `UsersItemMessages`, ...), whose methods go one segment
//! further (`messages()`, `by_id(key)`) or make a call (`list()`, `get()`,
//! `change_password(body)`). Every call is the runtime's one generic `Call<'a, T>`, so
//! the query options, headers, paging and awaiting are written once, not per operation.

use std::collections::BTreeMap;

use super::docs::{self, BETA};
use super::paths::{Mode, Paths};
use super::tree::{Node, Tree};
use super::types::rust_type;
use super::writer::{literal, Writer};
use crate::ir::{Api, Method, Operation, Replay, Response, Step, TypeRef, Version};

/// The groups the SDK itself has entry points for (`GraphClient::me`, `::users`). In
/// downstream mode, the calls under these groups are reached through extension traits on
/// the SDK's root types (`UsersExt`, in the generated `prelude`).
pub const SDK_GROUPS: &[&str] = &["me", "users"];

/// Writes `pub mod operations { ... }`.
pub fn write(w: &mut Writer, api: &Api, p: &Paths, mode: Mode) {
    w.doc("Operations: their descriptors, and the call tree that reaches them.");
    w.open("pub mod operations {");
    for op in api.operations.values() {
        write_static(w, op, p);
        w.blank();
    }
    let tree = Tree::of(api);
    let mut first = true;
    for node in tree.nodes.values() {
        if !first {
            w.blank();
        }
        first = false;
        write_node(w, &tree, node, p, mode);
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
    // A redirect is the documented answer: the client hands it to the decoder.
    let constructor = if op.response.is_redirect() {
        "redirecting"
    } else {
        "new"
    };
    w.static_call(
        &format!("pub static {}:", op.const_name),
        &format!("{}::Operation", p.rt),
        &format!("{}::Operation::{constructor}", p.rt),
        &args,
    );
}

/// One method of a node: its doc, name, parameters after `self`, return type and body
/// lines (the last one the value; `node` is the node it starts from).
struct Def {
    doc: String,
    name: String,
    params: Vec<String>,
    ret: String,
    /// `let` lines and the final expression, each as (lhs, callee, args): written with
    /// [`Writer::call`], so long ones break the way rustfmt breaks them.
    body: Vec<(String, String, Vec<String>)>,
}

/// Whether a node is a root the SDK owns, reached downstream through an extension trait.
fn is_sdk_root(node: &Node<'_>, mode: Mode) -> bool {
    mode == Mode::Downstream && node.steps.len() == 1 && SDK_GROUPS.contains(&node.method.as_str())
}

fn write_node(w: &mut Writer, tree: &Tree<'_>, node: &Node<'_>, p: &Paths, mode: Mode) {
    let root = node.steps.len() == 1;
    let defs = defs(tree, node, p, root);
    let ty = &node.type_name;
    if is_sdk_root(node, mode) {
        write_ext_trait(w, node, &defs, p);
        return;
    }
    if root {
        let path_group = node.key.trim_start_matches('/');
        let what = if path_group == "me" {
            "Calls under `/me`: the signed-in user.".to_owned()
        } else {
            format!("Calls under `/{path_group}`.")
        };
        let from = match mode {
            Mode::Sdk => format!(
                "Get it from [`GraphClient::{0}`](crate::GraphClient::{0}).",
                node.method
            ),
            Mode::Downstream => format!(
                "Get it from [`GraphClientExt::{0}`](super::GraphClientExt::{0}).",
                node.method
            ),
        };
        w.doc(&format!("{what} {from}"));
        w.line("#[derive(Clone, Copy)]");
        w.open(&format!("pub struct {ty}<'a> {{"));
        w.line(&format!("client: &'a dyn {}::GraphClient,", p.rt));
        w.close("}");
        w.blank();
        w.impl_open("'a", "", &format!("{ty}<'a>"));
        w.doc(&format!(
            "Calls under `/{path_group}`, sent through `client`."
        ));
        w.fn_open(
            "pub fn new",
            &[format!("client: &'a dyn {}::GraphClient", p.rt)],
            Some("Self"),
        );
        w.struct_lit("Self", &["client".to_owned()], "");
        w.close("}");
        w.blank();
        w.doc("The client these calls are sent through.");
        w.fn_open(
            "pub fn client",
            &["&self".to_owned()],
            Some(&format!("&'a dyn {}::GraphClient", p.rt)),
        );
        w.line("self.client");
        w.close("}");
        for def in &defs {
            w.blank();
            write_def(w, def, "pub fn");
        }
        w.close("}");
        w.blank();
        w.impl_open("", "::std::fmt::Debug", &format!("{ty}<'_>"));
        w.fn_open(
            "fn fmt",
            &["&self".into(), "f: &mut ::std::fmt::Formatter<'_>".into()],
            Some("::std::fmt::Result"),
        );
        w.chain(
            &format!("f.debug_struct({})", literal(ty)),
            &[".finish_non_exhaustive()".to_owned()],
            "",
        );
        w.close("}");
        w.close("}");
        return;
    }
    w.doc(&format!(
        "The `{}` node of the call tree: what its methods call or reach.",
        docs::text(&node.key)
    ));
    w.line("#[derive(Debug, Clone)]");
    w.tuple_struct(
        &format!("pub struct {ty}"),
        "'a",
        &format!("{}::Node<'a>", p.rt),
    );
    if defs.is_empty() {
        return;
    }
    w.blank();
    w.impl_open("'a", "", &format!("{ty}<'a>"));
    for (i, def) in defs.iter().enumerate() {
        if i > 0 {
            w.blank();
        }
        write_def(w, def, "pub fn");
    }
    w.close("}");
}

/// Downstream, for a root the SDK owns (`users`): a trait with the calls, implemented for
/// the SDK's root type.
fn write_ext_trait(w: &mut Writer, node: &Node<'_>, defs: &[Def], p: &Paths) {
    let ty = &node.type_name;
    let group = node.key.trim_start_matches('/');
    w.doc(&format!(
        "The calls under `/{group}` generated into this crate, on the SDK's [`{ty}`]({}::operations::{ty}) (`client.{}()`). In the [`prelude`](super::prelude).",
        p.rt, node.method
    ));
    w.open(&format!("pub trait {ty}Ext<'a> {{"));
    for (i, def) in defs.iter().enumerate() {
        if i > 0 {
            w.blank();
        }
        w.doc(&def.doc);
        let mut all = vec!["self".to_owned()];
        all.extend(def.params.iter().cloned());
        fn_decl(w, &format!("fn {}", def.name), &all, &def.ret);
    }
    w.close("}");
    w.blank();
    w.open(&format!(
        "impl<'a> {ty}Ext<'a> for {}::operations::{ty}<'a> {{",
        p.rt
    ));
    for (i, def) in defs.iter().enumerate() {
        if i > 0 {
            w.blank();
        }
        let def = Def {
            doc: String::new(),
            name: def.name.clone(),
            params: def.params.clone(),
            ret: def.ret.clone(),
            body: def.body.clone(),
        };
        write_def(w, &def, "fn");
    }
    w.close("}");
}

/// `fn name(params) -> ret;` broken as rustfmt breaks it.
fn fn_decl(w: &mut Writer, prefix: &str, params: &[String], ret: &str) {
    let one = format!("{prefix}({}) -> {ret};", params.join(", "));
    if w.fits(&one) {
        w.line(&one);
        return;
    }
    w.open(&format!("{prefix}("));
    for param in params {
        w.line(&format!("{param},"));
    }
    w.close(&format!(") -> {ret};"));
}

fn write_def(w: &mut Writer, def: &Def, prefix: &str) {
    if !def.doc.is_empty() {
        w.doc(&def.doc);
    }
    let mut all = vec!["self".to_owned()];
    all.extend(def.params.iter().cloned());
    w.fn_open(&format!("{prefix} {}", def.name), &all, Some(&def.ret));
    for (lhs, callee, args) in &def.body {
        if callee.is_empty() {
            w.line(lhs);
            continue;
        }
        let end = if lhs.is_empty() { "" } else { ";" };
        w.call(lhs, callee, args, end);
    }
    w.close("}");
}

/// A body line: (`let node =` or empty for the value, callee, arguments).
type Line = (String, String, Vec<String>);

/// The methods of a node, by name: the steps to its children and its calls.
fn defs(tree: &Tree<'_>, node: &Node<'_>, p: &Paths, root: bool) -> Vec<Def> {
    // A root starts the path from the client; any other node is `self.0`.
    let (start, from): (Vec<Line>, &str) = if root {
        let line = (
            "let node =".to_owned(),
            format!("{}::Node::root", p.rt),
            vec!["self.client()".to_owned(), literal(node_text(node))],
        );
        (vec![line], "node")
    } else {
        // `self.0.call(..)` is a chain rustfmt breaks when long; `node.call(..)` is not.
        (
            vec![("let node = self.0;".to_owned(), String::new(), Vec::new())],
            "node",
        )
    };
    let mut all: BTreeMap<&str, Def> = BTreeMap::new();
    for (name, (step, child_key)) in &node.children {
        let Some(child) = tree.nodes.get(child_key) else {
            continue;
        };
        let (params, mut body, at) = step_body(step, &start, from);
        body.push((String::new(), child.type_name.clone(), vec![at.to_owned()]));
        all.insert(
            name.as_str(),
            Def {
                doc: format!("Goes to `{}`.", docs::text(&child.key)),
                name: name.clone(),
                params,
                ret: format!("{}<'a>", child.type_name),
                body,
            },
        );
    }
    for op in &node.calls {
        let (mut params, mut body, at) = match op.steps.last() {
            Some(step) if op.last_step_is_call => step_body(step, &start, from),
            _ => (Vec::new(), start.clone(), from),
        };
        let decoder = decoder(op, p);
        let last = match &op.request {
            Some(req) => {
                params.push(format!("body: super::models::{req}"));
                (
                    String::new(),
                    format!("{at}.call_json"),
                    vec![format!("&{}", op.const_name), "&body".to_owned(), decoder],
                )
            }
            None => (
                String::new(),
                format!("{at}.call"),
                vec![format!("&{}", op.const_name), decoder],
            ),
        };
        if op.default_query.is_empty() {
            body.push(last);
        } else {
            let (_, callee, args) = last;
            body.push(("let call =".to_owned(), callee, args));
            let n = op.default_query.len();
            for (i, (name, value)) in op.default_query.iter().enumerate() {
                let lhs = if i + 1 == n {
                    String::new()
                } else {
                    "let call =".to_owned()
                };
                body.push((
                    lhs,
                    "call.query".to_owned(),
                    vec![literal(name), literal(value)],
                ));
            }
        }
        all.insert(
            op.rust_name.as_str(),
            Def {
                doc: method_doc(op),
                name: op.rust_name.clone(),
                params,
                ret: format!("{}::Call<'a, {}>", p.rt, success_type(op, p)),
                body,
            },
        );
    }
    all.into_values().collect()
}

/// The text the root node starts the path with: the first segment as sent.
fn node_text<'n>(node: &'n Node<'_>) -> &'n str {
    match node.steps.first() {
        Some(Step::Segment { text, .. }) => text,
        _ => "",
    }
}

/// The parameters and body lines of one step after `start`, from the node `from`; and
/// the expression of the node reached.
fn step_body<'f>(step: &Step, start: &[Line], from: &'f str) -> (Vec<String>, Vec<Line>, &'f str) {
    let mut body: Vec<Line> = start.to_vec();
    let mut params = Vec::new();
    let mut at = from.to_owned();
    let mut push = |callee: &str, args: Vec<String>| {
        body.push(("let node =".to_owned(), format!("{at}.{callee}"), args));
        at = "node".to_owned();
    };
    match step {
        Step::Segment { text, .. } => push("segment", vec![literal(text)]),
        Step::Key { template } => {
            params.push("id: impl AsRef<str>".to_owned());
            push("key", vec![literal(template), "id.as_ref()".to_owned()]);
        }
        Step::PathKey { template, closed } => {
            params.push("path: impl AsRef<str>".to_owned());
            let callee = if *closed { "path_key" } else { "open_path_key" };
            push(callee, vec![literal(template), "path.as_ref()".to_owned()]);
        }
        Step::Function { template, args, .. } => {
            push("function", vec![literal(template)]);
            for (doc_name, rust) in args {
                params.push(format!("{rust}: impl AsRef<str>"));
                push("arg", vec![literal(doc_name), format!("{rust}.as_ref()")]);
            }
        }
    }
    (params, body, "node")
}

/// The runtime decoder of an operation's response.
fn decoder(op: &Operation, p: &Paths) -> String {
    let f = match &op.response {
        Response::Unit { status: 202 } => "decode_accepted",
        r if r.is_redirect() => "decode_redirect",
        Response::Unit { .. } => "decode_no_content",
        Response::Model { .. } => "decode_json",
        Response::Value { .. } => "decode_value",
        Response::Collection { .. } => "decode_page",
    };
    format!("{}::{f}", p.rt)
}

/// The Rust type an operation returns on success.
pub fn success_type(op: &Operation, p: &Paths) -> String {
    match &op.response {
        Response::Unit { status: 202 } => format!("{}::Accepted", p.rt),
        r if r.is_redirect() => format!("{}::Redirect", p.rt),
        Response::Unit { .. } => "()".to_owned(),
        Response::Model { ty, .. } | Response::Value { ty, .. } => {
            rust_type(ty, "super::models::", p)
        }
        Response::Collection { ty, .. } => {
            format!("{}::Page<{}>", p.rt, rust_type(ty, "super::models::", p))
        }
    }
}

/// The rustdoc of a call.
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
        r if r.is_redirect() => format!(
            "Graph answers `{status}`, a redirect (to a pre-authenticated download URL); the returned `Redirect` holds its `Location` header. The client does not follow it, so the token stays with Graph."
        ),
        Response::Unit { .. } => format!("Graph answers `{status}`."),
        Response::Model { ty: TypeRef::Model(m), .. } => {
            format!("Graph answers `{status}` with a [`{m}`](super::models::{m}).")
        }
        Response::Collection { ty: TypeRef::Model(m), .. } => format!(
            "Graph answers `{status}` with a page of a collection of [`{m}`](super::models::{m}): awaited, the call gives the first page; `.all()` every item, `.items()` a stream of them."
        ),
        Response::Collection { .. } => format!("Graph answers `{status}` with a page of a collection: awaited, the call gives the first page; `.all()` every item, `.items()` a stream of them."),
        _ => format!("Graph answers `{status}` with a JSON body."),
    };
    doc.push_str(&format!(
        "\n\nSends a `{method}` request to `/{version}{}` (`{}`). {answer}",
        template(op),
        docs::text(&op.name)
    ));
    if !op.default_query.is_empty() {
        let list: Vec<String> = op
            .default_query
            .iter()
            .map(|(name, value)| format!("`{name}={value}`"))
            .collect();
        doc.push_str(&format!(
            "\n\nThe call sends {}, as the page's example request does, so that Graph answers with the JSON this call decodes.",
            list.join(" and ")
        ));
    }
    if !op.docs.query_options.is_empty() {
        let list: Vec<String> = op
            .docs
            .query_options
            .iter()
            .map(|o| format!("`{o}`"))
            .collect();
        doc.push_str(&format!(
            "\n\nQuery options the page lists: {} (set with the call's methods of the same name, e.g. `.select([...])`).",
            list.join(", ")
        ));
    }
    if !op.docs.headers.is_empty() {
        let list: Vec<String> = op
            .docs
            .headers
            .iter()
            .map(|h| format!("`{}`", docs::text(h)))
            .collect();
        doc.push_str(&format!(
            "\n\nRequest headers the page lists: {} (`Authorization` is the client's; others with `.header(name, value)`).",
            list.join(", ")
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
