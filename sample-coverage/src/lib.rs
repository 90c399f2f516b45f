//! The generator on real Graph reference pages: the code generated, lenient and in
//! downstream mode, from `../shared/graph-docs-sample` (685 operation pages of every
//! method and the 4,173 resource pages of that docs snapshot) compiles here, in a crate
//! whose only dependency is `msgraph-typed`; [`coverage()`] says how many operation pages
//! were generated, why the others were skipped, and what was kept as JSON (lenient
//! warnings).
//!
//! The pages are test data, read from `../shared` at build time and never shipped. Print
//! the figures with
//! `cargo test -p msgraph-typed-sample-coverage --test coverage -- --nocapture`.
#![deny(missing_docs)]

/// A client for tests that only take the sample's calls apart into their requests: it
/// points at a closed loopback port and sends nothing.
pub fn offline_client() -> msgraph_typed::ReqwestGraphClient {
    msgraph_typed::ReqwestGraphClient::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token("not-a-token")
        .build()
        .expect("a client for a loopback base URL and a fixed token builds")
}

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
    /// Pages that are not operation pages (and so not in [`Coverage::operation_pages`]),
    /// counted by why: `(reason, pages)`, the reason as the generator gives it
    /// (`not an operation page: doc_type: resourcePageType`, ...).
    pub not_operation: &'static [(&'static str, usize)],
    /// Every page left out of the operation pages although its front matter says
    /// `doc_type: apiPageType` or it lies in an `api` folder, as `path:line: not an
    /// operation page: why`: none may hide there unseen.
    pub not_operation_contrary: &'static [&'static str],
}

impl Coverage {
    /// The share of operation pages generated, between 0 and 1.
    pub fn share(&self) -> f64 {
        if self.operation_pages == 0 {
            return 0.0;
        }
        self.generated as f64 / self.operation_pages as f64
    }

    /// How many pages were not counted as operation pages.
    pub fn not_operation_pages(&self) -> usize {
        self.not_operation.iter().map(|(_, n)| n).sum()
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

/// A share that may only rise: the best share reached so far, written in the test that
/// checks it. A share below it fails (a change lost pages); a share above it fails too,
/// asking for the written best to be raised, so every gain is kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratchet {
    /// What is measured, for the messages (`operation pages generated`).
    pub what: &'static str,
    /// The best share reached so far, between 0 and 1, to four decimals (`0.9377`).
    pub best: f64,
}

impl Ratchet {
    /// `share` rounded down to the four decimals a best is written with.
    pub fn written(share: f64) -> f64 {
        (share * 10_000.0 + 1e-9).floor() / 10_000.0
    }

    /// Checks `share` against the best: an error says which way it moved and what to do.
    pub fn check(&self, share: f64) -> Result<(), String> {
        let now = Self::written(share);
        if now + 1e-12 < self.best {
            return Err(format!(
                "{}: {:.2}% is below the best reached so far, {:.2}%: the ratchet is never \
                 lowered; find what the change lost",
                self.what,
                share * 100.0,
                self.best * 100.0
            ));
        }
        if now > self.best + 1e-12 {
            return Err(format!(
                "{}: {:.2}% is above the best written, {:.2}%: raise the ratchet to {now:.4}",
                self.what,
                share * 100.0,
                self.best * 100.0
            ));
        }
        Ok(())
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
        not_operation: figures::NOT_OPERATION,
        not_operation_contrary: figures::NOT_OPERATION_CONTRARY,
    }
}

#[cfg(test)]
mod tests {
    use super::Ratchet;

    const AT_90: Ratchet = Ratchet {
        what: "pages",
        best: 0.9,
    };

    #[test]
    fn a_share_at_the_best_passes_the_ratchet() {
        assert_eq!(AT_90.check(0.9), Ok(()));
        assert_eq!(AT_90.check(0.900_04), Ok(()));
    }

    #[test]
    fn a_share_below_the_best_fails_the_ratchet() {
        let err = AT_90.check(0.899_9).unwrap_err();
        assert!(
            err.contains("below the best reached so far, 90.00%"),
            "{err}"
        );
    }

    #[test]
    fn a_share_above_the_best_asks_for_the_ratchet_to_be_raised() {
        let err = AT_90.check(663.0 / 707.0).unwrap_err();
        assert!(err.contains("raise the ratchet to 0.9377"), "{err}");
    }
}

/// The code generated from the sample (empty when the sample is absent).
#[allow(missing_docs, clippy::all, rustdoc::all)]
pub mod sample {
    include!(concat!(env!("OUT_DIR"), "/sample.rs"));
}
