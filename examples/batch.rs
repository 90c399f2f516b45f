//! Checks several candidate passwords against the tenant's password policy in one round
//! trip: one JSON batch (`POST /beta/$batch`) of `validatePassword` steps, each step's
//! answer read back as the typed result of its own call.
//!
//! ```sh
//! cargo run --example batch                      # simulated Graph, as its admin
//! GRAPH_TOKEN=eyJ... cargo run --example batch   # the real Graph
//! ```
//!
//! The candidates are demonstration strings, not anyone's password; they are shown by
//! number, never printed. Exit status: 0 when every step got an answer, 1 otherwise.

mod support;

use std::io::{self, Write};
use std::process::ExitCode;

use msgraph_typed::models::ValidatePasswordRequest;
use msgraph_typed::GraphClient;

use support::{simulated, Backend};

/// The candidates: too short, no symbols or case mix, and two that pass the default
/// Entra policy.
const CANDIDATES: [&str; 4] = ["1234", "password1", "Blue-Harbor-42", "7 Quiet Otters Nap!"];

/// Sends one batch of the candidates through `client` and prints each step's verdict.
/// `Ok(true)` when every step got an answer from Graph.
async fn check_all(client: &dyn GraphClient, out: &mut dyn Write) -> io::Result<bool> {
    let mut batch = client.batch();
    // Each step is the generated call, built as for sending alone but not sent: the batch
    // takes it apart (`GraphCall`) and gives back its typed result.
    let steps: Vec<_> = CANDIDATES
        .iter()
        .map(|c| {
            batch.add(
                client
                    .users()
                    .validate_password(ValidatePasswordRequest::new(*c)),
            )
        })
        .collect();
    let mut done = match batch.send().await {
        Ok(done) => done,
        Err(e) => {
            writeln!(out, "No batch could be sent: {}", support::failure_text(&e))?;
            return Ok(false);
        }
    };
    let mut all_answered = true;
    for (n, step) in steps.into_iter().enumerate() {
        match done.take(step) {
            Ok(info) => {
                let verdict = if info.is_valid { "valid" } else { "not valid" };
                writeln!(out, "Candidate {}: {verdict}.", n + 1)?;
                support::write_rules(out, &info.validation_results, "  ")?;
            }
            Err(e) => {
                all_answered = false;
                writeln!(out, "Candidate {}: {}", n + 1, support::failure_text(&e))?;
            }
        }
    }
    Ok(all_answered)
}

async fn main_result() -> Result<bool, String> {
    let mut out = io::stdout();
    let io_text = |e: io::Error| e.to_string();
    match support::backend_from_env()? {
        Backend::Simulated => {
            let tenant = simulated::Tenant::start().await?;
            eprintln!(
                "No GRAPH_TOKEN: one batch to the simulated Graph at {}, as {}.",
                tenant.uri(),
                support::tenant::ADMIN
            );
            check_all(tenant.as_admin(), &mut out)
                .await
                .map_err(io_text)
        }
        Backend::Real { token, root } => {
            let client = support::real_client(token, &root).map_err(|e| e.to_string())?;
            eprintln!("One batch to Graph at {root}, with GRAPH_TOKEN.");
            check_all(&client, &mut out).await.map_err(io_text)
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match main_result().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("batch: {e}");
            ExitCode::FAILURE
        }
    }
}
