//! A reqwest client handed to the builder gets the builder's timeout on every attempt,
//! since the crate cannot set it on a client it did not make (its own client carries the
//! timeout itself, and requests then skip the per-request setting).

#![cfg(feature = "rustls")]

mod support;

use std::time::{Duration, Instant};

use msgraph_typed::GraphClient;
use support::{builder, change_password};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn given_client() -> reqwest::Client {
    // With `rustls-no-provider`, a reqwest client needs a TLS config handed to it.
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth();
    // No timeout of its own: only the builder's can end the call.
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_backend_preconfigured(tls)
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_builders_timeout_ends_an_attempt_on_a_reqwest_client_you_gave_it() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(3)))
        .mount(&s)
        .await;
    let c = builder(&s.uri())
        .reqwest_client(given_client())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = c.me().change_password(change_password()).await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}
