//! The two calls as a graph-rs-sdk 3.0.1 user writes them.
//!
//! `changePassword` is graph-rs-sdk's own typed path, `me().change_password(&body)`.
//! graph-rs-sdk has no `validatePassword` (it is a beta action its generated API leaves
//! out), so that one is its custom-path call, `custom(POST, body)` on a client whose
//! endpoint is the action's URL. Both clients share one connection pool (a
//! `GraphClient`'s clones share its reqwest client), as typed's calls do.

use std::net::SocketAddr;

use graph_rs_sdk::http::{BodyRead, Method, Url};
use graph_rs_sdk::{GraphClient, GraphClientConfiguration};
use msgraph_typed::models::PasswordValidationInformation;

use crate::paired::CallError;
use crate::typed::{check, ChangeBody, ValidateBody, CURRENT, NEW, PASSWORD};

/// How the baseline is described in the output.
pub const DESCRIPTION: &str = "graph-rs-sdk 3.0.1 (rustls): me().change_password(&body), \
     custom(POST, BodyRead::from_serialize(&body)) for validatePassword";

pub struct GraphRs {
    /// Endpoint `http://addr/v1.0`, as `Graph::new` has `https://graph.microsoft.com/v1.0`.
    v1: GraphClient,
    /// Endpoint `http://addr/beta/users/validatePassword`: `custom` calls the endpoint.
    validate: GraphClient,
}

impl GraphRs {
    /// `https_only(false)` and `use_test_endpoint` (feature `test-util`) are the only way
    /// to a plain-http loopback server: `custom_endpoint` refuses any host but Graph's.
    pub fn new(addr: SocketAddr, token: &str) -> Result<Self, CallError> {
        let config = GraphClientConfiguration::new()
            .access_token(token)
            .https_only(false);
        let mut v1 = GraphClient::from(config);
        let mut validate = v1.clone();
        v1.use_test_endpoint(&Url::parse(&format!("http://{addr}/v1.0"))?);
        validate.use_test_endpoint(&Url::parse(&format!(
            "http://{addr}/beta/users/validatePassword"
        ))?);
        Ok(Self { v1, validate })
    }

    /// `POST /beta/users/validatePassword`; the 200's JSON decoded into the same model as
    /// typed's and checked alike.
    pub async fn validate(&self) -> Result<(), CallError> {
        let body = BodyRead::from_serialize(&ValidateBody { password: PASSWORD })?;
        let response = self
            .validate
            .custom(Method::POST, Some(body))
            .send()
            .await?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("validatePassword answered {status}").into());
        }
        let info: PasswordValidationInformation = response.json().await?;
        check(&info)
    }

    /// `POST /v1.0/me/changePassword`, 204.
    pub async fn change(&self) -> Result<(), CallError> {
        let body = ChangeBody {
            current_password: CURRENT,
            new_password: NEW,
        };
        let response = self.v1.me().change_password(&body).send().await?;
        let status = response.status();
        // Read to the end, as the typed side does (and `call_cost`'s floor).
        response.bytes().await?;
        if !status.is_success() {
            return Err(format!("changePassword answered {status}").into());
        }
        Ok(())
    }
}
