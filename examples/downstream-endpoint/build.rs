//! Generates the operations of `graph-pages/` (pages in the Graph docs' markdown format)
//! into `OUT_DIR/graph.rs` with the msgraph-typed-codegen library, strict: a bad page
//! fails the build with `path:line: message`.

use std::path::PathBuf;

use msgraph_typed_codegen::{Generator, Mode};

fn main() {
    println!("cargo::rerun-if-changed=graph-pages");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("graph.rs");
    let generated = Generator::new()
        .pages("graph-pages")
        .mode(Mode::Downstream)
        .expectations_cfg(Some("feature = \"mock\""))
        .generate();
    match generated {
        Ok(output) => {
            if let Err(e) = output.write_to(&out) {
                println!("cargo::error=cannot write {}: {e}", out.display());
                std::process::exit(1);
            }
        }
        Err(diagnostics) => {
            for d in diagnostics {
                println!("cargo::error={d}");
            }
            std::process::exit(1);
        }
    }
}
