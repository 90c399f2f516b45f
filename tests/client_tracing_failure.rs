//! Tracing of calls that fail before anything is sent: the span still gets its elapsed
//! time, and no status.
//!
//! Alone in its binary for the reason tests/client_tracing.rs gives: tracing caches each
//! callsite's interest process-wide, and another test thread reaching the client's span
//! callsite first with no subscriber could leave it unrecorded here.

mod support;

use msgraph_typed::{AccessToken, ApiVersion, GraphClient, GraphRequest, Operation, Replay};
use support::{change_password, scanned};
use wiremock::{Mock, MockServer, ResponseTemplate};

static CHANGE_PASSWORD_OF: Operation = Operation::new(
    "user: changePassword",
    http::Method::POST,
    ApiVersion::V1,
    "/users/{id}/changePassword",
    Replay::OnlyUnprocessed,
);

#[tokio::test]
async fn a_call_that_fails_before_sending_still_records_its_elapsed_time() {
    let s = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&s)
        .await;
    let no_token = msgraph_typed::ReqwestGraphClient::builder()
        .base_url(s.uri())
        .token_provider(|| async {
            Err::<AccessToken, _>(std::io::Error::other("identity platform unreachable"))
        })
        .build()
        .unwrap();
    let (capture, recorded) = support::trace::Capture::new();
    let _guard = tracing::subscriber::set_default(capture);

    // The token provider fails.
    let e = scanned(
        no_token
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_auth(), "{e:?}");
    // The path check fails (an empty id), before the token is asked for.
    let request = GraphRequest::new(&CHANGE_PASSWORD_OF, "/users//changePassword");
    let e = scanned(
        support::client(&s.uri())
            .execute(request)
            .await
            .unwrap_err(),
    );
    assert!(e.is_builder(), "{e:?}");

    let span = "graph.request";
    let fields = recorded.fields();
    let count = |field: &str| {
        fields
            .iter()
            .filter(|(s, f, _)| s == span && f == field)
            .count()
    };
    assert_eq!(count("operation"), 2, "two calls, two spans");
    assert_eq!(count("elapsed_ms"), 2, "each failed call records its time");
    assert_eq!(count("status"), 0, "nothing was sent, so no status");
    assert!(s.received_requests().await.unwrap_or_default().is_empty());
}
