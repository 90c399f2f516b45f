//! The mock kit: stand in for Microsoft Graph in your tests (feature `mock`).
//!
//! ```toml
//! [dev-dependencies]
//! msgraph-typed = { version = "0.1", features = ["mock"] }
//! ```
//!
//! # Three ways to mock
//!
//! | | what answers | use it when |
//! |---|---|---|
//! | [in-process](#in-process) | a [`SimulatedGraph`] tenant, called directly | your code takes a `GraphClient` (`Arc<dyn GraphClient>` or generic) and you test what it does with Graph's answers: fastest, no sockets |
//! | [over HTTP](#over-http) | the same tenant, served on `127.0.0.1` | you test the HTTP path too (a `ReqwestGraphClient`, its retries and timeouts), or a program that only takes a URL, or a client not written in Rust |
//! | [typed wiremock expectations](#typed-wiremock-expectations) | answers you script, per operation | you want exact answers the tenant would not give (a 500, a malformed body), or to assert that a call was made N times with a given body |
//!
//! The first two share one request handler, so a behaviour seen in-process is the
//! behaviour seen over HTTP, down to the headers.
//!
//! ## In-process
//!
//! [`SimulatedGraph::client_as`] gives a [`GraphClient`](crate::GraphClient) that calls the
//! tenant as the holder of one token.
//!
//! ```
//! use msgraph_typed::GraphClient;
//! use msgraph_typed::mock::{Caller, RecordedBody, SimulatedGraph, SimulatedUser};
//! use msgraph_typed::models::ChangePasswordRequest;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Arrange
//! let graph = SimulatedGraph::builder()
//!     .user(SimulatedUser::new("alice@contoso.com", "Old-Passw0rd!", "alice-token"))
//!     .build()?;
//! let client = graph.client_as("alice-token");
//!
//! // Act
//! client.me().change_password(ChangePasswordRequest::new("Old-Passw0rd!", "New-Passw0rd!")).await?;
//! let again = client.me().change_password(ChangePasswordRequest::new("Old-Passw0rd!", "Other-Passw0rd!")).await;
//!
//! // Assert
//! assert!(graph.password_works("alice@contoso.com", "New-Passw0rd!"));
//! assert_eq!(again.unwrap_err().code(), Some("Request_BadRequest")); // the old one stopped working
//! let calls = graph.journal();
//! assert_eq!(calls[0].status, 204);
//! assert_eq!(calls[0].caller, Caller::User { user_principal_name: "alice@contoso.com".into() });
//! assert!(matches!(calls[0].body, RecordedBody::ChangePassword(_)));
//! # Ok(())
//! # }
//! ```
//!
//! ## Over HTTP
//!
//! [`SimulatedGraph::serve`] serves the tenant on a free loopback port; the journal, faults
//! and state are shared with the `SimulatedGraph` you started it from. The `fake_graph`
//! example serves one from the command line:
//! `cargo run --features mock --example fake_graph -- --seed FILE --port N` prints the base
//! URL as its first line.
//!
//! ```
//! use msgraph_typed::mock::SimulatedGraph;
//! use msgraph_typed::models::ValidatePasswordRequest;
//! use msgraph_typed::{GraphClient, ReqwestGraphClient};
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Arrange: the built-in tenant (see `SimulatedGraph::contoso`), on a loopback port.
//! let graph = SimulatedGraph::contoso();
//! let server = graph.serve().await?;
//! let client = ReqwestGraphClient::builder()
//!     .base_url(server.uri())
//!     .bearer_token("admin-token")
//!     .build()?;
//!
//! // Act
//! let info = client.users().validate_password(ValidatePasswordRequest::new("1234567890")).await?;
//!
//! // Assert
//! assert!(!info.is_valid);
//! assert_eq!(info.validation_results[0].rule_name, "password_not_meet_complexity");
//! assert_eq!(graph.journal()[0].status, 200);
//! # Ok(())
//! # }
//! ```
//!
//! ## Typed wiremock expectations
//!
//! [`expect`] has one function per operation, returning an [`OperationMatcher`] for
//! wiremock's `Mock::given`; refine it on the typed body. [`respond`] has Graph's answers:
//! typed JSON, no content, errors, throttling. Mount [`catch_all`] too: a request nothing
//! matched then fails with an error naming it, instead of wiremock's bare 404.
//!
//! ```
//! use msgraph_typed::mock::{self, respond};
//! use msgraph_typed::models::ChangePasswordRequest;
//! use msgraph_typed::{GraphClient, ReqwestGraphClient};
//! use wiremock::{Mock, MockServer};
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Arrange
//! let server = MockServer::start().await;
//! Mock::given(mock::expect::change_password().body(|r: &ChangePasswordRequest| {
//!     r.new_password.expose_secret() == "New-Passw0rd!"
//! }))
//! .respond_with(respond::no_content())
//! .expect(1)
//! .mount(&server)
//! .await;
//! mock::catch_all().mount(&server).await;
//! let client = ReqwestGraphClient::builder()
//!     .base_url(server.uri())
//!     .bearer_token("any-token")
//!     .build()?;
//!
//! // Act
//! let ok = client.me().change_password(ChangePasswordRequest::new("Old-Passw0rd!", "New-Passw0rd!")).await;
//! let unmatched = client.me().change_password(ChangePasswordRequest::new("x", "y")).await;
//!
//! // Assert
//! assert!(ok.is_ok());
//! let error = unmatched.unwrap_err();
//! assert_eq!(error.status(), Some(404));
//! assert!(error.message().contains(
//!     "no mock matched POST /v1.0/me/changePassword with body {currentPassword: string, newPassword: string}"
//! ));
//! # Ok(())
//! # }
//! ```
//!
//! # The simulated Graph
//!
//! Actions: `POST /v1.0/me/changePassword` (also under `/beta`) and
//! `POST /beta/users/validatePassword`; entity paths and `$batch`: see
//! [the simulated directory](#the-simulated-directory). Paths ignore case, as Graph's do.
//!
//! Checks for the two actions, in order; the first that fails answers:
//!
//! | check | status | `error.code` |
//! |---|---|---|
//! | an injected fault ([`Fault`], [`SimulatedGraph::throttle_every`]) | as injected; 429 carries `Retry-After` | Graph's code for the status (`TooManyRequests`, `ServiceUnavailable`, ...) |
//! | a bearer token the tenant issued | 401, with `WWW-Authenticate` | `InvalidAuthenticationToken` |
//! | a known path (an action, an entity path, `$batch`) | 404 | `ResourceNotFound` |
//! | the operation's method | 405, with `Allow` | `Request_BadRequest` |
//! | `Content-Type: application/json` | 415 | `BadRequest` |
//! | a JSON object with every parameter, each a string, and no unknown parameter | 400 | `BadRequest` |
//! | `changePassword`: a user's token (an application has no `/me`) | 400 | `BadRequest` |
//! | `changePassword`: the current password is right | 400 | `Request_BadRequest` |
//! | `changePassword`: the new password differs from the current one and passes the [`PasswordPolicy`] | 400, naming the failed rules | `Request_BadRequest` |
//! | `validatePassword`: a user with an admin role ([`PASSWORD_ADMIN_ROLES`]) | 403 | `Authorization_RequestDenied` |
//!
//! Then `changePassword` sets the new password (the old one stops working) and answers
//! `204 No Content` with no body and no `Content-Type`; `validatePassword` answers `200 OK`
//! with `@odata.context`, `isValid` and one `validationResults` entry per policy rule, with
//! Graph's OData `Content-Type` ([`ODATA_JSON`]).
//!
//! Choices where Graph's exact answer is not documented: a wrong current password and a
//! refused new password are `400 Request_BadRequest` (the code Graph uses for directory
//! password errors); an application token on `validatePassword` is `403`; the error
//! messages are the simulation's own.
//!
//! Every answer carries `request-id` (fresh), `client-request-id` (the caller's, echoed,
//! else the request-id), `Date`, `Cache-Control`, `Strict-Transport-Security` and
//! `x-ms-ags-diagnostic`; every error body is
//! `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
//!
//! # The simulated directory
//!
//! Beside those two actions, the tenant keeps entities and answers the operations a
//! crate generates for them, under `/v1.0` and `/beta` alike:
//!
//! - **Collections at their paths**: every entity set at the root of Graph's API (`users`,
//!   `groups`, `applications`, `servicePrincipals`, `devices`, ...) and every collection an
//!   entity's path names (`/users/{id}/messages`, `/me/events`, ...), kept per parent.
//!   Segments are checked against the names of Graph's v1.0 schema: an unknown one is 404
//!   `ResourceNotFound`. `/me` is the caller (an application token gets 400). A user is
//!   read by id or by `userPrincipalName`; `/directoryObjects/{id}` finds any directory
//!   object.
//! - **Create, read, update, delete**: `POST` to a collection answers 201 with the entity
//!   and a new GUID `id`; `GET` reads; `PATCH` merges (`null` clears) and answers 204;
//!   `DELETE` answers 204 and also removes what is kept under the entity and every link to
//!   it. An unknown id is 404 `Request_ResourceNotFound`. Creating a user or group needs the
//!   properties Graph's pages require (else 400 `Request_BadRequest` naming one), a user's
//!   `userPrincipalName` must be free and its `passwordProfile.password` must pass the
//!   [`PasswordPolicy`]; the password is write-only (it reads as `null`) and works for
//!   [`SimulatedGraph::password_works`]. `members@odata.bind` links members on create.
//! - **Reads**: a user comes with Graph's default properties ([`DEFAULT_USER_PROPERTIES`],
//!   `null` when unset) unless `$select` names others; other entities with what they hold.
//!   `$select`, `$filter` (`eq`, `ne`, `gt`, `ge`, `lt`, `le`, `in`, `startswith`,
//!   `endswith`, `and`, `or`, `not`, `any`/`all` on collections; strings compare ignoring
//!   case, as the directory's do), `$orderby` (`asc`/`desc`), `$top` (1 to 999; 100 without
//!   it) with `@odata.nextLink` carrying `$skiptoken`, `$skip`, `$count=true`
//!   (`@odata.count`) and the `/$count` segment (`text/plain`), `$search`
//!   (`"property:term"` clauses joined by `AND`/`OR`, on `displayName`, `mail`,
//!   `description`, `mailNickname`, `userPrincipalName`, `givenName`, `surname`; a term
//!   matches the start of a word). A query it cannot read is 400 (`BadRequest`, or
//!   `Request_UnsupportedQuery` for an operator or function it does not serve), never
//!   ignored; `$expand` is refused so.
//! - **Directory objects, as Graph treats them**: `$count`, `/$count` and `$search` need
//!   `ConsistencyLevel: eventual` (else 400), and `ne`, `not` and `endswith` also need
//!   `$count=true` (advanced queries).
//! - **Links**: `POST .../members/$ref` with `{"@odata.id": ".../directoryObjects/{id}"}`
//!   (204; 400 if already linked, 404 for an unknown object), `DELETE
//!   .../members/{id}/$ref` (204), `GET .../members` (and `owners`, ... every
//!   link of Graph's schema) listing each object with its `@odata.type`, a type cast segment
//!   (`/members/microsoft.graph.user`), and `memberOf` (the groups holding the object as a
//!   member; `transitiveMemberOf` gives the same, since groups are not nested here).
//! - **`$batch`**: up to [`MAX_BATCH_STEPS`] steps (more is 400), each answered by the same
//!   handler with its own `id`, `status`, `headers` and `body` (a body that is not JSON is
//!   base64, as Graph sends it), in `dependsOn` order; a step whose dependency failed is
//!   424 `FailedDependency`. Each step is a call of its own for faults and the journal, so
//!   throttling can hit a single step (429 with that step's `Retry-After`).
//!
//! Who may do what: any token the tenant issued may read (401 otherwise). Writes in the
//! directory (users, groups, applications, service principals, devices and their links)
//! need an application token or a user holding one of [`DIRECTORY_WRITER_ROLES`]; a user
//! may also write to their own contained collections (`/me/messages`), not to their user
//! object nor its links. Anything else is 403 `Authorization_RequestDenied`. Outside the
//! directory (`/teams`, `/sites`, ...) any known token may write.
//!
//! [`SimulatedGraph::entity`], [`SimulatedGraph::entities`] and [`SimulatedGraph::links`]
//! show the tenant's state to a test.
//!
//! # Faults
//!
//! Like the chaos handler of Microsoft's SDKs: [`SimulatedGraph::inject`] queues failures
//! for the next calls, [`SimulatedGraph::throttle_every`] answers every Nth call with 429
//! and `Retry-After`, [`SimulatedGraph::set_latency`] delays every answer.
//!
//! # Journal
//!
//! [`SimulatedGraph::journal`] lists every call received, in-process or over HTTP: the
//! operation, method, path, query, the route it matched (`/v1.0/groups/{id}/members`), the
//! batch step it was, status answered, [`Caller`], and the body typed as a
//! [`RecordedBody`] (a directory write is a redacted [`RawBody`]). Passwords never show in its `Debug`. It keeps the last
//! [`DEFAULT_JOURNAL_LIMIT`] calls unless [`SimulatedGraphBuilder::journal_limit`] says
//! otherwise. Each entry also keeps the query's decoded pairs and the request's headers,
//! a credential (`Authorization`) as its scheme only (`Bearer [redacted]`).
//!
//! A client not written in Rust reads the journal over HTTP: after
//! [`SimulatedGraph::set_journal_endpoint`]`(true)` (`fake_graph --journal-endpoint`), the
//! server answers `GET` [`JOURNAL_ENDPOINT`] (`/_mock/journal`) with
//! [`SimulatedGraph::journal_json`] and `DELETE` by clearing it. `compat/run.sh` compares
//! what Microsoft's Python SDK and this crate send for the same calls this way.
//!
//! # Seed files
//!
//! [`SimulatedGraph::from_seed_file`] (and `fake_graph --seed FILE`) read a tenant from JSON:
//!
//! ```json
//! {"users": [{"id": "u-alice", "userPrincipalName": "alice@contoso.com",
//!             "password": "Old-Passw0rd!", "token": "alice-token", "roles": [],
//!             "displayName": "Alice Smith", "jobTitle": "Engineer"},
//!            {"userPrincipalName": "admin@contoso.com", "password": "Adm1n-Passw0rd!",
//!             "token": "admin-token", "roles": ["Password Administrator", "User Administrator"]}],
//!  "applications": [{"displayName": "daemon", "token": "app-token"}],
//!  "groups": [{"id": "g-eng", "displayName": "Engineering", "members": ["u-alice"]}]}
//! ```
//!
//! `password`, `token` and `roles` are the seed's own keys, never returned as properties;
//! every other key of a user or an application is a Graph property, returned on reads.
//! `userPrincipalName` (users) and `displayName` (applications) are required; a user
//! without a `token` cannot sign in, an application without one is only a directory
//! entry. `id` defaults to a fresh GUID. Any other top-level key must be one of Graph's
//! entity sets (`groups`, `devices`, `servicePrincipals`, ...), a list of objects; on a
//! directory object, a list of ids under a link's name (`members`, `owners`) links those
//! objects, which must be in the seed. An unknown top-level key is refused. Errors name
//! the file and what is wrong, never a password or a token.

mod batch;
mod graph;
mod handler;
mod journal;
mod matcher;
mod odata;
mod policy;
mod redact;
pub mod respond;
mod rest;
mod schema;
mod seed;
mod server;
mod store;
mod tenant;
mod wiped;
mod wire;

/// Typed wiremock matchers, one function per operation, generated from the doc pages.
pub use crate::generated::expectations as expect;

pub use batch::MAX_BATCH_STEPS;
pub use graph::{SimulatedClient, SimulatedGraph, SimulatedGraphBuilder, DEFAULT_JOURNAL_LIMIT};
pub use journal::{Caller, JournalEntry, RawBody, RecordedBody};
pub use matcher::{BatchStepMatcher, OperationMatcher};
pub use policy::{
    PasswordPolicy, ALLOWED_SYMBOLS, COMPLEXITY_FAILED, RULE_BANNED, RULE_COMPLEXITY,
    RULE_INVALID_CHARACTERS, RULE_TOO_LONG, RULE_TOO_SHORT,
};
pub use respond::{catch_all, GraphAnswer};
pub use rest::DEFAULT_USER_PROPERTIES;
pub use seed::TenantError;
pub use server::{SimulatedGraphServer, JOURNAL_ENDPOINT};
pub use tenant::{
    Fault, SimulatedApplication, SimulatedUser, DIRECTORY_WRITER_ROLES, PASSWORD_ADMIN_ROLES,
};
pub use wire::{ERROR_JSON, ODATA_JSON};
