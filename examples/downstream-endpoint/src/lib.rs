//! A downstream crate that calls Graph operations msgraph-typed does not ship: it keeps
//! their pages in `graph-pages/` (pages written in the Graph docs' markdown format, for
//! `GET /users`, `GET /users/{id}`, `PATCH /users/{id}`, `DELETE /users/{id}`,
//! `GET /groups/{id}/members`, `GET /users/{id}/messages`, `GET /users/{id}/messages/{id}`
//! and `POST /users/{id}/getMemberGroups`), generates them in `build.rs` with the
//! msgraph-typed-codegen library, and calls them through the SDK's clients after one
//! import, `use graph::prelude::*;`:
//!
//! ```no_run
//! use downstream_endpoint::graph::prelude::*;
//! use downstream_endpoint::graph::models::UpdateUserRequest;
//!
//! # async fn run(client: &dyn msgraph_typed::GraphClient) -> Result<(), msgraph_typed::Error> {
//! let page = client.users().list().select(["id", "displayName"]).top(25).await?;
//! client.users().by_id("u1").update(UpdateUserRequest::new().with_job_title("Lead").clear_office_location()).await?;
//! let members = client.groups().by_id("g1").members().list().all().await?;
//! # Ok(()) }
//! ```
//!
//! An update body (a page with a `PATCH` request line) sends only what was set:
//! `UpdateUserRequest::new()` takes no argument, `with_job_title("Lead")` sends
//! `"jobTitle": "Lead"`, `clear_office_location()` sends `"officeLocation": null` (Graph's
//! way to clear a property), and each property is a [`msgraph_typed::Patch`].
//!
//! With the `mock` feature, the generated `expectations` module holds a typed wiremock
//! matcher per operation, for its tests.
#![deny(missing_docs)]

/// The code generated from `graph-pages/`.
#[allow(clippy::all)]
pub mod graph {
    include!(concat!(env!("OUT_DIR"), "/graph.rs"));
}

pub use graph::models;

#[cfg(feature = "mock")]
pub use graph::expectations;

use graph::prelude::*;
use msgraph_typed::Error;

/// The ids of the security groups `user` belongs to (directly or through nesting).
pub async fn security_groups_of(
    client: &dyn GraphClient,
    user: &str,
) -> Result<Vec<String>, Error> {
    let request = models::GetMemberGroupsRequest::new(true);
    let page = client
        .users()
        .by_id(user)
        .get_member_groups(request)
        .await?;
    Ok(page.into_value())
}

/// The display names of every user whose name starts with `prefix`, in order, across
/// all pages.
pub async fn names_starting_with(
    client: &dyn GraphClient,
    prefix: &str,
) -> Result<Vec<String>, Error> {
    let users = client
        .users()
        .list()
        .select(["displayName"])
        .filter(format!(
            "startswith(displayName,'{}')",
            prefix.replace('\'', "''")
        ))
        .orderby("displayName")
        .all()
        .await?;
    Ok(users.into_iter().filter_map(|u| u.display_name).collect())
}
