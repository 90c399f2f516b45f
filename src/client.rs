//! The `GraphClient` trait: one execute method, with the typed entry points on top.

use std::sync::Arc;

use async_trait::async_trait;

use crate::batch::Batch;
use crate::error::Error;
use crate::request::{GraphRequest, GraphResponse};
use crate::retry::RetryPolicy;

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

    /// How this client replays throttled and failed calls. A [`Batch`] sent through it
    /// applies the same to the steps Graph throttled inside a batch answer, which the
    /// client's own replays of the batch request cannot see.
    /// [`ReqwestGraphClient`](crate::ReqwestGraphClient) gives its builder's settings;
    /// the default is [`RetryPolicy::default`] (three retries).
    fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy::default()
    }

    /// An empty [JSON batch](Batch) sent through this client: add calls, send them in
    /// one round trip, take each step's typed result.
    fn batch(&self) -> Batch<'_> {
        Batch::new(self.as_dyn())
    }

    crate::generated::graph_client_entry_points!();
}

#[async_trait]
impl<T: GraphClient + ?Sized> GraphClient for Arc<T> {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        (**self).execute(request).await
    }

    fn retry_policy(&self) -> RetryPolicy {
        (**self).retry_policy()
    }
}

#[async_trait]
impl<T: GraphClient + ?Sized> GraphClient for Box<T> {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        (**self).execute(request).await
    }

    fn retry_policy(&self) -> RetryPolicy {
        (**self).retry_policy()
    }
}

#[async_trait]
impl<T: GraphClient + ?Sized> GraphClient for &T {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        (**self).execute(request).await
    }

    fn retry_policy(&self) -> RetryPolicy {
        (**self).retry_policy()
    }
}
