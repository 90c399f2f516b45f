//! The README's first command, `cargo run --example quickstart`, and the two smaller
//! examples: their code is compiled into this test (Cargo gives tests no path to an
//! example's binary) and run against the simulated Graph, and what they print is checked.

// Each example is its own crate with its own `mod support;`; compiled together here, the
// shared file is loaded once per example, as it is in the three binaries.
#![allow(clippy::duplicate_mod)]

#[allow(dead_code)] // `main` and the prompt are only used by the binaries
#[path = "../examples/quickstart.rs"]
mod quickstart;

#[allow(dead_code)]
#[path = "../examples/validate_password.rs"]
mod validate_password;

#[allow(dead_code)]
#[path = "../examples/change_password.rs"]
mod change_password;

use std::io::Cursor;

use msgraph_typed::Cloud;
use quickstart::support::{self, simulated, tenant, Backend};

/// Every password the walk-through uses; none may appear in what it prints.
const PASSWORDS: [&str; 5] = [
    "\"password\"", // the weak one; the bare word is part of the text
    tenant::ALICE_PASSWORD,
    quickstart::NEW_PASSWORD,
    "not-my-password",
    "Another-Passw0rd!",
];

async fn quickstart_output() -> (quickstart::Tally, String, simulated::Tenant) {
    let tenant = simulated::Tenant::start()
        .await
        .expect("the simulated Graph starts");
    let mut out = Vec::new();
    let tally = quickstart::run_simulated(&tenant, &mut out)
        .await
        .expect("writing to a Vec cannot fail");
    let text = String::from_utf8(out).expect("the quickstart prints UTF-8");
    (tally, text, tenant)
}

/// The lines of the numbered step `n` (from its title to the next blank line).
fn step(text: &str, n: usize) -> String {
    let title = format!("{n}. ");
    let start = text
        .find(&format!("\n{title}"))
        .unwrap_or_else(|| panic!("no step {n} in:\n{text}"));
    let rest = &text[start + 1..];
    rest.split("\n\n").next().unwrap_or(rest).to_owned()
}

#[tokio::test]
async fn the_quickstart_refuses_a_weak_password_rule_by_rule_and_accepts_a_strong_one() {
    let (_, text, _) = quickstart_output().await;

    let weak = step(&text, 1);
    assert!(
        weak.contains("-> POST /beta/users/validatePassword"),
        "{weak}"
    );
    assert!(weak.contains("<- 200 OK: valid: no"), "{weak}");
    assert!(
        weak.contains(
            "[FAIL] password_not_meet_complexity: Password does not meet complexity requirements."
        ),
        "{weak}"
    );

    let strong = step(&text, 2);
    assert!(strong.contains("<- 200 OK: valid: yes"), "{strong}");
    assert!(!strong.contains("[FAIL]"), "{strong}");
}

#[tokio::test]
async fn the_quickstart_changes_alices_password_only_with_the_right_current_one() {
    let (tally, text, tenant) = quickstart_output().await;

    let wrong = step(&text, 3);
    assert!(wrong.contains("-> POST /v1.0/me/changePassword"), "{wrong}");
    assert!(
        wrong.contains("<- 400 "),
        "a wrong current password is a 400:\n{wrong}"
    );
    assert!(
        wrong.contains("request-id "),
        "errors show Graph's request-id:\n{wrong}"
    );

    let right = step(&text, 4);
    assert!(
        right.contains("<- 204 No Content: password changed"),
        "{right}"
    );

    let old = step(&text, 5);
    assert!(
        old.contains("<- 400 "),
        "the old password no longer works:\n{old}"
    );

    assert_eq!(
        tally,
        quickstart::Tally {
            succeeded: 3,
            failed: 2
        }
    );
    assert!(
        text.contains("Done: 3 calls succeeded and 2 were refused"),
        "{text}"
    );

    // The tenant's state agrees with what was printed.
    let graph = tenant.graph();
    assert!(graph.password_works(tenant::ALICE, quickstart::NEW_PASSWORD));
    assert!(!graph.password_works(tenant::ALICE, tenant::ALICE_PASSWORD));
}

#[tokio::test]
async fn the_quickstart_goes_over_http_to_a_loopback_server_and_says_so() {
    let (_, text, tenant) = quickstart_output().await;
    assert!(
        tenant.uri().starts_with("http://127.0.0.1:"),
        "{}",
        tenant.uri()
    );
    assert!(text.contains(&tenant.uri()), "{text}");
    assert!(text.contains("Set GRAPH_TOKEN"), "{text}");
}

#[tokio::test]
async fn the_quickstart_never_prints_a_password() {
    let (_, text, _) = quickstart_output().await;
    for password in PASSWORDS {
        assert!(
            !text.contains(password),
            "the quickstart printed the password {password:?}:\n{text}"
        );
    }
}

/// A loopback address nothing listens on: a port the OS just gave out, closed again.
fn closed_loopback_root() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A client for `root` that does not retry, so a refused connection fails at once.
fn client_without_retries(root: &str) -> msgraph_typed::ReqwestGraphClient {
    msgraph_typed::ReqwestGraphClient::builder()
        .base_url(root)
        .bearer_token("a-token")
        .max_retries(0)
        .build()
        .expect("a loopback client builds")
}

fn one_validation() -> Vec<quickstart::Step> {
    vec![quickstart::Step::Validate {
        about: "one password",
        password: "Blue-Harbor-42".into(),
    }]
}

#[tokio::test]
async fn the_quickstart_shows_why_no_answer_came_when_graph_cannot_be_reached() {
    let client = client_without_retries(&closed_loopback_root());
    let mut out = Vec::new();
    let tally = quickstart::run(&client, &client, one_validation(), &mut out)
        .await
        .expect("writes");
    assert_eq!(tally.failed, 1);
    let text = String::from_utf8(out).expect("UTF-8");
    let line = step(&text, 1);
    assert!(
        line.contains("<- no answer: could not connect to Graph; "),
        "{line}"
    );
    assert!(
        line.to_ascii_lowercase().contains("refused"),
        "the cause is shown:\n{line}"
    );
    assert!(!line.contains("-:"), "{line}");
    assert!(!line.contains("Blue-Harbor-42"), "{line}");
}

#[tokio::test]
async fn the_quickstart_shows_the_start_of_an_error_body_that_is_not_graphs() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    let client = client_without_retries(&server.uri());
    let mut out = Vec::new();
    quickstart::run(&client, &client, one_validation(), &mut out)
        .await
        .expect("writes");
    let text = String::from_utf8(out).expect("UTF-8");
    let line = step(&text, 1);
    assert!(
        line.contains("<- 502; body starts: <html>Bad Gateway</html>"),
        "{line}"
    );
    assert!(!line.contains("-:"), "{line}");
}

#[tokio::test]
async fn the_validate_password_example_prints_the_verdict_and_each_rule() {
    let tenant = simulated::Tenant::start().await.expect("starts");
    let mut out = Vec::new();
    let answer = validate_password::validate(tenant.as_admin(), "short".into(), &mut out)
        .await
        .expect("writes");
    let info = answer.expect("the admin may validate");
    assert!(!info.is_valid);
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.starts_with("The password is not valid.\n"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("  [")).count(),
        info.validation_results.len()
    );
    assert!(
        !text.contains("short\n") && !text.contains(" short"),
        "{text}"
    );
}

#[tokio::test]
async fn the_validate_password_example_reports_a_refused_call_for_a_user_without_a_role() {
    let tenant = simulated::Tenant::start().await.expect("starts");
    let mut out = Vec::new();
    let answer = validate_password::validate(tenant.as_alice(), "Blue-Harbor-42".into(), &mut out)
        .await
        .expect("writes");
    let err = answer.expect_err("alice has no admin role");
    assert_eq!(err.status(), Some(403));
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.starts_with("Graph answered 403 "), "{text}");
    assert!(text.contains(" (request-id "), "{text}");
    assert!(!text.contains("status"), "no repeated status:\n{text}");
    assert!(!text.contains("Blue-Harbor-42"), "{text}");
}

#[tokio::test]
async fn the_small_examples_say_the_call_failed_with_its_cause_when_graph_was_never_reached() {
    let client = client_without_retries(&closed_loopback_root());

    let mut out = Vec::new();
    let answer = validate_password::validate(&client, "Blue-Harbor-42".into(), &mut out)
        .await
        .expect("writes");
    assert!(answer.is_err());
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(
        text.starts_with("The call failed: could not connect to Graph; "),
        "{text}"
    );
    assert!(text.to_ascii_lowercase().contains("refused"), "{text}");
    assert!(!text.contains("Graph answered"), "{text}");

    let mut out = Vec::new();
    let answer = change_password::change(
        &client,
        tenant::ALICE_PASSWORD.into(),
        "Blue-Harbor-42".into(),
        &mut out,
    )
    .await
    .expect("writes");
    assert!(answer.is_err());
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(
        text.starts_with("The call failed: could not connect to Graph; "),
        "{text}"
    );
    assert!(
        !text.contains(tenant::ALICE_PASSWORD) && !text.contains("Blue-Harbor-42"),
        "{text}"
    );
}

#[tokio::test]
async fn an_error_status_reads_as_graphs_answer_with_its_code_message_and_request_id() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let body = r#"{"error":{"code":"Request_BadRequest","message":"Bad password.","innerError":{"request-id":"rid-9"}}}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_string(body))
        .mount(&server)
        .await;
    let client = client_without_retries(&server.uri());
    let mut out = Vec::new();
    let answer = validate_password::validate(&client, "Blue-Harbor-42".into(), &mut out)
        .await
        .expect("writes");
    let err = answer.expect_err("a 400");
    assert_eq!(
        String::from_utf8(out).expect("UTF-8"),
        "Graph answered 400 Request_BadRequest: Bad password. (request-id rid-9)\n"
    );
    assert_eq!(
        support::failure_text(&err),
        "Graph answered 400 Request_BadRequest: Bad password. (request-id rid-9)"
    );
}

#[tokio::test]
async fn the_change_password_example_changes_the_password_and_says_so() {
    let tenant = simulated::Tenant::start().await.expect("starts");
    let mut out = Vec::new();
    let answer = change_password::change(
        tenant.as_alice(),
        tenant::ALICE_PASSWORD.into(),
        "Blue-Harbor-42".into(),
        &mut out,
    )
    .await
    .expect("writes");
    assert!(answer.is_ok(), "{answer:?}");
    assert_eq!(
        String::from_utf8(out).expect("UTF-8"),
        "Password changed.\n"
    );
    assert!(tenant
        .graph()
        .password_works(tenant::ALICE, "Blue-Harbor-42"));
}

#[tokio::test]
async fn the_change_password_example_reports_graphs_refusal_without_the_passwords() {
    let tenant = simulated::Tenant::start().await.expect("starts");
    let mut out = Vec::new();
    let answer = change_password::change(
        tenant.as_alice(),
        "Wrong-Passw0rd!".into(),
        "Blue-Harbor-42".into(),
        &mut out,
    )
    .await
    .expect("writes");
    assert!(answer.is_err());
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.starts_with("Graph answered 400 "), "{text}");
    assert!(text.contains(" (request-id "), "{text}");
    assert!(
        !text.contains("Wrong-Passw0rd!") && !text.contains("Blue-Harbor-42"),
        "{text}"
    );
    assert!(tenant
        .graph()
        .password_works(tenant::ALICE, tenant::ALICE_PASSWORD));
}

fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

#[test]
fn without_a_token_the_examples_use_the_simulated_graph() {
    assert!(matches!(
        support::backend_from(vars(&[])),
        Ok(Backend::Simulated)
    ));
    assert!(matches!(
        support::backend_from(vars(&[("GRAPH_TOKEN", "  "), ("GRAPH_CLOUD", "china")])),
        Ok(Backend::Simulated)
    ));
}

#[test]
fn with_a_token_the_examples_call_the_cloud_graph_cloud_names() {
    let cases: [(&'static [(&'static str, &'static str)], &str); 5] = [
        (&[("GRAPH_TOKEN", "t")], "https://graph.microsoft.com"),
        (
            &[("GRAPH_TOKEN", "t"), ("GRAPH_CLOUD", "global")],
            "https://graph.microsoft.com",
        ),
        (
            &[("GRAPH_TOKEN", "t"), ("GRAPH_CLOUD", "usgov")],
            "https://graph.microsoft.us",
        ),
        (
            &[("GRAPH_TOKEN", "t"), ("GRAPH_CLOUD", "USGOV-DOD")],
            "https://dod-graph.microsoft.us",
        ),
        (
            &[("GRAPH_TOKEN", "t"), ("GRAPH_CLOUD", "china")],
            "https://microsoftgraph.chinacloudapi.cn",
        ),
    ];
    for (env, want) in cases {
        match support::backend_from(vars(env)) {
            Ok(Backend::Real { token, root }) => {
                assert_eq!(root, want, "{env:?}");
                assert_eq!(token.expose_secret(), "t");
            }
            other => panic!("{env:?} gave {other:?}"),
        }
    }
}

#[test]
fn graph_base_url_overrides_the_cloud() {
    let env = &[
        ("GRAPH_TOKEN", "t"),
        ("GRAPH_CLOUD", "usgov"),
        ("GRAPH_BASE_URL", "http://127.0.0.1:8080"),
    ];
    match support::backend_from(vars(env)) {
        Ok(Backend::Real { root, .. }) => assert_eq!(root, "http://127.0.0.1:8080"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_graph_cloud_is_refused_with_the_names_that_work() {
    let err = support::backend_from(vars(&[("GRAPH_TOKEN", "t"), ("GRAPH_CLOUD", "mars")]))
        .expect_err("mars is no cloud");
    assert!(err.contains("\"mars\""), "{err}");
    for name in ["global", "usgov", "usgov-dod", "china"] {
        assert!(err.contains(name), "{err}");
    }
    assert_eq!(support::cloud_named("usgov").ok(), Some(Cloud::UsGovL4));
}

#[test]
fn the_token_from_the_environment_does_not_show_in_debug() {
    let backend = support::backend_from(vars(&[("GRAPH_TOKEN", "eyJ-secret-token")]))
        .expect("a token is enough");
    assert!(!format!("{backend:?}").contains("eyJ-secret-token"));
}

#[test]
fn a_secret_is_read_from_one_line_without_its_line_ending_and_never_echoed_to_the_prompt() {
    let mut input = Cursor::new(b"S3cret-pass\r\nnext line\n".to_vec());
    let mut prompt = Vec::new();
    let secret =
        support::read_secret_from("Password", &mut input, &mut prompt, true).expect("a line");
    assert_eq!(secret.expose_secret(), "S3cret-pass");
    assert_eq!(String::from_utf8(prompt).expect("UTF-8"), "Password: ");

    let next =
        support::read_secret_from("Again", &mut input, &mut Vec::new(), true).expect("a line");
    assert_eq!(next.expose_secret(), "next line");
}

#[test]
fn piped_answers_end_their_prompt_line_so_the_next_prompt_starts_on_its_own() {
    let mut input = Cursor::new(b"Old-Passw0rd!\nBlue-Harbor-42\n".to_vec());
    let mut prompt = Vec::new();
    let current = support::read_secret_from("Current password", &mut input, &mut prompt, false)
        .expect("a line");
    let new =
        support::read_secret_from("New password", &mut input, &mut prompt, false).expect("a line");
    assert_eq!(current.expose_secret(), "Old-Passw0rd!");
    assert_eq!(new.expose_secret(), "Blue-Harbor-42");
    assert_eq!(
        String::from_utf8(prompt).expect("UTF-8"),
        "Current password: \nNew password: \n"
    );
}

#[test]
fn a_prompt_left_without_input_still_ends_its_line_before_the_error_is_printed() {
    let mut prompt = Vec::new();
    let err =
        support::read_secret_from("Password", &mut Cursor::new(Vec::new()), &mut prompt, false)
            .expect_err("no line to read");
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
    assert_eq!(String::from_utf8(prompt).expect("UTF-8"), "Password: \n");
}

#[test]
fn closed_input_is_an_error_not_an_empty_password() {
    let mut input = Cursor::new(Vec::new());
    let err = support::read_secret_from("Password", &mut input, &mut Vec::new(), true)
        .expect_err("no line to read");
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
}

#[test]
fn the_examples_tenant_is_the_contoso_tenant_of_the_mock_kit() {
    let graph = msgraph_typed::mock::SimulatedGraph::contoso();
    assert!(graph.password_works(tenant::ALICE, tenant::ALICE_PASSWORD));
}
