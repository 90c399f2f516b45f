//! A reqwest client handed to the builder: used with this crate's headers, given the
//! builder's timeout on every attempt (the crate cannot set it on a client it did not make),
//! refused on a plain-http root (its proxy settings are unknown), and a redirect it follows
//! is an error, not the other host's answer. These run against an https server on loopback.

#![cfg(feature = "rustls")]

mod support;

use std::time::{Duration, Instant};

use msgraph_typed::GraphClient;
use support::tls::{given_client, Reply, TlsServer};
use support::{builder, change_password, scanned, TOKEN};

#[tokio::test]
async fn your_own_reqwest_client_is_used_with_the_same_headers() {
    let s = TlsServer::start(|_| Reply::new(204, ""));
    let c = builder(&s.uri)
        .reqwest_client(given_client(false))
        .build()
        .unwrap();
    c.me().change_password(change_password()).await.unwrap();
    let seen = s.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path(), "/v1.0/me/changePassword");
    assert_eq!(
        seen[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert!(seen[0].header("client-request-id").is_some());
}

#[tokio::test]
async fn the_builders_timeout_ends_an_attempt_on_a_reqwest_client_you_gave_it() {
    let s = TlsServer::start(|_| Reply::new(204, "").delayed(Duration::from_secs(3)));
    let c = builder(&s.uri)
        .reqwest_client(given_client(false))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = c.me().change_password(change_password()).await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_reqwest_client_you_give_is_refused_on_a_plain_http_root() {
    for root in [
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:80",
    ] {
        let e = scanned(
            builder(root)
                .reqwest_client(given_client(false))
                .build()
                .unwrap_err(),
        );
        assert!(e.is_builder(), "{root}: {e}");
        assert!(e.to_string().contains("proxy"), "{e}");
    }
    // The same root without a given client, and a given client on https, build.
    builder("http://127.0.0.1:8080").build().unwrap();
    builder("https://localhost:8443")
        .reqwest_client(given_client(false))
        .build()
        .unwrap();
}

#[tokio::test]
async fn a_redirect_your_reqwest_client_followed_to_another_host_is_an_error_not_its_answer() {
    let elsewhere = TlsServer::start(|_| Reply::new(204, ""));
    let to = format!("https://127.0.0.1:{}/landed", port(&elsewhere.uri));
    let graph = TlsServer::start(move |_| Reply::new(307, "").header("location", &to));
    // reqwest's default redirect policy: what the setter's docs warn against.
    let c = builder(&graph.uri)
        .reqwest_client(given_client(true))
        .max_retries(0)
        .build()
        .unwrap();
    let e = scanned(c.me().change_password(change_password()).await.unwrap_err());
    assert!(e.is_redirect(), "{e:?}");
    assert!(e.to_string().contains("/landed"), "{e}");
    assert!(e.to_string().contains("Policy::none()"), "{e}");
    assert_eq!(graph.seen().len(), 1);
    // What the other host saw, as the docs say: the body with the passwords (a 307 keeps
    // method and body), but not the token (reqwest drops it when the host changes).
    let landed = elsewhere.seen();
    assert_eq!(landed.len(), 1);
    assert_eq!(landed[0].path(), "/landed");
    let body = String::from_utf8_lossy(&landed[0].body);
    assert!(body.contains(support::CURRENT_PASSWORD), "{body}");
    assert_eq!(landed[0].header("authorization"), None);
}

fn port(uri: &str) -> &str {
    uri.rsplit(':').next().unwrap_or_default()
}

#[tokio::test]
async fn a_certificate_the_client_does_not_trust_is_a_connect_error_that_is_not_replayed() {
    // The crate's own client checks certificates with the platform's roots, which do not
    // hold the test CA.
    let s = TlsServer::start(|_| Reply::new(204, ""));
    let c = builder(&s.uri).max_retries(3).build().unwrap();
    let e = scanned(
        c.users()
            .validate_password(support::validate_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_connect(), "{e:?}");
    assert!(e.to_string().contains("certificate"), "{e}");
    assert!(s.seen().is_empty());
    assert_eq!(s.connections(), 1, "replayed");
}
