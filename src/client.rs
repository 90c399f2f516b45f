//! The `GraphClient` trait: one execute method, with the typed entry points on top.

use std::future::Future;
use std::pin::Pin;
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

// The forwarding impls hand back the inner client's own future: through
// `#[async_trait]` each would box another future around it, holding the request again
// (BENCHMARKS.md, issue 14).
impl<T: GraphClient + ?Sized> GraphClient for Arc<T> {
    fn execute<'client, 'call>(&'client self, request: GraphRequest) -> BoxedCall<'call>
    where
        'client: 'call,
        Self: 'call,
    {
        (**self).execute(request)
    }

    fn retry_policy(&self) -> RetryPolicy {
        (**self).retry_policy()
    }
}

impl<T: GraphClient + ?Sized> GraphClient for Box<T> {
    fn execute<'client, 'call>(&'client self, request: GraphRequest) -> BoxedCall<'call>
    where
        'client: 'call,
        Self: 'call,
    {
        (**self).execute(request)
    }

    fn retry_policy(&self) -> RetryPolicy {
        (**self).retry_policy()
    }
}

impl<T: GraphClient + ?Sized> GraphClient for &T {
    fn execute<'client, 'call>(&'client self, request: GraphRequest) -> BoxedCall<'call>
    where
        'client: 'call,
        Self: 'call,
    {
        (**self).execute(request)
    }

    fn retry_policy(&self) -> RetryPolicy {
        (**self).retry_policy()
    }
}

/// What [`GraphClient::execute`] returns, as `#[async_trait]` writes it.
pub(crate) type BoxedCall<'call> =
    Pin<Box<dyn Future<Output = Result<GraphResponse, Error>> + Send + 'call>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{ApiVersion, Operation, Replay};

    static OP: Operation =
        Operation::new("x", http::Method::GET, ApiVersion::V1, "/me", Replay::Safe);

    /// A client whose future is larger than any wrapper around it would be.
    struct Large;

    #[async_trait]
    impl GraphClient for Large {
        async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
            let scratch = [0u8; 4096];
            tokio::task::yield_now().await;
            Ok(GraphResponse::new(
                200,
                scratch[..request.path().len()].to_vec(),
            ))
        }
    }

    #[tokio::test]
    async fn a_client_behind_an_arc_a_box_or_a_reference_gives_its_own_future_unwrapped() {
        let own = std::mem::size_of_val(&*Large.execute(GraphRequest::new(&OP, "/me")));
        let arc = Arc::new(Large);
        let boxed: Box<dyn GraphClient> = Box::new(Large);
        let dyn_arc: Arc<dyn GraphClient> = Arc::new(Large);
        for (through, size) in [
            (
                "Arc",
                std::mem::size_of_val(&*arc.execute(GraphRequest::new(&OP, "/me"))),
            ),
            (
                "Box",
                std::mem::size_of_val(&*boxed.execute(GraphRequest::new(&OP, "/me"))),
            ),
            (
                "&",
                std::mem::size_of_val(&*<&Large as GraphClient>::execute(
                    &&Large,
                    GraphRequest::new(&OP, "/me"),
                )),
            ),
            (
                "Arc<dyn>",
                std::mem::size_of_val(&*dyn_arc.execute(GraphRequest::new(&OP, "/me"))),
            ),
        ] {
            assert_eq!(
                size, own,
                "through {through}: a future wrapped around the client's"
            );
        }
        // And the answer still comes through.
        let answer = GraphClient::execute(&dyn_arc, GraphRequest::new(&OP, "/me"))
            .await
            .unwrap();
        assert_eq!(answer.body.len(), 3);
    }
}
