//! The two clients under test: the typed `ReqwestGraphClient`, and the same requests
//! written by hand with the same reqwest (the floor).

use std::error::Error as StdError;
use std::net::SocketAddr;
use std::time::Duration;

use msgraph_typed::models::{
    ChangePasswordRequest, PasswordValidationInformation, ValidatePasswordRequest,
};
use msgraph_typed::{GraphClient, ReqwestGraphClient};
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::Url;
use serde::Serialize;

/// A failed call, with what went wrong.
pub type CallError = Box<dyn StdError + Send + Sync>;

const PASSWORD: &str = "Tr0ub4dor&3-horse";
const CURRENT: &str = "xWwvJ]6NMw+bWH-d";
const NEW: &str = "0eM85N54wFxWwvJ]";
const SDK_VERSION: &str = concat!("graph-rust-msgraph-typed/", env!("CARGO_PKG_VERSION"));
const USER_AGENT_VALUE: &str = concat!("msgraph-typed/", env!("CARGO_PKG_VERSION"));

/// Which operation a round calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `POST /beta/users/validatePassword`, 200 with a JSON body.
    Validate,
    /// `POST /v1.0/me/changePassword`, 204.
    Change,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Validate => "validate_password",
            Op::Change => "change_password",
        }
    }
}

/// Which client a round uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Typed,
    Floor,
}

/// A token shaped like the ones Entra ID issues for Graph and both clients send: a JWT of
/// 1,555 bytes (a base64url header, a payload of claims and an RS256 signature of 342
/// characters). Real Graph tokens are 1,500 to 2,500 bytes; what a client does with the
/// token on every call (checking, copying, formatting it) scales with its length, so a
/// short token would hide that cost on both sides.
fn bench_token() -> String {
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

/// Both clients, against one server.
pub struct Clients {
    typed: ReqwestGraphClient,
    floor: Floor,
}

impl Clients {
    pub fn new(addr: SocketAddr) -> Result<Self, CallError> {
        let base = format!("http://{addr}");
        let token = bench_token();
        let typed = ReqwestGraphClient::builder()
            .base_url(&base)
            .bearer_token(token.as_str())
            .build()?;
        Ok(Self {
            typed,
            floor: Floor::new(&base, token)?,
        })
    }

    /// One call; checks the answer so that both sides do the same work.
    pub async fn call(&self, side: Side, op: Op) -> Result<(), CallError> {
        match (side, op) {
            (Side::Typed, Op::Validate) => {
                let info = self
                    .typed
                    .users()
                    .validate_password(ValidatePasswordRequest::new(PASSWORD))
                    .await?;
                check(&info)
            }
            (Side::Typed, Op::Change) => Ok(self
                .typed
                .me()
                .change_password(ChangePasswordRequest::new(CURRENT, NEW))
                .await?),
            (Side::Floor, Op::Validate) => check(&self.floor.validate_password(PASSWORD).await?),
            (Side::Floor, Op::Change) => self.floor.change_password(CURRENT, NEW).await,
        }
    }
}

fn check(info: &PasswordValidationInformation) -> Result<(), CallError> {
    let info = std::hint::black_box(info);
    if info.is_valid || info.validation_results.len() != 1 {
        return Err("the validation answer did not decode as sent".into());
    }
    Ok(())
}

/// The same requests written by hand: what a user of reqwest + serde writes without this
/// crate. The reqwest client has the settings `ReqwestGraphClient` gives its own.
struct Floor {
    http: reqwest::Client,
    token: String,
    validate_url: Url,
    change_url: Url,
}

#[derive(Serialize)]
struct ValidateBody<'a> {
    password: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChangeBody<'a> {
    current_password: &'a str,
    new_password: &'a str,
}

impl Floor {
    fn new(base: &str, token: String) -> Result<Self, CallError> {
        // reqwest is built with `rustls-no-provider` (this crate's choice): a by-hand client
        // installs the provider itself. The typed client does not use this default.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .no_proxy()
            .build()?;
        Ok(Self {
            http,
            token,
            validate_url: Url::parse(&format!("{base}/beta/users/validatePassword"))?,
            change_url: Url::parse(&format!("{base}/v1.0/me/changePassword"))?,
        })
    }

    fn post(&self, url: &Url, body: Vec<u8>) -> reqwest::RequestBuilder {
        self.http
            .post(url.clone())
            .bearer_auth(&self.token)
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .header("client-request-id", uuid::Uuid::new_v4().to_string())
            .header("SdkVersion", SDK_VERSION)
            .header(USER_AGENT, USER_AGENT_VALUE)
            .body(body)
    }

    async fn validate_password(
        &self,
        password: &str,
    ) -> Result<PasswordValidationInformation, CallError> {
        let body = serde_json::to_vec(&ValidateBody { password })?;
        let response = self.post(&self.validate_url, body).send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        if !status.is_success() {
            return Err(format!("validatePassword answered {status}").into());
        }
        Ok(serde_json::from_slice(&bytes)?)
    }

    async fn change_password(&self, current: &str, new: &str) -> Result<(), CallError> {
        let body = serde_json::to_vec(&ChangeBody {
            current_password: current,
            new_password: new,
        })?;
        let response = self.post(&self.change_url, body).send().await?;
        let status = response.status();
        // Read to the end so that the connection goes back to the pool, as the typed side does.
        response.bytes().await?;
        if !status.is_success() {
            return Err(format!("changePassword answered {status}").into());
        }
        Ok(())
    }
}
