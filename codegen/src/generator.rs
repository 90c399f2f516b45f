//! The library API for build scripts and the CLI: read page folders, lower, emit.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::emit::{self, Mode, Options};
use crate::ir::Api;
use crate::lower;
use crate::manifest::Manifest;
use crate::parse::{self, DocPage};

/// Generates Rust from folders of documentation pages. See the [crate docs](crate) for a
/// `build.rs` example.
#[derive(Debug, Clone)]
#[must_use]
pub struct Generator {
    dirs: Vec<PathBuf>,
    mode: Mode,
    lenient: bool,
    doc_tests: Option<bool>,
    expectations_cfg: Option<Option<String>>,
    all_types: bool,
}

impl Default for Generator {
    fn default() -> Self {
        Self::new()
    }
}

impl Generator {
    /// A generator with no pages, for a downstream crate ([`Mode::Downstream`]), strict.
    pub fn new() -> Self {
        Self {
            dirs: Vec::new(),
            mode: Mode::Downstream,
            lenient: false,
            doc_tests: None,
            expectations_cfg: None,
            all_types: false,
        }
    }

    /// Adds a folder of pages (read recursively: `*.md` and `*.txt`, except `README.md`),
    /// or a single page file. May be called several times.
    pub fn pages(mut self, dir: impl AsRef<Path>) -> Self {
        self.dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// SDK or downstream output (default: downstream).
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Lenient: skip pages that cannot be read or generated, and report them in
    /// [`Output::skipped`], instead of failing on the first one (default: strict). A
    /// property or request parameter of a type the pages do not describe is kept as free
    /// JSON (a `Vec` of JSON values for a collection) instead of failing its page, with a
    /// `warning: type X unknown; kept as JSON` diagnostic in [`Output::warnings`].
    pub fn lenient(mut self, lenient: bool) -> Self {
        self.lenient = lenient;
        self
    }

    /// Emit the pages' examples as `#[cfg(test)]` tests (default: on in SDK mode, off
    /// downstream).
    pub fn doc_tests(mut self, on: bool) -> Self {
        self.doc_tests = Some(on);
        self
    }

    /// Emit typed wiremock matchers (`pub mod expectations`) under this `cfg` condition,
    /// e.g. `"test"` or `"feature = \"mock\""`; `None` for none (default: `feature =
    /// "mock"` in SDK mode, none downstream). The code needs `msgraph-typed`'s `mock`
    /// feature wherever the condition holds.
    pub fn expectations_cfg(mut self, cfg: Option<&str>) -> Self {
        self.expectations_cfg = Some(cfg.map(str::to_owned));
        self
    }

    /// Generate every resource and enum of the pages, even those no operation uses
    /// (default: only the types the operations reach, through their request and response
    /// bodies and those types' properties; with no operation at all, every resource).
    pub fn all_types(mut self, on: bool) -> Self {
        self.all_types = on;
        self
    }

    /// Reads, lowers and emits. Strict mode: `Err` with the first bad page's diagnostic
    /// (pages are taken in path order), or when a folder holds no page. Lenient mode:
    /// `Err` only when a folder cannot be read; a folder without pages is a `warning:`
    /// diagnostic in [`Output::warnings`].
    pub fn generate(&self) -> Result<Output, Vec<Diagnostic>> {
        let mut files = Vec::new();
        let mut unreadable: Vec<Diagnostic> = Vec::new();
        let mut warnings: Vec<Diagnostic> = Vec::new();
        for dir in &self.dirs {
            let before = files.len();
            collect(dir, &mut files)
                .map_err(|e| vec![Diagnostic::new(dir, 0, format!("cannot read: {e}"))])?;
            if files.len() == before {
                let message = "no pages: expected *.md or *.txt files in the folder or below it";
                if !self.lenient {
                    return Err(vec![Diagnostic::new(dir, 0, message)]);
                }
                warnings.push(Diagnostic::new(dir, 0, format!("warning: {message}")));
            }
        }
        files.sort();
        files.dedup();
        let mut pages: Vec<DocPage> = Vec::new();
        let mut unreadable_api = 0;
        for file in &files {
            let page = read_text(file).and_then(|text| parse::read_page(file, &text));
            match page {
                Ok(p) => pages.push(p),
                Err(d) if self.lenient => {
                    if lower::in_api_folder(file) {
                        unreadable_api += 1;
                    }
                    unreadable.push(d);
                }
                Err(d) => return Err(vec![d]),
            }
        }
        let mut lowered = lower::lower(&pages, self.lenient)?;
        if !self.all_types {
            lower::reach::prune(&mut lowered.api);
            // A warning about models that are no longer generated describes nothing.
            let api = &lowered.api;
            lowered.warnings.retain(|w| w.applies_to(api));
        }
        let mut options = Options::for_mode(self.mode);
        if let Some(on) = self.doc_tests {
            options.doc_tests = on;
        }
        if let Some(cfg) = &self.expectations_cfg {
            options.expectations_cfg.clone_from(cfg);
        }
        let code = emit::emit(&lowered.api, &options);
        let manifest = Manifest::of(&lowered.api, self.mode);
        let mut skipped = unreadable;
        skipped.extend(lowered.skipped);
        skipped.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        warnings.extend(lowered.warnings.into_iter().map(|w| w.diagnostic));
        warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        Ok(Output {
            code,
            manifest,
            api: lowered.api,
            skipped,
            warnings,
            not_operation_pages: lowered.not_operation,
            operation_pages: lowered.operation_pages + unreadable_api,
            generated_operation_pages: lowered.generated_operation_pages,
            files,
        })
    }
}

/// A page's text. A file that is not UTF-8 is an error at the line of its first bad byte.
pub(crate) fn read_text(file: &Path) -> Result<String, Diagnostic> {
    let bytes =
        fs::read(file).map_err(|e| Diagnostic::new(file, 0, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = e.as_bytes().get(..valid).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::new(file, line, "not UTF-8 text: expected the page in UTF-8")
    })
}

/// The page files under `path` (or `path` itself when it is a file). A symbolic link to a
/// folder inside the tree is not followed, so a link loop cannot repeat pages; a link to
/// a file is read like the file.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let p = entry.path();
        if kind.is_dir() {
            collect(&p, out)?;
        } else if kind.is_symlink() && p.is_dir() {
            continue;
        } else if is_page(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// A page file: `*.md` or `*.txt`, but not a README or a licence file (`LICENSE.md`,
/// `LICENSE-CODE.txt`). A resource page whose name only starts with the word
/// (`licenseassignmentstate.md`, `licensedetails.md`) is a page.
pub(crate) fn is_page(p: &Path) -> bool {
    let ext_ok = matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt"));
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    ext_ok && !name.eq_ignore_ascii_case("README.md") && !is_licence(name)
}

fn is_licence(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper
        .strip_prefix("LICENSE")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '-', '_']))
}

/// What a run generated.
#[derive(Debug, Clone)]
pub struct Output {
    /// The Rust source.
    pub code: String,
    /// What was generated, per operation and per model ([`Manifest::to_json`] writes it).
    pub manifest: Manifest,
    /// The IR it was emitted from.
    pub api: Api,
    /// Pages skipped in lenient mode, one diagnostic each (`path:line: reason`), in path
    /// and line order. Empty in strict mode.
    pub skipped: Vec<Diagnostic>,
    /// Lenient warnings, in path and line order, each message starting `warning: `: a
    /// folder without pages, a property or parameter of an unknown type kept as JSON, a
    /// base type not in the run. Unlike a skip, nothing was left out of [`Output::code`].
    /// Only warnings about generated code: those about a model that no operation reaches
    /// (and so is not generated, see [`Generator::all_types`]) are dropped with it. Empty
    /// in strict mode.
    pub warnings: Vec<Diagnostic>,
    /// Every page read that is not an operation page, in path order, one diagnostic each:
    /// `path:line: not an operation page: <why>`, the reason one fixed phrase per rule
    /// (a resource page by its `doc_type`, a resource page although its front matter says
    /// API page, an enum page, ...), so that they can be counted by reason. Pages that
    /// could not be read are in [`Output::skipped`] instead.
    pub not_operation_pages: Vec<Diagnostic>,
    /// Operation (API) pages seen, including unreadable pages in an `api` folder.
    pub operation_pages: usize,
    /// Operation pages that were generated.
    pub generated_operation_pages: usize,
    /// Every page file read, in path order.
    pub files: Vec<PathBuf>,
}

impl Output {
    /// Writes the code to `path`, only when it changed (so that a rebuild is not
    /// triggered for nothing).
    pub fn write_to(&self, path: impl AsRef<Path>) -> io::Result<()> {
        let path = path.as_ref();
        if fs::read_to_string(path).is_ok_and(|old| old == self.code) {
            return Ok(());
        }
        fs::write(path, &self.code)
    }

    /// Writes the manifest as JSON to `path` ([`Manifest::to_json`]), only when it
    /// changed.
    pub fn write_manifest_to(&self, path: impl AsRef<Path>) -> io::Result<()> {
        let path = path.as_ref();
        let json = self.manifest.to_json();
        if fs::read_to_string(path).is_ok_and(|old| old == json) {
            return Ok(());
        }
        fs::write(path, json)
    }

    /// `generated N of M operation pages (K skipped)`.
    pub fn summary(&self) -> String {
        format!(
            "generated {} of {} operation pages ({} skipped)",
            self.generated_operation_pages,
            self.operation_pages,
            self.operation_pages
                .saturating_sub(self.generated_operation_pages)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_files_are_no_pages_but_pages_named_after_licences_are() {
        for licence in [
            "LICENSE.md",
            "license.txt",
            "LICENSE-CODE.md",
            "License_MIT.txt",
        ] {
            assert!(!is_page(Path::new(licence)), "{licence}");
        }
        for page in [
            "licenseassignmentstate.md",
            "licenseAssignmentState.md",
            "licensedetails.md",
        ] {
            assert!(is_page(Path::new(page)), "{page}");
        }
        assert!(!is_page(Path::new("README.md")));
        assert!(!is_page(Path::new("user.json")));
    }
}
