//! The password page in a real browser: headless Chromium, driven over WebDriver, types a
//! new password one key at a time, watches the rules update, and changes alice's password
//! in the simulated tenant.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`;
//! `.ci/run` installs them). Without them the test prints SKIPPED and returns, unless
//! `PASSWORD_PAGE_BROWSER=required` (set by `.ci/run`), where it fails. Set
//! `PASSWORD_PAGE_SCREENSHOT=docs/password_page.png` to save a screenshot of the page.

#[path = "../examples/password_page/server.rs"]
mod server;
mod webdriver;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine;
use msgraph_typed::mock::{PasswordPolicy, RecordedBody, SimulatedGraph};
use tokio::net::TcpListener;
use webdriver::{Browser, Result};

const ALICE: &str = "alice@contoso.com";
const CURRENT: &str = "Old-Passw0rd!";
/// Typed first, then waited for: it fails the length and complexity rules.
const WEAK_START: &str = "brand";
/// Typed on after it: the whole password passes every rule.
const STRONG_REST: &str = "-New-Passw0rd!42";
/// The message of a rule the weak start fails: it holds markup, which the page must show
/// as text.
const MARKUP_MESSAGE: &str = "Use <b>ten</b> characters or <i>more</i>.";

/// `name` in `PATH`, or at one of the usual places.
fn find_program(name: &str, also: &[&str]) -> Option<PathBuf> {
    let in_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    in_path
        .into_iter()
        .chain(also.iter().map(PathBuf::from))
        .find(|p| p.is_file())
}

fn validate_calls(graph: &SimulatedGraph) -> Vec<String> {
    graph
        .journal()
        .iter()
        .filter_map(|e| match &e.body {
            RecordedBody::ValidatePassword(r) => Some(r.password.expose_secret().to_owned()),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_in_chromium_shows_the_rules_live_with_few_calls_and_changes_the_password() {
    let chromium = find_program("chromium", &["/usr/bin/chromium"]);
    let driver = find_program("chromedriver", &["/usr/bin/chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        let why = "SKIPPED: the password page's browser test needs chromium and chromedriver \
                   (Debian: apt-get install chromium chromium-driver)";
        if std::env::var("PASSWORD_PAGE_BROWSER").as_deref() == Ok("required") {
            panic!("{why}; PASSWORD_PAGE_BROWSER=required");
        }
        eprintln!("\n{}\n{why}\n{}\n", "=".repeat(78), "=".repeat(78));
        return;
    };
    if let Err(e) = run(&chromium, &driver).await {
        panic!("{e}");
    }
}

async fn run(chromium: &Path, driver: &Path) -> Result<()> {
    // Arrange: the built-in tenant, with one more rule whose message holds markup.
    let graph = SimulatedGraph::contoso();
    graph.set_policy(
        PasswordPolicy::default().rule("at_least_ten", MARKUP_MESSAGE, |pw| {
            pw.chars().count() >= 10
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let page = format!(
        "http://{}/",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let config = server::Config {
        validate: Arc::new(graph.client_as("admin-token")),
        change: Arc::new(graph.client_as("alice-token")),
        about: format!("Simulated Graph: changing the password of {ALICE}."),
        delay: msgraph_typed::DEFAULT_FEEDBACK_DELAY,
    };
    tokio::spawn(server::serve(listener, config));
    let profile =
        std::env::temp_dir().join(format!("password-page-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let browser = Browser::start(driver, chromium, &profile).await?;
    let outcome = drive(&browser, &graph, &page).await;
    browser.quit().await;
    let _ = std::fs::remove_dir_all(&profile);
    outcome
}

async fn drive(browser: &Browser, graph: &SimulatedGraph, page: &str) -> Result<()> {
    browser.goto(page).await?;
    let who = browser.find("#who").await?;
    browser
        .wait_for("the page's header", || async {
            Ok(browser.text(&who).await?.contains(ALICE).then_some(()))
        })
        .await?;
    let current = browser.find("#current").await?;
    let new = browser.find("#new").await?;
    let verdict = browser.find("#verdict").await?;
    browser.type_into(&current, CURRENT).await?;

    // Act 1: a weak start, one key at a time.
    let mut keystrokes = 0;
    for c in WEAK_START.chars() {
        browser.type_into(&new, &c.to_string()).await?;
        keystrokes += 1;
    }
    let failing = browser
        .wait_for("the weak password's failed rules", || async {
            let failed = browser.find_all("#rules li.fail").await?;
            let status = browser.attribute(&verdict, "data-status").await?;
            Ok((status.as_deref() == Some("checked") && !failed.is_empty()).then_some(failed))
        })
        .await?;
    let mut failed_rules = Vec::new();
    for li in &failing {
        failed_rules.push(
            browser
                .attribute(li, "data-rule")
                .await?
                .unwrap_or_default(),
        );
    }
    failed_rules.sort();
    assert_eq!(
        failed_rules,
        [
            "at_least_ten",
            "password_not_meet_complexity",
            "password_too_short"
        ]
    );
    assert_eq!(browser.text(&verdict).await?, "Not yet: 3 of 6 rules pass.");
    // The markup in the rule's message is shown as text: its tags are visible, and the
    // page holds no element made from them.
    let markup_rule = browser.find("#rules li[data-rule=at_least_ten]").await?;
    let shown = browser.text(&markup_rule).await?;
    assert!(shown.contains(MARKUP_MESSAGE), "{shown}");
    assert!(browser.find_all("#rules b, #rules i").await?.is_empty());
    if let Ok(path) = std::env::var("PASSWORD_PAGE_SCREENSHOT") {
        let png = base64::engine::general_purpose::STANDARD
            .decode(browser.screenshot_base64().await?)
            .map_err(|e| e.to_string())?;
        std::fs::write(&path, png).map_err(|e| format!("{path}: {e}"))?;
        eprintln!("screenshot written to {path}");
    }

    // Act 2: type on, one key at a time, until the password passes every rule.
    for c in STRONG_REST.chars() {
        browser.type_into(&new, &c.to_string()).await?;
        keystrokes += 1;
    }
    browser
        .wait_for("every rule to pass", || async {
            let status = browser.attribute(&verdict, "data-status").await?;
            let failed = browser.find_all("#rules li.fail").await?;
            let passed = browser.find_all("#rules li.pass").await?;
            let text = browser.text(&verdict).await?;
            Ok((status.as_deref() == Some("checked")
                && failed.is_empty()
                && passed.len() == 6
                && text.contains("meets every rule"))
            .then_some(()))
        })
        .await?;

    // Assert: far fewer calls than keystrokes, each for what was typed so far, the last
    // for the whole password.
    let password = format!("{WEAK_START}{STRONG_REST}");
    let calls = validate_calls(graph);
    eprintln!(
        "{keystrokes} keystrokes, {} validatePassword calls",
        calls.len()
    );
    assert!(calls.len() >= 2, "{calls:?}");
    assert!(
        calls.len() * 3 <= keystrokes,
        "{} calls for {keystrokes} keystrokes",
        calls.len()
    );
    assert!(calls.iter().all(|c| password.starts_with(c.as_str())));
    assert_eq!(calls.last(), Some(&password));

    // Act 3: a wrong current password first: Graph's error, shown readably.
    let outcome = browser.find("#outcome").await?;
    let submit = browser.find("#submit").await?;
    browser.clear(&current).await?;
    browser.type_into(&current, "Not-The-Passw0rd!").await?;
    browser.click(&submit).await?;
    let refused = browser
        .wait_for("the refused change", || async {
            let text = browser.text(&outcome).await?;
            Ok(text
                .starts_with("The password was not changed")
                .then_some(text))
        })
        .await?;
    assert!(refused.contains("Graph answered 400"), "{refused}");
    assert!(refused.contains("request-id"), "{refused}");
    assert!(!refused.contains("Not-The-Passw0rd!") && !refused.contains(&password));
    assert!(graph.password_works(ALICE, CURRENT));

    // Act 4: the right one.
    browser.clear(&current).await?;
    browser.type_into(&current, CURRENT).await?;
    browser.click(&submit).await?;
    browser
        .wait_for("the changed password", || async {
            Ok((browser.text(&outcome).await? == "Password changed.").then_some(()))
        })
        .await?;
    assert!(graph.password_works(ALICE, &password));
    assert!(!graph.password_works(ALICE, CURRENT));
    // The form is emptied, and no request carried a password in its URL.
    assert_eq!(browser.property(&new, "value").await?, "");
    assert!(graph.journal().iter().all(|e| !e.path.contains(&password)));
    Ok(())
}
