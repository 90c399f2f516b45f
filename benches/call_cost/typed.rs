//! The typed client's password calls, and what both sides of every pair share: the token,
//! the passwords, and the check of the validation answer.

use std::net::SocketAddr;

use msgraph_typed::models::{
    ChangePasswordRequest, PasswordValidationInformation, ValidatePasswordRequest,
};
use msgraph_typed::{GraphClient, ReqwestGraphClient};
use serde::Serialize;

use crate::paired::CallError;

pub const PASSWORD: &str = "Tr0ub4dor&3-horse";
pub const CURRENT: &str = "xWwvJ]6NMw+bWH-d";
pub const NEW: &str = "0eM85N54wFxWwvJ]";

/// A token shaped like the ones Entra ID issues for Graph and both clients send: a JWT of
/// 1,555 bytes (a base64url header, a payload of claims and an RS256 signature of 342
/// characters). Real Graph tokens are 1,500 to 2,500 bytes; what a client does with the
/// token on every call (checking, copying, formatting it) scales with its length, so a
/// short token would hide that cost on both sides.
pub fn bench_token() -> String {
    const HEADER: &str = "eyJ0eXAiOiJKV1QiLCJub25jZSI6ImJlbmNoIiwiYWxnIjoiUlMyNTYiLCJ4NXQiOiJiZW5jaCIsImtpZCI6ImJlbmNoIn0";
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // Fixed pseudo-random base64url text (a linear congruential generator), so that every
    // run sends the same bytes.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut text = |len: usize| -> String {
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                char::from(ALPHABET[(state >> 58) as usize])
            })
            .collect()
    };
    let payload = text(1_116);
    let signature = text(342);
    format!("{HEADER}.{payload}.{signature}")
}

/// The typed client, with `token`, against the server at `addr` (plain http).
pub fn client(addr: SocketAddr, token: &str) -> Result<ReqwestGraphClient, CallError> {
    Ok(ReqwestGraphClient::builder()
        .base_url(format!("http://{addr}"))
        .bearer_token(token)
        .build()?)
}

/// `POST /beta/users/validatePassword`, typed; the answer checked.
pub async fn validate(client: &ReqwestGraphClient) -> Result<(), CallError> {
    let info = client
        .users()
        .validate_password(ValidatePasswordRequest::new(PASSWORD))
        .await?;
    check(&info)
}

/// `POST /v1.0/me/changePassword`, typed.
pub async fn change(client: &ReqwestGraphClient) -> Result<(), CallError> {
    Ok(client
        .me()
        .change_password(ChangePasswordRequest::new(CURRENT, NEW))
        .await?)
}

/// The validation answer as the server sends it: invalid, with one rule's result.
pub fn check(info: &PasswordValidationInformation) -> Result<(), CallError> {
    let info = std::hint::black_box(info);
    if info.is_valid || info.validation_results.len() != 1 {
        return Err("the validation answer did not decode as sent".into());
    }
    Ok(())
}

/// `validatePassword`'s body, as a by-hand caller serializes it.
#[derive(Serialize)]
pub struct ValidateBody<'a> {
    pub password: &'a str,
}

/// `changePassword`'s body, as a by-hand caller serializes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeBody<'a> {
    pub current_password: &'a str,
    pub new_password: &'a str,
}
