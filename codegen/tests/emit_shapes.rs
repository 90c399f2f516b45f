//! Emitting: the IR -> Rust text, in both modes. The generated code's behaviour is tested
//! where it compiles (the SDK's doc_examples, codegen-check's tests); these pin the
//! choices that differ between modes, and determinism.

use std::path::Path;

use msgraph_typed_codegen::emit::{emit, Options};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};
use msgraph_typed_codegen::{Generator, Mode};

fn sdk_pages() -> Vec<DocPage> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pages");
    let mut out = Vec::new();
    for p in [
        "v1.0/api/user-changepassword.md",
        "beta/api/user-validatepassword.txt",
        "beta/resources/passwordvalidationinformation.md",
        "beta/resources/validationresult.md",
    ] {
        let path = root.join(p);
        out.push(read_page(&path, &std::fs::read_to_string(&path).unwrap()).unwrap());
    }
    out
}

#[test]
fn the_output_does_not_depend_on_the_order_pages_are_read() {
    let pages = sdk_pages();
    let mut reversed = pages.clone();
    reversed.reverse();
    let opts = Options::for_mode(Mode::Sdk);
    let a = emit(&lower(&pages, false).unwrap().api, &opts);
    let b = emit(&lower(&reversed, false).unwrap().api, &opts);
    assert_eq!(a, b);
}

#[test]
fn downstream_code_reaches_everything_through_msgraph_typed() {
    let api = lower(&sdk_pages(), false).unwrap().api;
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(!code.contains("crate::"), "no crate-relative runtime paths");
    assert!(!code.contains(" ::serde::") && !code.contains(" ::http::"));
    assert!(code.contains("#[serde(crate = \"::msgraph_typed::__private::serde\")]"));
    assert!(code.contains("::msgraph_typed::http::Method::POST"));
    assert!(
        !code.contains("__private::http"),
        "http types come through the public re-export"
    );
    assert!(code.contains("pub trait MeExt<'a>") && code.contains("pub trait UsersExt<'a>"));
    assert!(
        code.contains("pub mod prelude {") && code.contains("pub use super::operations::UsersExt;"),
        "one import brings every call into scope"
    );
    assert!(
        !code.contains("macro_rules!"),
        "a downstream crate cannot extend GraphClient"
    );
    assert!(
        !code.contains("mod doc_examples") && !code.contains("mod expectations"),
        "off by default"
    );
}

#[test]
fn sdk_code_has_the_entry_point_macro_expectations_and_doc_tests() {
    let api = lower(&sdk_pages(), false).unwrap().api;
    let code = emit(&api, &Options::for_mode(Mode::Sdk));
    assert!(code.contains("macro_rules! graph_client_entry_points"));
    assert!(code.contains("pub(crate) use graph_client_entry_points;"));
    assert!(code.contains("#[cfg(feature = \"mock\")]\npub mod expectations {"));
    assert!(code.contains("fn the_validate_password_example_response_decodes()"));
    assert!(
        code.contains("pub current_password: crate::SecretString,"),
        "passwords are secrets"
    );
    assert!(code.contains("**Beta:** APIs under `/beta` are subject to change"));
}

#[test]
fn an_sdk_without_operations_still_defines_the_entry_point_macro() {
    let code = emit(&Default::default(), &Options::for_mode(Mode::Sdk));
    assert!(
        code.contains("macro_rules! graph_client_entry_points {\n    () => {\n    };\n}"),
        "{code}"
    );
}

#[test]
fn write_to_leaves_an_unchanged_file_alone() {
    let out = Generator::new()
        .pages(Path::new(env!("CARGO_MANIFEST_DIR")).join("../pages"))
        .mode(Mode::Sdk)
        .generate()
        .unwrap();
    let file = std::env::temp_dir().join(format!(
        "msgraph-typed-codegen-write-{}.rs",
        std::process::id()
    ));
    out.write_to(&file).unwrap();
    let before = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    out.write_to(&file).unwrap();
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), out.code);
    let _ = std::fs::remove_file(file);
}
