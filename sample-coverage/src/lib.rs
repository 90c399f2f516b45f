//! The generator on real Graph reference pages: the code generated, lenient and in
//! downstream mode, from `../shared/graph-docs-sample` (123 operation pages and the
//! resource pages they link) compiles here, in a crate whose only dependency is
//! `msgraph-typed`; [`coverage()`] says how many operation pages were generated, why the
//! others were skipped, and what was kept as JSON (lenient warnings).
//!
//! The pages are test data, read from `../shared` at build time and never shipped. Print
//! the figures with
//! `cargo test -p msgraph-typed-sample-coverage --test coverage -- --nocapture`.
#![deny(missing_docs)]

/// What the build script generated from the sample, as constants.
mod figures {
    include!(concat!(env!("OUT_DIR"), "/coverage.rs"));
}

/// What the build script generated from the sample.
#[derive(Debug, Clone, Copy)]
pub struct Coverage {
    /// Whether the sample was found at build time (when not, nothing was generated).
    pub sample_found: bool,
    /// Where the sample was looked for.
    pub sample_dir: &'static str,
    /// Operation pages generated.
    pub generated: usize,
    /// Operation pages in the sample.
    pub operation_pages: usize,
    /// Every page skipped (operation and resource pages), as `path:line: reason`.
    pub skipped: &'static [&'static str],
    /// Every lenient warning, as `path:line: warning: ...`: a property or parameter of a
    /// type no page describes, kept as JSON; a base type not in the run.
    pub warnings: &'static [&'static str],
}

impl Coverage {
    /// The share of operation pages generated, between 0 and 1.
    pub fn share(&self) -> f64 {
        if self.operation_pages == 0 {
            return 0.0;
        }
        self.generated as f64 / self.operation_pages as f64
    }

    /// `generated N of M operation pages (K skipped)`.
    pub fn summary(&self) -> String {
        format!(
            "generated {} of {} operation pages ({} skipped)",
            self.generated,
            self.operation_pages,
            self.operation_pages.saturating_sub(self.generated)
        )
    }
}

/// The figures of this build.
pub fn coverage() -> Coverage {
    Coverage {
        sample_found: figures::SAMPLE_FOUND,
        sample_dir: figures::SAMPLE_DIR,
        generated: figures::GENERATED,
        operation_pages: figures::OPERATION_PAGES,
        skipped: figures::SKIPPED,
        warnings: figures::WARNINGS,
    }
}

/// The code generated from the sample (empty when the sample is absent).
#[allow(missing_docs, clippy::all, rustdoc::all)]
pub mod sample {
    include!(concat!(env!("OUT_DIR"), "/sample.rs"));
}
