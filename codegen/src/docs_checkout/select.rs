//! From the command line's `PAGE` arguments to api page files: a file name (`user-list`
//! or `user-list.md`), or a request line matched against every page's HTTP request
//! section. And the list of every operation of a version, for `list`.

use std::path::{Path, PathBuf};

use super::read;
use super::request_line::RequestLine;
use super::{version_folder, Checkout, Error};
use crate::diag::Diagnostic;
use crate::ir::Version;

/// How many candidates an error lists at most.
const CANDIDATES: usize = 8;

/// One operation of a checkout: a request line of an api page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The request line as the page writes it (`GET /groups/{id}/members`).
    pub request: String,
    /// The page's file name (`group-list-members.md`).
    pub page: String,
    /// The line of the request in the page.
    pub line: usize,
}

/// What [`list`] found: the operations, in page order, and the pages it could not read.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Every request line of every readable page (or those the filter keeps).
    pub operations: Vec<Listed>,
    /// The api pages that could not be read, one diagnostic each.
    pub unreadable: Vec<Diagnostic>,
}

/// Every operation of `version` whose request line or page file name contains `filter`
/// (ignoring case), in page order.
pub fn list(checkout: &Checkout, version: Version, filter: Option<&str>) -> Result<Listing, Error> {
    let mut listing = index(checkout, version)?;
    if let Some(f) = filter.map(str::to_ascii_lowercase) {
        listing.operations.retain(|o| {
            o.request.to_ascii_lowercase().contains(&f) || o.page.to_ascii_lowercase().contains(&f)
        });
    }
    Ok(listing)
}

/// Every request line of every api page of `version`.
fn index(checkout: &Checkout, version: Version) -> Result<Listing, Error> {
    let dir = checkout.api_dir(version)?;
    let files = read::page_files(&dir)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", dir.display())))?;
    let mut listing = Listing::default();
    for file in files {
        match read::page(&file) {
            Ok(page) => {
                let name = file_name(&file);
                listing
                    .operations
                    .extend(page.http_requests.iter().map(|r| Listed {
                        request: format!("{} {}", r.value.method, r.value.path),
                        page: name.clone(),
                        line: r.line,
                    }));
            }
            Err(d) => listing.unreadable.push(d),
        }
    }
    Ok(listing)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The api page files the arguments name, in argument order, each once.
pub(super) fn select(
    checkout: &Checkout,
    version: Version,
    args: &[String],
) -> Result<Vec<PathBuf>, Error> {
    let dir = checkout.api_dir(version)?;
    let mut operations: Option<Vec<Listed>> = None;
    let mut out: Vec<PathBuf> = Vec::new();
    for arg in args {
        let found = match RequestLine::parse(arg) {
            Some(wanted) => {
                if operations.is_none() {
                    operations = Some(index(checkout, version)?.operations);
                }
                let ops = operations.as_deref().unwrap_or_default();
                by_request_line(arg, &wanted, ops, version).map(|page| dir.join(page))
            }
            None => by_name(&dir, arg, version),
        };
        let path = match found {
            Ok(path) => path,
            Err(Error::Input(message)) => {
                let hint = in_other_version(checkout, version, arg).unwrap_or_default();
                return Err(Error::Input(format!("{message}{hint}")));
            }
            Err(e) => return Err(e),
        };
        if !out.contains(&path) {
            out.push(path);
        }
    }
    Ok(out)
}

/// When the other version has the page (or the request line) `arg` names:
/// `; beta has it: x.md (--version beta)`.
fn in_other_version(checkout: &Checkout, version: Version, arg: &str) -> Option<String> {
    let other = match version {
        Version::V1 => Version::Beta,
        Version::Beta => Version::V1,
    };
    let dir = checkout.api_dir(other).ok()?;
    let pages: Vec<String> = match RequestLine::parse(arg) {
        Some(wanted) => {
            let mut pages: Vec<String> = index(checkout, other)
                .ok()?
                .operations
                .into_iter()
                .filter(|o| RequestLine::parse(&o.request).is_some_and(|l| l.matches(&wanted)))
                .map(|o| o.page)
                .collect();
            pages.dedup();
            pages
        }
        None => vec![file_name(&by_name(&dir, arg, other).ok()?)],
    };
    (!pages.is_empty()).then(|| {
        let other = version_folder(other);
        format!("; {other} has it: {} (--version {other})", pages.join(", "))
    })
}

/// The one page that has the request line `wanted`.
fn by_request_line(
    arg: &str,
    wanted: &RequestLine,
    ops: &[Listed],
    version: Version,
) -> Result<String, Error> {
    let parsed: Vec<(&Listed, RequestLine)> = ops
        .iter()
        .filter_map(|o| RequestLine::parse(&o.request).map(|l| (o, l)))
        .collect();
    let mut pages: Vec<&str> = parsed
        .iter()
        .filter(|(_, l)| l.matches(wanted))
        .map(|(o, _)| o.page.as_str())
        .collect();
    pages.dedup();
    match pages.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => {
            let mut near: Vec<(usize, &Listed)> = parsed
                .iter()
                .map(|(o, l)| (l.likeness(wanted), *o))
                .filter(|(score, _)| *score > 1)
                .collect();
            near.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.page.cmp(&b.1.page)));
            let listed: Vec<String> = near
                .iter()
                .take(CANDIDATES)
                .map(|(_, o)| format!("`{}` ({})", o.request, o.page))
                .collect();
            Err(Error::Input(format!(
                "no {} api page has the request line `{arg}`; {}",
                version_folder(version),
                candidates(&listed)
            )))
        }
        several => {
            let listed: Vec<String> = several
                .iter()
                .map(|p| {
                    let line = parsed
                        .iter()
                        .find(|(o, l)| o.page == *p && l.matches(wanted))
                        .map_or(String::new(), |(o, _)| format!(" (`{}`)", o.request));
                    format!("{p}{line}")
                })
                .collect();
            Err(Error::Input(format!(
                "the request line `{arg}` is on {} {} api pages: {}; name the page instead",
                several.len(),
                version_folder(version),
                listed.join(", ")
            )))
        }
    }
}

/// The api page `arg` names (`user-list`, `user-list.md`).
fn by_name(dir: &Path, arg: &str, version: Version) -> Result<PathBuf, Error> {
    let name = Path::new(arg)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".txt"))
        .unwrap_or(&name);
    for file in [name.clone(), format!("{stem}.md"), format!("{stem}.txt")] {
        let path = dir.join(&file);
        if !stem.is_empty() && path.is_file() {
            return Ok(path);
        }
    }
    let files = read::page_files(dir)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", dir.display())))?;
    let stem_lower = stem.to_ascii_lowercase();
    let mut near: Vec<(usize, String)> = files
        .iter()
        .map(|f| file_name(f))
        .filter_map(|f| {
            let lower = f.to_ascii_lowercase();
            let score = if lower.starts_with(&stem_lower) {
                3
            } else if lower.contains(&stem_lower) {
                2
            } else {
                return None;
            };
            Some((score, f))
        })
        .collect();
    near.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.len().cmp(&b.1.len()))
            .then(a.1.cmp(&b.1))
    });
    let listed: Vec<String> = near.into_iter().take(CANDIDATES).map(|(_, f)| f).collect();
    Err(Error::Input(format!(
        "no {} api page `{arg}` in {}; {}",
        version_folder(version),
        dir.display(),
        candidates(&listed)
    )))
}

fn candidates(listed: &[String]) -> String {
    if listed.is_empty() {
        "no page comes close (`list` shows every operation)".to_owned()
    } else {
        format!("candidates: {}", listed.join(", "))
    }
}
