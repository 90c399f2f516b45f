//! The two clients under test: the typed `ReqwestGraphClient`, and the same requests
//! written by hand with the same reqwest (the floor).

use std::net::SocketAddr;
use std::time::Duration;

use downstream_endpoint::graph::prelude::UsersExt;
use downstream_endpoint::models::User;
use msgraph_typed::models::PasswordValidationInformation;
use msgraph_typed::{GraphClient, ReqwestGraphClient};
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::Url;
use serde::Deserialize;

use crate::paired::{CallError, Goal, Op, Pair, Side};
use crate::typed::{self, check, ChangeBody, ValidateBody, CURRENT, NEW, PASSWORD};

const SDK_VERSION: &str = concat!("graph-rust-msgraph-typed/", env!("CARGO_PKG_VERSION"));
const USER_AGENT_VALUE: &str = concat!("msgraph-typed/", env!("CARGO_PKG_VERSION"));
/// The list call's three query options: `$select`, `$filter`, `$top`.
const SELECT: [&str; 3] = ["id", "displayName", "mail"];
const FILTER: &str = "startswith(displayName,'A')";
const TOP: u32 = 5;

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

impl Default for Extras {
    fn default() -> Self {
        Self::ALL
    }
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

impl Pair for Clients {
    const NAME: &'static str = "call_cost";
    const BASELINE: &'static str = "floor";
    const OPS: &'static [Op] = &[Op::Validate, Op::Change, Op::List];
    const GOAL: Goal = Goal {
        throughput: 0.97,
        p99: Some(1.05),
    };
    const FULL_RUN: &'static str = "cargo bench --bench call_cost";
    const FLAGS: &'static [&'static str] = &["--floor-headers"];
    type Options = Extras;

    fn option(extras: &mut Extras, _flag: &str, value: &str) -> Result<(), String> {
        *extras = Extras::parse(value)?;
        Ok(())
    }

    fn new(addr: SocketAddr, extras: &Extras) -> Result<Self, CallError> {
        let token = typed::bench_token();
        Ok(Self {
            typed: typed::client(addr, &token)?,
            floor: Floor::new(&format!("http://{addr}"), token, *extras)?,
        })
    }

    fn describe(&self) -> String {
        self.floor.extras.describe()
    }

    async fn call(&self, side: Side, op: Op) -> Result<(), CallError> {
        match (side, op) {
            (Side::Typed, Op::Validate) => typed::validate(&self.typed).await,
            (Side::Typed, Op::Change) => typed::change(&self.typed).await,
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
            (Side::Baseline, Op::Validate) => check(&self.floor.validate_password(PASSWORD).await?),
            (Side::Baseline, Op::Change) => self.floor.change_password(CURRENT, NEW).await,
            (Side::Baseline, Op::List) => {
                let page = self.floor.list_users().await?;
                check_users(&page.value, page.next_link.as_deref())
            }
        }
    }
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
