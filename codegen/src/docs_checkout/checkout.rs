//! A docs checkout: its root (holding `api-reference/`) or the `api-reference` folder
//! itself, whose version folders hold `api/` and `resources/`.

use std::path::{Path, PathBuf};

use super::git::{self, GitInfo};
use super::{version_folder, Error};
use crate::ir::Version;

/// The docs repository every page is taken from when the checkout does not say.
pub const DOCS_REPOSITORY: &str = "https://github.com/microsoftgraph/microsoft-graph-docs-contrib";

/// A checkout of Microsoft's Graph docs repository, or a folder laid out like its
/// `api-reference/` (`v1.0/api`, `v1.0/resources`, `beta/...`).
#[derive(Debug, Clone)]
pub struct Checkout {
    /// The folder holding the version folders (`.../api-reference`).
    pub reference: PathBuf,
    git: Option<GitInfo>,
}

impl Checkout {
    /// Opens `docs`: a folder holding `api-reference/`, or one holding `v1.0/` or `beta/`.
    pub fn open(docs: &Path) -> Result<Self, Error> {
        if !docs.is_dir() {
            return Err(Error::Input(format!(
                "no docs checkout at {}: no such folder",
                docs.display()
            )));
        }
        let nested = docs.join("api-reference");
        let (reference, repo_roots) = if nested.is_dir() {
            (nested, vec![docs.to_path_buf()])
        } else if docs.join("v1.0").is_dir() || docs.join("beta").is_dir() {
            let mut roots = vec![docs.to_path_buf()];
            if docs.file_name().is_some_and(|n| n == "api-reference") {
                roots.extend(docs.parent().map(Path::to_path_buf));
            }
            (docs.to_path_buf(), roots)
        } else {
            return Err(Error::Input(format!(
                "{} is not a docs checkout: expected an api-reference folder in it, or v1.0 and beta folders",
                docs.display()
            )));
        };
        let git = repo_roots.iter().find_map(|r| git::info(r));
        Ok(Self { reference, git })
    }

    /// `{reference}/{version}/api`, which must exist.
    pub fn api_dir(&self, version: Version) -> Result<PathBuf, Error> {
        let dir = self.reference.join(version_folder(version)).join("api");
        if dir.is_dir() {
            Ok(dir)
        } else {
            Err(Error::Input(format!(
                "no {} api pages in the checkout: {} is not a folder",
                version_folder(version),
                dir.display()
            )))
        }
    }

    /// `{reference}/{version}/resources` (it may be missing: then no page resolves).
    pub fn resources_dir(&self, version: Version) -> PathBuf {
        self.reference
            .join(version_folder(version))
            .join("resources")
    }

    /// The commit checked out, when the checkout is a git work tree.
    pub fn commit(&self) -> Option<&str> {
        self.git.as_ref().and_then(|g| g.commit.as_deref())
    }

    /// Where the pages come from: the checkout's `origin` remote, else Microsoft's docs
    /// repository.
    pub fn source(&self) -> &str {
        self.git
            .as_ref()
            .and_then(|g| g.remote.as_deref())
            .unwrap_or(DOCS_REPOSITORY)
    }

    /// `path` relative to the version folders' parent (`v1.0/api/user-list.md`), for
    /// messages; `path` itself when it lies elsewhere.
    pub fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.reference).unwrap_or(path)
    }
}
