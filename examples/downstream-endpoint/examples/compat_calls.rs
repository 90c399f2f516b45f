//! Makes one of five query calls of the generated call surface against a Graph at `--url`
//! (`fake_graph` in compat/run.sh), so that its requests can be compared with the ones
//! Microsoft's Python SDK sends for the same call (compat/ms_sdk_check.py reads both from
//! the fake's journal).
//!
//! ```sh
//! cargo run -p downstream-endpoint --example compat_calls -- \
//!     --url http://127.0.0.1:PORT --token admin-token CALL
//! ```
//!
//! `CALL` is one of the names of [`CALLS`]. Each request made prints one line,
//! `CALL: <status or error>`; the exit status is 0 when Graph answered (even with an
//! error: `$expand` is refused by the fake, and the check compares that request too), 1
//! when a request could not be sent, 2 for a bad command line.

use std::process::ExitCode;

use downstream_endpoint::graph::prelude::*;
use downstream_endpoint::models::User;
use msgraph_typed::{Error, Page, ReqwestGraphClient};

/// The calls, by the name the Python side uses for the same call.
const CALLS: [&str; 5] = [
    "select-filter-top",
    "search-count",
    "orderby",
    "expand",
    "next-link",
];

/// The `$filter` of `select-filter-top`: quotes, spaces, `+` and `@` to encode.
const FILTER: &str = "startswith(displayName,'A') or mail eq 'a+b@contoso.com'";

const USAGE: &str = "usage: compat_calls --url URL --token TOKEN CALL";

struct Args {
    url: String,
    token: String,
    call: String,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut url, mut token, mut call) = (None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--url" => url = Some(args.next().ok_or("--url needs a URL")?),
            "--token" => token = Some(args.next().ok_or("--token needs a token")?),
            name if !name.starts_with('-') && call.is_none() => call = Some(name.to_owned()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let call = call.ok_or("no CALL given")?;
    if !CALLS.contains(&call.as_str()) {
        return Err(format!(
            "unknown call `{call}` (one of {})",
            CALLS.join(", ")
        ));
    }
    Ok(Args {
        url: url.ok_or("--url is required")?,
        token: token.ok_or("--token is required")?,
        call,
    })
}

/// One line for an answer: `200, 2 users` or the error's status and Graph code.
fn outcome(name: &str, result: &Result<Page<User>, Error>) -> bool {
    match result {
        Ok(page) => {
            println!("{name}: 200, {} users", page.value.len());
            true
        }
        Err(e) if e.status().is_some() => {
            println!(
                "{name}: {} {}",
                e.status().unwrap_or_default(),
                e.code().unwrap_or("(no code)")
            );
            true
        }
        Err(e) => {
            println!("{name}: not answered: {e}");
            false
        }
    }
}

async fn run(client: &ReqwestGraphClient, call: &str) -> bool {
    let users = || client.users().list();
    let result = match call {
        "select-filter-top" => {
            users()
                .select(["id", "displayName"])
                .filter(FILTER)
                .top(5)
                .await
        }
        "search-count" => users().search("\"displayName:smi\"").count(true).await,
        "orderby" => users().orderby("displayName desc").await,
        "expand" => users().expand("manager").await,
        _ => {
            let first = users().top(1).await;
            if !outcome(call, &first) {
                return false;
            }
            let Ok(first) = first else { return true };
            match first.next(client).await {
                Ok(Some(page)) => Ok(page),
                Ok(None) => {
                    println!("{call}: the first page had no @odata.nextLink");
                    return false;
                }
                Err(e) => Err(e),
            }
        }
    };
    outcome(call, &result)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("compat_calls: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let client = match ReqwestGraphClient::builder()
        .base_url(&args.url)
        .bearer_token(args.token)
        .max_retries(0)
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            eprintln!("compat_calls: {e}");
            return ExitCode::from(2);
        }
    };
    if run(&client, &args.call).await {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
