//! `add`: select the pages, find their closure, compare each with the folder's copy, then
//! write what is new or refreshed. Every input error is found before anything is written;
//! the files are written to a staging folder inside the target first, then moved into
//! place, so a failed run leaves no half-written page. Nothing is ever deleted: a page the
//! folder no longer needs is named, and kept.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::closure::closure;
use super::notice::{self, Entry, NO_COMMIT};
use super::select::select;
use super::{read, version_folder, Checkout, Error};
use crate::ir::Version;
use crate::lower::page_info::{self, PageKind};
use crate::parse::DocPage;

/// What to add, from where, to where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddOptions {
    /// The docs checkout (its root, or its `api-reference` folder).
    pub docs: PathBuf,
    /// The pages folder to add to (`DIR`, holding `v1.0/` and `beta/`).
    pub into: PathBuf,
    /// The version whose pages are added.
    pub version: Version,
    /// Replace copies that differ from the checkout's. With no page named: refresh every
    /// api page of the version already in the folder.
    pub update: bool,
    /// Api page file names (`user-list`, `user-list.md`) or request lines
    /// (`GET /groups/{id}/members`).
    pub pages: Vec<String>,
}

/// What happened to one page of the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Copied: the folder did not have it.
    Added,
    /// Replaced by the checkout's copy, which differed (`--update`).
    Updated,
    /// Already in the folder, the same as the checkout's.
    Unchanged,
    /// In the folder but different from the checkout's: kept (`--update` replaces it).
    Differs,
    /// In the folder but no longer in the checkout: kept.
    GoneFromDocs,
    /// A resource page in the folder that none of its api pages needs (`--update` with
    /// no page named): kept.
    NotNeeded,
}

impl ChangeKind {
    /// The word the command prints before the page.
    pub fn word(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Updated => "updated",
            Self::Unchanged => "unchanged",
            Self::Differs => "differs",
            Self::GoneFromDocs => "gone",
            Self::NotNeeded => "unneeded",
        }
    }

    /// What the command prints after the page, if anything.
    pub fn note(self) -> &'static str {
        match self {
            Self::Added | Self::Updated => "",
            Self::Unchanged => " (already there)",
            Self::Differs => " (kept: differs from the checkout's; --update replaces it)",
            Self::GoneFromDocs => {
                " (kept: no longer in the checkout; delete it by hand if unwanted)"
            }
            Self::NotNeeded => " (kept: no api page here needs it; delete it by hand if unwanted)",
        }
    }
}

/// One page of the folder and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The page, relative to the folder, with `/` (`v1.0/api/user-list.md`).
    pub path: String,
}

/// What [`add`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddReport {
    /// Every page concerned, api pages first, each in path order.
    pub changes: Vec<Change>,
    /// The api pages added or checked.
    pub api_pages: usize,
    /// The resource pages they need.
    pub resource_pages: usize,
    /// What stays unresolved (`path:line: message`, the path relative to the folder).
    pub unresolved: Vec<String>,
    /// `NOTICE` was written.
    pub notice_written: bool,
}

impl AddReport {
    /// How many pages had `kind`.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// Whether the folder changed.
    pub fn changed(&self) -> bool {
        self.notice_written
            || self
                .changes
                .iter()
                .any(|c| matches!(c.kind, ChangeKind::Added | ChangeKind::Updated))
    }
}

/// One file to compare and maybe write.
struct Planned {
    rel: String,
    bytes: Vec<u8>,
    kind: ChangeKind,
}

/// Adds the pages `options` names, and the resource pages they need, to the folder.
pub fn add(options: &AddOptions) -> Result<AddReport, Error> {
    let checkout = Checkout::open(&options.docs)?;
    let into = &options.into;
    if into.exists() && !into.is_dir() {
        return Err(Error::Input(format!(
            "cannot add pages to {}: it is not a folder",
            into.display()
        )));
    }
    let notice_path = into.join("NOTICE");
    let old_notice = read_notice(&notice_path)?;
    let version = options.version;
    let folder = version_folder(version);
    let mut report = AddReport::default();

    // Which api pages.
    let mut args = options.pages.clone();
    if args.is_empty() {
        if !options.update {
            return Err(Error::Input(
                "no PAGE given: name an api page (user-list) or a request line (\"GET /users\")"
                    .into(),
            ));
        }
        let docs_api = checkout.api_dir(version)?;
        for file in files_in(&into.join(folder).join("api"))? {
            let name = file_name(&file);
            if docs_api.join(&name).is_file() {
                args.push(name);
            } else {
                report.changes.push(Change {
                    kind: ChangeKind::GoneFromDocs,
                    path: format!("{folder}/api/{name}"),
                });
            }
        }
        if args.is_empty() && report.changes.is_empty() {
            return Err(Error::Input(format!(
                "nothing to update: {} holds no {folder} api page",
                into.display()
            )));
        }
    }
    let api_paths = select(&checkout, version, &args)?;
    let api_pages = api_paths
        .iter()
        .map(|p| api_page(&checkout, p))
        .collect::<Result<Vec<_>, _>>()?;

    // Their closure, in every resource page of the version.
    let resources_dir = checkout.resources_dir(version);
    let resource_pages: Vec<DocPage> = read::page_files(&resources_dir)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", resources_dir.display())))?
        .iter()
        .filter_map(|f| read::page(f).ok())
        .collect();
    let found = closure(&api_pages, &resource_pages);
    report.api_pages = api_paths.len();
    report.resource_pages = found.resources.len();
    report.unresolved = found
        .unresolved
        .iter()
        .map(|d| {
            let message = d.message.strip_prefix("warning: ").unwrap_or(&d.message);
            format!(
                "{}:{}: {message}",
                slashed(checkout.relative(&d.path)),
                d.line
            )
        })
        .collect();

    // Compare with the folder.
    let mut planned = Vec::new();
    for source in api_paths.iter().chain(&found.resources) {
        let rel = slashed(checkout.relative(source));
        let bytes = fs::read(source)
            .map_err(|e| Error::Input(format!("cannot read {}: {e}", source.display())))?;
        let kind = match fs::read(into.join(&rel)) {
            Err(_) => ChangeKind::Added,
            Ok(old) if old == bytes => ChangeKind::Unchanged,
            Ok(_) if options.update => ChangeKind::Updated,
            Ok(_) => ChangeKind::Differs,
        };
        planned.push(Planned { rel, bytes, kind });
    }
    if options.update && options.pages.is_empty() {
        let needed: BTreeSet<&str> = planned.iter().map(|p| p.rel.as_str()).collect();
        for file in files_in(&into.join(folder).join("resources"))? {
            let rel = slashed(file.strip_prefix(into).unwrap_or(&file));
            if needed.contains(rel.as_str()) {
                continue;
            }
            let in_docs = checkout.reference.join(&rel).is_file();
            report.changes.push(Change {
                kind: if in_docs {
                    ChangeKind::NotNeeded
                } else {
                    ChangeKind::GoneFromDocs
                },
                path: rel,
            });
        }
    }

    // The NOTICE, with an entry for every page copied now.
    let mut entries = old_notice
        .as_deref()
        .map(notice::entries)
        .unwrap_or_default();
    let today = notice::today();
    let commit = checkout.commit().unwrap_or(NO_COMMIT);
    for p in &planned {
        let fresh = matches!(p.kind, ChangeKind::Added | ChangeKind::Updated);
        if fresh || (p.kind == ChangeKind::Unchanged && !entries.contains_key(&p.rel)) {
            entries.insert(
                p.rel.clone(),
                Entry {
                    commit: commit.to_owned(),
                    date: today.clone(),
                },
            );
        }
    }
    let new_notice = notice::render(checkout.source(), &entries);

    // Write.
    let mut writes: Vec<(String, &[u8])> = planned
        .iter()
        .filter(|p| matches!(p.kind, ChangeKind::Added | ChangeKind::Updated))
        .map(|p| (p.rel.clone(), p.bytes.as_slice()))
        .collect();
    if !writes.is_empty() && old_notice.as_deref() != Some(new_notice.as_str()) {
        writes.push(("NOTICE".to_owned(), new_notice.as_bytes()));
        report.notice_written = true;
    }
    stage_and_move(into, &writes)?;
    let mut changes: Vec<Change> = planned
        .into_iter()
        .map(|p| Change {
            kind: p.kind,
            path: p.rel,
        })
        .collect();
    changes.append(&mut report.changes);
    report.changes = changes;
    Ok(report)
}

/// Reads and checks one selected api page: a page that cannot be read, or that is not an
/// api page, is bad input.
fn api_page(checkout: &Checkout, path: &Path) -> Result<DocPage, Error> {
    let page = read::page(path).map_err(|d| {
        Error::Input(format!(
            "cannot read the page {}:{}: {}",
            checkout.relative(&d.path).display(),
            d.line,
            d.message
        ))
    })?;
    if page_info::kind(&page) != PageKind::Api {
        let d = page_info::not_an_api_page(&page);
        return Err(Error::Input(format!(
            "{}:{}: {}",
            checkout.relative(path).display(),
            d.line,
            d.message
        )));
    }
    Ok(page)
}

/// The folder's NOTICE, if it has one; one that `add` did not write is not overwritten.
fn read_notice(path: &Path) -> Result<Option<String>, Error> {
    if !path.exists() {
        return Ok(None);
    }
    let text = fs::read_to_string(path)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
    if !text.starts_with(notice::FIRST_LINE) {
        return Err(Error::Input(format!(
            "{} was not written by `add`: move it away, or add the pages to another folder",
            path.display()
        )));
    }
    Ok(Some(text))
}

/// Writes each file under `into` (relative paths), through a staging folder in `into`.
fn stage_and_move(into: &Path, writes: &[(String, &[u8])]) -> Result<(), Error> {
    if writes.is_empty() {
        return Ok(());
    }
    let io = |what: &str, path: &Path, e: std::io::Error| {
        Error::Io(format!("cannot {what} {}: {e}", path.display()))
    };
    fs::create_dir_all(into).map_err(|e| io("create", into, e))?;
    let stage = into.join(format!(".add-staging-{}", std::process::id()));
    let staged = (|| {
        for (rel, bytes) in writes {
            let path = stage.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
            }
            fs::write(&path, bytes).map_err(|e| io("write", &path, e))?;
        }
        Ok(())
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&stage);
        return Err(e);
    }
    let mut moved = 0;
    let result = (|| {
        for (rel, _) in writes {
            let to = into.join(rel);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
            }
            fs::rename(stage.join(rel), &to).map_err(|e| io("move a page to", &to, e))?;
            moved += 1;
        }
        Ok(())
    })();
    let _ = fs::remove_dir_all(&stage);
    result.map_err(|e: Error| match e {
        Error::Io(m) => Error::Io(format!(
            "{m} ({moved} of {} files were moved)",
            writes.len()
        )),
        other => other,
    })
}

/// The page files of a folder of the target, in path order.
fn files_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    read::page_files(dir).map_err(|e| Error::Input(format!("cannot read {}: {e}", dir.display())))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A relative path with `/` between its parts, whatever the platform.
fn slashed(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}
