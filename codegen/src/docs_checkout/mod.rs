//! Pages on demand: finding an endpoint's pages in a checkout of Microsoft's Graph docs
//! repository and copying them, with exactly the resource pages they need, into a folder
//! the [`Generator`](crate::Generator) reads.
//!
//! One module per job: `checkout` finds the version folders (and the git commit) of a
//! checkout, `request_line` matches `GET /groups/{id}/members` against the pages' request
//! lines, `select` turns each argument into an api page, `closure` finds the resource
//! pages their types need (through the generator's own lowering, so a name resolves here
//! exactly as it does when generating), `install` stages the copies and moves them into
//! place, and `notice` keeps the folder's `NOTICE` current. `cli` is the command line.

mod checkout;
pub mod cli;
mod closure;
mod git;
mod install;
mod notice;
mod read;
mod request_line;
mod select;

pub use checkout::Checkout;
pub use closure::{closure, Closure};
pub use install::{add, AddOptions, AddReport, Change, ChangeKind};
pub use request_line::RequestLine;
pub use select::{list, Listed, Listing};

use std::fmt;

use crate::ir::Version;

/// Why `add` or `list` stopped. Nothing was written to the target folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Bad input: no such checkout, no such page, a page that cannot be read, a request
    /// line no page (or several pages) claims. The command exits with code 2.
    Input(String),
    /// The target folder could not be written. The command exits with code 1.
    Io(String),
}

impl Error {
    /// The process exit code: 2 for bad input, 1 for a failure to write.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Input(_) => 2,
            Self::Io(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(m) | Self::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

/// The folder name of a version in the docs (`v1.0`, `beta`).
pub fn version_folder(version: Version) -> &'static str {
    match version {
        Version::V1 => "v1.0",
        Version::Beta => "beta",
    }
}

/// A version from its folder name (`v1.0`, `beta`).
pub fn version_from_folder(name: &str) -> Option<Version> {
    match name {
        "v1.0" => Some(Version::V1),
        "beta" => Some(Version::Beta),
        _ => None,
    }
}
