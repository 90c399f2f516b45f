//! Generates the SDK's models and operations from the pages under `pages/` into
//! `OUT_DIR/generated.rs` (included by `src/lib.rs`). A page the generator cannot read
//! fails the build with `path:line: message`.
use std::path::PathBuf;
use std::process::ExitCode;

use msgraph_typed_codegen::{Generator, Mode};

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed=pages");
    println!("cargo::rerun-if-changed=build.rs");
    let (Some(root), Some(out)) = (
        std::env::var_os("CARGO_MANIFEST_DIR"),
        std::env::var_os("OUT_DIR"),
    ) else {
        eprintln!("build.rs: CARGO_MANIFEST_DIR and OUT_DIR must be set (run through cargo)");
        return ExitCode::FAILURE;
    };
    let pages = PathBuf::from(root).join("pages");
    match Generator::new().pages(&pages).mode(Mode::Sdk).generate() {
        Ok(output) => match output.write_to(PathBuf::from(out).join("generated.rs")) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("build.rs: cannot write generated.rs: {e}");
                ExitCode::FAILURE
            }
        },
        Err(diagnostics) => {
            for d in diagnostics {
                eprintln!("{d}");
            }
            ExitCode::FAILURE
        }
    }
}
