//! Tokens from an Azure SDK credential (feature `azure`): the Graph scope of the configured
//! cloud, cached until near the expiry the credential gave, kept out of Debug and errors.
//! The credential is written here: no network, no identity platform.
#![cfg(feature = "azure")]

mod support;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::error::ErrorKind;
use azure_core::time::{Duration, OffsetDateTime};
use msgraph_typed::{Cloud, GraphClient, ReqwestGraphClient, ReqwestGraphClientBuilder};
use support::{change_password, scanned, validate_password, VALID_BODY};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AZURE_TOKEN: &str = "eyJ0eXAiOiJKV1QifQ.AZURE-SECRET-9c1d";

/// Hands out `AZURE_TOKEN` (or `AZURE_TOKEN-n` when `numbered`), valid for `lifetime`, and
/// records the scopes of each request. With `fail`, every request is refused.
#[derive(Debug)]
struct Recorded {
    lifetime: Duration,
    numbered: bool,
    fail: bool,
    asked: Mutex<Vec<Vec<String>>>,
}

impl Recorded {
    fn valid_for(lifetime: Duration) -> Arc<Self> {
        Arc::new(Self {
            lifetime,
            numbered: false,
            fail: false,
            asked: Mutex::new(Vec::new()),
        })
    }

    fn asked(&self) -> Vec<Vec<String>> {
        self.asked.lock().unwrap().clone()
    }
}

#[async_trait]
impl TokenCredential for Recorded {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let n = {
            let mut asked = self.asked.lock().unwrap();
            asked.push(scopes.iter().map(|s| s.to_string()).collect());
            asked.len()
        };
        if self.fail {
            return Err(azure_core::Error::with_message(
                ErrorKind::Credential,
                "az login is needed",
            ));
        }
        let token = if self.numbered {
            format!("{AZURE_TOKEN}-{n}")
        } else {
            AZURE_TOKEN.to_owned()
        };
        Ok(AccessToken::new(
            token,
            OffsetDateTime::now_utc() + self.lifetime,
        ))
    }
}

async fn server(status: u16) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_string(VALID_BODY))
        .mount(&s)
        .await;
    s
}

fn with_credential(
    builder: ReqwestGraphClientBuilder,
    credential: &Arc<Recorded>,
    base: &str,
) -> ReqwestGraphClient {
    builder
        .base_url(base)
        .azure_credential(credential.clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_credential_is_asked_for_the_graph_scope_of_each_cloud() {
    let s = server(200).await;
    let clouds = [
        (None, "https://graph.microsoft.com/.default"),
        (Some(Cloud::Global), "https://graph.microsoft.com/.default"),
        (Some(Cloud::UsGovL4), "https://graph.microsoft.us/.default"),
        (
            Some(Cloud::UsGovL5Dod),
            "https://dod-graph.microsoft.us/.default",
        ),
        (
            Some(Cloud::China),
            "https://microsoftgraph.chinacloudapi.cn/.default",
        ),
    ];
    for (cloud, scope) in clouds {
        let credential = Recorded::valid_for(Duration::hours(1));
        let mut builder = ReqwestGraphClient::builder();
        if let Some(cloud) = cloud {
            builder = builder.cloud(cloud);
        }
        // base_url (the test server) after cloud: the scope stays the cloud's.
        let client = with_credential(builder, &credential, &s.uri());
        client
            .users()
            .validate_password(validate_password())
            .await
            .unwrap();
        assert_eq!(
            credential.asked(),
            vec![vec![scope.to_owned()]],
            "{cloud:?}"
        );
    }
}

#[tokio::test]
async fn the_scope_follows_a_cloud_set_after_the_credential() {
    let credential = Recorded::valid_for(Duration::hours(1));
    let s = server(200).await;
    let client = ReqwestGraphClient::builder()
        .azure_credential(credential.clone())
        .cloud(Cloud::China)
        .base_url(s.uri())
        .build()
        .unwrap();
    client
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert_eq!(
        credential.asked(),
        vec![vec![
            "https://microsoftgraph.chinacloudapi.cn/.default".to_owned()
        ]]
    );
}

#[tokio::test]
async fn the_credentials_token_is_sent_as_the_bearer_token() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header(
            "authorization",
            format!("Bearer {AZURE_TOKEN}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(VALID_BODY))
        .mount(&s)
        .await;
    let credential = Recorded::valid_for(Duration::hours(1));
    let client = with_credential(ReqwestGraphClient::builder(), &credential, &s.uri());
    let info = client
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert!(info.is_valid);
}

#[tokio::test]
async fn a_token_valid_for_an_hour_is_fetched_once_for_many_calls() {
    let s = server(200).await;
    let credential = Recorded::valid_for(Duration::hours(1));
    let client = with_credential(ReqwestGraphClient::builder(), &credential, &s.uri());
    for _ in 0..3 {
        client
            .users()
            .validate_password(validate_password())
            .await
            .unwrap();
    }
    assert_eq!(credential.asked().len(), 1);
}

#[tokio::test]
async fn a_token_inside_the_refresh_margin_is_fetched_again_for_each_call() {
    let s = server(200).await;
    // Expires in one minute: inside the default five-minute margin.
    let credential = Recorded::valid_for(Duration::minutes(1));
    let client = with_credential(ReqwestGraphClient::builder(), &credential, &s.uri());
    for _ in 0..3 {
        client
            .users()
            .validate_password(validate_password())
            .await
            .unwrap();
    }
    assert_eq!(credential.asked().len(), 3);
}

#[tokio::test]
async fn a_token_graph_refuses_is_replaced_once_by_the_credential() {
    let s = server(401).await;
    let credential = Arc::new(Recorded {
        lifetime: Duration::hours(1),
        numbered: true,
        fail: false,
        asked: Mutex::new(Vec::new()),
    });
    let client = with_credential(ReqwestGraphClient::builder(), &credential, &s.uri());
    let e = scanned(
        client
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert_eq!(e.status(), Some(401));
    assert_eq!(credential.asked().len(), 2, "asked again after the 401");
    let sent = s.received_requests().await.unwrap();
    let bearer = |i: usize| {
        sent[i]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(bearer(0), format!("Bearer {AZURE_TOKEN}-1"));
    assert_eq!(bearer(1), format!("Bearer {AZURE_TOKEN}-2"));
    for shown in [format!("{e}"), format!("{e:?}")] {
        assert!(!shown.contains("AZURE-SECRET"), "{shown}");
    }
}

#[tokio::test]
async fn a_failing_credential_is_an_auth_error_with_its_reason_and_nothing_is_sent() {
    let s = server(200).await;
    let credential = Arc::new(Recorded {
        lifetime: Duration::hours(1),
        numbered: false,
        fail: true,
        asked: Mutex::new(Vec::new()),
    });
    let client = with_credential(ReqwestGraphClient::builder(), &credential, &s.uri());
    let e = scanned(
        client
            .users()
            .validate_password(validate_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_auth(), "{e:?}");
    let source = std::error::Error::source(&e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    assert!(source.contains("az login is needed"), "{source}");
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_builder_and_client_debug_show_no_token() {
    let s = server(200).await;
    let credential = Recorded::valid_for(Duration::hours(1));
    let builder = ReqwestGraphClient::builder()
        .base_url(s.uri())
        .azure_credential(credential.clone());
    let shown = format!("{builder:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    let client = builder.build().unwrap();
    client
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("AZURE-SECRET"), "{shown}");
}

#[tokio::test]
async fn a_token_provider_set_after_the_credential_replaces_it() {
    let s = server(200).await;
    let credential = Recorded::valid_for(Duration::hours(1));
    let client = ReqwestGraphClient::builder()
        .base_url(s.uri())
        .azure_credential(credential.clone())
        .bearer_token("fixed-token")
        .build()
        .unwrap();
    client
        .users()
        .validate_password(validate_password())
        .await
        .unwrap();
    assert!(credential.asked().is_empty());
}
