//! The page's endpoints over HTTP, without a browser: what they answer, what they refuse,
//! and what they never echo.

#[path = "../examples/password_page/server.rs"]
mod server;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use msgraph_typed::mock::{Fault, RecordedBody, SimulatedGraph};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn start(graph: &SimulatedGraph) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let config = server::Config {
        validate: Arc::new(graph.client_as("admin-token")),
        change: Arc::new(graph.client_as("alice-token")),
        about: "test".into(),
        delay: Duration::from_millis(20),
    };
    tokio::spawn(server::serve(listener, config));
    address
}

/// One request with `Connection: close`; the status, the head and the body.
async fn request(
    address: SocketAddr,
    host: &str,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_owned())
}

async fn post(address: SocketAddr, path: &str, body: Value) -> Value {
    let (status, _, body) = request(
        address,
        &address.to_string(),
        "POST",
        path,
        &body.to_string(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

fn validate_calls(graph: &SimulatedGraph) -> usize {
    graph
        .journal()
        .iter()
        .filter(|e| matches!(e.body, RecordedBody::ValidatePassword(_)))
        .count()
}

#[tokio::test]
async fn a_check_answers_the_rules_of_its_input_and_an_empty_input_answers_empty() {
    let graph = SimulatedGraph::contoso();
    let address = start(&graph).await;
    let view = post(address, "/api/check", json!({ "password": "qzxv" })).await;
    assert_eq!(
        (view["status"].as_str(), view["valid"].as_bool()),
        (Some("checked"), Some(false))
    );
    let failed: Vec<&str> = view["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["passed"] == json!(false))
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        failed,
        ["password_not_meet_complexity", "password_too_short"]
    );
    assert!(
        !view.to_string().contains("qzxv"),
        "the answer echoes the password: {view}"
    );

    let view = post(address, "/api/check", json!({ "password": "" })).await;
    assert_eq!(view["status"], "empty");
    assert_eq!(validate_calls(&graph), 1);
}

#[tokio::test]
async fn a_throttled_check_says_how_long_to_wait_and_asking_again_gets_the_rules() {
    let graph = SimulatedGraph::contoso();
    graph.inject(Fault::status(429).retry_after(Duration::from_secs(1)));
    let address = start(&graph).await;
    let body = json!({ "password": "Str0ng-Passw0rd!" });
    let view = post(address, "/api/check", body.clone()).await;
    assert_eq!(view["status"], "throttled", "{view}");
    let wait = view["retry_in_ms"].as_u64().unwrap();
    assert!(wait > 0 && wait <= 1000, "{wait}");
    assert!(view["message"]
        .as_str()
        .unwrap()
        .contains("Graph asked to wait"));

    // Asked again at once: still throttled. After the wait (as the page does): the
    // answer, for the same input.
    let again = post(address, "/api/check", body.clone()).await;
    assert_eq!(
        (again["status"].as_str(), &again["revision"]),
        (Some("throttled"), &view["revision"])
    );
    tokio::time::sleep(Duration::from_millis(wait)).await;
    let view = post(address, "/api/check", body).await;
    assert_eq!(
        (view["status"].as_str(), view["valid"].as_bool()),
        (Some("checked"), Some(true))
    );
    assert_eq!(validate_calls(&graph), 2);
}

#[tokio::test]
async fn a_request_for_another_host_is_refused_before_any_call() {
    let graph = SimulatedGraph::contoso();
    let address = start(&graph).await;
    let host = format!("attacker.example:{}", address.port());
    let body = json!({ "password": "Str0ng-Passw0rd!" }).to_string();
    let (status, _, _) = request(address, &host, "POST", "/api/check", &body).await;
    assert_eq!(status, 421);
    let (status, _, _) = request(address, &host, "GET", "/", "").await;
    assert_eq!(status, 421);
    assert!(graph.journal().is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_the_expected_json_gets_a_fixed_message_that_quotes_nothing() {
    let graph = SimulatedGraph::contoso();
    let address = start(&graph).await;
    let host = address.to_string();
    for (path, body) in [
        ("/api/check", r#"{"password": 98765}"#),
        ("/api/check", r#"{"pass": "Secret-98765"}"#),
        (
            "/api/change",
            r#"{"current": "Secret-98765", "new": 98765}"#,
        ),
        ("/api/change", "Secret-98765"),
    ] {
        let (status, _, answer) = request(address, &host, "POST", path, body).await;
        assert_eq!(status, 400, "{path} {body}: {answer}");
        assert!(answer.contains("was not understood: expected"), "{answer}");
        assert!(!answer.contains("98765"), "{path} {body}: {answer}");
    }
    assert!(graph.journal().is_empty());
}

#[tokio::test]
async fn the_page_and_every_answer_carry_the_security_headers() {
    let graph = SimulatedGraph::contoso();
    let address = start(&graph).await;
    let host = address.to_string();
    for path in ["/", "/page.js", "/page.css", "/api/about"] {
        let (status, head, _) = request(address, &host, "GET", path, "").await;
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains("content-security-policy: default-src 'none'; script-src 'self'"),
            "{path}: {head}"
        );
        assert!(head.contains("cache-control: no-store"), "{path}: {head}");
        assert!(
            head.contains("x-content-type-options: nosniff"),
            "{path}: {head}"
        );
    }
}

#[tokio::test]
async fn a_change_reports_graphs_refusal_then_changes_the_password() {
    let graph = SimulatedGraph::contoso();
    let address = start(&graph).await;
    let wrong = json!({ "current": "Wr0ng-Passw0rd!", "new": "Brand-New-Passw0rd!42" });
    let view = post(address, "/api/change", wrong).await;
    assert_eq!(view["ok"], false);
    let message = view["message"].as_str().unwrap();
    assert!(
        message.starts_with("The password was not changed. Graph answered 400"),
        "{message}"
    );
    assert!(!message.contains("Passw0rd"), "{message}");

    let right = json!({ "current": "Old-Passw0rd!", "new": "Brand-New-Passw0rd!42" });
    let view = post(address, "/api/change", right).await;
    assert_eq!(view, json!({ "ok": true, "message": "Password changed." }));
    assert!(graph.password_works("alice@contoso.com", "Brand-New-Passw0rd!42"));
}
