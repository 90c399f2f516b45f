//! Reading the page files of a folder, as the generator reads them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::generator::{is_page, read_text};
use crate::parse::{self, DocPage};

/// Reads and parses one page.
pub(super) fn page(path: &Path) -> Result<DocPage, Diagnostic> {
    read_text(path).and_then(|text| parse::read_page(path, &text))
}

/// The page files directly in `dir` and below it, in path order. A folder that does not
/// exist holds none.
pub(super) fn page_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if is_page(&path) && path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}
