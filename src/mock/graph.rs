//! The simulated Graph tenant: its state, its configuration, and its in-process client.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Map, Value};

use super::handler::{self, Faults, Incoming, Outgoing, State};
use super::journal::JournalEntry;
use super::policy::PasswordPolicy;
use super::schema::{self, DIRECTORY_LINKS, ENTITY_SETS};
use super::seed::TenantError;
use super::store::{directory_type, entity_id, new_id, Store};
use super::tenant::{Fault, SimulatedApplication, SimulatedUser};
use crate::client::GraphClient;
use crate::error::Error;
use crate::request::{GraphRequest, GraphResponse};
use crate::reqwest_client::{check_path_segments, request_headers_with_token};
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
    /// Further entities: (entity set, properties).
    entities: Vec<(String, Value)>,
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

    /// Adds an application with its properties (see [`SimulatedApplication::property`]).
    pub fn add_application(mut self, application: SimulatedApplication) -> Self {
        self.applications.push(application);
        self
    }

    /// Adds an entity to the entity set `set` (`groups`, `devices`, `servicePrincipals`, or
    /// any other set at the root of Graph's API), with its Graph properties. Without an
    /// `id` it gets a fresh GUID. On a directory object, a list of ids under a link's name
    /// (`"members": ["<user id>"]`, `"owners"`) links those objects, which must be in the
    /// tenant.
    ///
    /// ```
    /// use msgraph_typed::mock::{SimulatedGraph, SimulatedUser};
    /// use serde_json::json;
    ///
    /// let graph = SimulatedGraph::builder()
    ///     .user(SimulatedUser::new("ada@contoso.com", "Old-Passw0rd!", "ada-token").id("u-ada"))
    ///     .entity("groups", json!({"id": "g-eng", "displayName": "Engineering", "members": ["u-ada"]}))
    ///     .build()?;
    /// # let _ = graph;
    /// # Ok::<(), msgraph_typed::mock::TenantError>(())
    /// ```
    pub fn entity(mut self, set: impl Into<String>, properties: Value) -> Self {
        self.entities.push((set.into(), properties));
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
        let store = build_store(&self.users, &self.applications, self.entities)
            .map_err(TenantError::invalid)?;
        let graph = SimulatedGraph::from_parts(self.users, self.applications, store, self.policy);
        if let Some(limit) = self.journal_limit {
            graph.lock().journal_limit = limit;
        }
        Ok(graph)
    }
}

fn check_tenant(users: &[SimulatedUser], apps: &[SimulatedApplication]) -> Result<(), String> {
    let mut tokens = HashSet::new();
    let mut names = HashSet::new();
    let mut ids = HashSet::new();
    for (i, u) in users.iter().enumerate() {
        if u.id.trim().is_empty() || !ids.insert(u.id.to_lowercase()) {
            return Err(format!(
                "users[{i}] ({}): the id is empty or used twice",
                u.user_principal_name
            ));
        }
        if u.user_principal_name.trim().is_empty() {
            return Err(format!("users[{i}]: userPrincipalName is empty"));
        }
        if !names.insert(u.user_principal_name.to_lowercase()) {
            return Err(format!(
                "users[{i}]: userPrincipalName {} appears twice",
                u.user_principal_name
            ));
        }
        let Some(token) = &u.token else { continue };
        if token.is_empty() {
            return Err(format!(
                "users[{i}] ({}): token is empty",
                u.user_principal_name
            ));
        }
        if !tokens.insert(token.expose_secret()) {
            return Err(format!(
                "users[{i}] ({}): token is already used by another user or application",
                u.user_principal_name
            ));
        }
    }
    for (i, a) in apps.iter().enumerate() {
        if a.id.trim().is_empty() || !ids.insert(a.id.to_lowercase()) {
            return Err(format!(
                "applications[{i}] ({}): the id is empty or used twice",
                a.display_name
            ));
        }
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

/// The entities of a tenant: its users' and applications' properties, and `entities`;
/// links (`"members": [ids]`) resolved once everything is in.
fn build_store(
    users: &[SimulatedUser],
    apps: &[SimulatedApplication],
    entities: Vec<(String, Value)>,
) -> Result<Store, String> {
    let mut store = Store::default();
    for u in users {
        let mut e = Map::new();
        e.insert("id".into(), Value::String(u.id.clone()));
        for (k, v) in &u.properties {
            if !["id", "userPrincipalName", "passwordProfile"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(k))
            {
                e.insert(k.clone(), v.clone());
            }
        }
        e.insert(
            "userPrincipalName".into(),
            Value::String(u.user_principal_name.clone()),
        );
        store.insert("users", e);
    }
    for a in apps {
        let mut e = Map::new();
        e.insert("id".into(), Value::String(a.id.clone()));
        e.insert("appId".into(), Value::String(new_id()));
        for (k, v) in &a.properties {
            if !["id", "displayName"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(k))
            {
                e.insert(k.clone(), v.clone());
            }
        }
        e.insert("displayName".into(), Value::String(a.display_name.clone()));
        store.insert("applications", e);
    }
    let mut links = Vec::new();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (set_name, properties) in entities {
        let n = counts.entry(set_name.clone()).or_default();
        let at = format!("{set_name}[{n}]");
        *n += 1;
        let Some(set) = schema::find(ENTITY_SETS, &set_name) else {
            return Err(format!(
                "unknown entity set `{set_name}` (one of Graph's: users, groups, applications, \
                 servicePrincipals, devices, ...)"
            ));
        };
        let Value::Object(mut e) = properties else {
            return Err(format!("{at}: an entity must be a JSON object"));
        };
        let id = match e.remove("id") {
            None => new_id(),
            Some(Value::String(id)) if !id.trim().is_empty() => id,
            Some(_) => return Err(format!("{at}: `id` must be a non-empty string")),
        };
        if store.get(set, &id).is_some() || store.directory_object(&id).is_some() {
            return Err(format!("{at}: the id {id} is used twice"));
        }
        if directory_type(set).is_some() {
            let names: Vec<String> = e
                .keys()
                .filter(|k| schema::find(DIRECTORY_LINKS, k).is_some())
                .cloned()
                .collect();
            for name in names {
                let targets = e.remove(&name).unwrap_or_default();
                let Some(targets) = targets.as_array().and_then(|t| {
                    t.iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                }) else {
                    return Err(format!("{at}: `{name}` must be a list of object ids"));
                };
                links.push((at.clone(), format!("{set}/{id}/{name}"), targets));
            }
        }
        let mut entity = Map::new();
        entity.insert("id".into(), Value::String(id));
        entity.extend(e);
        store.insert(set, entity);
    }
    for (at, path, targets) in links {
        for t in targets {
            let Some((_, object)) = store.directory_object(&t) else {
                return Err(format!(
                    "{at}: `{path}` names {t}, which is not in the tenant"
                ));
            };
            let t = entity_id(object).to_owned();
            store.link(&path, &t);
        }
    }
    Ok(store)
}

impl SimulatedGraph {
    /// Starts building a tenant.
    pub fn builder() -> SimulatedGraphBuilder {
        SimulatedGraphBuilder::default()
    }

    /// The built-in tenant (also what `fake_graph` serves without `--seed`):
    ///
    /// | who | id | password | token | roles |
    /// |---|---|---|---|---|
    /// | `alice@contoso.com` (Alice Smith) | `11111111-1111-4111-8111-111111111111` | `Old-Passw0rd!` | `alice-token` | none |
    /// | `admin@contoso.com` (Contoso Admin) | `22222222-2222-4222-8222-222222222222` | `Adm1n-Passw0rd!` | `admin-token` | Password Administrator, User Administrator |
    /// | application `daemon` | `33333333-3333-4333-8333-333333333333` | | `app-token` | |
    ///
    /// and the groups `Engineering` (`44444444-4444-4444-8444-444444444444`, member:
    /// alice), `Helpdesk` (`55555555-5555-4555-8555-555555555555`, member: admin) and
    /// `All Company` (`66666666-6666-4666-8666-666666666666`, members: alice and admin),
    /// with the default policy.
    pub fn contoso() -> Self {
        let user = |id: &str,
                    upn: &str,
                    pw: &str,
                    token: &str,
                    name: &str,
                    given: &str,
                    surname: &str,
                    title: &str| {
            SimulatedUser::new(upn, pw, token)
                .id(id)
                .property("displayName", name)
                .property("givenName", given)
                .property("surname", surname)
                .property("mail", upn)
                .property("jobTitle", title)
                .property("accountEnabled", true)
                .property("mailNickname", upn.split('@').next().unwrap_or_default())
        };
        let group = |id: &str, name: &str, nickname: &str, members: &[&str]| {
            serde_json::json!({
                "id": id, "displayName": name, "mailNickname": nickname,
                "mailEnabled": false, "securityEnabled": true,
                "groupTypes": [], "members": members,
            })
        };
        let alice = "11111111-1111-4111-8111-111111111111";
        let admin = "22222222-2222-4222-8222-222222222222";
        let users = vec![
            user(
                alice,
                "alice@contoso.com",
                "Old-Passw0rd!",
                "alice-token",
                "Alice Smith",
                "Alice",
                "Smith",
                "Engineer",
            ),
            user(
                admin,
                "admin@contoso.com",
                "Adm1n-Passw0rd!",
                "admin-token",
                "Contoso Admin",
                "Contoso",
                "Admin",
                "Administrator",
            )
            .role("Password Administrator")
            .role("User Administrator"),
        ];
        let apps = vec![SimulatedApplication::new("daemon", "app-token")
            .id("33333333-3333-4333-8333-333333333333")
            .property("appId", "33333333-3333-4333-8333-333333333334")];
        let entities = vec![
            (
                "groups".to_owned(),
                group(
                    "44444444-4444-4444-8444-444444444444",
                    "Engineering",
                    "engineering",
                    &[alice],
                ),
            ),
            (
                "groups".to_owned(),
                group(
                    "55555555-5555-4555-8555-555555555555",
                    "Helpdesk",
                    "helpdesk",
                    &[admin],
                ),
            ),
            (
                "groups".to_owned(),
                group(
                    "66666666-6666-4666-8666-666666666666",
                    "All Company",
                    "allcompany",
                    &[alice, admin],
                ),
            ),
        ];
        // Fixed data, checked by a test: a failure here cannot happen at run time, and an
        // empty store is the harmless answer if it ever did.
        let store = build_store(&users, &apps, entities).unwrap_or_default();
        Self::from_parts(users, apps, store, PasswordPolicy::default())
    }

    /// A tenant from parts already checked by [`check_tenant`] and [`build_store`].
    fn from_parts(
        users: Vec<SimulatedUser>,
        apps: Vec<SimulatedApplication>,
        store: Store,
        policy: PasswordPolicy,
    ) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                users,
                applications: apps,
                store,
                policy,
                faults: Faults::default(),
                journal: VecDeque::new(),
                journal_limit: DEFAULT_JOURNAL_LIMIT,
                journal_endpoint: false,
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

    /// The journal as JSON, `{"value": [entry, ...]}` oldest first, each entry as
    /// [`JournalEntry::to_json`] writes it.
    pub fn journal_json(&self) -> Value {
        let entries: Vec<Value> = self
            .lock()
            .journal
            .iter()
            .map(JournalEntry::to_json)
            .collect();
        serde_json::json!({ "value": entries })
    }

    /// Whether a server of this tenant ([`serve`](Self::serve)) also answers
    /// [`JOURNAL_ENDPOINT`](super::JOURNAL_ENDPOINT) (off unless set): `GET` gives
    /// [`journal_json`](Self::journal_json), `DELETE` clears the journal (204). For a
    /// client not written in Rust, which cannot call [`journal`](Self::journal); the
    /// endpoint's own calls are not journaled. `fake_graph --journal-endpoint` sets it.
    pub fn set_journal_endpoint(&self, on: bool) {
        self.lock().journal_endpoint = on;
    }

    pub(crate) fn journal_endpoint(&self) -> bool {
        self.lock().journal_endpoint
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

    /// The entity `id` of the collection at `path` (`"users"`, `"groups"`,
    /// `"users/{id}/messages"`), as the tenant keeps it (no default property set, no
    /// `$select`; write-only properties such as `passwordProfile.password` are `null`); for
    /// users, `id` may also be the principal name.
    pub fn entity(&self, path: &str, id: &str) -> Option<Value> {
        self.lock()
            .store
            .get(path, id)
            .map(|e| Value::Object(e.clone()))
    }

    /// The entities of the collection at `path`, in the order they were created.
    pub fn entities(&self, path: &str) -> Vec<Value> {
        self.lock()
            .store
            .list(path)
            .iter()
            .map(|e| Value::Object(e.clone()))
            .collect()
    }

    /// The ids a link list holds (`"groups/{id}/members"`), in the order they were added.
    pub fn links(&self, path: &str) -> Vec<String> {
        self.lock().store.links(path).to_vec()
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
        let headers = request_headers_with_token(&request, &self.token, id)?;
        let path = request.versioned_path();
        let pairs: Vec<(String, String)> = request
            .query_pairs()
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        let body = request.body().map(|b| &b[..]).unwrap_or_default();
        let outgoing = self.graph.handle(&Incoming {
            method: request.method(),
            path: &path,
            query: request.query(),
            pairs: &pairs,
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
