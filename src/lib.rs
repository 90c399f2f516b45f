//! Typed Microsoft Graph requests and responses, generated at build time from the Graph
//! documentation pages, with a simulated Graph for your tests.
//!
//! Each operation this crate offers comes from one Graph reference page: its version,
//! method and path, its request parameters, its response type. The build script reads
//! the pages under `pages/` and generates the [`models`] and [`operations`]; the runtime
//! around them (this crate's hand-written part) sends the requests, handles tokens,
//! errors, throttling and national clouds, and can be swapped for a stand-in in tests.
//!
//! The operations today: [`user: changePassword`](operations::Me::change_password)
//! (v1.0) and [`user: validatePassword`](operations::Users::validate_password) (beta).
//!
//! # Install
//!
//! ```toml
//! [dependencies]
//! msgraph-typed = "0.1"
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//!
//! [dev-dependencies]
//! # The simulated Graph and typed wiremock expectations, for your tests.
//! msgraph-typed = { version = "0.1", features = ["mock"] }
//! ```
//!
//! Features: `rustls` (default) or `native-tls` for TLS; `mock` for `msgraph_typed::mock`;
//! `azure` for Azure SDK credentials as the token source (needs Rust 1.88).
//! If your app's own reqwest has no TLS feature, call [`install_default_crypto_provider`]
//! at the start of `main` (with `rustls`, reqwest's `Client::new()` would find rustls with
//! no crypto provider and panic).
//!
//! # Getting started
//!
//! Build a client, then call an operation through the group its path starts with:
//! `client.me()` for `/me/...`, `client.users()` for `/users/...`.
//!
//! ```no_run
//! use msgraph_typed::models::{ChangePasswordRequest, ValidatePasswordRequest};
//! use msgraph_typed::{GraphClient, ReqwestGraphClient};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), msgraph_typed::Error> {
//!     let client = ReqwestGraphClient::builder()
//!         .bearer_token(std::env::var("GRAPH_TOKEN").unwrap_or_default())
//!         .build()?;
//!
//!     // POST /beta/users/validatePassword -> PasswordValidationInformation
//!     let info = client
//!         .users()
//!         .validate_password(ValidatePasswordRequest::new("Tr0ub4dor&3-horse"))
//!         .await?;
//!     println!("valid: {}", info.is_valid);
//!     for rule in &info.validation_results {
//!         println!("  {} passed={}: {}", rule.rule_name, rule.validation_passed, rule.message);
//!     }
//!
//!     // POST /v1.0/me/changePassword -> 204 No Content
//!     client
//!         .me()
//!         .change_password(ChangePasswordRequest::new("current password", "Tr0ub4dor&3-horse"))
//!         .await?;
//!     Ok(())
//! }
//! ```
//!
//! The same program runs without a network against the simulated Graph: see
//! [Mocking](#mocking), and `cargo run --example quickstart` in the repository.
//!
//! # Client
//!
//! [`GraphClient`] is the trait every client implements: one method,
//! [`execute`](GraphClient::execute), sends a transport-neutral [`GraphRequest`] and
//! returns the [`GraphResponse`] that came back. Everything typed (`me()`, `users()`,
//! the operations under them) is built on that method, and works on a concrete client,
//! on a generic `C: GraphClient` and on `Arc<dyn GraphClient>`:
//!
//! ```
//! use std::sync::Arc;
//! use msgraph_typed::models::ValidatePasswordRequest;
//! use msgraph_typed::{Error, GraphClient};
//!
//! // Code that takes any client, so tests can hand it a stand-in.
//! async fn is_acceptable(graph: &dyn GraphClient, password: &str) -> Result<bool, Error> {
//!     let info = graph.users().validate_password(ValidatePasswordRequest::new(password)).await?;
//!     Ok(info.is_valid)
//! }
//!
//! struct App {
//!     graph: Arc<dyn GraphClient>,
//! }
//! # let _ = |app: App| async move { is_acceptable(app.graph.as_ref(), "pw").await };
//! ```
//!
//! [`ReqwestGraphClient`] is the HTTP client. Its [builder](ReqwestGraphClient::builder)
//! has setters that never fail; [`build`](ReqwestGraphClientBuilder::build) checks the
//! configuration and returns the first problem as an [`Error`]. The client is cheap to
//! clone: clones share one connection pool and one token cache.
//!
//! ```
//! use std::time::Duration;
//! use msgraph_typed::ReqwestGraphClient;
//!
//! # fn main() -> Result<(), msgraph_typed::Error> {
//! let client = ReqwestGraphClient::builder()
//!     .bearer_token("eyJ...")
//!     .timeout(Duration::from_secs(20))
//!     .build()?;
//! let for_another_task = client.clone();
//! # let _ = for_another_task; Ok(()) }
//! ```
//!
//! Every request carries `Authorization: Bearer ...`, `Accept: application/json` (and
//! `Content-Type: application/json` with a body or on a POST, PUT or PATCH), a fresh `client-request-id`, and `SdkVersion` and `User-Agent`
//! naming this crate and its version.
//!
//! # Auth
//!
//! The crate does not sign users in: it takes a token. Either a fixed one,
//! [`bearer_token`](ReqwestGraphClientBuilder::bearer_token), or a [`TokenProvider`],
//! asked again whenever the cached [`AccessToken`] is within [`REFRESH_MARGIN`] of its
//! expiry. Any async closure returning `Result<AccessToken, E>` is a provider, so your
//! identity library plugs in directly:
//!
//! ```
//! use std::time::Duration;
//! use msgraph_typed::{AccessToken, ReqwestGraphClient};
//!
//! # fn main() -> Result<(), msgraph_typed::Error> {
//! let client = ReqwestGraphClient::builder()
//!     .token_provider(|| async {
//!         let (token, lifetime) = ("eyJ...", Duration::from_secs(3600)); // from your identity library
//!         Ok::<_, std::io::Error>(AccessToken::new(token).expires_in(lifetime))
//!     })
//!     .build()?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! With the `azure` feature, [`azure_credential`](ReqwestGraphClientBuilder::azure_credential)
//! takes any `azure_core::credentials::TokenCredential` (azure_identity's
//! `DeveloperToolsCredential`, `ClientSecretCredential`, `ManagedIdentityCredential`, ...)
//! and asks it for the Graph scope of the configured cloud ([`Cloud::scope`]).
//!
//! When Graph refuses a provider's token with 401 (revoked, or expired before its stated
//! expiry), the client asks the provider again and, if it hands out another token, replays
//! the call once with it, at once, for any operation: a 401 means Graph did not process the
//! request. A second 401, a fixed token's 401, or a provider that hands back the refused
//! token end the call with the 401; a provider that fails then gives its auth error.
//!
//! A token goes only to the client's own Graph host, only over https (plain http is
//! allowed to loopback, for tests). Tokens and passwords are [`SecretString`]s: they
//! never show in `Debug`, `Display` or errors, and the crate's own copies of them are
//! wiped from memory on drop. The copies hyper and TLS make in their send buffers are
//! outside the crate's reach and are not wiped.
//!
//! Graph's own rules apply: `changePassword` needs a delegated token (a signed-in user);
//! `validatePassword` is beta and, for work or school accounts, needs an admin role.
//!
//! # Errors
//!
//! Every call returns `Result<_, `[`Error`]`>`. The error carries what is known:
//! [`status`](Error::status), Graph's [`code`](Error::code) and
//! [`message`](Error::message), the [`request_id`](Error::request_id) to quote to
//! Microsoft support, and [`retry_after`](Error::retry_after). Predicates tell the kinds
//! apart: [`is_status`](Error::is_status), [`is_throttled`](Error::is_throttled),
//! [`is_timeout`](Error::is_timeout), [`is_connect`](Error::is_connect),
//! [`is_decode`](Error::is_decode), [`is_auth`](Error::is_auth),
//! [`is_redirect`](Error::is_redirect), [`is_insecure`](Error::is_insecure),
//! [`is_builder`](Error::is_builder).
//!
//! ```
//! use msgraph_typed::{Error, GraphResponse};
//!
//! // Graph's error body, as a client receives it.
//! let body = r#"{"error": {"code": "InvalidAuthenticationToken",
//!                          "message": "Access token is empty.",
//!                          "innerError": {"request-id": "6f3c-example"}}}"#;
//! let err: Error = GraphResponse::new(401, body).error_for_status().unwrap_err();
//!
//! assert_eq!(err.status(), Some(401));
//! assert_eq!(err.code(), Some("InvalidAuthenticationToken"));
//! assert_eq!(err.message(), "Access token is empty.");
//! assert_eq!(err.request_id(), Some("6f3c-example"));
//! ```
//!
//! A body that is not Graph's error shape (a gateway's HTML page, an empty or truncated
//! body) still gives an error with the status and a short, cut
//! [snippet](Error::body_snippet) of what arrived.
//!
//! # Retries
//!
//! What is retried depends on the operation's [`Replay`], which comes from its page:
//!
//! - 429 and 503, for every operation (Graph said it did not process the request), and so
//!   is a connection that could not be made (the request never left).
//! - 504, a timeout, a reset or early-closed connection: only for an operation that
//!   changes nothing ([`Replay::Safe`], `validatePassword`). One that changes state
//!   ([`Replay::OnlyUnprocessed`], `changePassword`) gets the error back, since the
//!   client cannot know whether Graph acted on it: a password is never changed twice.
//! - 401 with a token from a [`TokenProvider`]: once, at once, with a new token (see
//!   [Auth](#auth)); not counted against `max_retries`.
//!
//! A retry waits for the server's `Retry-After` (whole seconds, seconds with a fraction such
//! as `2.128`, read to the millisecond, or an HTTP date) when it gives
//! one, else for an exponential backoff with jitter; a replay carries `Retry-Attempt: N`.
//! [`max_retries`](ReqwestGraphClientBuilder::max_retries) (default 3) bounds the count,
//! and each wait and the total wait are capped. Other statuses (500 included) are not
//! retried.
//!
//! # Batching
//!
//! [`client.batch()`](GraphClient::batch) sends many calls through Graph's JSON batching
//! (`POST /{version}/$batch`) and gives each back as the typed result of its call: see
//! [`Batch`]. Steps Graph throttled inside a batch answer are sent again under the
//! client's [`retry_policy`](GraphClient::retry_policy).
//!
//! # Live password feedback
//!
//! `validatePassword` is meant for feedback while the user types. [`PasswordFeedback`]
//! takes the text on each change and calls it once the input has been still for a delay
//! (300 ms by default), one call at a time, dropping the call of an input that changed,
//! reusing answers already received, and waiting out throttling; its [`FeedbackState`]
//! says what to show. `examples/password-page` in the repository puts it in a web page.
//!
//! # Clouds
//!
//! [`Cloud`] names Graph's national deployments; the builder's
//! [`cloud`](ReqwestGraphClientBuilder::cloud) picks one, and
//! [`base_url`](ReqwestGraphClientBuilder::base_url) any other root (a proxy, a test
//! server). The token must come from the same cloud's identity platform.
//!
//! ```
//! use msgraph_typed::Cloud;
//!
//! assert_eq!(Cloud::Global.root(), "https://graph.microsoft.com");
//! assert_eq!(Cloud::UsGovL4.root(), "https://graph.microsoft.us");
//! assert_eq!(Cloud::UsGovL5Dod.root(), "https://dod-graph.microsoft.us");
//! assert_eq!(Cloud::China.root(), "https://microsoftgraph.chinacloudapi.cn");
//! ```
//!
//! # Mocking
//!
//! Half of this crate's users are test suites. Three ways to stand in for Graph, all in
//! `msgraph_typed::mock` behind the `mock` feature (its module documentation has the
//! full guide):
//!
//! - **In-process simulated Graph**: `SimulatedGraph`, a tenant with users, passwords,
//!   tokens, Entra roles and a password policy, answering as Graph does (status codes,
//!   error bodies, request-ids). `client_as(token)` gives a [`GraphClient`] with no
//!   sockets. For unit tests of code that takes a `GraphClient`.
//! - **The same tenant over HTTP**: `serve()` listens on `127.0.0.1`; point
//!   [`base_url`](ReqwestGraphClientBuilder::base_url) at it to test the whole HTTP path,
//!   or run `cargo run --features mock --example fake_graph` for other programs.
//! - **Typed wiremock expectations**: one matcher per operation, on the typed request
//!   body, answering typed responses, Graph errors or throttling. For exact control of
//!   each answer (faults, retries, odd bodies).
//!
//! The tenant also takes injected faults (throttle every Nth call, fail the next call,
//! add latency) and keeps a journal of the calls it received. In-process, with the
//! built-in tenant (`alice@contoso.com`, password `Old-Passw0rd!`, token `alice-token`):
//!
//! ```
//! # #[cfg(feature = "mock")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), msgraph_typed::Error> {
//! use msgraph_typed::mock::SimulatedGraph;
//! use msgraph_typed::models::ChangePasswordRequest;
//! use msgraph_typed::GraphClient;
//!
//! let graph = SimulatedGraph::contoso();
//! let alice = graph.client_as("alice-token");
//!
//! // A wrong current password: Graph's 400, with its error body.
//! let refused = alice
//!     .me()
//!     .change_password(ChangePasswordRequest::new("wrong", "Blue-Harbor-42"))
//!     .await
//!     .unwrap_err();
//! assert_eq!(refused.status(), Some(400));
//!
//! // The right one: 204, and the tenant's state changes.
//! alice
//!     .me()
//!     .change_password(ChangePasswordRequest::new("Old-Passw0rd!", "Blue-Harbor-42"))
//!     .await?;
//! assert!(graph.password_works("alice@contoso.com", "Blue-Harbor-42"));
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "mock"))]
//! # fn main() {}
//! ```
//!
//! And since [`GraphClient`] has one required method, any type can be a test double:
//!
//! ```
//! use async_trait::async_trait;
//! use msgraph_typed::models::ValidatePasswordRequest;
//! use msgraph_typed::{Error, GraphClient, GraphRequest, GraphResponse};
//!
//! /// Answers every call with the same body.
//! struct Canned(&'static str);
//!
//! #[async_trait]
//! impl GraphClient for Canned {
//!     async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
//!         assert_eq!(request.versioned_path(), "/beta/users/validatePassword");
//!         Ok(GraphResponse::new(200, self.0))
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Error> {
//! let graph = Canned(r#"{"isValid": true, "validationResults": []}"#);
//! let info = graph.users().validate_password(ValidatePasswordRequest::new("pw")).await?;
//! assert!(info.is_valid);
//! # Ok(())
//! # }
//! ```
//!
//! # Generation
//!
//! The [`models`] and [`operations`] are generated by `msgraph-typed-codegen` from the
//! pages under `pages/` in this package: two Graph reference pages shipped verbatim (see
//! `NOTICE`) and resource pages for the response types. Each page goes through three
//! stages: parse (the page's tables, HTTP request line and examples, each kept with its
//! source line), lower (a plain-data description of the operation and its models), emit
//! (Rust source). A page the generator cannot read is an error naming its file, line and
//! what was expected; the build fails rather than guess.
//!
//! To add an endpoint to this crate, add its page (and the resource pages its types link
//! to) under `pages/<version>/api/` and rebuild. To add one to your own crate without
//! forking this one, run the same generator from your `build.rs` or its command-line
//! tool; the code it writes calls only this crate's public items ([`GraphClient`],
//! [`GraphRequest`], [`Operation`], [`Error`]), so it runs on [`ReqwestGraphClient`] and
//! the mock kit alike.
#![deny(missing_docs, missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The README's Rust snippets are compiled as doc tests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod accepted;
mod auth;
#[cfg(feature = "azure")]
mod azure;
mod batch;
mod call;
mod calls;
mod client;
mod cloud;
mod error;
mod page;
mod password_feedback;
mod patch;
mod path;
mod request;
mod reqwest_client;
mod retry;
mod retry_after;
mod secret;

/// The models, operations, typed expectations and entry points generated by `build.rs`
/// from `pages/` (checked-in copy: `codegen/tests/snapshots/sdk.rs`).
#[macro_use]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use accepted::{Accepted, Redirect};
pub use auth::{AccessToken, TokenError, TokenProvider, REFRESH_MARGIN};
pub use batch::{Batch, BatchResults, Step, MAX_BATCH_STEPS};
pub use call::{decode_json, decode_no_content, decode_page, Decoder, GraphCall};
pub use calls::{
    decode_accepted, decode_redirect, decode_value, All, Call, CallFuture, Changes, Delta,
    DeltaLink, Items, Node, Pending,
};
pub use client::{AsDynGraphClient, GraphClient};
pub use cloud::Cloud;
pub use error::{Error, GraphError, GraphErrorDetail, InnerError};
pub use generated::{models, operations};
pub use page::Page;
pub use password_feedback::{
    FeedbackState, PasswordFeedback, PasswordFeedbackBuilder, PasswordFeedbackWorker,
    DEFAULT_FEEDBACK_CACHE, DEFAULT_FEEDBACK_DELAY,
};
pub use patch::Patch;
pub use path::{path_param, path_segment};
pub use request::{query_component, ApiVersion, GraphRequest, GraphResponse, Operation, Replay};
#[cfg(feature = "rustls")]
pub use reqwest_client::install_default_crypto_provider;
pub use reqwest_client::{
    ReqwestGraphClient, ReqwestGraphClientBuilder, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BODY, DEFAULT_TIMEOUT,
};
pub use retry::RetryPolicy;
pub use secret::SecretString;

pub mod http {
    //! The [`http`](https://docs.rs/http/1) crate (1.x) whose types the transport seam uses:
    //! [`GraphRequest::method`](crate::GraphRequest::method) is an [`http::Method`],
    //! [`GraphResponse::headers`](crate::GraphResponse::headers) an [`http::HeaderMap`]. A
    //! [`GraphClient`](crate::GraphClient) of your own (another HTTP stack, a recorder, a
    //! test double) names them through this path, so it needs no `http` dependency of its own
    //! and can never pick a version other than this crate's.
    //!
    //! ```
    //! use async_trait::async_trait;
    //! use msgraph_typed::http::{HeaderValue, Method};
    //! use msgraph_typed::models::ChangePasswordRequest;
    //! use msgraph_typed::{Error, GraphClient, GraphRequest, GraphResponse};
    //!
    //! /// Refuses every call as Graph does when throttling, with Graph's headers.
    //! struct Throttling;
    //!
    //! #[async_trait]
    //! impl GraphClient for Throttling {
    //!     async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
    //!         assert_eq!(request.method(), Method::POST);
    //!         let mut answer = GraphResponse::new(429, "");
    //!         answer.headers.insert("request-id", HeaderValue::from_static("rid-7"));
    //!         answer.headers.insert("retry-after", HeaderValue::from_static("2.128"));
    //!         Ok(answer)
    //!     }
    //! }
    //!
    //! # #[tokio::main(flavor = "current_thread")]
    //! # async fn main() {
    //! let err = Throttling
    //!     .me()
    //!     .change_password(ChangePasswordRequest::new("old", "new"))
    //!     .await
    //!     .unwrap_err();
    //! assert_eq!(err.request_id(), Some("rid-7"));
    //! assert_eq!(err.retry_after(), Some(std::time::Duration::from_millis(2128)));
    //! # }
    //! ```
    #[doc(no_inline)]
    pub use ::http::*;
}

pub mod bytes {
    //! The [`bytes`](https://docs.rs/bytes/1) crate (1.x): [`GraphResponse::body`](crate::GraphResponse::body) and
    //! [`GraphRequest::body`](crate::GraphRequest::body) are [`bytes::Bytes`].
    //!
    //! ```
    //! use msgraph_typed::bytes::Bytes;
    //! use msgraph_typed::GraphResponse;
    //!
    //! let body: Bytes = GraphResponse::new(200, Bytes::from_static(b"{}")).body;
    //! assert_eq!(body, "{}");
    //! ```
    #[doc(no_inline)]
    pub use ::bytes::*;
}

/// What generated code reaches through the SDK (serde, test helpers). Not part of the
/// public API: it changes without notice. (`http` is public: [`crate::http`].)
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;

    /// Asserts that `T`'s `Debug` shows none of the values of the JSON fields `secrets` in
    /// the example `json` (passwords, tokens).
    #[track_caller]
    pub fn assert_debug_hides<T>(json: &str, secrets: &[&str])
    where
        T: serde::de::DeserializeOwned + std::fmt::Debug,
    {
        let example: serde_json::Value = serde_json::from_str(json).expect("example is JSON");
        let typed: T = serde_json::from_str(json).expect("example decodes into its type");
        let debug = format!("{typed:?}");
        for name in secrets {
            let value = example
                .get(name)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            assert!(!value.is_empty(), "the example has no `{name}` string");
            assert!(!debug.contains(value), "`{name}` shows in Debug: {debug}");
        }
    }

    /// Asserts that `json` decodes into `T` and encodes back to the same JSON value.
    #[track_caller]
    pub fn assert_round_trip<T>(json: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
    {
        let want: serde_json::Value = serde_json::from_str(json).expect("example is JSON");
        let typed: T = serde_json::from_str(json).expect("example decodes into its type");
        let got = serde_json::to_value(&typed).expect("typed value encodes");
        assert_eq!(got, want, "round trip changed the example");
    }

    /// Asserts that `json` decodes into `T`.
    #[track_caller]
    pub fn assert_decodes<T: serde::de::DeserializeOwned>(json: &str) {
        if let Err(e) = serde_json::from_str::<T>(json) {
            panic!("example does not decode: {e}");
        }
    }
}
