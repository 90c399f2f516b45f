//! The resource pages a set of api pages needs: every page of every type their request
//! tables, response sentences and response tables name, then the types those pages'
//! property tables and `Inherits from` sentences name, until nothing new comes.
//!
//! Names are resolved by the generator's own lowering ([`lower_types`] and
//! [`lower_api`], with every resource page of the version in the run), so a page copied
//! here is the page `generate` will resolve the name to in the smaller folder: the types
//! of the copied pages are a subset of the full run's, in the same order, so each name
//! finds the same type.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::ir::{Response, TypeRef, Version};
use crate::lower::api_page::lower_api;
use crate::lower::page_info::{self, PageKind};
use crate::lower::resource_page::{base_of, doc_name};
use crate::lower::resources::{lower_types, Types};
use crate::lower::types::qualified_key;
use crate::parse::DocPage;

/// What [`closure`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Closure {
    /// The resource pages (and enum pages) needed, in path order.
    pub resources: BTreeSet<PathBuf>,
    /// What stays unresolved on the api pages and those resource pages, in path and line
    /// order: a type no page describes (an error for a strict `generate`, kept as JSON by
    /// a lenient one), a base type no page describes, a page that cannot be lowered.
    pub unresolved: Vec<Diagnostic>,
}

/// The resource pages among `resources` that `api` needs, and what stays unresolved.
pub fn closure(api: &[DocPage], resources: &[DocPage]) -> Closure {
    let mut run: Vec<&DocPage> = resources.iter().chain(api).collect();
    run.sort_by(|a, b| a.path.cmp(&b.path));
    let types = match lower_types(&run, true) {
        Ok(t) => t,
        Err(unresolved) => {
            return Closure {
                resources: BTreeSet::new(),
                unresolved,
            }
        }
    };
    let pages = Pages::of(resources, &types);

    let mut unresolved = Vec::new();
    let mut wanted: Vec<TypeRef> = Vec::new();
    for page in api {
        match lower_api(page, &types.known, &types.models, true) {
            Ok(lowered) => {
                for op in &lowered.operations {
                    match &op.response {
                        Response::Unit { .. } => {}
                        Response::Model { ty, .. }
                        | Response::Value { ty, .. }
                        | Response::Collection { ty, .. } => wanted.push(ty.clone()),
                    }
                }
                for model in lowered.request.iter().chain(&lowered.response_model) {
                    wanted.extend(model.fields.iter().map(|f| f.ty.clone()));
                }
                unresolved.extend(lowered.warnings);
            }
            Err(d) => unresolved.push(d),
        }
    }

    let mut copied: BTreeSet<PathBuf> = BTreeSet::new();
    let mut seen: BTreeSet<TypeRef> = BTreeSet::new();
    while let Some(ty) = wanted.pop() {
        let ty = element(ty);
        if !seen.insert(ty.clone()) {
            continue;
        }
        for path in pages.of_type(&ty) {
            if !copied.insert(path.to_path_buf()) {
                continue;
            }
            // Everything the page names, so that a strict run over the copies has every
            // type it asks for.
            if let Some(model) = pages.model.get(path) {
                wanted.push(TypeRef::Model(model.clone()));
            }
            if let Some((page, version)) = pages.page(path) {
                if let Some(base) = base_of(page) {
                    wanted.extend(types.known.get_or_file(&base.name, version));
                }
            }
        }
        if let TypeRef::Model(name) = &ty {
            if let Some(m) = types.models.get(name) {
                wanted.extend(m.fields.iter().map(|f| f.ty.clone()));
            }
        }
    }

    let at_copied = |d: &Diagnostic| copied.contains(&d.path);
    unresolved.extend(
        types
            .warnings
            .iter()
            .map(|w| &w.diagnostic)
            .chain(&types.skipped)
            .filter(|d| at_copied(d))
            .cloned(),
    );
    unresolved.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    unresolved.dedup();
    Closure {
        resources: copied,
        unresolved,
    }
}

/// `X collection collection` -> `X`.
fn element(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Collection(inner) => element(*inner),
        other => other,
    }
}

/// Which resource pages give which type.
struct Pages<'p> {
    /// Model (Rust name) -> the pages it is lowered from.
    of_model: BTreeMap<String, Vec<&'p Path>>,
    /// Enum (Rust name) -> its page, when that is a resource page.
    of_enum: BTreeMap<String, &'p Path>,
    /// Page -> the model it gives.
    model: BTreeMap<&'p Path, String>,
    /// Every resource page, and its version.
    by_path: BTreeMap<&'p Path, (&'p DocPage, Version)>,
}

impl<'p> Pages<'p> {
    fn of(resources: &'p [DocPage], types: &Types) -> Self {
        let mut by_path = BTreeMap::new();
        let mut groups: BTreeMap<(String, Version), Vec<&'p Path>> = BTreeMap::new();
        for page in resources {
            let version = page_info::version(page).unwrap_or(Version::V1);
            by_path.insert(page.path.as_path(), (page, version));
            if page_info::kind(page) != PageKind::Resource {
                continue;
            }
            if let Ok(doc) = doc_name(page) {
                groups
                    .entry((qualified_key(&doc), version))
                    .or_default()
                    .push(page.path.as_path());
            }
        }
        let mut of_model = BTreeMap::new();
        let mut model = BTreeMap::new();
        for m in types.models.values() {
            if let Some(paths) = groups.get(&(qualified_key(&m.doc_name), m.version)) {
                for p in paths {
                    model.insert(*p, m.name.clone());
                }
                of_model.insert(m.name.clone(), paths.clone());
            }
        }
        let of_enum = types
            .enums
            .values()
            .filter_map(|e| {
                let (path, _) = by_path.get_key_value(e.source.path.as_path())?;
                Some((e.name.clone(), *path))
            })
            .collect();
        Self {
            of_model,
            of_enum,
            model,
            by_path,
        }
    }

    fn of_type(&self, ty: &TypeRef) -> Vec<&'p Path> {
        match ty {
            TypeRef::Model(n) => self.of_model.get(n).cloned().unwrap_or_default(),
            TypeRef::Enum(n) => self.of_enum.get(n).copied().into_iter().collect(),
            _ => Vec::new(),
        }
    }

    fn page(&self, path: &Path) -> Option<(&'p DocPage, Version)> {
        self.by_path.get(path).copied()
    }
}
