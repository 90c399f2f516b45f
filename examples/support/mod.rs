//! What the examples share: choosing the real or the simulated Graph from the
//! environment, and reading passwords at a prompt without echoing them.
//!
//! Not an example itself: Cargo builds only `examples/*.rs` and `examples/*/main.rs`.
#![allow(dead_code)] // each example uses a part of this module

use std::io::{self, BufRead, IsTerminal, Write};

use msgraph_typed::models::ValidationResult;
use msgraph_typed::{Cloud, Error, ReqwestGraphClient, SecretString};

/// Where the examples send their calls.
#[derive(Debug)]
pub enum Backend {
    /// `GRAPH_TOKEN` is unset or empty: the built-in simulated Graph.
    Simulated,
    /// `GRAPH_TOKEN` is set: the real Graph at `root`.
    Real {
        /// The bearer token.
        token: SecretString,
        /// The Graph root: `GRAPH_BASE_URL`, else the root of `GRAPH_CLOUD`.
        root: String,
    },
}

/// Reads `GRAPH_TOKEN`, `GRAPH_CLOUD` and `GRAPH_BASE_URL` through `var`.
pub fn backend_from(var: impl Fn(&str) -> Option<String>) -> Result<Backend, String> {
    let token = match var("GRAPH_TOKEN") {
        Some(t) if !t.trim().is_empty() => SecretString::new(t.trim()),
        _ => return Ok(Backend::Simulated),
    };
    let cloud = match var("GRAPH_CLOUD") {
        Some(name) if !name.trim().is_empty() => cloud_named(&name)?,
        _ => Cloud::Global,
    };
    let root = match var("GRAPH_BASE_URL") {
        Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
        _ => cloud.root().to_owned(),
    };
    Ok(Backend::Real { token, root })
}

/// The backend the process environment asks for.
pub fn backend_from_env() -> Result<Backend, String> {
    backend_from(|name| std::env::var(name).ok())
}

/// `GRAPH_CLOUD`'s names for the national clouds.
pub fn cloud_named(name: &str) -> Result<Cloud, String> {
    match name.trim().to_ascii_lowercase().as_str() {
        "global" => Ok(Cloud::Global),
        "usgov" => Ok(Cloud::UsGovL4),
        "usgov-dod" => Ok(Cloud::UsGovL5Dod),
        "china" => Ok(Cloud::China),
        other => Err(format!(
            "GRAPH_CLOUD={other:?} is not a cloud; use global, usgov, usgov-dod or china"
        )),
    }
}

/// A client for the real Graph at `root`.
pub fn real_client(token: SecretString, root: &str) -> Result<ReqwestGraphClient, Error> {
    ReqwestGraphClient::builder()
        .base_url(root)
        .bearer_token(token)
        .build()
}

/// Prints `label`, then reads one line from `input` as a secret (the line ending is not
/// part of it). End of input before any line is an error, so a closed stdin never turns
/// into an empty password.
///
/// `enter_shows` says whether the Enter that ends the line appears on the screen (input
/// typed at a terminal with echo on). When it does not (input piped in, or echo turned
/// off), a newline is written to `prompt` after the line is read, so the next prompt or
/// message starts on a line of its own.
pub fn read_secret_from(
    label: &str,
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
    enter_shows: bool,
) -> io::Result<SecretString> {
    write!(prompt, "{label}: ")?;
    prompt.flush()?;
    let mut line = String::new();
    let read = input.read_line(&mut line);
    if !enter_shows {
        writeln!(prompt)?;
    }
    if read? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("no input for {label}"),
        ));
    }
    let len = line.trim_end_matches(['\r', '\n']).len();
    line.truncate(len);
    // The buffer moves into the secret (no copy left behind), which wipes it on drop.
    Ok(SecretString::new(line))
}

/// Asks for a secret on stderr and reads it from stdin. When stdin is a terminal (on
/// Unix), echo is turned off while the line is typed, with `stty`: no extra dependency.
/// Elsewhere (Windows, or input piped in) the line is read as it comes.
///
/// Ctrl-C while echo is off kills the process before it can turn echo back on, so a
/// small watcher (`sh`, started with the prompt) survives Ctrl-C and turns echo back on,
/// at the Ctrl-C or when this process ends, however it ends. Where `sh` cannot start,
/// echo is still hidden and restored after the line, but not after Ctrl-C (`stty echo`
/// or `reset` fixes the terminal).
pub fn prompt_secret(label: &str) -> io::Result<SecretString> {
    let stdin = io::stdin();
    let terminal = stdin.is_terminal();
    let hidden = if terminal { HiddenEcho::start() } else { None };
    let enter_shows = terminal && hidden.is_none();
    let result = read_secret_from(label, &mut stdin.lock(), &mut io::stderr(), enter_shows);
    drop(hidden);
    result
}

/// Terminal echo turned off until this is dropped (or the process ends).
#[derive(Debug)]
struct HiddenEcho {
    /// Turns echo back on if this process dies while echo is off: it waits for its stdin,
    /// a pipe from this process, to close.
    watcher: Option<std::process::Child>,
}

impl HiddenEcho {
    /// Turns echo off; `None` when that failed (no `stty`, not Unix).
    fn start() -> Option<Self> {
        let watcher = watch_for_exit();
        if stty("-echo") {
            Some(Self { watcher })
        } else {
            stop(watcher);
            None
        }
    }
}

impl Drop for HiddenEcho {
    fn drop(&mut self) {
        stty("echo");
        stop(self.watcher.take());
    }
}

/// The watcher: a shell that catches Ctrl-C (and Ctrl-\\) to turn echo back on at once,
/// and does so too when its stdin closes: that pipe's only writer is this process, so it
/// closes when this process ends, even killed by a signal.
#[cfg(unix)]
fn watch_for_exit() -> Option<std::process::Child> {
    use std::process::{Command, Stdio};
    let script = "trap 'stty echo </dev/tty' INT QUIT; read -r line; stty echo </dev/tty";
    Command::new("sh")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()
}

#[cfg(not(unix))]
fn watch_for_exit() -> Option<std::process::Child> {
    None
}

/// Closes the watcher's pipe and waits for it, so its `stty echo` cannot land after a
/// later prompt has turned echo off again.
fn stop(watcher: Option<std::process::Child>) {
    if let Some(mut child) = watcher {
        drop(child.stdin.take());
        let _ = child.wait();
    }
}

/// Runs `stty` with one setting on the terminal of stdin; true when it worked.
#[cfg(unix)]
fn stty(setting: &str) -> bool {
    std::process::Command::new("stty")
        .arg(setting)
        .stdin(std::process::Stdio::inherit())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn stty(_setting: &str) -> bool {
    false
}

/// A failed call as a person reads it. When Graph answered with an error status:
/// `Graph answered 400 InvalidPassword: message (request-id ...)`; when no answer came (or
/// one that could not be used): `The call failed: ` and the error with its cause, e.g.
/// `could not connect to Graph; Connection refused`. `Error`'s `Display` never holds a
/// password or a token, so neither does this.
pub fn failure_text(e: &Error) -> String {
    let mut text = match e.status() {
        Some(status) if e.is_status() => format!("Graph answered {}", status_summary(e, status)),
        _ => return format!("The call failed: {e}"),
    };
    if let Some(id) = e.request_id() {
        text.push_str(&format!(" (request-id {id})"));
    }
    text
}

/// An error status with what Graph said: `400 InvalidPassword: message`, or, without
/// Graph's error body, `502; body starts: ...` or `500 with an empty body`.
pub fn status_summary(e: &Error, status: u16) -> String {
    match (e.code(), e.body_snippet()) {
        (Some(code), _) => format!("{status} {code}: {}", e.message()),
        (None, Some(body)) => format!("{status}; body starts: {body}"),
        (None, None) => format!("{status} with an empty body"),
    }
}

/// The simulated tenant's people: those of `SimulatedGraph::contoso()`.
pub mod tenant {
    /// A user who may change their own password.
    pub const ALICE: &str = "alice@contoso.com";
    /// Alice's password when the tenant starts.
    pub const ALICE_PASSWORD: &str = "Old-Passw0rd!";
    /// Alice's token.
    pub const ALICE_TOKEN: &str = "alice-token";
    /// A password administrator, who may call `validatePassword`.
    pub const ADMIN: &str = "admin@contoso.com";
    /// The admin's token.
    pub const ADMIN_TOKEN: &str = "admin-token";
}

/// The simulated Graph the examples talk to when `GRAPH_TOKEN` is unset.
pub mod simulated {
    use msgraph_typed::mock::{SimulatedGraph, SimulatedGraphServer};
    use msgraph_typed::{Error, ReqwestGraphClient};

    use super::tenant::{ADMIN_TOKEN, ALICE_TOKEN};

    /// A fresh simulated tenant served over HTTP on loopback, and a `ReqwestGraphClient`
    /// (the client a program uses against the real Graph) signed in as each user.
    #[derive(Debug)]
    pub struct Tenant {
        server: SimulatedGraphServer,
        alice: ReqwestGraphClient,
        admin: ReqwestGraphClient,
    }

    impl Tenant {
        /// Starts the tenant on a free port of 127.0.0.1.
        pub async fn start() -> Result<Self, String> {
            let server = SimulatedGraph::contoso()
                .serve()
                .await
                .map_err(|e| format!("cannot serve the simulated Graph on loopback: {e}"))?;
            let client = |token: &str| -> Result<ReqwestGraphClient, Error> {
                ReqwestGraphClient::builder()
                    .base_url(server.uri())
                    .bearer_token(token)
                    .build()
            };
            let alice = client(ALICE_TOKEN).map_err(|e| e.to_string())?;
            let admin = client(ADMIN_TOKEN).map_err(|e| e.to_string())?;
            Ok(Self {
                server,
                alice,
                admin,
            })
        }

        /// Where it listens, e.g. `http://127.0.0.1:41234`.
        pub fn uri(&self) -> String {
            self.server.uri()
        }

        /// A client signed in as Alice.
        pub fn as_alice(&self) -> &ReqwestGraphClient {
            &self.alice
        }

        /// A client signed in as the password administrator.
        pub fn as_admin(&self) -> &ReqwestGraphClient {
            &self.admin
        }

        /// The tenant itself: its state, journal and fault injection.
        pub fn graph(&self) -> &SimulatedGraph {
            self.server.graph()
        }
    }
}

/// Writes one line per validation rule, `[pass]` or `[FAIL]`, its name and its message,
/// each line starting with `indent`.
pub fn write_rules(
    out: &mut dyn Write,
    rules: &[ValidationResult],
    indent: &str,
) -> io::Result<()> {
    for rule in rules {
        let mark = if rule.validation_passed {
            "pass"
        } else {
            "FAIL"
        };
        writeln!(out, "{indent}[{mark}] {}: {}", rule.rule_name, rule.message)?;
    }
    Ok(())
}
