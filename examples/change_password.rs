//! Changes the signed-in user's password (`user: changePassword`, v1.0).
//!
//! ```sh
//! cargo run --example change_password                      # simulated Graph, as alice
//! GRAPH_TOKEN=eyJ... cargo run --example change_password   # the real Graph (delegated token)
//! ```
//!
//! The current and new passwords are asked for at a prompt (not echoed at a terminal) and
//! never printed. In the simulated tenant (`SimulatedGraph::contoso()`), alice's password
//! is `Old-Passw0rd!`. Exit status: 0 when the password was changed, 1 otherwise.

mod support;

use std::io::{self, Write};
use std::process::ExitCode;

use msgraph_typed::models::ChangePasswordRequest;
use msgraph_typed::{Error, GraphClient, SecretString};

use support::{simulated, Backend};

/// Changes the password through `client` and prints what happened to `out`.
pub async fn change(
    client: &dyn GraphClient,
    current: SecretString,
    new: SecretString,
    out: &mut dyn Write,
) -> io::Result<Result<(), Error>> {
    let answer = client
        .me()
        .change_password(ChangePasswordRequest::new(current, new))
        .await;
    match &answer {
        Ok(()) => writeln!(out, "Password changed.")?,
        Err(e) => writeln!(out, "{}", support::failure_text(e))?,
    }
    Ok(answer)
}

fn ask_both() -> io::Result<(SecretString, SecretString)> {
    let current = support::prompt_secret("Current password")?;
    let new = support::prompt_secret("New password")?;
    Ok((current, new))
}

async fn main_result() -> Result<bool, String> {
    let mut out = io::stdout();
    let io_text = |e: io::Error| e.to_string();
    let answer = match support::backend_from_env()? {
        Backend::Simulated => {
            let tenant = simulated::Tenant::start().await?;
            eprintln!(
                "No GRAPH_TOKEN: changing {}'s password in the simulated Graph at {}.",
                support::tenant::ALICE,
                tenant.uri()
            );
            let (current, new) = ask_both().map_err(io_text)?;
            change(tenant.as_alice(), current, new, &mut out).await
        }
        Backend::Real { token, root } => {
            let client = support::real_client(token, &root).map_err(|e| e.to_string())?;
            eprintln!("Calling Graph at {root}, with GRAPH_TOKEN.");
            let (current, new) = ask_both().map_err(io_text)?;
            change(&client, current, new, &mut out).await
        }
    }
    .map_err(io_text)?;
    Ok(answer.is_ok())
}

#[tokio::main]
async fn main() -> ExitCode {
    match main_result().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("change_password: {e}");
            ExitCode::FAILURE
        }
    }
}
