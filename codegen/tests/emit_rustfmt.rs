//! The emitter writes rustfmt's style itself (the codegen crate has no dependencies, so no
//! prettyplease): the checked-in snapshots must pass `rustfmt --check --edition 2021`
//! unchanged. Skipped, saying so, when rustfmt is not installed.

use std::path::Path;
use std::process::Command;

fn rustfmt_check(file: &Path) {
    let run = Command::new("rustfmt")
        .args(["--check", "--edition", "2021"])
        .arg(file)
        .output();
    match run {
        Err(e) => eprintln!(
            "SKIPPED: rustfmt is not installed ({e}); {} not checked",
            file.display()
        ),
        Ok(out) => assert!(
            out.status.success(),
            "{} is not in rustfmt's style:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn the_sdk_snapshot_is_already_rustfmt_formatted() {
    rustfmt_check(&root().join("codegen/tests/snapshots/sdk.rs"));
}

#[test]
fn the_downstream_snapshot_is_already_rustfmt_formatted() {
    rustfmt_check(&root().join("codegen-check/src/generated.rs"));
}
