//! A downstream crate that needs a Graph operation msgraph-typed does not ship,
//! `user: getMemberGroups`: it adds the operation's page (`graph-pages/`, in the Graph
//! docs' markdown format), generates it in `build.rs` with the msgraph-typed-codegen
//! library, and calls it through the SDK's client as `client.users().ext()
//! .get_member_groups(..)`. With the `mock` feature, the generated
//! `expectations::get_member_groups()` is a typed wiremock matcher for its tests.
#![deny(missing_docs)]

/// The code generated from `graph-pages/`.
#[allow(clippy::all)]
pub mod graph {
    include!(concat!(env!("OUT_DIR"), "/graph.rs"));
}

pub use graph::{models, UsersExt};

#[cfg(feature = "mock")]
pub use graph::expectations;

use msgraph_typed::{Error, GraphClient};

/// The ids of the security groups `user` belongs to (directly or through nesting).
pub async fn security_groups_of(
    client: &dyn GraphClient,
    user: &str,
) -> Result<Vec<String>, Error> {
    let request = models::GetMemberGroupsRequest::new(true);
    let page = client
        .users()
        .ext()
        .get_member_groups(user, request)
        .await?;
    Ok(page.into_value())
}
