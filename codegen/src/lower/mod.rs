//! Stage 2: [`DocPage`]s -> [`Api`]. Resource pages give models, API pages give
//! operations and request models; names are made unique by the rules below, so the
//! output depends only on the set of pages, never on the order they were read.
//!
//! Naming rules for clashes (pages are taken in path order):
//! - Resources and enums: see `lower/resources.rs` (namespace prefix, then `Beta`, then a
//!   number); a beta operation uses the beta model when there is one.
//! - Two request models with one name: identical ones are shared; otherwise the later
//!   page's gets its version when the versions differ (`...RequestBeta`, or
//!   `...RequestV1` after a beta one: pages are in path order, `beta/` first), else a
//!   number (`...Request2`).
//! - Operations: the call comes from the request line alone (`lower/call_path.rs`: each
//!   segment a method, each key `.by_id(key)`, the HTTP method the verb). Two pages
//!   claiming one call (same method and path) or one method name for two things: the
//!   first (`v1.0` before `beta`, then page path) keeps it, the later is a diagnostic
//!   naming both (`lower/clash.rs`); in lenient mode the same call twice is a warning
//!   (the page counts as generated: its call is), a name for two things skips the
//!   later operation (its page too when none of its calls is left).
//! - The `static` of an operation is its method name in capitals (`CHANGE_PASSWORD`), or
//!   prefixed with its node (`USERS_ITEM_GET`) when several operations have that name,
//!   and always for a verb.

pub(crate) mod api_page;
pub mod call_path;
mod clash;
mod creates;
mod default_query;
mod docs;
mod enums;
mod fields;
mod function_args;
mod json_shape;
mod literal_keys;
mod naming;
pub(crate) mod page_info;
pub mod presence;
pub mod reach;
pub(crate) mod resource_page;
pub(crate) mod resources;
mod response;
pub(crate) mod types;
mod warning;

pub use naming::{bare, pascal_case, snake_case};
pub use page_info::in_api_folder;
pub use warning::Warning;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::ir::{Api, Model, Response, TypeRef, Version};
use crate::parse::DocPage;
use page_info::PageKind;

/// The result of lowering: the API, and in lenient mode the pages that were skipped.
#[derive(Debug, Clone, Default)]
pub struct Lowered {
    /// Everything that could be generated.
    pub api: Api,
    /// Pages skipped in lenient mode, one diagnostic each. Empty in strict mode.
    pub skipped: Vec<Diagnostic>,
    /// Lenient warnings, each message starting `warning: `: a property or parameter of an
    /// unknown type kept as JSON, a base type not in the run. Something was generated
    /// differently from its page; nothing was left out. Each names the models it
    /// describes, so that [`Warning::applies_to`] tells which still hold after
    /// [`reach::prune`]. Empty in strict mode.
    pub warnings: Vec<Warning>,
    /// Every page read that is not an operation page, one diagnostic each
    /// (`path:line: not an operation page: <why>`, the title's line), so that what is left
    /// out of [`Lowered::operation_pages`] can be counted by reason and checked.
    pub not_operation: Vec<Diagnostic>,
    /// API pages seen.
    pub operation_pages: usize,
    /// API pages that gave operations.
    pub generated_operation_pages: usize,
}

/// Lowers pages. Strict (`lenient == false`): the first bad page, in path order, is the
/// error. Lenient: bad pages (and API pages whose response type was skipped) are skipped
/// and listed in [`Lowered::skipped`]; a property or request parameter of an unknown type
/// (no page, not a primitive, or its page skipped) is kept as JSON, with a warning in
/// [`Lowered::warnings`].
pub fn lower(pages: &[DocPage], lenient: bool) -> Result<Lowered, Vec<Diagnostic>> {
    let mut sorted: Vec<&DocPage> = pages.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = Lowered::default();
    let fail = |d: Diagnostic, skipped: &mut Vec<Diagnostic>| -> Result<(), Vec<Diagnostic>> {
        if lenient {
            skipped.push(d);
            Ok(())
        } else {
            Err(vec![d])
        }
    };

    // Resources and enums.
    let types = resources::lower_types(&sorted, lenient)?;
    out.skipped.extend(types.skipped);
    out.warnings.extend(types.warnings);
    out.api.models = types.models;
    out.api.enums = types.enums;
    let known = types.known;

    // Operations.
    let mut operations = Vec::new();
    for page in sorted.iter().copied() {
        match page_info::classify(page) {
            (PageKind::Api, _) => {}
            (PageKind::Other, _) if page_info::unclassified_in_api_folder(page) => {
                // Counted like a page that cannot be read there: a page was expected.
                out.operation_pages += 1;
                fail(page_info::not_an_api_page(page), &mut out.skipped)?;
                continue;
            }
            (_, why) => {
                let line = page.title.as_ref().map_or(1, |t| t.line.max(1));
                out.not_operation.push(Diagnostic::new(
                    &page.path,
                    line,
                    format!("not an operation page: {why}"),
                ));
                continue;
            }
        }
        out.operation_pages += 1;
        let page_api = match api_page::lower_api(page, &known, &out.api.models, lenient) {
            Ok(p) => p,
            Err(d) => {
                fail(d, &mut out.skipped)?;
                continue;
            }
        };
        out.generated_operation_pages += 1;
        out.warnings
            .extend(page_api.warnings.into_iter().map(|diagnostic| Warning {
                diagnostic,
                models: Vec::new(),
            }));
        let request_name = page_api
            .request
            .map(|m| add_request_model(&mut out.api.models, m));
        let response_name = page_api
            .response_model
            .map(|m| add_request_model(&mut out.api.models, m));
        for mut op in page_api.operations {
            op.request.clone_from(&request_name);
            if let (Some(name), Response::Model { ty, .. }) = (&response_name, &mut op.response) {
                *ty = TypeRef::Model(name.clone());
            }
            operations.push(op);
        }
    }
    let pages_before: BTreeSet<PathBuf> =
        operations.iter().map(|o| o.source.path.clone()).collect();
    let (kept, dropped) = clash::name_operations(operations);
    out.api.operations = kept;
    presence::loosen(&mut out.api);
    // A page counts as generated when one of its calls is, or another page gives each of
    // the calls it left out (the same method and path).
    let mut pages_after: BTreeSet<PathBuf> = out
        .api
        .operations
        .values()
        .map(|o| o.source.path.clone())
        .collect();
    let lost: BTreeSet<PathBuf> = dropped
        .iter()
        .filter(|d| !d.same_call)
        .map(|d| d.diagnostic.path.clone())
        .collect();
    for d in &dropped {
        if d.same_call && !lost.contains(&d.diagnostic.path) {
            pages_after.insert(d.diagnostic.path.clone());
        }
    }
    let mut whole_pages: Vec<Diagnostic> = Vec::new();
    for d in dropped {
        let (same_call, d) = (d.same_call, d.diagnostic);
        if !lenient {
            return Err(vec![d]);
        }
        if same_call || pages_after.contains(&d.path) {
            out.warnings.push(Warning {
                diagnostic: Diagnostic::new(&d.path, d.line, format!("warning: {}", d.message)),
                models: Vec::new(),
            });
        } else {
            whole_pages.push(d);
        }
    }
    // A page none of whose calls is left is skipped (once).
    whole_pages.dedup_by(|a, b| a.path == b.path);
    out.skipped.extend(whole_pages);
    out.generated_operation_pages -= pages_before.len() - pages_after.len();

    // Statics: the method name when no other operation has it, else prefixed with the
    // node's path.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for op in out.api.operations.values() {
        *count.entry(op.rust_name.clone()).or_default() += 1;
    }
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for op in out.api.operations.values_mut() {
        // A verb alone (`LIST`) says nothing: verbs always name their node.
        let verb = !op.last_step_is_call;
        let base = if verb || count.get(&op.rust_name).copied().unwrap_or(0) > 1 {
            let node = call_path::node_steps(&op.steps, op.last_step_is_call);
            naming::screaming_case(&naming::snake_case(&format!(
                "{}_{}",
                call_path::node_type(node),
                naming::bare(&op.rust_name)
            )))
        } else {
            naming::screaming_case(&op.rust_name)
        };
        let name = unique(&base, &taken);
        taken.insert(name.clone());
        op.const_name = name;
    }
    Ok(out)
}

/// Adds a request (or response) model of an API page, sharing an identical one of the
/// same name, else renaming it.
fn add_request_model(models: &mut BTreeMap<String, Model>, mut model: Model) -> String {
    if let Some(existing) = models.get(&model.name) {
        if existing.fields == model.fields {
            return model.name;
        }
    }
    if let Some(existing) = models.get(&model.name) {
        // The version only says what differs when it does.
        let base = match (existing.version, model.version) {
            (Version::V1, Version::Beta) => format!("{}Beta", model.name),
            (Version::Beta, Version::V1) => format!("{}V1", model.name),
            _ => model.name.clone(),
        };
        let taken: BTreeSet<String> = models.keys().cloned().collect();
        model.name = unique(&base, &taken);
    }
    let name = model.name.clone();
    models.insert(name.clone(), model);
    name
}

fn unique(base: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_default()
}
