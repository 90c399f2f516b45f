//! The `GraphClient` trait: one execute method, with the typed entry points on top.

use std::sync::Arc;

use async_trait::async_trait;

use crate::error::Error;
use crate::request::{GraphRequest, GraphResponse};

/// Gives any [`GraphClient`] as `&dyn GraphClient`, so that the provided entry points
/// (`me()`, `users()`) work on concrete clients, generic `C: GraphClient` and
/// `Arc<dyn GraphClient>` alike. Implemented for every client; never implement it by hand.
pub trait AsDynGraphClient {
    /// `self` as a trait object.
    fn as_dyn(&self) -> &dyn GraphClient;
}

impl<T: GraphClient> AsDynGraphClient for T {
    fn as_dyn(&self) -> &dyn GraphClient {
        self
    }
}

/// A client for Microsoft Graph.
///
/// Implementors provide [`execute`](GraphClient::execute): send one request, return the
/// response that arrived, whatever its status. Everything typed (`client.me()`,
/// `client.users()`, and the operations under them) is built on that one method, so a test
/// double only has to answer requests.
///
/// [`ReqwestGraphClient`](crate::ReqwestGraphClient) talks to Graph over HTTP; with the
/// `mock` feature, `mock::SimulatedGraph` answers in-process.
#[async_trait]
pub trait GraphClient: AsDynGraphClient + Send + Sync {
    /// Sends `request` and returns the response, whatever its status. `Err` is for a
    /// response that never arrived (connection, timeout, token provider, security checks).
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error>;

    crate::generated::graph_client_entry_points!();
}

#[async_trait]
impl<T: GraphClient + ?Sized> GraphClient for Arc<T> {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        (**self).execute(request).await
    }
}

#[async_trait]
impl<T: GraphClient + ?Sized> GraphClient for Box<T> {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        (**self).execute(request).await
    }
}

#[async_trait]
impl<T: GraphClient + ?Sized> GraphClient for &T {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        (**self).execute(request).await
    }
}
