//! Checks one password against the tenant's password policy (`user: validatePassword`,
//! beta) and prints each rule's outcome.
//!
//! ```sh
//! cargo run --example validate_password                      # simulated Graph, as its admin
//! GRAPH_TOKEN=eyJ... cargo run --example validate_password   # the real Graph
//! printf '%s\n' "$PW" | cargo run --example validate_password  # password from stdin
//! ```
//!
//! The password is asked for at a prompt (not echoed at a terminal) and never printed.
//! Exit status: 0 when the password is valid, 1 when it is not or the call failed.

mod support;

use std::io::{self, Write};
use std::process::ExitCode;

use msgraph_typed::models::{PasswordValidationInformation, ValidatePasswordRequest};
use msgraph_typed::{Error, GraphClient, SecretString};

use support::{simulated, Backend};

/// Validates `password` through `client` and prints the verdict and each rule to `out`.
pub async fn validate(
    client: &dyn GraphClient,
    password: SecretString,
    out: &mut dyn Write,
) -> io::Result<Result<PasswordValidationInformation, Error>> {
    let answer = client
        .users()
        .validate_password(ValidatePasswordRequest::new(password))
        .await;
    match &answer {
        Ok(info) => {
            let verdict = if info.is_valid { "valid" } else { "not valid" };
            writeln!(out, "The password is {verdict}.")?;
            support::write_rules(out, &info.validation_results, "  ")?;
        }
        Err(e) => writeln!(out, "{}", support::failure_text(e))?,
    }
    Ok(answer)
}

async fn main_result() -> Result<bool, String> {
    let mut out = io::stdout();
    let io_text = |e: io::Error| e.to_string();
    let answer = match support::backend_from_env()? {
        Backend::Simulated => {
            let tenant = simulated::Tenant::start().await?;
            eprintln!(
                "No GRAPH_TOKEN: asking the simulated Graph at {}, as {}.",
                tenant.uri(),
                support::tenant::ADMIN
            );
            let password = support::prompt_secret("Password to validate").map_err(io_text)?;
            validate(tenant.as_admin(), password, &mut out).await
        }
        Backend::Real { token, root } => {
            let client = support::real_client(token, &root).map_err(|e| e.to_string())?;
            eprintln!("Calling Graph at {root}, with GRAPH_TOKEN.");
            let password = support::prompt_secret("Password to validate").map_err(io_text)?;
            validate(&client, password, &mut out).await
        }
    }
    .map_err(io_text)?;
    Ok(matches!(answer, Ok(info) if info.is_valid))
}

#[tokio::main]
async fn main() -> ExitCode {
    match main_result().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("validate_password: {e}");
            ExitCode::FAILURE
        }
    }
}
