//! Stage 2: [`DocPage`]s -> [`Api`]. Resource pages give models, API pages give
//! operations and request models; names are made unique by the rules below, so the
//! output depends only on the set of pages, never on the order they were read.
//!
//! Naming rules for clashes (pages are taken in path order):
//! - A resource documented in both versions: the v1.0 page is `Name`, the beta page
//!   `NameBeta`; a beta operation uses the beta model when there is one.
//! - Two request models with one name: identical ones are shared; otherwise the later
//!   page's gets its version (`...RequestBeta`), then a number (`...Request2`).
//! - Two operations with one method name in one group: the later gets its version suffix
//!   (`assign_license_beta`), then a number (`assign_license_2`).
//! - The `static` of an operation is its method name in capitals (`CHANGE_PASSWORD`), or
//!   prefixed with its group (`USERS_GET`) when several groups have that method name.

mod api_page;
mod docs;
mod fields;
mod naming;
mod page_info;
mod resource_page;
mod response;
mod types;

pub use naming::{bare, pascal_case, snake_case};

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostic;
use crate::ir::{Api, Model, Version};
use crate::parse::DocPage;
use page_info::PageKind;
use types::Known;

/// The result of lowering: the API, and in lenient mode the pages that were skipped.
#[derive(Debug, Clone, Default)]
pub struct Lowered {
    /// Everything that could be generated.
    pub api: Api,
    /// Pages skipped in lenient mode, one diagnostic each (empty in strict mode).
    pub skipped: Vec<Diagnostic>,
    /// API pages seen.
    pub operation_pages: usize,
    /// API pages that gave operations.
    pub generated_operation_pages: usize,
}

/// Lowers pages. Strict (`lenient == false`): the first bad page, in path order, is the
/// error. Lenient: bad pages (and API pages that need a skipped resource) are skipped and
/// listed in [`Lowered::skipped`].
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

    // Resources: names first (so that they can refer to each other), then a fixpoint that
    // drops pages whose types cannot be resolved.
    let mut resources: Vec<(&DocPage, String, Version, String)> = Vec::new();
    let mut seen: BTreeMap<(String, Version), String> = BTreeMap::new();
    for page in sorted
        .iter()
        .copied()
        .filter(|p| page_info::kind(p) == PageKind::Resource)
    {
        let doc = match resource_page::doc_name(page) {
            Ok(d) => d,
            Err(d) => {
                fail(d, &mut out.skipped)?;
                continue;
            }
        };
        let version = page_info::version(page).unwrap_or(Version::V1);
        let key = (doc.to_ascii_lowercase(), version);
        if let Some(first) = seen.get(&key) {
            let d = Diagnostic::new(
                &page.path,
                1,
                format!("resource `{doc}` is also documented by {first}"),
            );
            fail(d, &mut out.skipped)?;
            continue;
        }
        seen.insert(key, page.path.display().to_string());
        resources.push((page, doc, version, String::new()));
    }
    let mut taken = BTreeSet::new();
    for i in 0..resources.len() {
        let Some((_, doc, version, _)) = resources.get(i) else {
            continue;
        };
        let both = *version == Version::Beta
            && seen.contains_key(&(doc.to_ascii_lowercase(), Version::V1));
        let base = if both {
            format!("{}Beta", pascal_case(doc))
        } else {
            pascal_case(doc)
        };
        let name = unique(&base, &taken);
        taken.insert(name.clone());
        if let Some(r) = resources.get_mut(i) {
            r.3 = name;
        }
    }
    loop {
        let mut known = Known::default();
        for (_, doc, version, name) in &resources {
            known.add_model(doc, *version, name);
        }
        let mut failed = None;
        let mut models = BTreeMap::new();
        for (i, (page, _, version, name)) in resources.iter().enumerate() {
            match resource_page::lower_resource(page, name, *version, &known) {
                Ok(m) => {
                    models.insert(m.name.clone(), m);
                }
                Err(d) => {
                    failed = Some((i, d));
                    break;
                }
            }
        }
        match failed {
            Some((i, d)) => {
                fail(d, &mut out.skipped)?;
                resources.remove(i);
            }
            None => {
                out.api.models = models;
                break;
            }
        }
    }
    let mut known = Known::default();
    for (_, doc, version, name) in &resources {
        known.add_model(doc, *version, name);
    }

    // Operations.
    for page in sorted
        .iter()
        .copied()
        .filter(|p| page_info::kind(p) == PageKind::Api)
    {
        out.operation_pages += 1;
        let page_api = match api_page::lower_api(page, &known) {
            Ok(p) => p,
            Err(d) => {
                fail(d, &mut out.skipped)?;
                continue;
            }
        };
        out.generated_operation_pages += 1;
        let request_name = page_api
            .request
            .map(|m| add_request_model(&mut out.api.models, m));
        for mut op in page_api.operations {
            op.request.clone_from(&request_name);
            let mut name = op.rust_name.clone();
            let suffix = match op.version {
                Version::V1 => "v1",
                Version::Beta => "beta",
            };
            let mut n = 1;
            while out
                .api
                .operations
                .contains_key(&(op.group_fn.clone(), name.clone()))
            {
                name = if n == 1 {
                    naming::snake_case(&format!("{}_{suffix}", naming::bare(&op.rust_name)))
                } else {
                    naming::snake_case(&format!("{}_{n}", naming::bare(&op.rust_name)))
                };
                n += 1;
            }
            op.rust_name = name.clone();
            out.api.operations.insert((op.group_fn.clone(), name), op);
        }
    }

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

/// Adds a request model, sharing an identical one of the same name, else renaming it.
fn add_request_model(models: &mut BTreeMap<String, Model>, mut model: Model) -> String {
    if let Some(existing) = models.get(&model.name) {
        if existing.fields == model.fields {
            return model.name;
        }
    }
    if models.contains_key(&model.name) {
        let with_version = format!(
            "{}{}",
            model.name,
            match model.version {
                Version::V1 => "V1",
                Version::Beta => "Beta",
            }
        );
        let taken: BTreeSet<String> = models.keys().cloned().collect();
        model.name = unique(&with_version, &taken);
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
