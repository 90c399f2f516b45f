//! The two clients under test: the typed `ReqwestGraphClient`, and the same requests
//! written by hand with the same reqwest (the floor).

use std::error::Error as StdError;
use std::net::SocketAddr;
use std::time::Duration;

use downstream_endpoint::graph::prelude::UsersExt;
use downstream_endpoint::models::User;
use msgraph_typed::models::{
    ChangePasswordRequest, PasswordValidationInformation, ValidatePasswordRequest,
};
use msgraph_typed::{GraphClient, ReqwestGraphClient};
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::Url;
use serde::{Deserialize, Serialize};

/// A failed call, with what went wrong.
pub type CallError = Box<dyn StdError + Send + Sync>;

const PASSWORD: &str = "Tr0ub4dor&3-horse";
const CURRENT: &str = "xWwvJ]6NMw+bWH-d";
const NEW: &str = "0eM85N54wFxWwvJ]";
const SDK_VERSION: &str = concat!("graph-rust-msgraph-typed/", env!("CARGO_PKG_VERSION"));
const USER_AGENT_VALUE: &str = concat!("msgraph-typed/", env!("CARGO_PKG_VERSION"));
/// The list call's three query options: `$select`, `$filter`, `$top`.
const SELECT: [&str; 3] = ["id", "displayName", "mail"];
const FILTER: &str = "startswith(displayName,'A')";
const TOP: u32 = 5;

/// Which operation a round calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `POST /beta/users/validatePassword`, 200 with a JSON body.
    Validate,
    /// `POST /v1.0/me/changePassword`, 204.
    Change,
    /// `GET /v1.0/users?$select=..&$filter=..&$top=5`, 200 with a page of users: a call
    /// generated from a page (the example crate's), with three query options.
    List,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Validate => "validate_password",
            Op::Change => "change_password",
            Op::List => "list_users",
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

/// The headers the floor sends on top of a minimal call (`Authorization`, `Content-Type`
/// and the body): by default all four that the typed client sends too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extras {
    /// A fresh `client-request-id` (a random UUID v4, formatted) per call.
    pub id: bool,
    /// `SdkVersion`.
    pub sdk: bool,
    /// `User-Agent`.
    pub ua: bool,
    /// `Accept: application/json`.
    pub accept: bool,
}

impl Extras {
    pub const ALL: Extras = Extras {
        id: true,
        sdk: true,
        ua: true,
        accept: true,
    };

    /// `all`, `none`, or a comma-separated list of `id`, `sdk`, `ua`, `accept`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim() {
            "all" => return Ok(Self::ALL),
            "none" => {
                return Ok(Extras {
                    id: false,
                    sdk: false,
                    ua: false,
                    accept: false,
                })
            }
            _ => {}
        }
        let mut e = Extras {
            id: false,
            sdk: false,
            ua: false,
            accept: false,
        };
        for name in text.split(',') {
            match name.trim() {
                "id" => e.id = true,
                "sdk" => e.sdk = true,
                "ua" => e.ua = true,
                "accept" => e.accept = true,
                other => {
                    return Err(format!(
                        "--floor-headers: {other:?} is not one of all, none, id, sdk, ua, accept"
                    ))
                }
            }
        }
        Ok(e)
    }

    /// How the floor is named in the output.
    pub fn describe(self) -> String {
        if self == Self::ALL {
            return "the same headers as typed (client-request-id, SdkVersion, User-Agent, Accept)"
                .into();
        }
        let names: Vec<&str> = [
            (self.id, "client-request-id"),
            (self.sdk, "SdkVersion"),
            (self.ua, "User-Agent"),
            (self.accept, "Accept"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if names.is_empty() {
            "minimal: Authorization, Content-Type and the body only".into()
        } else {
            format!("Authorization, Content-Type, {}", names.join(", "))
        }
    }
}

/// Both clients, against one server.
pub struct Clients {
    typed: ReqwestGraphClient,
    floor: Floor,
}

impl Clients {
    pub fn new(addr: SocketAddr, extras: Extras) -> Result<Self, CallError> {
        let base = format!("http://{addr}");
        let token = bench_token();
        let typed = ReqwestGraphClient::builder()
            .base_url(&base)
            .bearer_token(token.as_str())
            .build()?;
        Ok(Self {
            typed,
            floor: Floor::new(&base, token, extras)?,
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
            (Side::Typed, Op::List) => {
                let page = self
                    .typed
                    .users()
                    .list()
                    .select(SELECT)
                    .filter(FILTER)
                    .top(TOP)
                    .await?;
                check_users(&page.value, page.next_link.as_deref())
            }
            (Side::Floor, Op::Validate) => check(&self.floor.validate_password(PASSWORD).await?),
            (Side::Floor, Op::Change) => self.floor.change_password(CURRENT, NEW).await,
            (Side::Floor, Op::List) => {
                let page = self.floor.list_users().await?;
                check_users(&page.value, page.next_link.as_deref())
            }
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

fn check_users(users: &[User], next_link: Option<&str>) -> Result<(), CallError> {
    let users = std::hint::black_box(users);
    if users.len() != 3 || users.iter().any(|u| u.display_name.is_none()) || next_link.is_some() {
        return Err("the page of users did not decode as sent".into());
    }
    Ok(())
}

/// The same requests written by hand: what a user of reqwest + serde writes without this
/// crate. The reqwest client has the settings `ReqwestGraphClient` gives its own.
struct Floor {
    http: reqwest::Client,
    token: String,
    extras: Extras,
    validate_url: Url,
    change_url: Url,
    list_url: Url,
}

/// A page of users as a by-hand caller reads it: the `value` array and the next link.
#[derive(Deserialize)]
struct UserPage {
    value: Vec<User>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
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
    fn new(base: &str, token: String, extras: Extras) -> Result<Self, CallError> {
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
            extras,
            validate_url: Url::parse(&format!("{base}/beta/users/validatePassword"))?,
            change_url: Url::parse(&format!("{base}/v1.0/me/changePassword"))?,
            list_url: Url::parse(&format!("{base}/v1.0/users"))?,
        })
    }

    fn post(&self, url: &Url, body: Vec<u8>) -> reqwest::RequestBuilder {
        self.with_headers(self.http.post(url.clone()), true)
            .body(body)
    }

    /// The headers typed sends (by `extras`), as a reqwest user adds them; `Content-Type`
    /// only on a request with a body (`content`), as typed sends it.
    fn with_headers(
        &self,
        request: reqwest::RequestBuilder,
        content: bool,
    ) -> reqwest::RequestBuilder {
        let e = self.extras;
        let mut request = request.bearer_auth(&self.token);
        if content {
            request = request.header(CONTENT_TYPE, "application/json");
        }
        if e.accept {
            request = request.header(ACCEPT, "application/json");
        }
        if e.id {
            request = request.header("client-request-id", uuid::Uuid::new_v4().to_string());
        }
        if e.sdk {
            request = request.header("SdkVersion", SDK_VERSION);
        }
        if e.ua {
            request = request.header(USER_AGENT, USER_AGENT_VALUE);
        }
        request
    }

    /// `GET /v1.0/users` with `$select`, `$filter` and `$top`, as a reqwest user writes it:
    /// the query appended to the URL with `Url::query_pairs_mut` (form-encoded by `url`).
    async fn list_users(&self) -> Result<UserPage, CallError> {
        let mut url = self.list_url.clone();
        url.query_pairs_mut()
            .append_pair("$select", &SELECT.join(","))
            .append_pair("$filter", FILTER)
            .append_pair("$top", &TOP.to_string());
        let request = self.with_headers(self.http.get(url), false);
        let response = request.send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        if !status.is_success() {
            return Err(format!("GET /users answered {status}").into());
        }
        Ok(serde_json::from_slice(&bytes)?)
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
