//! Operation method names made unique within their group, by what tells them apart.
//!
//! Operations are named in a fixed order: by group, by name, `v1.0` before `beta`, the
//! shorter path (fewer segments) first, then by page path and line. The first of a name
//! keeps it, so the most direct path of a `v1.0` operation has the plain name. A later one that clashes gets:
//! 1. the shortest run of consecutive literal segments of its path that no earlier
//!    operation of that name has (the leftmost of that length; `{...}` parameters and the
//!    group's own segment skipped, a `microsoft.graph.` cast prefix and a `(...)` key
//!    dropped), in snake case after the name: `assign` on
//!    `/deviceAppManagement/mobileApps/{id}/userStatuses/{id}/app/assign` next to
//!    `/deviceAppManagement/mobileApps/{id}/assign` is `assign_user_statuses`; with more
//!    paths taken, a longer run (`reply_conversations_threads_posts`);
//! 2. else, for the beta copy of a `v1.0` operation with the same path: that operation's
//!    name and `_beta` (`create_events_beta`; the `v1.0` one is named first);
//! 3. else, when an earlier one has another method (a page documenting `POST /me/events`
//!    and `PATCH /me/events/{id}`): the method word, `create_patch`, or a run that no
//!    earlier operation of the same method has, then the method: `create_users_patch`;
//! 4. else (the same path, version and method documented twice) a number: `_2`, `_3`.
//!
//! The result depends only on the set of operations, not on the order they came in.

use std::collections::BTreeMap;

use super::naming::{bare, snake_case};
use crate::ir::{Method, Operation, Version};

/// Names `operations` uniquely per group (see the module docs) and keys them by
/// (group function, method name).
pub fn name_operations(mut operations: Vec<Operation>) -> BTreeMap<(String, String), Operation> {
    operations.sort_by_cached_key(|op| {
        (
            op.group_fn.clone(),
            op.rust_name.clone(),
            op.version != Version::V1,
            op.path.split('/').filter(|s| !s.is_empty()).count(),
            op.source.path.clone(),
            op.source.line,
        )
    });
    let mut out: BTreeMap<(String, String), Operation> = BTreeMap::new();
    // The operations already named, per (group, name as the page gave it): path, version
    // and the name each got.
    let mut earlier: BTreeMap<(String, String), Vec<Earlier>> = BTreeMap::new();
    for mut op in operations {
        let key = (op.group_fn.clone(), op.rust_name.clone());
        let before = earlier.entry(key).or_default();
        let taken = |name: &str| out.contains_key(&(op.group_fn.clone(), name.to_owned()));
        let name = if before.is_empty() && !taken(&op.rust_name) {
            op.rust_name.clone()
        } else {
            let base = bare(&op.rust_name).to_owned();
            let all: Vec<&Earlier> = before.iter().collect();
            let by_segment = distinct_runs(&op.path, &op.group, &all)
                .into_iter()
                .map(|run| snake_case(&format!("{base}_{run}")));
            let by_version = before
                .iter()
                .find(|e| {
                    op.version == Version::Beta && e.version == Version::V1 && e.path == op.path
                })
                .map(|e| snake_case(&format!("{}_beta", bare(&e.name))));
            let same_method: Vec<&Earlier> =
                before.iter().filter(|e| e.method == op.method).collect();
            let by_method = if same_method.len() < before.len() {
                let method = method_word(op.method);
                let runs = distinct_runs(&op.path, &op.group, &same_method);
                let plain = same_method
                    .is_empty()
                    .then(|| snake_case(&format!("{base}_{method}")));
                plain
                    .into_iter()
                    .chain(
                        runs.into_iter()
                            .map(|run| snake_case(&format!("{base}_{run}_{method}"))),
                    )
                    .collect()
            } else {
                Vec::new()
            };
            by_segment
                .into_iter()
                .chain(by_version)
                .chain(by_method)
                .find(|n| !taken(n))
                .unwrap_or_else(|| {
                    (2..)
                        .map(|n| snake_case(&format!("{base}_{n}")))
                        .find(|n| !taken(n))
                        .unwrap_or_default()
                })
        };
        before.push(Earlier {
            path: op.path.clone(),
            version: op.version,
            method: op.method,
            name: name.clone(),
        });
        op.rust_name = name.clone();
        out.insert((op.group_fn.clone(), name), op);
    }
    out
}

/// What is kept of an operation already named, to name the next of the same name.
struct Earlier {
    path: String,
    version: Version,
    method: Method,
    name: String,
}

/// The method as a word of a name.
fn method_word(method: Method) -> &'static str {
    match method {
        Method::Get => "get",
        Method::Post => "post",
        Method::Put => "put",
        Method::Patch => "patch",
        Method::Delete => "delete",
    }
}

/// The literal segments of `path` after the group's, cleaned for a name.
fn literal(path: &str, group: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .map(|s| {
            let s = s.split('(').next().unwrap_or(s);
            s.strip_prefix("microsoft.graph.").unwrap_or(s).to_owned()
        })
        .filter(|s| !s.is_empty() && s != group)
        .collect()
}

/// The runs of consecutive literal segments of `path` that no `earlier` path has, shortest
/// first, then from the left, each joined with `_` (see the module docs).
fn distinct_runs(path: &str, group: &str, earlier: &[&Earlier]) -> Vec<String> {
    let own = literal(path, group);
    let others: Vec<Vec<String>> = earlier.iter().map(|e| literal(&e.path, group)).collect();
    let mut out = Vec::new();
    for len in 1..=own.len() {
        for run in own.windows(len) {
            if others.iter().all(|o| !o.windows(len).any(|w| w == run)) {
                out.push(run.join("_"));
            }
        }
    }
    out
}
