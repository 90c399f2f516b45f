//! Serves the simulated Microsoft Graph on 127.0.0.1 until killed.
//!
//! ```sh
//! cargo run --features mock --example fake_graph -- [--seed FILE] [--port N] \
//!     [--throttle-every N [--retry-after SECONDS]] [--journal-endpoint]
//! ```
//!
//! The first line on stdout is the base URL alone (e.g. `http://127.0.0.1:41234`); point
//! any Graph client at it. `--port 0` (the default) takes any free port. Without `--seed`,
//! the built-in tenant is served (`SimulatedGraph::contoso`: alice-token, admin-token,
//! app-token). The seed file format is in the `msgraph_typed::mock` docs.
//!
//! `--throttle-every N` answers every Nth call received (counting from the first) with 429
//! `TooManyRequests` and `Retry-After: SECONDS` (`--retry-after`, default 1), as
//! `SimulatedGraph::throttle_every` does: a client's retry handler can be watched honouring
//! it (compat/run.sh does so with Microsoft's Python and JavaScript SDKs). SECONDS may have
//! a fraction to the millisecond (`2.128`, as in Graph's throttling guide), sent as given;
//! the default stays whole because Microsoft's Python SDK (kiota-http) reads only whole
//! seconds and backs off on its own otherwise.
//!
//! `--journal-endpoint` also serves the journal of calls received (`SimulatedGraph::journal`)
//! as JSON at `GET /_mock/journal` (`mock::JOURNAL_ENDPOINT`); `DELETE /_mock/journal`
//! clears it. Credentials in it are redacted (`Bearer [redacted]`). compat/run.sh compares
//! the requests of Microsoft's Python SDK and of this crate from it.

use std::ffi::OsString;
use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use msgraph_typed::mock::SimulatedGraph;

const USAGE: &str = "usage: fake_graph [--seed FILE] [--port N] \
     [--throttle-every N [--retry-after SECONDS]] [--journal-endpoint]";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
struct Args {
    seed: Option<PathBuf>,
    port: u16,
    /// Every how many calls to answer 429 (0: never).
    throttle_every: u64,
    /// The `Retry-After` of those 429s; `None` when not given.
    retry_after: Option<Duration>,
    /// Whether to serve the journal at `/_mock/journal`.
    journal_endpoint: bool,
}

/// `Retry-After` when `--throttle-every` is given alone: whole, as every SDK reads it.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);

/// A number of seconds with at most three decimals (`1`, `2.128`, `0.5`).
fn seconds(text: &str) -> Option<Duration> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 3 {
        return None;
    }
    if text.ends_with('.') {
        return None;
    }
    let secs: u64 = whole.parse().ok()?;
    let millis: u64 = format!("{fraction:0<3}").parse().ok()?;
    Some(Duration::from_secs(secs) + Duration::from_millis(millis))
}

/// Reads `--seed FILE`, `--port N`, `--throttle-every N` and `--retry-after SECONDS` (also
/// `--name=VALUE`). Arguments come as
/// the OS gave them: a seed path after `--seed` may be any bytes the OS allows; anything
/// else that is not UTF-8 is an error (`std::env::args` would panic on it).
fn parse_args(mut args: impl Iterator<Item = OsString>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        seed: None,
        port: 0,
        throttle_every: 0,
        retry_after: None,
        journal_endpoint: false,
    };
    while let Some(arg) = args.next() {
        let arg = arg.into_string().map_err(|raw| {
            format!(
                "argument `{}` is not valid UTF-8 (a seed path that is not goes after \
                 `--seed `, as its own argument)",
                raw.to_string_lossy()
            )
        })?;
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(OsString::from(v))),
            None => (arg.clone(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name.as_str() {
            "--seed" => parsed.seed = Some(PathBuf::from(value("a file")?)),
            "--port" => {
                let v = value("a port number")?;
                let v = v.to_string_lossy();
                parsed.port = v
                    .parse()
                    .map_err(|_| format!("--port: `{v}` is not a port number (0 to 65535)"))?;
            }
            "--throttle-every" => {
                let v = value("a number of calls")?;
                let v = v.to_string_lossy();
                parsed.throttle_every = v.parse().map_err(|_| {
                    format!("--throttle-every: `{v}` is not a number of calls (0: never)")
                })?;
            }
            "--retry-after" => {
                let v = value("a number of seconds")?;
                let v = v.to_string_lossy();
                parsed.retry_after = Some(seconds(&v).ok_or_else(|| {
                    format!(
                        "--retry-after: `{v}` is not a number of seconds (at most three \
                         decimals, e.g. 1 or 2.128)"
                    )
                })?);
            }
            "--journal-endpoint" if inline.is_none() => parsed.journal_endpoint = true,
            "--journal-endpoint" => return Err("--journal-endpoint takes no value".into()),
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.retry_after.is_some() && parsed.throttle_every == 0 {
        return Err("--retry-after needs --throttle-every N (N > 0)".into());
    }
    Ok(Some(parsed))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("fake_graph: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let graph = match &args.seed {
        Some(path) => match SimulatedGraph::from_seed_file(path) {
            Ok(graph) => graph,
            Err(e) => {
                eprintln!("fake_graph: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => SimulatedGraph::contoso(),
    };
    if args.throttle_every > 0 {
        let retry_after = args.retry_after.unwrap_or(DEFAULT_RETRY_AFTER);
        graph.throttle_every(args.throttle_every, retry_after);
    }
    graph.set_journal_endpoint(args.journal_endpoint);
    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("fake_graph: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    let server = graph.serve_on(listener).await;
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{}", server.uri())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(out);
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(OsString::from))
    }

    #[cfg(unix)]
    #[test]
    fn an_argument_that_is_not_utf8_is_an_error_and_a_seed_path_may_be_any_bytes() {
        use std::os::unix::ffi::OsStringExt;
        let raw = || OsString::from_vec(b"seed-\xff.json".to_vec());
        let e = parse_args([OsString::from("--port"), raw()].into_iter()).unwrap_err();
        assert!(e.contains("not a port number"), "{e}");
        let e = parse_args([raw()].into_iter()).unwrap_err();
        assert!(e.contains("not valid UTF-8"), "{e}");
        let parsed = parse_args([OsString::from("--seed"), raw()].into_iter());
        assert_eq!(
            parsed,
            Ok(Some(Args {
                seed: Some(PathBuf::from(raw())),
                port: 0,
                throttle_every: 0,
                retry_after: None,
                journal_endpoint: false,
            }))
        );
    }

    #[test]
    fn seed_and_port_are_read_in_both_spellings() {
        let want = Args {
            seed: Some("t.json".into()),
            port: 8080,
            throttle_every: 0,
            retry_after: None,
            journal_endpoint: false,
        };
        assert_eq!(
            parse(&["--seed", "t.json", "--port", "8080"]),
            Ok(Some(want))
        );
        let want = Args {
            seed: Some("t.json".into()),
            port: 8080,
            throttle_every: 0,
            retry_after: None,
            journal_endpoint: false,
        };
        assert_eq!(parse(&["--port=8080", "--seed=t.json"]), Ok(Some(want)));
        assert_eq!(
            parse(&[]),
            Ok(Some(Args {
                seed: None,
                port: 0,
                throttle_every: 0,
                retry_after: None,
                journal_endpoint: false,
            }))
        );
    }

    #[test]
    fn throttling_is_read_with_or_without_its_retry_after() {
        let parsed = parse(&["--throttle-every", "2", "--retry-after=5"]);
        assert_eq!(
            parsed,
            Ok(Some(Args {
                seed: None,
                port: 0,
                throttle_every: 2,
                retry_after: Some(Duration::from_secs(5)),
                journal_endpoint: false,
            }))
        );
        let parsed = parse(&["--throttle-every", "2", "--retry-after", "2.128"]);
        assert_eq!(
            parsed.map(|a| a.and_then(|a| a.retry_after)),
            Ok(Some(Duration::from_millis(2128)))
        );
        for (text, millis) in [("0.5", 500), ("1.05", 1050), ("0", 0), ("3.000", 3000)] {
            assert_eq!(seconds(text), Some(Duration::from_millis(millis)), "{text}");
        }
        let parsed = parse(&["--throttle-every=3"]);
        assert_eq!(
            parsed.map(|a| a.map(|a| (a.throttle_every, a.retry_after))),
            Ok(Some((3, None)))
        );
    }

    #[test]
    fn bad_throttling_arguments_are_errors_that_say_what_is_wrong() {
        assert!(parse(&["--throttle-every", "-1"])
            .unwrap_err()
            .contains("not a number of calls"));
        for bad in ["soon", "-1", "1.2345", ".5", "1.", "1.5s", "", "1e3", "+1"] {
            assert!(
                parse(&["--throttle-every", "2", "--retry-after", bad])
                    .unwrap_err()
                    .contains("not a number of seconds"),
                "{bad:?}"
            );
        }
        assert!(parse(&["--retry-after", "2"])
            .unwrap_err()
            .contains("--retry-after needs --throttle-every"));
        assert!(parse(&["--throttle-every"])
            .unwrap_err()
            .contains("--throttle-every needs a number of calls"));
    }

    #[test]
    fn the_journal_endpoint_is_off_unless_asked_for_and_takes_no_value() {
        let on = |args: &[&str]| parse(args).map(|a| a.map(|a| a.journal_endpoint));
        assert_eq!(on(&[]), Ok(Some(false)));
        assert_eq!(on(&["--journal-endpoint", "--port", "0"]), Ok(Some(true)));
        assert!(parse(&["--journal-endpoint=yes"])
            .unwrap_err()
            .contains("takes no value"));
    }

    #[test]
    fn bad_arguments_are_errors_that_say_what_is_wrong() {
        assert!(parse(&["--port", "99999"])
            .unwrap_err()
            .contains("not a port number"));
        assert!(parse(&["--seed"])
            .unwrap_err()
            .contains("--seed needs a file"));
        assert!(parse(&["--verbose"])
            .unwrap_err()
            .contains("unknown argument"));
        assert_eq!(parse(&["--help"]), Ok(None));
    }
}
