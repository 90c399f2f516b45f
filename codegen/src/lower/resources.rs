//! Resource pages and enums -> models and enums of the [`Api`], each generated once
//! however many pages refer to it, with names that depend only on the set of pages.
//!
//! Naming rule (deterministic, applied to resources and enums together):
//! 1. The Rust name is the PascalCase of the doc name's last segment (`bodyType` ->
//!    `BodyType`).
//! 2. When several types of different namespaces share that name, the ones outside
//!    `microsoft.graph` take their namespace as a prefix (`termStore.group` ->
//!    `TermStoreGroup`).
//! 3. A type documented in both versions: the v1.0 one keeps the name, the beta one gets
//!    `Beta` (`OpenShiftBeta`).
//! 4. Any clash left gets a number (`Status2`), in order of (resources before enums,
//!    lookup key, version).
//!
//! Several resource pages for one type (`user.md` and `intune-mam-user.md`) are merged:
//! the page named after the type (else the first in path order) gives the order, the
//! others add the properties it lacks. A derived resource (`Inherits from x`) gets its
//! base's properties first when the base is in the run.

use std::collections::{BTreeMap, BTreeSet};

use super::enums::{enums_of, inline_enums, stem, EnumDef};
use super::fields::kept_as_json;
use super::naming::pascal_case;
use super::page_info::{self, PageKind};
use super::resource_page::{self, Base};
use super::types::{qualified_key, Known};
use super::warning::Warning;
use crate::diag::Diagnostic;
use crate::ir::{Enum, Model, TypeRef, Version};
use crate::parse::DocPage;

/// One resource type: its pages (the main one first).
struct Resource<'p> {
    doc_name: String,
    key: String,
    version: Version,
    pages: Vec<&'p DocPage>,
    name: String,
}

/// What [`lower_types`] gives: models, enums, the lookup table for API pages, and the
/// pages it had to leave out.
pub struct Types {
    /// Resource models by Rust name.
    pub models: BTreeMap<String, Model>,
    /// Enums by Rust name.
    pub enums: BTreeMap<String, Enum>,
    /// Type names for API pages.
    pub known: Known,
    /// Resource pages left out (lenient), one diagnostic each.
    pub skipped: Vec<Diagnostic>,
    /// Lenient warnings (`warning: ...`): a property kept as JSON, a base type not in the
    /// run; each with the model it is about and the models that inherit from that one.
    pub warnings: Vec<Warning>,
}

/// Lowers every resource page and enum of `sorted` (pages in path order). Strict mode
/// fails on the first resource page that cannot be lowered.
pub fn lower_types(sorted: &[&DocPage], lenient: bool) -> Result<Types, Vec<Diagnostic>> {
    let mut skipped = Vec::new();
    let mut fail = |d: Diagnostic| -> Result<(), Vec<Diagnostic>> {
        if lenient {
            skipped.push(d);
            Ok(())
        } else {
            Err(vec![d])
        }
    };

    // Resource pages, grouped by type.
    let mut groups: BTreeMap<(String, Version), Resource> = BTreeMap::new();
    for page in sorted
        .iter()
        .copied()
        .filter(|p| page_info::kind(p) == PageKind::Resource)
    {
        let doc = match resource_page::doc_name(page) {
            Ok(d) => d,
            Err(d) => {
                fail(d)?;
                continue;
            }
        };
        let version = page_info::version(page).unwrap_or(Version::V1);
        let key = qualified_key(&doc);
        let entry = groups.entry((key.clone(), version)).or_insert(Resource {
            doc_name: doc,
            key,
            version,
            pages: Vec::new(),
            name: String::new(),
        });
        entry.pages.push(page);
    }
    for r in groups.values_mut() {
        let last = r.key.rsplit('.').next().unwrap_or(&r.key).to_owned();
        if let Some(i) = r
            .pages
            .iter()
            .position(|p| stem(&p.path).as_deref() == Some(last.as_str()))
        {
            let main = r.pages.remove(i);
            r.pages.insert(0, main);
        }
    }

    // Enums of enum pages and `x values` sections; a resource of the same name wins.
    let mut enum_defs: BTreeMap<(String, Version), EnumDef> = BTreeMap::new();
    for page in sorted {
        let version = page_info::version(page).unwrap_or(Version::V1);
        for def in enums_of(page, version) {
            if lenient {
                for d in &def.dropped {
                    fail(d.clone())?;
                }
            }
            let k = (def.key.clone(), def.version);
            if !groups.contains_key(&k) {
                enum_defs.entry(k).or_insert(def);
            }
        }
    }

    // Names, then the lookup table.
    let mut names = Namer::new(
        groups
            .values()
            .map(|r| (r.doc_name.as_str(), r.key.as_str(), r.version)),
        enum_defs
            .values()
            .map(|e| (e.doc_name.as_str(), e.key.as_str(), e.version)),
    );
    for r in groups.values_mut() {
        r.name = names.name(&r.doc_name, &r.key, r.version);
    }
    let mut known = Known::default();
    let mut enum_names = BTreeMap::new();
    for r in groups.values() {
        known.add_model(&r.doc_name, r.version, &r.name);
    }
    for (k, e) in &enum_defs {
        let name = names.name(&e.doc_name, &e.key, e.version);
        known.add_enum(&e.doc_name, e.version, &name);
        enum_names.insert(k.clone(), name);
    }
    for r in groups.values() {
        for p in &r.pages {
            if let Some(s) = stem(&p.path) {
                known.add_file(&s, r.version, TypeRef::Model(r.name.clone()));
            }
        }
    }
    for (k, e) in &enum_defs {
        if let (Some(s), Some(name)) = (&e.file_stem, enum_names.get(k)) {
            known.add_file(s, e.version, TypeRef::Enum(name.clone()));
        }
    }

    // Enums named only by a type cell, from the values its description lists.
    let mut inline: BTreeMap<(String, Version), EnumDef> = BTreeMap::new();
    for page in sorted {
        let version = page_info::version(page).unwrap_or(Version::V1);
        let is_known = |name: &str| known.get(name, version).is_some();
        for def in inline_enums(page, version, &is_known) {
            inline.entry((def.key.clone(), def.version)).or_insert(def);
        }
    }
    let mut inline_names = Namer::new(
        std::iter::empty(),
        inline
            .values()
            .map(|e| (e.doc_name.as_str(), e.key.as_str(), e.version)),
    );
    inline_names.taken = names.taken.clone();
    for (k, e) in &inline {
        let name = inline_names.name(&e.doc_name, &e.key, e.version);
        known.add_enum(&e.doc_name, e.version, &name);
        enum_names.insert(k.clone(), name);
    }
    enum_defs.extend(inline);

    // Resources that do not lower are dropped until all that remain lower. Every failure
    // of a pass is dropped at once, so the passes needed are the depth of the cascade (a
    // resource failing because another one was dropped), not the number of failures. In
    // strict mode the first failure is the error. In lenient mode a property of an unknown
    // type does not fail (it is kept as JSON), so a dropped resource (a page that cannot
    // be read) only turns the properties of its type into JSON in the next pass, with its
    // reason: two passes at most. Warnings are those of the last pass.
    let mut resources: Vec<Resource> = groups.into_values().collect();
    let (mut models, bases, warnings) = loop {
        let mut failed = Vec::new();
        let mut models = BTreeMap::new();
        let mut bases = BTreeMap::new();
        let mut warnings = Vec::new();
        for (i, r) in resources.iter().enumerate() {
            match lower_group(r, &known, lenient) {
                Ok((m, base, w)) => {
                    if let Some(b) = base {
                        bases.insert(m.name.clone(), b);
                    }
                    warnings.extend(w.into_iter().map(|d| (m.name.clone(), d)));
                    models.insert(m.name.clone(), m);
                }
                Err(d) => failed.push((i, d)),
            }
        }
        if failed.is_empty() {
            break (models, bases, warnings);
        }
        let mut gone = Vec::with_capacity(failed.len());
        for (i, d) in failed {
            let reason = d.to_string();
            fail(d)?;
            if let Some(r) = resources.get(i) {
                known.add_skipped(&r.doc_name, r.version, reason);
            }
            gone.push(i);
        }
        let mut names = BTreeSet::new();
        for i in gone.into_iter().rev() {
            names.insert(TypeRef::Model(resources.remove(i).name));
        }
        known = forget(known, &names);
    };
    let mut warnings = warnings;
    let (orphans, chains) = inherit(&mut models, &bases, &known);
    if lenient {
        warnings.extend(orphans);
    }
    let warnings = warnings
        .into_iter()
        .map(|(owner, diagnostic)| {
            let heirs = chains
                .iter()
                .filter(|(_, chain)| chain.contains(&owner))
                .map(|(heir, _)| heir.clone());
            Warning {
                diagnostic,
                models: std::iter::once(owner.clone()).chain(heirs).collect(),
            }
        })
        .collect();

    let mut enums = BTreeMap::new();
    for (k, def) in enum_defs {
        if let Some(name) = enum_names.get(&k) {
            enums.insert(
                name.clone(),
                Enum {
                    name: name.clone(),
                    doc_name: def.doc_name,
                    members: def.members,
                    doc: def.doc,
                    source: def.source,
                },
            );
        }
    }
    Ok(Types {
        models,
        enums,
        known,
        skipped,
        warnings,
    })
}

/// What [`lower_group`] gives: the model, the name of its base type, and the warnings of
/// the properties it kept as JSON (lenient mode).
type GroupLowered = (Model, Option<Base>, Vec<Diagnostic>);

/// Lowers the pages of one resource: the main page, plus the properties the others add.
fn lower_group(r: &Resource, known: &Known, lenient: bool) -> Result<GroupLowered, Diagnostic> {
    let mut pages = r.pages.iter();
    let Some(main) = pages.next() else {
        return Err(Diagnostic::new("", 0, "a resource without pages"));
    };
    let mut model = resource_page::lower_resource(main, &r.name, r.version, known, lenient)?;
    model.doc_name.clone_from(&r.doc_name);
    let mut warnings: Vec<Diagnostic> = model
        .fields
        .iter()
        .filter_map(|f| kept_as_json(&main.path, f, known, r.version))
        .collect();
    let mut base = resource_page::base_of(main);
    for page in pages {
        let more = resource_page::lower_resource(page, &r.name, r.version, known, lenient)?;
        for f in more.fields {
            if !model.fields.iter().any(|g| g.json_name == f.json_name) {
                warnings.extend(kept_as_json(&page.path, &f, known, r.version));
                model.fields.push(f);
            }
        }
        if model.odata_type.is_none() {
            model.odata_type = more.odata_type;
        }
        if base.is_none() {
            base = resource_page::base_of(page);
        }
    }
    Ok((model, base, warnings))
}

/// Removes the models that could not be lowered from the lookup table, so that the pages
/// that need them fail in turn with a precise reason.
fn forget(known: Known, gone: &BTreeSet<TypeRef>) -> Known {
    Known {
        by_doc_name: known
            .by_doc_name
            .into_iter()
            .filter(|(_, t)| !gone.contains(t))
            .collect(),
        by_file: known
            .by_file
            .into_iter()
            .filter(|(_, t)| !gone.contains(t))
            .collect(),
        by_last: known
            .by_last
            .into_iter()
            .filter(|(_, t)| !gone.contains(t))
            .collect(),
        skipped: known.skipped,
    }
}

/// The models each model inherits properties from (its base, its base's base, ...), by
/// Rust name.
type Chains = BTreeMap<String, Vec<String>>;

/// Puts the properties of each model's base (and its base's, ...) before its own. Returns
/// a warning for each model whose own base is not in the run (no page, or its page was
/// skipped), with that model's name: the model keeps its own properties, and decoding
/// ignores the base's (models ignore unknown fields), so it is generated, not skipped.
/// Returns too the chain of bases of every model.
fn inherit(
    models: &mut BTreeMap<String, Model>,
    bases: &BTreeMap<String, Base>,
    known: &Known,
) -> (Vec<(String, Diagnostic)>, Chains) {
    let mut orphans = Vec::new();
    let mut chains = Chains::new();
    let names: Vec<String> = models.keys().cloned().collect();
    for name in names {
        let Some((version, doc_name)) = models.get(&name).map(|m| (m.version, m.doc_name.clone()))
        else {
            continue;
        };
        let mut chain = Vec::new();
        let mut seen = BTreeSet::from([name.clone()]);
        let mut at = name.clone();
        while let Some(base) = bases.get(&at) {
            let Some(TypeRef::Model(b)) = known.get_or_file(&base.name, version) else {
                if at == name {
                    let why = match known.skipped_reason(&base.name, version) {
                        Some(reason) => format!("was skipped ({reason})"),
                        None => "unknown".to_owned(),
                    };
                    orphans.push((
                        name.clone(),
                        Diagnostic::new(
                            &base.path,
                            base.line,
                            format!(
                                "warning: base type {} {why}; its properties are left out of {doc_name}",
                                base.name
                            ),
                        ),
                    ));
                }
                break;
            };
            if !seen.insert(b.clone()) {
                break;
            }
            chain.push(b.clone());
            at = b;
        }
        let mut inherited = Vec::new();
        for b in chain.iter().rev() {
            if let Some(m) = models.get(b) {
                for f in &m.fields {
                    if !inherited
                        .iter()
                        .any(|g: &crate::ir::Field| g.json_name == f.json_name)
                    {
                        inherited.push(f.clone());
                    }
                }
            }
        }
        if let Some(m) = models.get_mut(&name) {
            let own = std::mem::take(&mut m.fields);
            let mut fields: Vec<_> = inherited
                .into_iter()
                .filter(|f| !own.iter().any(|o| o.json_name == f.json_name))
                .collect();
            let mut rust_names: BTreeSet<String> =
                fields.iter().map(|f| f.rust_name.clone()).collect();
            for mut f in own {
                while !rust_names.insert(f.rust_name.clone()) {
                    f.rust_name.push('_');
                }
                fields.push(f);
            }
            m.fields = fields;
        }
        chains.insert(name, chain);
    }
    (orphans, chains)
}

/// Gives Rust names by the rule in the module docs.
struct Namer {
    /// Last-segment names shared by several lookup keys.
    shared: BTreeSet<String>,
    /// Keys documented in both versions.
    both: BTreeSet<String>,
    taken: BTreeSet<String>,
}

impl Namer {
    fn new<'a>(
        resources: impl Iterator<Item = (&'a str, &'a str, Version)>,
        enums: impl Iterator<Item = (&'a str, &'a str, Version)>,
    ) -> Self {
        let mut keys_by_base: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut versions: BTreeMap<String, BTreeSet<Version>> = BTreeMap::new();
        for (doc, key, version) in resources.chain(enums) {
            keys_by_base
                .entry(base_name(doc))
                .or_default()
                .insert(key.to_owned());
            versions.entry(key.to_owned()).or_default().insert(version);
        }
        Self {
            shared: keys_by_base
                .into_iter()
                .filter(|(_, keys)| keys.len() > 1)
                .map(|(b, _)| b)
                .collect(),
            both: versions
                .into_iter()
                .filter(|(_, v)| v.len() > 1)
                .map(|(k, _)| k)
                .collect(),
            taken: BTreeSet::new(),
        }
    }

    fn name(&mut self, doc: &str, key: &str, version: Version) -> String {
        let last = base_name(doc);
        let mut name = if self.shared.contains(&last) && key.contains('.') {
            pascal_case(doc)
        } else {
            last
        };
        if version == Version::Beta && self.both.contains(key) {
            name.push_str("Beta");
        }
        let name = super::unique(&name, &self.taken);
        self.taken.insert(name.clone());
        name
    }
}

fn base_name(doc: &str) -> String {
    pascal_case(doc.rsplit('.').next().unwrap_or(doc))
}
