//! The simulated Graph tenant: its state, its configuration, and its in-process client.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use http::HeaderMap;

use super::handler::{self, Faults, Incoming, Outgoing, State};
use super::journal::JournalEntry;
use super::policy::PasswordPolicy;
use super::seed::TenantError;
use super::tenant::{Fault, SimulatedApplication, SimulatedUser};
use crate::client::GraphClient;
use crate::error::Error;
use crate::request::{GraphRequest, GraphResponse};
use crate::reqwest_client::{check_path_segments, request_headers};
use crate::secret::SecretString;

/// The base URL the in-process client pretends to call (it appears in `@odata.context`).
const IN_PROCESS_BASE: &str = "https://graph.microsoft.com";

/// A simulated Microsoft Graph tenant: users with passwords, tokens and Entra roles,
/// applications with app-only tokens, a password policy, injectable faults and a journal.
///
/// Cheap to clone: clones share one tenant. Call it in-process with
/// [`client_as`](Self::client_as), or over HTTP with [`serve`](Self::serve); both go
/// through the same handler. See the [module docs](crate::mock) for the behaviour.
#[derive(Clone)]
pub struct SimulatedGraph {
    state: Arc<Mutex<State>>,
}

/// Builds a [`SimulatedGraph`]. Setters never fail; [`build`](Self::build) checks the
/// tenant (every token and principal name unique and non-empty).
#[must_use]
#[derive(Debug, Default)]
pub struct SimulatedGraphBuilder {
    users: Vec<SimulatedUser>,
    applications: Vec<SimulatedApplication>,
    policy: PasswordPolicy,
    journal_limit: Option<usize>,
}

/// How many calls the journal keeps unless told otherwise (the oldest are dropped first).
pub const DEFAULT_JOURNAL_LIMIT: usize = 100_000;

impl SimulatedGraphBuilder {
    /// Adds a user.
    pub fn user(mut self, user: SimulatedUser) -> Self {
        self.users.push(user);
        self
    }

    /// Adds an application that calls with the app-only token `token`.
    pub fn application(
        mut self,
        display_name: impl Into<String>,
        token: impl Into<SecretString>,
    ) -> Self {
        self.applications
            .push(SimulatedApplication::new(display_name, token));
        self
    }

    /// Sets the password policy (default: [`PasswordPolicy::entra_default`]).
    pub fn policy(mut self, policy: PasswordPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Keeps at most `entries` calls in the journal, dropping the oldest first (default
    /// [`DEFAULT_JOURNAL_LIMIT`], so that a long-running fake does not grow without end).
    pub fn journal_limit(mut self, entries: usize) -> Self {
        self.journal_limit = Some(entries);
        self
    }

    /// The tenant, or what is wrong with it.
    pub fn build(self) -> Result<SimulatedGraph, TenantError> {
        check_tenant(&self.users, &self.applications).map_err(TenantError::invalid)?;
        let graph = SimulatedGraph::from_parts(self.users, self.applications, self.policy);
        if let Some(limit) = self.journal_limit {
            graph.lock().journal_limit = limit;
        }
        Ok(graph)
    }
}

fn check_tenant(users: &[SimulatedUser], apps: &[SimulatedApplication]) -> Result<(), String> {
    let mut tokens = HashSet::new();
    let mut names = HashSet::new();
    for (i, u) in users.iter().enumerate() {
        if u.user_principal_name.trim().is_empty() {
            return Err(format!("users[{i}]: userPrincipalName is empty"));
        }
        if !names.insert(u.user_principal_name.to_lowercase()) {
            return Err(format!(
                "users[{i}]: userPrincipalName {} appears twice",
                u.user_principal_name
            ));
        }
        if u.token.is_empty() {
            return Err(format!(
                "users[{i}] ({}): token is empty",
                u.user_principal_name
            ));
        }
        if !tokens.insert(u.token.expose_secret()) {
            return Err(format!(
                "users[{i}] ({}): token is already used by another user or application",
                u.user_principal_name
            ));
        }
    }
    for (i, a) in apps.iter().enumerate() {
        if a.display_name.trim().is_empty() {
            return Err(format!("applications[{i}]: displayName is empty"));
        }
        if a.token.is_empty() {
            return Err(format!(
                "applications[{i}] ({}): token is empty",
                a.display_name
            ));
        }
        if !tokens.insert(a.token.expose_secret()) {
            return Err(format!(
                "applications[{i}] ({}): token is already used by another user or application",
                a.display_name
            ));
        }
    }
    Ok(())
}

impl SimulatedGraph {
    /// Starts building a tenant.
    pub fn builder() -> SimulatedGraphBuilder {
        SimulatedGraphBuilder::default()
    }

    /// The built-in tenant (also what `fake_graph` serves without `--seed`):
    ///
    /// | who | password | token | roles |
    /// |---|---|---|---|
    /// | `alice@contoso.com` | `Old-Passw0rd!` | `alice-token` | none |
    /// | `admin@contoso.com` | `Adm1n-Passw0rd!` | `admin-token` | Password Administrator |
    /// | application `daemon` | | `app-token` | |
    ///
    /// with the default policy.
    pub fn contoso() -> Self {
        Self::from_parts(
            vec![
                SimulatedUser::new("alice@contoso.com", "Old-Passw0rd!", "alice-token"),
                SimulatedUser::new("admin@contoso.com", "Adm1n-Passw0rd!", "admin-token")
                    .role("Password Administrator"),
            ],
            vec![SimulatedApplication::new("daemon", "app-token")],
            PasswordPolicy::default(),
        )
    }

    /// A tenant from parts already checked by [`check_tenant`].
    fn from_parts(
        users: Vec<SimulatedUser>,
        apps: Vec<SimulatedApplication>,
        policy: PasswordPolicy,
    ) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                users,
                applications: apps,
                policy,
                faults: Faults::default(),
                journal: VecDeque::new(),
                journal_limit: DEFAULT_JOURNAL_LIMIT,
                calls: 0,
            })),
        }
    }

    /// A poisoned lock still holds consistent data (every update is a single assignment),
    /// so it is used rather than turned into a panic.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A client that calls this tenant in-process (no sockets) with the bearer `token`:
    /// a user's token signs that user in, an application's token calls as the application,
    /// any other token (or `""`) gets 401.
    pub fn client_as(&self, token: impl Into<SecretString>) -> SimulatedClient {
        SimulatedClient {
            graph: self.clone(),
            token: token.into(),
        }
    }

    /// Every call received so far, oldest first, from either way of calling.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.lock().journal.iter().cloned().collect()
    }

    /// Forgets the calls received so far.
    pub fn clear_journal(&self) {
        self.lock().journal.clear();
    }

    /// Whether `password` is the current password of `user_principal_name` (ignoring
    /// case in the name); `false` for an unknown user.
    pub fn password_works(&self, user_principal_name: &str, password: &str) -> bool {
        self.lock().users.iter().any(|u| {
            u.user_principal_name
                .eq_ignore_ascii_case(user_principal_name)
                && u.password.expose_secret() == password
        })
    }

    /// Replaces the password policy.
    pub fn set_policy(&self, policy: PasswordPolicy) {
        self.lock().policy = policy;
    }

    /// Queues `fault` for the next call(s); queued faults are served in order.
    pub fn inject(&self, fault: Fault) {
        if fault.times > 0 {
            self.lock().faults.queue.push_back(fault);
        }
    }

    /// Throttles every `n`th call (counting every call received, from the first) with 429
    /// and `Retry-After`; `n == 0` stops throttling.
    pub fn throttle_every(&self, n: u64, retry_after: Duration) {
        self.lock().faults.throttle_every = (n > 0).then_some((n, retry_after));
    }

    /// Waits `latency` before every answer (in-process: a tokio timer, so the caller must
    /// run in a tokio runtime with time enabled).
    pub fn set_latency(&self, latency: Duration) {
        self.lock().faults.latency = latency;
    }

    /// Removes queued faults, throttling and latency.
    pub fn clear_faults(&self) {
        self.lock().faults = Faults::default();
    }

    /// The one entry point of both the in-process client and the HTTP server.
    pub(crate) fn handle(&self, request: &Incoming<'_>) -> Outgoing {
        handler::handle(&mut self.lock(), request)
    }
}

impl fmt::Debug for SimulatedGraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("SimulatedGraph")
            .field("users", &state.users.len())
            .field("applications", &state.applications.len())
            .field("policy", &state.policy)
            .field("calls", &state.calls)
            .finish_non_exhaustive()
    }
}

/// A [`GraphClient`] that answers from a [`SimulatedGraph`] in-process, as the holder of
/// one token. Made by [`SimulatedGraph::client_as`].
///
/// Each request carries what a real client sends: `Authorization: Bearer`,
/// `Content-Type: application/json` and a fresh `client-request-id`.
#[derive(Clone)]
pub struct SimulatedClient {
    graph: SimulatedGraph,
    token: SecretString,
}

impl SimulatedClient {
    /// The tenant this client calls.
    pub fn graph(&self) -> &SimulatedGraph {
        &self.graph
    }
}

impl fmt::Debug for SimulatedClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimulatedClient")
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl GraphClient for SimulatedClient {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        // What `ReqwestGraphClient` checks and sends, from the same code, so that a call
        // answers alike in-process and over HTTP.
        check_path_segments(&request)?;
        let mut id = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut id);
        // The call's own headers, then the transport's, which replace any of the same name.
        let mut headers: HeaderMap = request.headers().clone();
        for (name, value) in request_headers(&self.token, id, 0)? {
            headers.insert(name, value);
        }
        let path = request.versioned_path();
        let body = request.body().map(|b| &b[..]).unwrap_or_default();
        let outgoing = self.graph.handle(&Incoming {
            method: request.method(),
            path: &path,
            query: request.query(),
            headers: &headers,
            body,
            base_url: IN_PROCESS_BASE,
        });
        if !outgoing.delay.is_zero() {
            tokio::time::sleep(outgoing.delay).await;
        }
        Ok(outgoing.response)
    }
}
