//! The fault matrix: every way a call can go wrong, with its outcome, and replay safety.

mod support;

use std::time::{Duration, Instant, SystemTime};

use msgraph_typed::GraphClient;
use support::raw::{Act, RawServer};
use support::{builder, change_password, client, scanned, validate_password, VALID_BODY};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const THROTTLED: &str = r#"{"error":{"code":"TooManyRequests","message":"Slow down.","innerError":{"request-id":"rid-429","date":"2024-01-01T00:00:00"}}}"#;

async fn server() -> MockServer {
    MockServer::start().await
}

/// Answers the first `n` requests to `p` with `first`, and the rest with `then`.
async fn first_then(
    s: &MockServer,
    p: &str,
    n: u64,
    first: ResponseTemplate,
    then: ResponseTemplate,
) {
    Mock::given(method("POST"))
        .and(path(p))
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(s)
        .await;
    Mock::given(method("POST"))
        .and(path(p))
        .respond_with(then)
        .with_priority(2)
        .mount(s)
        .await;
}

async fn hits(s: &MockServer) -> usize {
    s.received_requests().await.map_or(0, |r| r.len())
}

const CHANGE: &str = "/v1.0/me/changePassword";
const VALIDATE: &str = "/beta/users/validatePassword";

// --- throttling: 429 and 503 ---

#[tokio::test]
async fn a_password_change_is_replayed_after_a_429_with_retry_after_in_seconds() {
    let s = server().await;
    let throttled = ResponseTemplate::new(429)
        .insert_header("Retry-After", "1")
        .set_body_string(THROTTLED);
    first_then(&s, CHANGE, 1, throttled, ResponseTemplate::new(204)).await;
    let started = Instant::now();
    client(&s.uri())
        .me()
        .change_password(change_password())
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "did not wait");
    assert_eq!(hits(&s).await, 2);
}

#[tokio::test]
async fn a_429_with_an_http_date_is_waited_for_until_that_date() {
    let s = server().await;
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let throttled = ResponseTemplate::new(429).insert_header("Retry-After", when.as_str());
    first_then(
        &s,
        VALIDATE,
        1,
        throttled,
        ResponseTemplate::new(200).set_body_string(VALID_BODY),
    )
    .await;
    let started = Instant::now();
    let info = client(&s.uri())
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    // The date has whole seconds: two seconds ahead is between one and two seconds away.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert!(info.is_valid);
    assert_eq!(hits(&s).await, 2);
}

#[tokio::test]
async fn a_429_with_an_http_date_gives_the_time_until_that_date_as_retry_after() {
    let s = server().await;
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", when.as_str())
                .set_body_string(THROTTLED),
        )
        .mount(&s)
        .await;
    let c = builder(&s.uri()).max_retries(0).build().unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_throttled());
    let after = e.retry_after().unwrap();
    assert!(
        after > Duration::from_secs(28) && after <= Duration::from_secs(30),
        "{after:?}"
    );
}

#[tokio::test]
async fn a_429_that_outlasts_the_retries_is_a_throttled_error_with_its_details() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "0")
                .insert_header("request-id", "rid-429")
                .set_body_string(THROTTLED),
        )
        .mount(&s)
        .await;
    let c = builder(&s.uri()).max_retries(2).build().unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_throttled() && e.is_status());
    assert_eq!(e.status(), Some(429));
    assert_eq!(e.code(), Some("TooManyRequests"));
    assert_eq!(e.retry_after(), Some(Duration::ZERO));
    assert_eq!(e.request_id(), Some("rid-429"));
    assert_eq!(hits(&s).await, 3);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_one_wait_cap_is_returned_at_once() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&s)
        .await;
    let started = Instant::now();
    let e = scanned(
        client(&s.uri())
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(hits(&s).await, 1);
}

#[tokio::test]
async fn a_retry_after_too_large_to_count_is_returned_at_once_not_ignored() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429).insert_header("Retry-After", "99999999999999999999999"),
        )
        .mount(&s)
        .await;
    let e = scanned(
        builder(&s.uri())
            .retry_base_delay(Duration::from_millis(1))
            .build()
            .unwrap()
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_throttled(), "{e:?}");
    assert_eq!(e.retry_after(), Some(Duration::MAX));
    assert_eq!(hits(&s).await, 1, "backoff replayed it");
}

#[tokio::test]
async fn a_429_with_a_fraction_of_a_second_gives_it_to_the_millisecond_as_retry_after() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(
            // The form in Graph's throttling guide.
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "2.128")
                .set_body_string(THROTTLED),
        )
        .mount(&s)
        .await;
    let c = builder(&s.uri()).max_retries(0).build().unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_throttled());
    assert_eq!(e.retry_after(), Some(Duration::from_millis(2128)));
}

#[tokio::test]
async fn a_retry_after_with_a_fraction_is_waited_for_not_replaced_by_backoff() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0.3"))
        .mount(&s)
        .await;
    // Backoff of 1 ms would fit four times in the total cap; a wait of 0.3 s fits once.
    let c = builder(&s.uri())
        .retry_base_delay(Duration::from_millis(1))
        .max_total_retry_delay(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "did not wait"
    );
    assert_eq!(e.retry_after(), Some(Duration::from_millis(300)));
    assert_eq!(hits(&s).await, 2);
}

#[tokio::test]
async fn a_retry_after_that_is_not_a_delay_is_ignored_and_backoff_applies() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "soon"))
        .mount(&s)
        .await;
    let c = builder(&s.uri())
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_throttled());
    assert_eq!(e.retry_after(), None);
    assert_eq!(hits(&s).await, 4, "the default three replays, with backoff");
}

#[tokio::test]
async fn retries_stop_when_the_total_wait_would_pass_its_cap() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .mount(&s)
        .await;
    let c = builder(&s.uri())
        .max_total_retry_delay(Duration::from_millis(1500))
        .build()
        .unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_throttled());
    assert_eq!(e.status(), Some(503));
    // One wait of 1 s fits in 1.5 s; a second would not.
    assert_eq!(hits(&s).await, 2);
}

#[tokio::test]
async fn a_password_change_is_replayed_after_a_503() {
    let s = server().await;
    first_then(
        &s,
        CHANGE,
        1,
        ResponseTemplate::new(503),
        ResponseTemplate::new(204),
    )
    .await;
    client(&s.uri())
        .me()
        .change_password(change_password())
        .await
        .unwrap();
    assert_eq!(hits(&s).await, 2);
}

#[tokio::test]
async fn without_retry_after_the_replays_back_off_and_then_give_up() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status(), Some(503));
    assert_eq!(e.retry_after(), None);
    assert_eq!(hits(&s).await, 4);
}

// --- 504 and 500 ---

#[tokio::test]
async fn a_password_change_is_not_replayed_after_a_504() {
    let s = server().await;
    first_then(
        &s,
        CHANGE,
        1,
        ResponseTemplate::new(504),
        ResponseTemplate::new(204),
    )
    .await;
    let e = scanned(
        client(&s.uri())
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status(), Some(504));
    assert!(e.is_status() && !e.is_throttled());
    assert_eq!(hits(&s).await, 1);
}

#[tokio::test]
async fn a_password_validation_is_replayed_after_a_504() {
    let s = server().await;
    first_then(
        &s,
        VALIDATE,
        1,
        ResponseTemplate::new(504),
        ResponseTemplate::new(200).set_body_string(VALID_BODY),
    )
    .await;
    client(&s.uri())
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert_eq!(hits(&s).await, 2);
}

#[tokio::test]
async fn a_500_is_not_replayed_even_for_a_safe_operation() {
    let s = server().await;
    let body = r#"{"error":{"code":"generalException","message":"Boom."}}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string(body))
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status(), Some(500));
    assert_eq!(e.code(), Some("generalException"));
    assert_eq!(hits(&s).await, 1);
}

// --- broken connections ---

#[tokio::test]
async fn a_password_change_is_not_replayed_after_a_reset_connection() {
    let s = RawServer::start(|_| Act::Reset).await;
    let e = scanned(
        client(&s.uri)
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert!(
        e.is_transport() && !e.is_connect() && !e.is_timeout(),
        "{e:?}"
    );
    assert_eq!(e.status(), None);
    assert!(e.client_request_id().is_some());
    assert_eq!(s.requests(), 1);
}

#[tokio::test]
async fn a_password_validation_is_replayed_after_a_reset_connection() {
    let s = RawServer::start(|n| {
        if n == 0 {
            Act::Reset
        } else {
            Act::respond(200, VALID_BODY)
        }
    })
    .await;
    let info = client(&s.uri)
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert!(info.is_valid);
    assert_eq!(s.requests(), 2);
}

#[tokio::test]
async fn a_connection_closed_before_any_response_is_a_transport_error() {
    let s = RawServer::start(|_| Act::Close).await;
    let e = scanned(
        client(&s.uri)
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_transport() && !e.is_connect(), "{e:?}");
    assert_eq!(s.requests(), 1);
}

#[tokio::test]
async fn a_connection_closed_early_is_replayed_for_a_password_validation() {
    let s = RawServer::start(|_| Act::Close).await;
    let e = scanned(
        client(&s.uri)
            .users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_transport());
    assert_eq!(s.requests(), 4);
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error_that_keeps_the_status() {
    let s = RawServer::start(|_| {
        Act::Write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"isValid\":".to_vec())
    })
    .await;
    let c = builder(&s.uri).max_retries(0).build().unwrap();
    let e = scanned(
        c.users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_transport(), "{e:?}");
    assert_eq!(e.status(), Some(200));
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_without_a_status() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = builder(&format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_connect() && e.is_transport(), "{e:?}");
    assert_eq!(e.status(), None);
}

// --- timeouts ---

#[tokio::test]
async fn a_password_change_is_not_replayed_after_a_timeout() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(2)))
        .mount(&s)
        .await;
    let c = builder(&s.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_timeout() && e.is_transport(), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(hits(&s).await, 1);
}

#[tokio::test]
async fn a_password_validation_is_replayed_after_a_timeout() {
    let s = server().await;
    first_then(
        &s,
        VALIDATE,
        1,
        ResponseTemplate::new(200)
            .set_body_string(VALID_BODY)
            .set_delay(Duration::from_secs(2)),
        ResponseTemplate::new(200).set_body_string(VALID_BODY),
    )
    .await;
    let c = builder(&s.uri())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    c.users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert_eq!(hits(&s).await, 2);
}

// --- bodies ---

#[tokio::test]
async fn invalid_json_is_a_decode_error_with_the_status_and_a_snippet() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"isValid\": tru"))
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_decode());
    assert_eq!(e.status(), Some(200));
    assert_eq!(e.body_snippet(), Some("{\"isValid\": tru"));
}

#[tokio::test]
async fn an_html_error_page_is_a_status_error_with_a_cut_snippet() {
    let s = server().await;
    let page = format!(
        "<html><body><h1>502 Bad Gateway</h1>{}</body></html>",
        "x".repeat(5000)
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status(), Some(502));
    assert_eq!(e.code(), None);
    // The gateway echoed no client-request-id; the error has the one that was sent.
    let sent = s.received_requests().await.unwrap_or_default();
    let sent = sent
        .first()
        .and_then(|r| r.headers.get("client-request-id"))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert!(sent.is_some());
    assert_eq!(e.client_request_id(), sent.as_deref());
    let snippet = e.body_snippet().unwrap();
    assert!(snippet.starts_with("<html><body><h1>502 Bad Gateway"));
    assert!(snippet.chars().count() <= 201, "{}", snippet.len());
    assert!(e.to_string().contains("502"));
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error_with_the_status() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_decode());
    assert_eq!(e.status(), Some(200));
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(" ".repeat(4096)))
        .mount(&s)
        .await;
    let c = builder(&s.uri()).max_response_body(1024).build().unwrap();
    let e = scanned(
        c.users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_decode(), "{e:?}");
    assert_eq!(e.status(), Some(200));
    assert!(e.to_string().contains("1024"));
    assert_eq!(hits(&s).await, 1);
}

#[tokio::test]
async fn an_endless_body_is_cut_off_at_the_cap_while_it_streams() {
    let s = RawServer::start(|_| Act::Endless { chunk: 8192 }).await;
    let c = builder(&s.uri)
        .max_response_body(64 * 1024)
        .build()
        .unwrap();
    let users = c.users();
    let call = users.validate_password(validate_password());
    let e = tokio::time::timeout(Duration::from_secs(10), call)
        .await
        .expect("the cap stops the read; the body never ends")
        .unwrap_err();
    let e = scanned(e);
    assert!(e.is_decode() && !e.is_transport(), "{e:?}");
    assert_eq!(s.requests(), 1);
}

#[tokio::test]
async fn unknown_fields_in_a_response_are_ignored() {
    let s = server().await;
    let body = r#"{"@odata.context":"x","isValid":false,"newField":{"a":1},"validationResults":[{"ruleName":"r","validationPassed":false,"message":"m","extra":true}]}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(&s)
        .await;
    let info = client(&s.uri())
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert!(!info.is_valid);
    assert_eq!(info.validation_results[0].rule_name, "r");
}

#[tokio::test]
async fn a_missing_non_nullable_field_is_a_decode_error_with_the_status() {
    let s = server().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("request-id", "rid-1")
                .set_body_string(r#"{"isValid":true}"#),
        )
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_decode());
    assert_eq!(e.status(), Some(200));
    assert_eq!(e.request_id(), Some("rid-1"));
    assert!(e.to_string().contains("validationResults"), "{e}");
}

#[tokio::test]
async fn graphs_error_body_is_parsed_into_the_error() {
    let s = server().await;
    let body = r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges.","target":"password","details":[{"code":"d","message":"dm"}],"innerError":{"request-id":"rid-403","client-request-id":"cid-403","date":"2024-05-01T10:00:00"}}}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_string(body))
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status(), Some(403));
    assert_eq!(e.code(), Some("Authorization_RequestDenied"));
    assert_eq!(e.message(), "Insufficient privileges.");
    assert_eq!(e.request_id(), Some("rid-403"));
    let g = e.graph_error().unwrap();
    assert_eq!(g.target.as_deref(), Some("password"));
    assert_eq!(g.details.len(), 1);
    let text = e.to_string();
    for part in [
        "403",
        "Authorization_RequestDenied",
        "Insufficient privileges.",
        "rid-403",
    ] {
        assert!(text.contains(part), "{text} lacks {part}");
    }
    assert_eq!(hits(&s).await, 1);
}

// --- redirects and security ---

#[tokio::test]
async fn a_redirect_to_another_host_is_an_error_naming_the_location_and_is_not_followed() {
    let s = server().await;
    let elsewhere = server().await;
    let location = format!("{}/steal", elsewhere.uri());
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", location.as_str()))
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_redirect());
    assert_eq!(e.status(), Some(307));
    assert!(e.to_string().contains(&location), "{e}");
    assert_eq!(hits(&elsewhere).await, 0);
    assert_eq!(hits(&s).await, 1);
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused_before_any_connection() {
    // 192.0.2.1 is TEST-NET-1: nothing answers there, so a connection attempt would hang
    // or fail as a connect error, not as this.
    let e = scanned(builder("http://192.0.2.1:8080").build().unwrap_err());
    assert!(e.is_insecure(), "{e:?}");
    let e = scanned(builder("http://graph.microsoft.com").build().unwrap_err());
    assert!(e.is_insecure());
}

#[tokio::test]
async fn every_call_through_arc_dyn_graph_client_gets_the_same_handling() {
    let s = server().await;
    first_then(
        &s,
        CHANGE,
        1,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
        ResponseTemplate::new(204),
    )
    .await;
    let c: std::sync::Arc<dyn GraphClient> = std::sync::Arc::new(client(&s.uri()));
    c.me().change_password(change_password()).await.unwrap();
    assert_eq!(hits(&s).await, 2);
}

#[test]
#[should_panic(expected = "error text shows a secret")]
fn the_secret_scan_fails_on_an_error_that_shows_the_token() {
    // A gateway that echoes the token into its error page: the scan must notice.
    let echo = format!("<html>bad token {}</html>", support::TOKEN);
    let e = msgraph_typed::GraphResponse::new(502, echo)
        .error_for_status()
        .unwrap_err();
    scanned(e);
}

#[tokio::test]
async fn an_https_root_starts_a_tls_handshake_and_a_failed_one_is_a_connect_error() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let first = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).await.unwrap();
        byte[0] // then drop: the handshake fails
    });
    let c = builder(&format!("https://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_connect(), "{e:?}");
    assert_eq!(
        first.await.unwrap(),
        0x16,
        "a TLS handshake record, not plain HTTP"
    );
}
