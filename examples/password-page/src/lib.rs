//! The framework-free half of the password page (`cargo run -p password-page --example
//! password_page`): the page itself, and what its two endpoints answer, as plain data.
//!
//! - `POST /api/check` with `{"password": "..."}`: the new password as typed so far. The
//!   server hands it to `msgraph_typed::PasswordFeedback` and answers a [`CheckView`]: the
//!   tenant's rules, each passed or failed, once Graph has answered for this input (or a
//!   later one replaced it). The page shows an answer only if it is newer than the one on
//!   screen.
//! - `POST /api/change` with `{"current": "...", "new": "..."}`: `changePassword`,
//!   answered as a [`ChangeView`].
//!
//! Passwords travel only in request bodies, never in URLs, and nothing logs them. The page
//! puts every text it shows in place with `textContent`, so markup in a rule's message or
//! an error shows as text.
#![deny(missing_docs, missing_debug_implementations)]

use std::time::Duration;

use msgraph_typed::{Error, FeedbackState};
use serde::Serialize;

#[path = "../../support/mod.rs"]
mod support;

pub use support::{backend_from_env, failure_text, real_client, simulated, tenant, Backend};

/// The page: a form with the current and the new password, the rules and the outcome.
pub const PAGE_HTML: &str = include_str!("page.html");
/// The page's script: sends the new password on each change, shows the answers.
pub const PAGE_JS: &str = include_str!("page.js");
/// The page's style sheet.
pub const PAGE_CSS: &str = include_str!("page.css");

/// The headers of every answer: no caching (answers are about passwords), no sniffing, no
/// referrer, and a policy that runs only the page's own script and style sheet.
pub const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
         form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    ),
];

/// One rule of the tenant's password policy, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleView {
    /// Graph's rule name, e.g. `password_not_meet_complexity`.
    pub name: String,
    /// Whether the password passes it.
    pub passed: bool,
    /// Graph's sentence about it.
    pub message: String,
}

/// What `POST /api/check` answers: the feedback's state for the input it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckView {
    /// The input this is about (the page ignores answers older than the one it shows).
    pub revision: u64,
    /// `empty`, `checking`, `throttled`, `checked` or `failed`.
    pub status: &'static str,
    /// Whether every rule passes (only when `checked`).
    pub valid: bool,
    /// The rules (only when `checked`).
    pub rules: Vec<RuleView>,
    /// A sentence for the user: the error when `failed`, the wait when `throttled`.
    pub message: String,
    /// When `throttled`: in how many milliseconds to ask again.
    pub retry_in_ms: Option<u64>,
}

/// The view of `state`; `revision` is the input's when the state names none (no input),
/// `retry_in` the time left when throttled.
pub fn check_view(state: &FeedbackState, revision: u64, retry_in: Duration) -> CheckView {
    let mut view = CheckView {
        revision: state.revision().unwrap_or(revision),
        status: "checking",
        valid: false,
        rules: Vec::new(),
        message: String::new(),
        retry_in_ms: None,
    };
    match state {
        FeedbackState::NoInput => view.status = "empty",
        FeedbackState::Checked { info, .. } => {
            view.status = "checked";
            view.valid = info.is_valid;
            view.rules = info
                .validation_results
                .iter()
                .map(|r| RuleView {
                    name: r.rule_name.clone(),
                    passed: r.validation_passed,
                    message: r.message.clone(),
                })
                .collect();
        }
        FeedbackState::Failed { error, .. } => {
            view.status = "failed";
            view.message = format!("The rules could not be checked. {}", failure_text(error));
        }
        FeedbackState::Throttled { .. } => {
            view.status = "throttled";
            let ms = u64::try_from(retry_in.as_millis()).unwrap_or(u64::MAX);
            view.message = format!(
                "Graph asked to wait: checking again in {} s.",
                retry_in.as_secs_f64().ceil()
            );
            view.retry_in_ms = Some(ms);
        }
        _ => {}
    }
    view
}

/// What `POST /api/change` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeView {
    /// Whether the password was changed.
    pub ok: bool,
    /// A sentence for the user: `Password changed.`, or Graph's error as a person reads it
    /// (status, code, message and request-id; never a password).
    pub message: String,
}

/// The view of a `changePassword` outcome.
pub fn change_view(outcome: &Result<(), Error>) -> ChangeView {
    match outcome {
        Ok(()) => ChangeView {
            ok: true,
            message: "Password changed.".into(),
        },
        Err(e) => ChangeView {
            ok: false,
            message: format!("The password was not changed. {}", failure_text(e)),
        },
    }
}

/// The answer to a request body that is not the JSON an endpoint expects. Fixed text: the
/// parser's own message could quote the body, which holds passwords.
pub fn bad_body_view(expected: &str) -> ChangeView {
    ChangeView {
        ok: false,
        message: format!("The page's request was not understood: expected {expected}."),
    }
}

/// Whether a request's `Host` header names this server on loopback (`127.0.0.1`,
/// `localhost` or `[::1]` with `port`). Anything else is refused, so a web site whose name
/// is re-pointed at 127.0.0.1 (DNS rebinding) cannot script the page from its own origin.
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    p.parse::<u16>() == Ok(port) && matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use msgraph_typed::mock::SimulatedGraph;
    use msgraph_typed::models::{PasswordValidationInformation, ValidationResult};
    use msgraph_typed::GraphClient;

    use super::*;

    #[test]
    fn a_checked_state_shows_each_rule_and_the_verdict() {
        let info = PasswordValidationInformation::new(
            false,
            vec![
                ValidationResult::new("password_not_meet_complexity", false, "<b>weak</b>"),
                ValidationResult::new("password_too_short", true, "ok"),
            ],
        );
        let state = FeedbackState::Checked {
            revision: 7,
            info: Arc::new(info),
        };
        let view = check_view(&state, 7, Duration::ZERO);
        assert_eq!(
            (view.revision, view.status, view.valid),
            (7, "checked", false)
        );
        assert_eq!(view.rules[0].message, "<b>weak</b>"); // as data; the page escapes
        assert!(!view.rules[0].passed && view.rules[1].passed);
    }

    #[test]
    fn no_input_takes_the_request_revision_and_throttling_says_how_long() {
        let view = check_view(&FeedbackState::NoInput, 3, Duration::ZERO);
        assert_eq!((view.revision, view.status), (3, "empty"));
        let until = tokio::time::Instant::now();
        let state = FeedbackState::Throttled { revision: 4, until };
        let view = check_view(&state, 4, Duration::from_millis(4200));
        assert_eq!((view.status, view.retry_in_ms), ("throttled", Some(4200)));
        assert!(view.message.contains("in 5 s"), "{}", view.message);
    }

    #[tokio::test]
    async fn a_refused_change_reads_as_graphs_error_without_the_passwords() {
        let graph = SimulatedGraph::contoso();
        let alice = graph.client_as("alice-token");
        let request =
            msgraph_typed::models::ChangePasswordRequest::new("Wr0ng-Secret!", "N3w-Secret!x");
        let outcome = alice.me().change_password(request).await;
        let view = change_view(&outcome);
        assert!(!view.ok);
        assert!(
            view.message
                .starts_with("The password was not changed. Graph answered 400"),
            "{}",
            view.message
        );
        assert!(view.message.contains("request-id"), "{}", view.message);
        assert!(!view.message.contains("Secret"), "{}", view.message);
        assert_eq!(change_view(&Ok(())).message, "Password changed.");
    }

    #[test]
    fn only_loopback_hosts_with_this_port_are_allowed() {
        assert!(host_allowed(Some("127.0.0.1:8080"), 8080));
        assert!(host_allowed(Some("localhost:8080"), 8080));
        assert!(host_allowed(Some("[::1]:8080"), 8080));
        assert!(!host_allowed(Some("127.0.0.1:8081"), 8080));
        assert!(!host_allowed(Some("evil.example:8080"), 8080));
        assert!(!host_allowed(Some("127.0.0.1"), 8080));
        assert!(!host_allowed(None, 8080));
    }
}
