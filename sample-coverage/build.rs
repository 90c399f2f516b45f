//! Runs the generator, lenient and in downstream mode, over the Graph docs sample
//! (`../../shared/graph-docs-sample`, or `MSGRAPH_DOCS_SAMPLE`) into `OUT_DIR/sample.rs`,
//! and writes what it generated, skipped and warned about to `OUT_DIR/coverage.rs`. Without the sample,
//! both are empty and `coverage::SAMPLE_FOUND` is false.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use msgraph_typed_codegen::manifest::Body;
use msgraph_typed_codegen::{Generator, Manifest, Mode};

fn main() {
    println!("cargo::rerun-if-env-changed=MSGRAPH_DOCS_SAMPLE");
    // `cfg(sample_found)`: tests that name generated types compile only when there are some.
    println!("cargo::rustc-check-cfg=cfg(sample_found)");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let sample = env::var_os("MSGRAPH_DOCS_SAMPLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/graph-docs-sample"));
    let sample = fs::canonicalize(&sample).unwrap_or(sample);
    println!("cargo::rerun-if-changed={}", sample.display());
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    let (code, coverage, examples) = if sample.is_dir() {
        println!("cargo::rustc-cfg=sample_found");
        generate(&sample)
    } else {
        println!(
            "cargo::warning=the Graph docs sample is not at {}: nothing generated",
            sample.display()
        );
        (
            String::new(),
            coverage_rs(false, &sample, 0, 0, &[], &[], &[]),
            examples_rs(&Manifest::default()),
        )
    };
    write(&out.join("sample.rs"), &code);
    write(&out.join("coverage.rs"), &coverage);
    write(&out.join("examples.rs"), &examples);
}

fn generate(sample: &Path) -> (String, String, String) {
    let output = match Generator::new()
        .pages(sample)
        .mode(Mode::Downstream)
        .lenient(true)
        .generate()
    {
        Ok(o) => o,
        Err(diagnostics) => {
            for d in diagnostics {
                println!("cargo::error={d}");
            }
            std::process::exit(1);
        }
    };
    let lines = |ds: &[msgraph_typed_codegen::Diagnostic]| -> Vec<String> {
        ds.iter().map(ToString::to_string).collect()
    };
    let (skipped, warnings) = (lines(&output.skipped), lines(&output.warnings));
    let coverage = coverage_rs(
        true,
        sample,
        output.generated_operation_pages,
        output.operation_pages,
        &skipped,
        &warnings,
        &output.not_operation_pages,
    );
    let examples = examples_rs(&output.manifest);
    (output.code, coverage, examples)
}

/// `EXAMPLES`: each page's example response (once per page), with the type its operation
/// answers with, read from the generator's manifest. For `tests/examples.rs`, which
/// decodes each one; `decode` names a function of that test, generic over the type.
fn examples_rs(manifest: &Manifest) -> String {
    let mut s = String::from(
        "/// Each page's example response and the type it must decode into.\n\
         static EXAMPLES: &[Example] = &[\n",
    );
    let mut seen = std::collections::BTreeSet::new();
    for op in &manifest.operations {
        let (Some(json), Some(item)) = (&op.example_response, &op.item_type) else {
            continue;
        };
        if !seen.insert((op.page.clone(), json.clone())) {
            continue;
        }
        let (decode, ty) = match op.body {
            Body::Object => ("decode_object", item),
            Body::Collection => ("decode_collection", item),
            Body::Value => ("decode_value", item),
            Body::None => continue,
        };
        let ty = in_sample(ty);
        s.push_str(&format!(
            "    Example {{ page: {:?}, line: {}, call: {:?}, response_type: {:?}, json: {:?}, \
             decode: {decode}::<{ty}> }},\n",
            op.page, op.line, op.call, op.response_type, json
        ));
    }
    s.push_str("];\n");
    s
}

/// A type path of the manifest (`models::User`, `::std::vec::Vec<models::User>`) as seen
/// from a test of this crate.
fn in_sample(ty: &str) -> String {
    let mut out = String::new();
    let mut rest = ty;
    while let Some(at) = rest.find("models::") {
        let before = &rest[..at];
        out.push_str(before);
        let glued = before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
        if !glued {
            out.push_str("msgraph_typed_sample_coverage::sample::");
        }
        out.push_str("models::");
        rest = &rest[at + "models::".len()..];
    }
    out.push_str(rest);
    out
}

fn coverage_rs(
    found: bool,
    sample: &Path,
    generated: usize,
    pages: usize,
    skipped: &[String],
    warnings: &[String],
    not_operation: &[msgraph_typed_codegen::Diagnostic],
) -> String {
    let mut s = String::new();
    s.push_str(&format!("/// Whether the sample was found at build time.\npub const SAMPLE_FOUND: bool = {found};\n"));
    s.push_str(&format!(
        "/// Where the sample was looked for.\npub const SAMPLE_DIR: &str = {:?};\n",
        sample.display().to_string()
    ));
    s.push_str(&format!(
        "/// Operation pages generated.\npub const GENERATED: usize = {generated};\n"
    ));
    s.push_str(&format!(
        "/// Operation pages in the sample.\npub const OPERATION_PAGES: usize = {pages};\n"
    ));
    s.push_str(
        "/// Every page skipped, as `path:line: reason`.\npub const SKIPPED: &[&str] = &[\n",
    );
    for line in skipped {
        s.push_str(&format!("    {line:?},\n"));
    }
    s.push_str("];\n");
    s.push_str(
        "/// Every lenient warning (a property of an unknown type kept as JSON, a base type \
         not in the run), as `path:line: warning: ...`.\npub const WARNINGS: &[&str] = &[\n",
    );
    for line in warnings {
        s.push_str(&format!("    {line:?},\n"));
    }
    s.push_str("];\n");
    // Pages left out of the operation pages, counted by reason; listed one by one where
    // the page's own front matter or folder says operation page.
    let mut by_reason: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in not_operation {
        *by_reason.entry(d.message.as_str()).or_default() += 1;
    }
    s.push_str(
        "/// Pages that are not operation pages, counted by the reason they were classified \
         so.\npub const NOT_OPERATION: &[(&str, usize)] = &[\n",
    );
    for (reason, n) in by_reason {
        s.push_str(&format!("    ({reason:?}, {n}),\n"));
    }
    s.push_str("];\n");
    s.push_str(
        "/// Pages that are not operation pages although their front matter or folder says \
         so, as `path:line: not an operation page: why`.\npub const NOT_OPERATION_CONTRARY: \
         &[&str] = &[\n",
    );
    for d in not_operation {
        let in_api = d.path.components().any(|c| c.as_os_str() == "api");
        if in_api || d.message.contains("apiPageType") {
            s.push_str(&format!("    {:?},\n", d.to_string()));
        }
    }
    s.push_str("];\n");
    s
}

fn write(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    if let Err(e) = fs::write(path, text) {
        println!("cargo::error=cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}
