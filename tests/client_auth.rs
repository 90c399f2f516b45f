//! Tokens from a provider: cached, refreshed before expiry, fetched once under concurrency,
//! failures that stop the call before anything is sent, and a refused token (401) replaced
//! once and the call replayed with the new one.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use msgraph_typed::{AccessToken, GraphClient, ReqwestGraphClient};
use support::{change_password, client, scanned, validate_password, VALID_BODY};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client whose provider hands out `SECRET-TOKEN-0`, `SECRET-TOKEN-1`, ... each valid for `lifetime`,
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
                Ok::<_, std::io::Error>(
                    AccessToken::new(format!("SECRET-TOKEN-{n}")).expires_in(lifetime),
                )
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

/// The value of header `name` on each request the server received, in order (`None` where
/// a request did not carry it).
async fn sent(s: &MockServer, name: &str) -> Vec<Option<String>> {
    s.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .collect()
}

async fn bearers(s: &MockServer) -> Vec<String> {
    sent(s, "authorization")
        .await
        .into_iter()
        .flatten()
        .collect()
}

/// Graph's answer to a refused token.
fn refused() -> ResponseTemplate {
    let body =
        r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}"#;
    ResponseTemplate::new(401)
        .insert_header("request-id", "rid-401")
        .set_body_string(body)
}

/// A server that refuses `Bearer SECRET-TOKEN-0` and answers every other token with `ok`.
async fn refusing_token_0(ok: ResponseTemplate) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(header("authorization", "Bearer SECRET-TOKEN-0"))
        .respond_with(refused())
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok)
        .with_priority(2)
        .mount(&s)
        .await;
    s
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
    assert_eq!(
        bearers(&s).await,
        ["Bearer SECRET-TOKEN-0", "Bearer SECRET-TOKEN-0"]
    );
}

#[tokio::test]
async fn a_token_near_its_expiry_is_refreshed_before_the_next_call() {
    let s = answering(204).await;
    // Two minutes left is inside the five-minute refresh margin.
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(120));
    c.me().change_password(change_password()).await.unwrap();
    c.me().change_password(change_password()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        bearers(&s).await,
        ["Bearer SECRET-TOKEN-0", "Bearer SECRET-TOKEN-1"]
    );
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
async fn a_refused_token_is_replaced_and_the_call_replayed_once_with_the_new_one() {
    let s = refusing_token_0(ResponseTemplate::new(200).set_body_string(VALID_BODY)).await;
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(3600));
    let result = c
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert!(result.is_valid);
    assert_eq!(
        bearers(&s).await,
        ["Bearer SECRET-TOKEN-0", "Bearer SECRET-TOKEN-1"]
    );
    assert_eq!(
        sent(&s, "retry-attempt").await,
        [None, Some("1".to_owned())]
    );
    let ids = sent(&s, "client-request-id").await;
    assert!(ids[0].is_some() && ids[0] == ids[1], "{ids:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // The new token is cached for the next call.
    c.users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        bearers(&s).await.last().map(String::as_str),
        Some("Bearer SECRET-TOKEN-1")
    );
}

#[tokio::test]
async fn a_password_change_refused_with_401_is_replayed_once_with_a_new_token() {
    // A 401 means Graph did not process the request: even a state-changing call is safe to
    // send again.
    let s = refusing_token_0(ResponseTemplate::new(204)).await;
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(3600));
    c.me().change_password(change_password()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        bearers(&s).await,
        ["Bearer SECRET-TOKEN-0", "Bearer SECRET-TOKEN-1"]
    );
}

#[tokio::test]
async fn a_second_401_is_returned_without_a_third_request() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(refused())
        .mount(&s)
        .await;
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(3600));
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.code(), Some("InvalidAuthenticationToken"));
    assert_eq!(e.request_id(), Some("rid-401"));
    assert_eq!(
        bearers(&s).await,
        ["Bearer SECRET-TOKEN-0", "Bearer SECRET-TOKEN-1"]
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // The second refused token is forgotten too: the next call starts with a fresh one.
    scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert_eq!(
        bearers(&s).await[2..],
        ["Bearer SECRET-TOKEN-2", "Bearer SECRET-TOKEN-3"]
    );
}

#[tokio::test]
async fn a_fixed_bearer_tokens_401_is_returned_after_one_request() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(refused())
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.code(), Some("InvalidAuthenticationToken"));
    assert_eq!(s.received_requests().await.unwrap_or_default().len(), 1);
}

#[tokio::test]
async fn a_provider_that_hands_back_the_refused_token_gets_the_401_after_one_request() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(refused())
        .mount(&s)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let c = ReqwestGraphClient::builder()
        .base_url(s.uri())
        .token_provider(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, std::io::Error>(AccessToken::new("SECRET-TOKEN-the-one")) }
        })
        .build()
        .unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert_eq!(e.status(), Some(401));
    assert_eq!(bearers(&s).await, ["Bearer SECRET-TOKEN-the-one"]);
    // Asked once for the call and once after the refusal, which gave nothing new.
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_401_replay_does_not_count_against_max_retries() {
    let s = refusing_token_0(ResponseTemplate::new(204)).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let c = ReqwestGraphClient::builder()
        .base_url(s.uri())
        .max_retries(0)
        .token_provider(move || {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            async move { Ok::<_, std::io::Error>(AccessToken::new(format!("SECRET-TOKEN-{n}"))) }
        })
        .build()
        .unwrap();
    c.me().change_password(change_password()).await.unwrap();
    assert_eq!(
        bearers(&s).await,
        ["Bearer SECRET-TOKEN-0", "Bearer SECRET-TOKEN-1"]
    );
}

#[tokio::test]
async fn a_401_after_a_503_is_replayed_with_a_new_token_and_the_attempts_keep_counting() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(header("authorization", "Bearer SECRET-TOKEN-0"))
        .respond_with(refused())
        .with_priority(2)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(3)
        .mount(&s)
        .await;
    let (c, _) = counting_client(&s.uri(), Duration::from_secs(3600));
    c.me().change_password(change_password()).await.unwrap();
    assert_eq!(
        bearers(&s).await,
        [
            "Bearer SECRET-TOKEN-0",
            "Bearer SECRET-TOKEN-0",
            "Bearer SECRET-TOKEN-1"
        ]
    );
    assert_eq!(
        sent(&s, "retry-attempt").await,
        [None, Some("1".to_owned()), Some("2".to_owned())]
    );
}

#[tokio::test]
async fn a_provider_failing_to_replace_a_refused_token_is_an_auth_error_with_the_401s_details() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(refused())
        .mount(&s)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let c = ReqwestGraphClient::builder()
        .base_url(s.uri())
        .token_provider(move || {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    Ok(AccessToken::new("SECRET-TOKEN-0"))
                } else {
                    Err(std::io::Error::other("refresh token revoked"))
                }
            }
        })
        .build()
        .unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_auth(), "{e:?}");
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.request_id(), Some("rid-401"));
    assert!(e.client_request_id().is_some());
    let source = std::error::Error::source(&e).unwrap().to_string();
    assert!(source.contains("refresh token revoked"), "{source}");
    assert_eq!(s.received_requests().await.unwrap_or_default().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_refused_together_share_one_new_token() {
    let s = refusing_token_0(ResponseTemplate::new(204)).await;
    let (c, calls) = counting_client(&s.uri(), Duration::from_secs(3600));
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.me().change_password(change_password()).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // One call for SECRET-TOKEN-0, one to replace it for every call it was refused to.
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let accepted = bearers(&s)
        .await
        .iter()
        .filter(|b| *b == "Bearer SECRET-TOKEN-1")
        .count();
    assert_eq!(accepted, 6);
}
