//! The README promises two commands and a CI script that runs the second one. These tests
//! keep the promise true as files change: the commands, the examples they name, the files
//! the README links to, and `.ci/run` must agree.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    let path = root().join(relative);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The commands of the README's first `sh` block: the two a newcomer runs.
fn the_two_commands() -> Vec<String> {
    let readme = read("README.md");
    let block = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has a ```sh block with the two commands");
    block
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

fn readme_test_command() -> String {
    let commands = the_two_commands();
    let tests: Vec<&String> = commands
        .iter()
        .filter(|c| c.starts_with("cargo test"))
        .collect();
    assert_eq!(tests.len(), 1, "one test command in {commands:?}");
    tests[0].clone()
}

#[test]
fn the_readme_names_exactly_two_commands_a_quickstart_and_a_test_run() {
    let commands = the_two_commands();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(commands[0], "cargo run --example quickstart");
    assert!(commands[1].starts_with("cargo test"), "{commands:?}");
}

#[test]
fn the_ci_script_runs_exactly_the_readme_test_command() {
    let command = readme_test_command();
    let ci = read(".ci/run");
    let runs: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("cargo test"))
        .collect();
    assert_eq!(
        runs,
        vec![command.as_str()],
        ".ci/run must run the README's test command and no other"
    );
}

#[test]
fn the_ci_script_stops_at_the_first_failing_step() {
    let ci = read(".ci/run");
    assert!(ci.starts_with("#!"), ".ci/run has a shebang");
    assert!(
        ci.lines().any(|l| l.trim() == "set -euo pipefail"),
        ".ci/run must stop on the first failure"
    );
    for step in [
        "cargo fmt --all -- --check",
        "cargo clippy --workspace --all-targets --all-features -- -D warnings",
        "RUSTDOCFLAGS=\"-D warnings\" cargo doc --no-deps --workspace --all-features",
    ] {
        assert!(
            ci.lines().any(|l| l.trim() == step),
            ".ci/run lacks the step `{step}`"
        );
    }
}

#[cfg(unix)]
#[test]
fn the_ci_script_is_executable() {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(root().join(".ci/run"))
        .expect(".ci/run exists")
        .permissions()
        .mode();
    assert_ne!(mode & 0o111, 0, ".ci/run must be executable");
}

/// Every `--example NAME` the README runs, with whether it asks for `--features mock`.
fn examples_the_readme_runs() -> Vec<(String, bool)> {
    let readme = read("README.md");
    let mut found = Vec::new();
    for line in readme.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            if pair[0] == "--example" {
                let name = pair[1].trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
                found.push((name.to_owned(), line.contains("--features mock")));
            }
        }
    }
    found
}

#[test]
fn every_example_the_readme_runs_exists_and_is_declared_in_the_manifest() {
    let manifest = read("Cargo.toml");
    let examples = examples_the_readme_runs();
    assert!(examples.len() >= 3, "{examples:?}");
    for (name, _) in examples {
        assert!(
            root().join("examples").join(format!("{name}.rs")).is_file(),
            "README runs example `{name}` but examples/{name}.rs does not exist"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "example `{name}` has no [[example]] entry in Cargo.toml"
        );
    }
}

#[test]
fn the_examples_that_need_no_flags_declare_no_required_features() {
    let manifest = read("Cargo.toml");
    for (name, needs_mock) in examples_the_readme_runs() {
        if needs_mock {
            continue;
        }
        let entry = manifest
            .split("[[example]]")
            .skip(1)
            .find(|e| e.contains(&format!("name = \"{name}\"")))
            .unwrap_or_else(|| panic!("no [[example]] entry for `{name}`"));
        let entry = entry.split("\n[").next().unwrap_or(entry);
        assert!(
            !entry.contains("required-features"),
            "README runs `{name}` without flags, but it declares required-features"
        );
    }
}

#[test]
fn the_mock_feature_is_on_for_examples_and_tests_without_flags() {
    // `cargo run --example quickstart` must reach the simulated Graph with no
    // `--features mock`: the package names itself as a dev-dependency with the feature.
    let manifest = read("Cargo.toml");
    let dev = manifest
        .split("[dev-dependencies]")
        .nth(1)
        .expect("Cargo.toml has [dev-dependencies]");
    let dev = dev.split("\n[").next().unwrap_or(dev);
    let own = dev
        .lines()
        .find(|l| l.trim_start().starts_with("msgraph-typed"))
        .expect("msgraph-typed is its own dev-dependency");
    assert!(own.contains("path = \".\""), "{own}");
    assert!(own.contains("\"mock\""), "{own}");
}

/// Relative links of the form `](target)` in the README.
fn relative_links(markdown: &str) -> Vec<String> {
    markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|target| !target.contains("://") && !target.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_file_the_readme_links_to_exists() {
    let readme = read("README.md");
    let links = relative_links(&readme);
    assert!(links.iter().any(|l| l == "LICENSE-MIT"), "{links:?}");
    for link in links {
        assert!(
            Path::new(&root()).join(&link).exists(),
            "README links to `{link}`, which does not exist"
        );
    }
}

#[test]
fn the_readme_names_the_rust_version_the_manifest_declares() {
    let manifest = read("Cargo.toml");
    let declared = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("rust-version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .expect("Cargo.toml declares rust-version");
    let readme = read("README.md");
    assert!(
        readme.contains(&format!("Rust toolchain ({declared} or newer)")),
        "README must name rust-version {declared}"
    );
}

#[test]
fn every_test_the_fault_matrix_names_exists_in_the_client_tests() {
    let readme = read("README.md");
    let matrix = readme
        .split("## Fault matrix")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a fault matrix");
    let mut sources = String::new();
    for entry in fs::read_dir(root().join("tests")).expect("tests/ exists") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("client_") && name.ends_with(".rs") {
            sources.push_str(&fs::read_to_string(&path).expect("readable"));
        }
    }
    let named: Vec<&str> = matrix
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| t.matches('_').count() >= 3)
        .filter(|t| {
            t.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    assert!(named.len() >= 20, "the matrix names its tests: {named:?}");
    for test in named {
        assert!(
            sources.contains(&format!("fn {test}(")),
            "the fault matrix names `{test}`, which is no test in tests/client_*.rs"
        );
    }
}
