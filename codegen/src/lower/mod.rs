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
//! - Two operations with one method name in one group: the first (`v1.0` before `beta`,
//!   then page path) keeps it; a later one is named by what differs: the first path
//!   segment the others lack (`assign_user_statuses`), else `_beta` for the beta copy of
//!   a `v1.0` operation, else a number (`assign_2`). See the private `clash` module
//!   (`lower/clash.rs`).
//! - The `static` of an operation is its method name in capitals (`CHANGE_PASSWORD`), or
//!   prefixed with its group (`USERS_GET`) when several groups have that method name.

pub(crate) mod api_page;
mod clash;
mod docs;
mod enums;
mod fields;
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
        match page_info::kind(page) {
            PageKind::Api => {}
            PageKind::Other if page_info::unclassified_in_api_folder(page) => {
                // Counted like a page that cannot be read there: a page was expected.
                out.operation_pages += 1;
                fail(page_info::not_an_api_page(page), &mut out.skipped)?;
                continue;
            }
            _ => continue,
        }
        out.operation_pages += 1;
        let page_api = match api_page::lower_api(page, &known, lenient) {
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
    out.api.operations = clash::name_operations(operations);
    presence::loosen(&mut out.api);

    // Statics: unique across groups.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for op in out.api.operations.values() {
        *count.entry(op.rust_name.clone()).or_default() += 1;
    }
    for op in out.api.operations.values_mut() {
        op.const_name = if count.get(&op.rust_name).copied().unwrap_or(0) > 1 {
            naming::screaming_case(&format!(
                "{}_{}",
                naming::bare(&op.group_fn),
                naming::bare(&op.rust_name)
            ))
        } else {
            naming::screaming_case(&op.rust_name)
        };
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
