//! Tokens from a provider: cached, refreshed before expiry, fetched once under concurrency,
//! and failures that stop the call before anything is sent.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use msgraph_typed::{AccessToken, GraphClient, ReqwestGraphClient};
use support::{change_password, scanned};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client whose provider hands out `token-0`, `token-1`, ... each valid for `lifetime`,
/// and the count of provider calls.
fn counting_client(base: &str, lifetime: Duration) -> (ReqwestGraphClient, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let client = ReqwestGraphClient::builder()
        .base_url(base)
        .token_provider(move || {
            let n = c.fetch_add(1, Ordering::SeqCst);
            async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok::<_, std::io::Error>(AccessToken::new(format!("token-{n}")).expires_in(lifetime))
            }
        })
        .build()
        .unwrap();
    (client, calls)
}

async fn answering(status: u16) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&s)
        .await;
    s
}

async fn bearers(s: &MockServer) -> Vec<String> {
    s.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|r| {
            r.headers
                .get("authorization")?
                .to_str()
                .ok()
                .map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn a_provider_token_is_cached_across_calls_and_clones() {
    let s = answering(204).await;
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(3600));
    c.me().change_password(change_password()).await.unwrap();
    c.clone()
        .me()
        .change_password(change_password())
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(bearers(&s).await, ["Bearer token-0", "Bearer token-0"]);
}

#[tokio::test]
async fn a_token_near_its_expiry_is_refreshed_before_the_next_call() {
    let s = answering(204).await;
    // Two minutes left is inside the five-minute refresh margin.
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(120));
    c.me().change_password(change_password()).await.unwrap();
    c.me().change_password(change_password()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(bearers(&s).await, ["Bearer token-0", "Bearer token-1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_token_fetch() {
    let s = answering(204).await;
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(3600));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.me().change_password(change_password()).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failing_provider_is_an_auth_error_and_nothing_is_sent() {
    let s = answering(204).await;
    let c = ReqwestGraphClient::builder()
        .base_url(s.uri())
        .token_provider(|| async {
            Err::<AccessToken, _>(std::io::Error::other("identity platform unreachable"))
        })
        .build()
        .unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_auth(), "{e:?}");
    assert_eq!(e.status(), None);
    let source = std::error::Error::source(&e).unwrap().to_string();
    assert!(source.contains("identity platform unreachable"));
    assert!(s.received_requests().await.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn a_401_makes_the_next_call_fetch_a_new_token() {
    let s = MockServer::start().await;
    let body =
        r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string(body))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&s)
        .await;
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(3600));
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.code(), Some("InvalidAuthenticationToken"));
    c.me().change_password(change_password()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(bearers(&s).await, ["Bearer token-0", "Bearer token-1"]);
}
