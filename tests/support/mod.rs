//! Shared helpers for the client tests: fixed secrets, a fast-retrying client, a secret
//! scanner for errors, and a raw TCP server for faults wiremock cannot make.
#![allow(dead_code)]

pub mod raw;
#[cfg(feature = "rustls")]
pub mod tls;
pub mod trace;

use std::error::Error as _;
use std::time::Duration;

use msgraph_typed::models::{ChangePasswordRequest, ValidatePasswordRequest};
use msgraph_typed::{Error, ReqwestGraphClient, ReqwestGraphClientBuilder};

/// The token every test client sends.
pub const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.SECRET-TOKEN-7f3a";
/// The passwords every test request carries.
pub const CURRENT_PASSWORD: &str = "Current-Passw0rd-91b2";
pub const NEW_PASSWORD: &str = "New-Passw0rd-c4d8";
pub const CANDIDATE_PASSWORD: &str = "Candidate-Passw0rd-e5f6";

/// A builder for `base` with the test token and waits of a millisecond.
pub fn builder(base: &str) -> ReqwestGraphClientBuilder {
    ReqwestGraphClient::builder()
        .base_url(base)
        .bearer_token(TOKEN)
        .retry_base_delay(Duration::from_millis(1))
        .max_retries(3)
}

/// A client for `base` with the test defaults.
pub fn client(base: &str) -> ReqwestGraphClient {
    builder(base).build().expect("test client builds")
}

pub fn change_password() -> ChangePasswordRequest {
    ChangePasswordRequest::new(CURRENT_PASSWORD, NEW_PASSWORD)
}

pub fn validate_password() -> ValidatePasswordRequest {
    ValidatePasswordRequest::new(CANDIDATE_PASSWORD)
}

/// A body `validate_password` decodes.
pub const VALID_BODY: &str = r#"{"isValid":true,"validationResults":[]}"#;

/// Fails if `error`'s Display, Debug (plain and pretty) or any `source()` in its chain
/// shows the token or a password; returns the error for further checks.
#[track_caller]
pub fn scanned(error: Error) -> Error {
    let mut texts = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = error.source();
    while let Some(s) = source {
        texts.push(s.to_string());
        texts.push(format!("{s:?}"));
        source = s.source();
    }
    for text in &texts {
        for secret in [
            TOKEN,
            "SECRET-TOKEN",
            CURRENT_PASSWORD,
            NEW_PASSWORD,
            CANDIDATE_PASSWORD,
        ] {
            assert!(!text.contains(secret), "error text shows a secret: {text}");
        }
    }
    error
}
