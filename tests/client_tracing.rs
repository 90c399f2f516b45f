//! Tracing: one span per call with its outcome, and no secret in any field.
//!
//! This test sits alone in its binary on purpose. tracing caches each callsite's interest
//! process-wide; when another test thread reaches the client's span callsite for the first
//! time with no subscriber while this test installs its thread-local one, the callsite can
//! be cached as "never" and the span goes unrecorded (a race seen in CI). With one test per
//! binary no other thread reaches the callsite.

mod support;

use msgraph_typed::GraphClient;
use support::{change_password, client, CURRENT_PASSWORD, NEW_PASSWORD, TOKEN};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_call_is_traced_in_one_span_with_its_outcome_and_no_secrets() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204).insert_header("request-id", "rid-traced"))
        .with_priority(2)
        .mount(&s)
        .await;
    let c = client(&s.uri());
    let (capture, recorded) = support::trace::Capture::new();
    let _guard = tracing::subscriber::set_default(capture);
    c.me().change_password(change_password()).await.unwrap();

    let span = "graph.request";
    assert_eq!(
        recorded.last(span, "operation").as_deref(),
        Some("user: changePassword")
    );
    assert_eq!(recorded.last(span, "method").as_deref(), Some("POST"));
    assert_eq!(
        recorded.last(span, "path").as_deref(),
        Some("/v1.0/me/changePassword")
    );
    assert_eq!(recorded.last(span, "attempt").as_deref(), Some("2"));
    assert_eq!(recorded.last(span, "status").as_deref(), Some("204"));
    assert_eq!(
        recorded.last(span, "request_id").as_deref(),
        Some("rid-traced")
    );
    assert!(recorded.last(span, "elapsed_ms").is_some());
    let spans = recorded
        .fields()
        .iter()
        .filter(|(s, f, _)| s == span && f == "operation")
        .count();
    assert_eq!(spans, 1, "one span per call, not per attempt");
    for (_, _, value) in recorded.fields() {
        for secret in [TOKEN, CURRENT_PASSWORD, NEW_PASSWORD] {
            assert!(
                !value.contains(secret),
                "a trace field shows a secret: {value}"
            );
        }
    }
}
