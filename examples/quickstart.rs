//! Quickstart: validate a password, then change one, printing each request and its answer.
//!
//! ```sh
//! cargo run --example quickstart                      # the built-in simulated Graph
//! GRAPH_TOKEN=eyJ... cargo run --example quickstart   # the real Graph (asks for passwords)
//! ```
//!
//! `GRAPH_CLOUD` (global, usgov, usgov-dod, china) or `GRAPH_BASE_URL` choose where a real
//! call goes. Passwords are never printed; at a terminal they are typed without echo.

pub mod support;

use std::io::{self, Write};
use std::process::ExitCode;

use msgraph_typed::models::{ChangePasswordRequest, ValidatePasswordRequest};
use msgraph_typed::operations::{CHANGE_PASSWORD, VALIDATE_PASSWORD};
use msgraph_typed::{Error, GraphClient, Operation, SecretString};

use support::{simulated, tenant, Backend};

/// One call of the walk-through.
pub enum Step {
    /// `validatePassword` with this password.
    Validate {
        /// Shown instead of the password.
        about: &'static str,
        /// The password to check.
        password: SecretString,
    },
    /// `changePassword` from `current` to `new`.
    Change {
        /// Shown instead of the passwords.
        about: &'static str,
        /// The current password, as the caller believes it to be.
        current: SecretString,
        /// The new password.
        new: SecretString,
    },
}

/// How the walk-through went: calls answered with success, calls answered with an error.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Calls that succeeded.
    pub succeeded: usize,
    /// Calls that returned an error.
    pub failed: usize,
}

/// Runs `steps` in order: validations through `validator`, changes through `changer`,
/// printing each request and its answer to `out`. A failed call is printed and the walk
/// goes on; only a failure to write stops it.
pub async fn run(
    validator: &dyn GraphClient,
    changer: &dyn GraphClient,
    steps: Vec<Step>,
    out: &mut dyn Write,
) -> io::Result<Tally> {
    let mut tally = Tally::default();
    for (n, step) in steps.into_iter().enumerate() {
        writeln!(out)?;
        let ok = match step {
            Step::Validate { about, password } => {
                writeln!(out, "{}. Validate {about}", n + 1)?;
                writeln!(out, "   -> {}", request_line(&VALIDATE_PASSWORD))?;
                let answer = validator
                    .users()
                    .validate_password(ValidatePasswordRequest::new(password))
                    .await;
                match answer {
                    Ok(info) => {
                        let verdict = if info.is_valid { "yes" } else { "no" };
                        writeln!(out, "   <- 200 OK: valid: {verdict}")?;
                        support::write_rules(out, &info.validation_results, "      ")?;
                        true
                    }
                    Err(e) => print_error(out, &e)?,
                }
            }
            Step::Change {
                about,
                current,
                new,
            } => {
                writeln!(out, "{}. Change the password {about}", n + 1)?;
                writeln!(out, "   -> {}", request_line(&CHANGE_PASSWORD))?;
                let answer = changer
                    .me()
                    .change_password(ChangePasswordRequest::new(current, new))
                    .await;
                match answer {
                    Ok(()) => {
                        writeln!(out, "   <- 204 No Content: password changed")?;
                        true
                    }
                    Err(e) => print_error(out, &e)?,
                }
            }
        };
        if ok {
            tally.succeeded += 1;
        } else {
            tally.failed += 1;
        }
    }
    Ok(tally)
}

/// `POST /beta/users/validatePassword`, from the operation's generated description.
fn request_line(op: &Operation) -> String {
    format!("{} /{}{}", op.method, op.version, op.path)
}

/// Prints an error the way a program would log it; returns false (the call failed).
/// An error status shows what Graph said; no answer shows the error and its cause (a
/// refused connection, an unknown host), which `Error`'s `Display` carries.
fn print_error(out: &mut dyn Write, e: &Error) -> io::Result<bool> {
    match e.status() {
        Some(status) if e.is_status() => {
            writeln!(out, "   <- {}", support::status_summary(e, status))?
        }
        Some(_) => writeln!(out, "   <- {e}")?,
        None => writeln!(out, "   <- no answer: {e}")?,
    }
    if let Some(id) = e.request_id() {
        writeln!(out, "      request-id {id}")?;
    }
    Ok(false)
}

/// The password the walk-through moves Alice to.
pub const NEW_PASSWORD: &str = "Blue-Harbor-42";

/// The walk-through on the simulated Graph: a weak and a strong password validated by the
/// admin, then Alice's password change: wrong current password, right one, and the old
/// password no longer accepted.
pub fn simulated_steps() -> Vec<Step> {
    use tenant::ALICE_PASSWORD;
    vec![
        Step::Validate {
            about: "a weak password (eight lowercase letters), as the admin",
            password: "password".into(),
        },
        Step::Validate {
            about: "a strong password, as the admin",
            password: NEW_PASSWORD.into(),
        },
        Step::Change {
            about: "of alice, giving a wrong current password",
            current: "not-my-password".into(),
            new: NEW_PASSWORD.into(),
        },
        Step::Change {
            about: "of alice, giving her current password",
            current: ALICE_PASSWORD.into(),
            new: NEW_PASSWORD.into(),
        },
        Step::Change {
            about: "of alice again, giving the old password",
            current: ALICE_PASSWORD.into(),
            new: "Another-Passw0rd!".into(),
        },
    ]
}

/// Runs the walk-through on `tenant`, printing to `out`.
pub async fn run_simulated(tenant: &simulated::Tenant, out: &mut dyn Write) -> io::Result<Tally> {
    writeln!(
        out,
        "No GRAPH_TOKEN set: using the built-in simulated Graph."
    )?;
    writeln!(
        out,
        "It serves {} on loopback; the calls go through ReqwestGraphClient, as they would to Graph.",
        tenant.uri()
    )?;
    writeln!(
        out,
        "Users: {} and {} (Password Administrator).",
        tenant::ALICE,
        tenant::ADMIN
    )?;
    let tally = run(tenant.as_admin(), tenant.as_alice(), simulated_steps(), out).await?;
    writeln!(out)?;
    writeln!(
        out,
        "Done: {} calls succeeded and {} were refused, as the steps intended.",
        tally.succeeded, tally.failed
    )?;
    writeln!(
        out,
        "Set GRAPH_TOKEN to make the same calls to the real Graph."
    )?;
    Ok(tally)
}

/// The walk-through on the real Graph: the passwords are asked for at the prompt.
async fn run_real(token: SecretString, root: &str, out: &mut dyn Write) -> Result<Tally, String> {
    let client = support::real_client(token, root).map_err(|e| e.to_string())?;
    writeln!(out, "GRAPH_TOKEN set: calling Graph at {root}.").map_err(io_text)?;
    writeln!(
        out,
        "validatePassword is a beta API and needs an admin role for work or school accounts."
    )
    .map_err(io_text)?;
    let mut steps = vec![Step::Validate {
        about: "the password you type",
        password: support::prompt_secret("Password to validate").map_err(io_text)?,
    }];
    let current =
        support::prompt_secret("Current password, to change it (empty: skip)").map_err(io_text)?;
    if !current.is_empty() {
        let new = support::prompt_secret("New password").map_err(io_text)?;
        steps.push(Step::Change {
            about: "of the signed-in user",
            current,
            new,
        });
    }
    run(&client, &client, steps, out).await.map_err(io_text)
}

fn io_text(e: io::Error) -> String {
    format!("cannot write or read the terminal: {e}")
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut out = io::stdout();
    let backend = support::backend_from_env();
    let real = matches!(backend, Ok(Backend::Real { .. }));
    let result = match backend {
        Err(e) => Err(e),
        Ok(Backend::Simulated) => match simulated::Tenant::start().await {
            Ok(tenant) => run_simulated(&tenant, &mut out).await.map_err(io_text),
            Err(e) => Err(e),
        },
        Ok(Backend::Real { token, root }) => run_real(token, &root, &mut out).await,
    };
    match result {
        // On the real Graph, a refused call is a failure of the run; on the simulated
        // one, the refusals are part of the walk-through.
        Ok(tally) if real && tally.failed > 0 => ExitCode::FAILURE,
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quickstart: {e}");
            ExitCode::FAILURE
        }
    }
}
