//! The command line, run as a user runs it: `generate <DOCS_DIR>... --out <FILE> [--lenient]`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_msgraph-typed-codegen"))
}

fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn out_file(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("msgraph-typed-codegen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn strict_generation_stops_at_a_bad_page_naming_its_file_and_row_line() {
    let out = out_file("strict.rs");
    let run = bin()
        .arg("generate")
        .arg(fixtures("bad-type"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let (_, stderr) = text(&run);
    assert!(!run.status.success());
    let page = fixtures("bad-type/v1.0/api/widget-frob.md");
    assert!(
        stderr.contains(&format!(
            "{}:23: `colour`: unknown type `Strnig`",
            page.display()
        )),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written on failure");
}

#[test]
fn lenient_generation_skips_bad_pages_and_counts_them() {
    let out = out_file("lenient.rs");
    let run = bin()
        .arg("generate")
        .arg(fixtures("mixed"))
        .args(["--out"])
        .arg(&out)
        .arg("--lenient")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("widget-frob.md:23: the name `colour shade` has several words"),
        "{stderr}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some("generated 2 of 3 operation pages (1 skipped)")
    );
    let code = std::fs::read_to_string(&out).unwrap();
    assert!(code.contains("pub fn polish("), "{code}");
    assert!(code.contains("pub fn tint("), "{code}");
    assert!(
        code.contains("::msgraph_typed::GraphClient"),
        "downstream paths: {code}"
    );
    assert!(!code.contains("fn frob("));
}

#[test]
fn lenient_generation_keeps_a_parameter_of_an_unknown_type_as_json_and_prints_a_warning() {
    let out = out_file("lenient-unknown.rs");
    let run = bin()
        .arg("generate")
        .arg(fixtures("mixed/v1.0/api/widget-tint.md"))
        .arg("--out")
        .arg(&out)
        .arg("--lenient")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stderr}");
    let page = fixtures("mixed/v1.0/api/widget-tint.md");
    assert!(
        stderr.contains(&format!(
            "{}:23: warning: type microsoft.graph.hue unknown; kept as JSON (`hues`)",
            page.display()
        )),
        "{stderr}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some("generated 1 of 1 operation pages (0 skipped)")
    );
    let code = std::fs::read_to_string(&out).unwrap();
    let flat: String = code.split_whitespace().collect();
    assert!(
        flat.contains(
            "pubhues:::std::option::Option<::std::vec::Vec<::msgraph_typed::__private::serde_json::Value>>"
        ),
        "a collection of an unknown type is a Vec of JSON values: {code}"
    );
    assert!(
        flat.contains("///Thedocsnameitstype`microsoft.graph.hue`,"),
        "{code}"
    );
}

#[test]
fn strict_generation_still_refuses_a_parameter_of_an_unknown_type() {
    let run = bin()
        .arg("generate")
        .arg(fixtures("mixed/v1.0/api/widget-tint.md"))
        .arg("--out")
        .arg(out_file("strict-unknown.rs"))
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(
        text(&run)
            .1
            .contains("widget-tint.md:23: `hues`: unknown type `microsoft.graph.hue`"),
        "{}",
        text(&run).1
    );
}

#[test]
fn several_folders_are_read_recursively() {
    let out = out_file("several.rs");
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pages");
    let run = bin()
        .arg("generate")
        .arg(&pages)
        .arg(fixtures("mixed/v1.0/api/widget-polish.md"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run).1);
    let code = std::fs::read_to_string(&out).unwrap();
    for f in ["fn change_password(", "fn validate_password(", "fn polish("] {
        assert!(code.contains(f), "missing {f}");
    }
}

#[test]
fn help_prints_the_usage_and_succeeds() {
    let run = bin().arg("--help").output().unwrap();
    assert!(run.status.success());
    assert!(text(&run)
        .0
        .contains("usage: msgraph-typed-codegen generate <DOCS_DIR>... --out <FILE> [--lenient]"));
}

#[test]
fn bad_usage_exits_with_status_2_and_says_why() {
    for args in [
        &["frob"][..],
        &["generate", "x"],
        &["generate", "--out", "y"],
        &["generate", "x", "--out", "y", "--fast"],
        &["generate", "x", "--out", "y", "--out", "z"],
        &[],
    ] {
        let run = bin().args(args).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = text(&run).1;
        assert!(
            stderr.starts_with("error: ") && stderr.contains("usage:"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let run = bin()
        .args(["generate", "/nonexistent/pages", "--out"])
        .arg(out_file("missing.rs"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run).1.contains("/nonexistent/pages:0: cannot read"));
}

fn scratch(name: &str) -> PathBuf {
    let dir = out_file(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_empty_folder_is_an_error_in_strict_mode_and_a_warning_in_lenient_mode() {
    let empty = scratch("empty-docs");
    let strict = bin()
        .arg("generate")
        .arg(&empty)
        .arg("--out")
        .arg(out_file("empty-strict.rs"))
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let stderr = text(&strict).1;
    assert!(
        stderr.contains(&format!("{}:0: no pages", empty.display())),
        "{stderr}"
    );

    let lenient = bin()
        .arg("generate")
        .arg(&empty)
        .arg("--out")
        .arg(out_file("empty-lenient.rs"))
        .arg("--lenient")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&lenient);
    assert!(lenient.status.success(), "{stderr}");
    assert!(stderr.contains("0: warning: no pages"), "{stderr}");
    assert_eq!(
        stdout.lines().last(),
        Some("generated 0 of 0 operation pages (0 skipped)")
    );
}

#[test]
fn a_write_failure_names_the_output_file_and_the_io_error() {
    let out = out_file("no-such-folder/out.rs");
    let run = bin()
        .arg("generate")
        .arg(fixtures("mixed/v1.0/api/widget-polish.md"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run).1;
    assert!(
        stderr.starts_with(&format!("error: cannot write {}: ", out.display())),
        "{stderr}"
    );
    assert!(!stderr.contains(":0:"), "{stderr}");
}

#[test]
fn a_page_that_is_not_utf8_is_reported_at_the_line_of_its_first_bad_byte() {
    let docs = scratch("latin1-docs");
    let page = docs.join("page.md");
    std::fs::write(&page, b"# user: ping\n\nline three\ncaf\xe9\n").unwrap();
    let run = bin()
        .arg("generate")
        .arg(&docs)
        .arg("--out")
        .arg(out_file("latin1.rs"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run).1;
    assert!(
        stderr.contains(&format!("{}:4: not UTF-8", page.display())),
        "{stderr}"
    );
}

#[test]
fn the_manifest_lists_each_operation_with_its_page_call_and_response_type() {
    let out = out_file("manifest.rs");
    let manifest = out_file("manifest.json");
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pages");
    let run = bin()
        .arg("generate")
        .arg(&pages)
        .arg("--out")
        .arg(&out)
        .arg("--manifest")
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run).1);
    let json = std::fs::read_to_string(&manifest).unwrap();
    let page = pages.join("v1.0/api/user-changepassword.md");
    for want in [
        format!("\"page\": \"{}\"", page.display()),
        "\"method\": \"POST\", \"version\": \"v1.0\", \"path\": \"/me/changePassword\"".to_owned(),
        "\"call\": \"client.me().change_password(body)\"".to_owned(),
        "\"response_type\": \"()\", \"body\": \"none\"".to_owned(),
        "\"response_type\": \"models::PasswordValidationInformation\", \"body\": \"object\""
            .to_owned(),
        "{\"rust_path\": \"models::ChangePasswordRequest\", \"kind\": \"request\"".to_owned(),
    ] {
        assert!(json.contains(&want), "missing {want} in\n{json}");
    }
}
