//! The call tree: every operation's call comes from its own request line (see
//! `call_path`), so names never depend on which other pages are in the run. What is left
//! to decide is what happens when two operations claim the same call, or a node would get
//! one method name for two different things:
//! - the same method on the same path (keys compared as `{}`), e.g. a `v1.0` page and its
//!   `beta` copy, or the pages of several derived types documenting one URL: the first
//!   keeps the call (`v1.0` before `beta`, then by page path and line) and each later one
//!   is a diagnostic naming both pages;
//! - a method name that would be a navigation on one page and a call (or another
//!   navigation) on another, e.g. `reply()` to a collection and `reply(body)` an action:
//!   the same, the later one is a diagnostic naming both;
//! - `new` and `client` are taken on a group's root node (its constructor and accessor).
//!
//! Adding a page can so make a later page's operation a diagnostic, never rename one. In
//! lenient mode the same call twice is a warning (the call is generated, from the first
//! page), and a name that would mean two things skips the later page's operation.

use std::collections::BTreeMap;

use super::call_path::{node_key, step_method};
use crate::diag::Diagnostic;
use crate::ir::{Method as Http, Operation, Version};

/// An operation left out because another claims its call.
#[derive(Debug, Clone)]
pub struct Dropped {
    /// The diagnostic, at the operation's request line, naming the other page.
    pub diagnostic: Diagnostic,
    /// Another page gives the same call (same method and path): the call exists, only this
    /// page's copy of it is not used. Otherwise the name would mean two things.
    pub same_call: bool,
}

/// What a node's method does.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Method {
    /// Goes to the node with this key.
    Child(String),
    /// Makes a call (the operation's index in `kept`).
    Call,
}

/// Keeps the operations whose call is free, in the order of the module docs, keyed by
/// (node, method name); the others are returned as diagnostics.
pub fn name_operations(
    mut operations: Vec<Operation>,
) -> (BTreeMap<(String, String), Operation>, Vec<Dropped>) {
    operations.sort_by_cached_key(|op| {
        (
            op.version != Version::V1,
            op.source.path.clone(),
            op.source.line,
        )
    });
    let mut out: BTreeMap<(String, String), Operation> = BTreeMap::new();
    // node key -> method name -> (what it does, the operation that put it there).
    let mut tree: BTreeMap<String, BTreeMap<String, (Method, usize)>> = BTreeMap::new();
    let mut owners: Vec<(String, String)> = Vec::new();
    let mut dropped = Vec::new();
    for op in operations {
        let node_len = if op.last_step_is_call {
            op.steps.len().saturating_sub(1)
        } else {
            op.steps.len()
        };
        // The methods this operation needs: (node, name, what).
        let mut wants: Vec<(String, String, Method)> = Vec::new();
        for j in 0..node_len {
            let (Some(here), Some(next)) = (op.steps.get(..j), op.steps.get(..=j)) else {
                continue;
            };
            let step = &next[j];
            wants.push((
                node_key(here),
                step_method(step).to_owned(),
                Method::Child(node_key(next)),
            ));
        }
        wants.push((op.node.clone(), op.rust_name.clone(), Method::Call));
        let mut conflict = None;
        let mut same_call = false;
        for (node, name, what) in &wants {
            let root = node.matches('/').count() == 1;
            if root && matches!(name.as_str(), "new" | "client") {
                conflict = Some(format!(
                    "its path gives the method `{name}` on the root `{node}`, where `{name}` is taken (the group's constructor or accessor); left out"
                ));
                break;
            }
            if let Some((had, by)) = tree.get(node.as_str()).and_then(|m| m.get(name.as_str())) {
                if *had != *what || *what == Method::Call {
                    let other = owners
                        .get(*by)
                        .map_or_else(String::new, |(p, l)| format!("{p} (line {l})"));
                    same_call = *had == Method::Call && *what == Method::Call;
                    let what_text = if same_call {
                        "the same call (same method and path)".to_owned()
                    } else {
                        format!("the method `{name}` on `{node}` for something else")
                    };
                    conflict = Some(format!(
                        "`{} /{}{}` would be {what_text} as {other} already gives; left out (the first page in path order, `v1.0` before `beta`, keeps it)",
                        http_method(op.method),
                        match op.version {
                            Version::V1 => "v1.0",
                            Version::Beta => "beta",
                        },
                        op.path
                    ));
                    break;
                }
            }
        }
        if let Some(message) = conflict {
            dropped.push(Dropped {
                diagnostic: Diagnostic::new(&op.source.path, op.source.line, message),
                same_call,
            });
            continue;
        }
        let index = owners.len();
        owners.push((
            op.source.path.display().to_string(),
            op.source.line.to_string(),
        ));
        for (node, name, what) in wants {
            tree.entry(node)
                .or_default()
                .entry(name)
                .or_insert((what, index));
        }
        out.insert((op.node.clone(), op.rust_name.clone()), op);
    }
    (out, dropped)
}

fn http_method(m: Http) -> &'static str {
    match m {
        Http::Get => "GET",
        Http::Post => "POST",
        Http::Put => "PUT",
        Http::Patch => "PATCH",
        Http::Delete => "DELETE",
    }
}
