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

/// An example the README runs: its package (`-p NAME`, for an example package under
/// `examples/`; `None` for this one), its name, and whether it asks for `--features mock`.
struct ReadmeExample {
    package: Option<String>,
    name: String,
    needs_mock: bool,
}

/// Every `--example NAME` the README runs.
fn examples_the_readme_runs() -> Vec<ReadmeExample> {
    let readme = read("README.md");
    let mut found = Vec::new();
    for line in readme.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let package = words
            .windows(2)
            .find(|pair| pair[0] == "-p")
            .map(|pair| pair[1].to_owned());
        for pair in words.windows(2) {
            if pair[0] == "--example" {
                let name = pair[1].trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
                found.push(ReadmeExample {
                    package: package.clone(),
                    name: name.to_owned(),
                    needs_mock: line.contains("--features mock"),
                });
            }
        }
    }
    found
}

impl ReadmeExample {
    /// The folder of its package, relative to the workspace root.
    fn package_dir(&self) -> PathBuf {
        match &self.package {
            Some(package) => Path::new("examples").join(package),
            None => PathBuf::new(),
        }
    }

    /// Its package's manifest.
    fn manifest(&self) -> String {
        read(&self.package_dir().join("Cargo.toml").to_string_lossy())
    }

    /// Its `[[example]]` entry in that manifest, up to the next table.
    fn entry(&self) -> String {
        let manifest = self.manifest();
        let entry = manifest
            .split("[[example]]")
            .skip(1)
            .find(|e| e.contains(&format!("name = \"{}\"", self.name)))
            .unwrap_or_else(|| panic!("no [[example]] entry for `{}`", self.name));
        entry.split("\n[").next().unwrap_or(entry).to_owned()
    }

    /// Its source file: the entry's `path`, else `examples/NAME.rs` in its package.
    fn source(&self) -> PathBuf {
        let entry = self.entry();
        let path = entry
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("path = \"")?
                    .strip_suffix('"')
                    .map(PathBuf::from)
            })
            .unwrap_or_else(|| Path::new("examples").join(format!("{}.rs", self.name)));
        self.package_dir().join(path)
    }
}

#[test]
fn every_example_the_readme_runs_exists_and_is_declared_in_the_manifest() {
    let examples = examples_the_readme_runs();
    assert!(examples.len() >= 3, "{}", examples.len());
    for example in examples {
        let source = example.source();
        assert!(
            root().join(&source).is_file(),
            "README runs example `{}` but {} does not exist",
            example.name,
            source.display()
        );
    }
}

#[test]
fn the_examples_that_need_no_flags_declare_no_required_features() {
    for example in examples_the_readme_runs() {
        if example.needs_mock {
            continue;
        }
        assert!(
            !example.entry().contains("required-features"),
            "README runs `{}` without flags, but it declares required-features",
            example.name
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
