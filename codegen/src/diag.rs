//! Diagnostics: every error the generator reports names a file, a line and what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error at a place in a documentation page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The page.
    pub path: PathBuf,
    /// 1-based line in the page (0 when the error concerns the whole file).
    pub line: usize,
    /// What was found, and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// An error at `path:line`.
    pub fn new(path: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Self {
            path: path.as_ref().to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

impl std::error::Error for Diagnostic {}
