//! The `fake_graph` example as a program: it prints its base URL first, serves the seeded
//! tenant there, and refuses a bad seed file with a message naming it.
#![cfg(feature = "mock")]

mod mock_support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::SystemTime;

/// The example binary cargo built beside this test (`target/<profile>/examples/`); built
/// on demand when this test runs alone, or when a source it is built from is newer than
/// it (`cargo test --test mock_fake_graph` does not rebuild examples).
fn fake_graph() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(locate_or_build).clone()
}

fn locate_or_build() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps/<test>");
    let bin = profile_dir
        .join("examples")
        .join(format!("fake_graph{}", std::env::consts::EXE_SUFFIX));
    if is_stale(&bin) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--example", "fake_graph", "--features", "mock"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the fake_graph example failed");
    }
    bin
}

/// Whether `bin` is missing or older than the example, the library sources, the pages or
/// the build script it is built from.
fn is_stale(bin: &Path) -> bool {
    let Some(built) = modified(bin) else {
        return true;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = [
        root.join("examples/fake_graph.rs"),
        root.join("src"),
        root.join("pages"),
        root.join("build.rs"),
        root.join("codegen/src"),
    ];
    sources.iter().any(|p| newest(p).is_some_and(|t| t > built))
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The newest modification time of `path`, or of any file below it.
fn newest(path: &Path) -> Option<SystemTime> {
    let own = modified(path);
    let Ok(entries) = std::fs::read_dir(path) else {
        return own;
    };
    entries
        .flatten()
        .filter_map(|e| newest(&e.path()))
        .chain(own)
        .max()
}

/// Kills the child when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("msgraph-typed-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("temp file written");
    path
}

#[tokio::test]
async fn fake_graph_prints_its_url_first_and_serves_the_seeded_tenant() {
    let seed = temp_file("seed.json", mock_support::ISSUE_SEED);
    let seed_arg = seed.to_str().expect("utf-8 path");
    let (_child, line) = start(&["--seed", seed_arg, "--port", "0"]).await;
    let authority = line
        .strip_prefix("http://127.0.0.1:")
        .expect("http://127.0.0.1:PORT");
    assert!(
        authority.parse::<u16>().is_ok_and(|p| p > 0),
        "the line is the URL alone: {line:?}"
    );
    let addr = address(&line);

    let answer = mock_support::send(
        addr,
        "POST",
        "/beta/users/validatePassword",
        &[
            ("Authorization", "Bearer admin-token"),
            ("Content-Type", "application/json"),
        ],
        r#"{"password":"1234567890"}"#,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["isValid"], false);
    let _ = std::fs::remove_file(seed);
}

/// Starts `fake_graph` with `args` and returns it with its first line of output (the
/// line ending taken off).
async fn start(args: &[&str]) -> (Running, String) {
    let mut child = Running(
        Command::new(fake_graph())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fake_graph starts"),
    );
    let stdout = child.0.stdout.take().expect("stdout piped");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("reader joins")
    .expect("a first line");
    (child, line.trim_end().to_owned())
}

/// The socket address of a base URL line `http://ADDRESS`.
fn address(line: &str) -> SocketAddr {
    line.trim_start_matches("http://")
        .parse()
        .expect("the first line is http://ADDRESS")
}

#[tokio::test]
async fn fake_graph_with_throttle_every_2_answers_every_second_call_429_with_the_retry_after_given()
{
    let (_child, line) =
        start(&["--port", "0", "--throttle-every", "2", "--retry-after", "7"]).await;
    let addr = address(&line);
    let call = || {
        mock_support::send(
            addr,
            "POST",
            "/beta/users/validatePassword",
            &[
                ("Authorization", "Bearer admin-token"),
                ("Content-Type", "application/json"),
            ],
            r#"{"password":"1234567890"}"#,
        )
    };
    let statuses = [call().await, call().await, call().await, call().await];
    let got: Vec<u16> = statuses.iter().map(|a| a.status).collect();
    assert_eq!(got, [200, 429, 200, 429]);
    assert_eq!(statuses[1].header("Retry-After"), Some("7"));
    assert_eq!(statuses[1].json()["error"]["code"], "TooManyRequests");
    assert_eq!(statuses[0].header("Retry-After"), None);
}

#[tokio::test]
async fn fake_graph_with_journal_endpoint_serves_the_journal_and_without_it_does_not() {
    let (_child, line) = start(&["--journal-endpoint"]).await;
    let addr = address(&line);
    let auth = [("Authorization", "Bearer admin-token")];
    let listed = mock_support::send(addr, "GET", "/v1.0/users?$top=1", &auth, "").await;
    assert_eq!(listed.status, 200);
    let journal = mock_support::send(addr, "GET", "/_mock/journal", &[], "").await;
    assert_eq!(journal.status, 200);
    let entries = journal.json()["value"].clone();
    assert_eq!(
        entries[0]["query_pairs"],
        serde_json::json!([["$top", "1"]])
    );
    assert_eq!(entries.as_array().map(Vec::len), Some(1));

    let (_plain, line) = start(&[]).await;
    let answer = mock_support::send(address(&line), "GET", "/_mock/journal", &auth, "").await;
    assert_eq!(answer.status, 404, "an unknown path to the tenant");
}

#[tokio::test]
async fn fake_graph_throttles_after_one_second_when_no_retry_after_is_given() {
    let (_child, line) = start(&["--throttle-every=1"]).await;
    let addr = address(&line);
    let answer = mock_support::send(addr, "POST", "/v1.0/me/changePassword", &[], "{}").await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.header("Retry-After"), Some("1"));
}

#[tokio::test]
async fn fake_graph_sends_a_fractional_retry_after_as_given() {
    let (_child, line) = start(&["--throttle-every=1", "--retry-after=2.128"]).await;
    let addr = address(&line);
    let answer = mock_support::send(addr, "POST", "/v1.0/me/changePassword", &[], "{}").await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.header("Retry-After"), Some("2.128"));
}

#[test]
fn fake_graph_refuses_a_bad_seed_file_naming_it_and_exits_non_zero() {
    let seed = temp_file("bad.json", r#"{"users": [{"password": "p"}]}"#);
    let out = Command::new(fake_graph())
        .args(["--seed", seed.to_str().expect("utf-8 path")])
        .output()
        .expect("fake_graph runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "no URL is printed");
    assert!(stderr.contains(&seed.display().to_string()), "{stderr}");
    assert!(
        stderr.contains("missing field `userPrincipalName`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_file(seed);
}

#[test]
fn fake_graph_with_a_bad_argument_prints_usage_and_exits_2() {
    let out = Command::new(fake_graph())
        .args(["--port", "http"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not a port number") && stderr.contains("usage:"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn fake_graph_with_an_argument_that_is_not_utf8_says_so_and_exits_2() {
    use std::os::unix::ffi::OsStringExt;
    let out = Command::new(fake_graph())
        .arg(std::ffi::OsString::from_vec(b"--po\xffrt".to_vec()))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
