//! The simulated Graph's answers to entity paths: create, read, update and delete on any
//! collection the schema names, `$ref` links between directory objects, `$count`, and the
//! OData query options on reads.

use std::borrow::Cow;

use http::{HeaderMap, Method};
use serde_json::{json, Map, Value};

use super::handler::{Auth, Incoming, State};
use super::odata::{self, Query, QueryError};
use super::schema::{self, COLLECTION_NAVIGATIONS, DIRECTORY_LINKS, ENTITY_SETS};
use super::store::{self, directory_type, entity_id, new_id, Store};
use super::tenant::SimulatedUser;
use super::wiped::{self, WipedJson, WipedObject};
use super::wire::{self, Stamp};
use crate::request::GraphResponse;
use crate::secret::SecretString;

/// The properties Graph returns for a user without `$select`.
pub const DEFAULT_USER_PROPERTIES: [&str; 11] = [
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
];

/// An answer other than success: status, Graph's error code, message.
pub(crate) struct Refusal {
    status: u16,
    code: &'static str,
    message: String,
    allow: Option<&'static str>,
}

impl Refusal {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            allow: None,
        }
    }

    fn not_found(id: &str) -> Self {
        Self::new(
            404,
            "Request_ResourceNotFound",
            format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        )
    }

    fn segment(segment: &str) -> Self {
        Self::new(
            404,
            "ResourceNotFound",
            format!("Resource not found for the segment '{segment}'."),
        )
    }

    fn bad(message: impl Into<String>) -> Self {
        Self::new(400, "Request_BadRequest", message)
    }

    fn method(allow: &'static str) -> Self {
        Self {
            allow: Some(allow),
            ..Self::new(
                405,
                "Request_BadRequest",
                "Specified HTTP method is not allowed for the request target.",
            )
        }
    }

    fn denied() -> Self {
        Self::new(
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        )
    }

    pub(crate) fn into_response(self, stamp: &Stamp) -> GraphResponse {
        let mut r = wire::error_response(stamp, self.status, self.code, &self.message);
        if let Some(allow) = self.allow {
            wire::put(&mut r.headers, "allow", allow);
        }
        r
    }
}

impl From<QueryError> for Refusal {
    fn from(e: QueryError) -> Self {
        Self::new(400, e.code, e.message)
    }
}

type Answer = Result<GraphResponse, Refusal>;

/// What a collection segment holds.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Entities kept at the collection's path; the directory's sets give their type.
    Entities { directory: Option<&'static str> },
    /// A link list of a directory object (`groups/{id}/members`).
    Links,
    /// The inverse of a link list: `memberOf` is the groups whose `members` hold the owner.
    Holders { owner: String },
    /// `/directoryObjects`: every directory object.
    DirectoryObjects,
}

#[derive(Debug, Clone)]
struct Collection {
    /// The store path (`users`, `users/{id}/messages`, `groups/{id}/members`).
    path: String,
    /// What `@odata.context` names (`users`, `users('{id}')/messages`, `directoryObjects`).
    context: String,
    kind: Kind,
    /// The top-level set the path starts from (`users` for `/users/{id}/messages`).
    root: &'static str,
    /// Nesting depth: 0 for a top-level set.
    depth: usize,
    /// A type cast segment (`/members/microsoft.graph.user`): only objects of that type.
    cast: Option<String>,
}

impl Collection {
    fn is_directory(&self) -> bool {
        !matches!(self.kind, Kind::Entities { directory: None })
    }
}

#[derive(Debug, Clone)]
enum Node {
    Collection(Collection),
    /// An entity of a collection: the collection, its stored id, and for a directory object
    /// the set it lives in.
    Entity(Collection, String, Option<&'static str>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    None,
    Count,
    Ref,
}

/// The route as a template, for the journal: keys as `{id}`.
fn template(segments: &[Cow<'_, str>], keys: &[usize]) -> String {
    let mut out = String::new();
    for (i, s) in segments.iter().enumerate() {
        out.push('/');
        if keys.contains(&i) {
            out.push_str("{id}");
        } else {
            out.push_str(s);
        }
    }
    out
}

/// Percent-decodes a path segment (invalid escapes are kept as they are).
pub(crate) fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// The resolved target of a request.
struct Target {
    node: Node,
    suffix: Suffix,
}

/// Resolves `segments` (after the version) against the store; `me` is the caller.
fn resolve(
    store: &Store,
    segments: &[Cow<'_, str>],
    me: Option<&str>,
    keys: &mut Vec<usize>,
) -> Result<Target, Refusal> {
    let Some(first) = segments.first() else {
        return Err(Refusal::segment(""));
    };
    let mut node = if first.eq_ignore_ascii_case("me") {
        let Some(me) = me else {
            return Err(Refusal::new(
                400,
                "BadRequest",
                "/me request is only valid with delegated authentication flow.",
            ));
        };
        let users = top_level(
            "users",
            Kind::Entities {
                directory: Some("users"),
            },
        );
        Node::Entity(users, me.to_owned(), Some("users"))
    } else if first.eq_ignore_ascii_case("directoryObjects") {
        Node::Collection(top_level("directoryObjects", Kind::DirectoryObjects))
    } else if let Some(set) = schema::find(ENTITY_SETS, first) {
        let directory = directory_type(set).map(|_| set);
        Node::Collection(top_level(set, Kind::Entities { directory }))
    } else {
        return Err(Refusal::segment(first));
    };
    let mut suffix = Suffix::None;
    for (i, segment) in segments.iter().enumerate().skip(1) {
        if suffix != Suffix::None {
            return Err(Refusal::segment(segment));
        }
        node = match node {
            Node::Collection(mut c) => {
                if segment.eq_ignore_ascii_case("$count") {
                    suffix = Suffix::Count;
                    Node::Collection(c)
                } else if segment.eq_ignore_ascii_case("$ref") {
                    if !matches!(c.kind, Kind::Links) {
                        return Err(Refusal::segment(segment));
                    }
                    suffix = Suffix::Ref;
                    Node::Collection(c)
                } else if let Some(cast) = segment.strip_prefix("microsoft.graph.") {
                    if !c.is_directory() || c.cast.is_some() {
                        return Err(Refusal::segment(segment));
                    }
                    c.cast = Some(format!("#microsoft.graph.{cast}"));
                    Node::Collection(c)
                } else {
                    keys.push(i);
                    entity_in(store, c, segment)?
                }
            }
            Node::Entity(c, id, set) => {
                if segment.eq_ignore_ascii_case("$ref") && matches!(c.kind, Kind::Links) {
                    suffix = Suffix::Ref;
                    Node::Entity(c, id, set)
                } else {
                    Node::Collection(navigate(&c, &id, set, segment)?)
                }
            }
        };
    }
    Ok(Target { node, suffix })
}

fn top_level(set: &'static str, kind: Kind) -> Collection {
    Collection {
        path: set.to_owned(),
        context: set.to_owned(),
        kind,
        root: set,
        depth: 0,
        cast: None,
    }
}

/// The entity `key` of collection `c`, or 404.
fn entity_in(store: &Store, c: Collection, key: &str) -> Result<Node, Refusal> {
    let found = match &c.kind {
        Kind::Entities { directory } => store
            .get(&c.path, key)
            .map(|e| (entity_id(e).to_owned(), *directory)),
        Kind::Links => store
            .links(&c.path)
            .iter()
            .find(|t| t.eq_ignore_ascii_case(key))
            .and_then(|t| store.directory_object(t))
            .map(|(set, e)| (entity_id(e).to_owned(), Some(set))),
        Kind::Holders { .. } => list_directory(store, &c)
            .into_iter()
            .find(|(_, e)| entity_id(e).eq_ignore_ascii_case(key))
            .map(|(set, e)| (entity_id(e).to_owned(), Some(set))),
        Kind::DirectoryObjects => store
            .directory_object(key)
            .map(|(set, e)| (entity_id(e).to_owned(), Some(set))),
    };
    match found {
        Some((id, set)) => Ok(Node::Entity(c, id, set)),
        None => Err(Refusal::not_found(key)),
    }
}

/// The collection `segment` under the entity `id` of `c`.
fn navigate(
    c: &Collection,
    id: &str,
    set: Option<&'static str>,
    segment: &str,
) -> Result<Collection, Refusal> {
    let Some(nav) = schema::find(COLLECTION_NAVIGATIONS, segment) else {
        return Err(Refusal::segment(segment));
    };
    // A directory object reached through a link lives at its own set's path.
    let (owner_path, owner_context) = match set {
        Some(set) => (format!("{set}/{id}"), format!("{set}('{id}')")),
        None => (format!("{}/{id}", c.path), format!("{}('{id}')", c.context)),
    };
    let kind = match set {
        Some(_)
            if nav.eq_ignore_ascii_case("memberOf")
                || nav.eq_ignore_ascii_case("transitiveMemberOf") =>
        {
            Kind::Holders {
                owner: id.to_owned(),
            }
        }
        Some(_) if schema::find(DIRECTORY_LINKS, nav).is_some() => Kind::Links,
        _ => Kind::Entities { directory: None },
    };
    let context = match kind {
        Kind::Entities { .. } => format!("{owner_context}/{nav}"),
        _ => "directoryObjects".to_owned(),
    };
    Ok(Collection {
        path: format!("{owner_path}/{nav}"),
        context,
        kind,
        root: c.root,
        depth: c.depth + 1,
        cast: None,
    })
}

/// The directory objects a directory collection holds, with their sets, in order.
fn list_directory<'s>(
    store: &'s Store,
    c: &Collection,
) -> Vec<(&'static str, &'s Map<String, Value>)> {
    let mut out: Vec<(&'static str, &Map<String, Value>)> = match &c.kind {
        Kind::Entities {
            directory: Some(set),
        } => store.list(set).iter().map(|e| (*set, e)).collect(),
        Kind::Entities { directory: None } => Vec::new(),
        Kind::Links => store
            .links(&c.path)
            .iter()
            .filter_map(|t| store.directory_object(t))
            .collect(),
        Kind::Holders { owner } => store
            .holders("groups", "members", owner)
            .iter()
            .filter_map(|g| store.directory_object(g))
            .collect(),
        Kind::DirectoryObjects => store::DIRECTORY_SETS
            .iter()
            .flat_map(|(set, _)| store.list(set).iter().map(move |e| (*set, e)))
            .collect(),
    };
    if let Some(cast) = &c.cast {
        out.retain(|(set, _)| directory_type(set).is_some_and(|t| t.eq_ignore_ascii_case(cast)));
    }
    out
}

/// Whether the request carries `ConsistencyLevel: eventual`.
fn eventual(headers: &HeaderMap) -> bool {
    headers
        .get("consistencylevel")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("eventual"))
}

/// What the journal learns of a call: the route template it matched.
pub(crate) struct Routed {
    pub(crate) route: Option<String>,
}

/// Answers a request for an entity path (the handler checked faults and the token).
pub(crate) fn answer(
    state: &mut State,
    request: &Incoming<'_>,
    auth: &Auth,
    stamp: &Stamp,
    routed: &mut Routed,
) -> GraphResponse {
    match answer_inner(state, request, auth, stamp, routed) {
        Ok(r) => r,
        Err(refusal) => refusal.into_response(stamp),
    }
}

fn answer_inner(
    state: &mut State,
    request: &Incoming<'_>,
    auth: &Auth,
    stamp: &Stamp,
    routed: &mut Routed,
) -> Answer {
    let path = request.path.strip_suffix('/').unwrap_or(request.path);
    let mut parts = path.strip_prefix('/').unwrap_or(path).split('/');
    let version = parts.next().unwrap_or_default();
    let segments: Vec<Cow<'_, str>> = parts.map(percent_decode).collect();
    let me = match *auth {
        Auth::User(i) => state.users.get(i).map(|u| u.id.clone()),
        _ => None,
    };
    let mut keys = Vec::new();
    let target = resolve(&state.store, &segments, me.as_deref(), &mut keys);
    routed.route = Some(format!("/{version}{}", template(&segments, &keys)));
    let target = target?;
    let query = Query::parse(request.pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))?;
    let ctx = Ctx {
        request,
        stamp,
        version,
    };
    let method = request.method;
    if *method != Method::GET {
        check_write(state, auth, &target, me.as_deref())?;
    }
    match (&target.node, target.suffix) {
        (Node::Collection(c), Suffix::None) => match *method {
            Method::GET => list(&state.store, &ctx, c, &query),
            Method::POST if matches!(c.kind, Kind::Entities { .. }) => create(state, &ctx, c),
            _ if matches!(c.kind, Kind::Entities { .. }) => Err(Refusal::method("GET, POST")),
            _ => Err(Refusal::method("GET")),
        },
        (Node::Collection(c), Suffix::Count) => match *method {
            Method::GET => count(&state.store, &ctx, c, &query),
            _ => Err(Refusal::method("GET")),
        },
        (Node::Collection(c), Suffix::Ref) => match *method {
            Method::GET => list_refs(&state.store, &ctx, c, &query),
            Method::POST => add_link(state, &ctx, c),
            _ => Err(Refusal::method("GET, POST")),
        },
        (Node::Entity(c, id, set), Suffix::None) => match *method {
            Method::GET => read(&state.store, &ctx, c, id, *set, &query),
            Method::PATCH if matches!(c.kind, Kind::Entities { .. }) => update(state, &ctx, c, id),
            Method::DELETE if matches!(c.kind, Kind::Entities { .. }) => delete(state, &ctx, c, id),
            _ if matches!(c.kind, Kind::Entities { .. }) => {
                Err(Refusal::method("GET, PATCH, DELETE"))
            }
            _ => Err(Refusal::method("GET")),
        },
        (Node::Entity(c, id, _), Suffix::Ref) => match *method {
            Method::DELETE => {
                state.store.unlink(&c.path, id);
                Ok(wire::no_content(stamp))
            }
            _ => Err(Refusal::method("DELETE")),
        },
        (Node::Entity(..), Suffix::Count) => Err(Refusal::segment("$count")),
    }
}

struct Ctx<'a, 'r> {
    request: &'a Incoming<'r>,
    stamp: &'a Stamp,
    version: &'a str,
}

impl Ctx<'_, '_> {
    fn metadata(&self, context: &str) -> String {
        format!(
            "{}/{}/$metadata#{context}",
            self.request.base_url.trim_end_matches('/'),
            self.version
        )
    }

    fn json(&self, status: u16, body: &Value) -> GraphResponse {
        wire::json_response(
            self.stamp,
            status,
            serde_json::to_vec(body).unwrap_or_default(),
        )
    }
}

/// Who may write: any known caller outside the directory; in the directory, an
/// application or a user holding one of [`DIRECTORY_WRITER_ROLES`](super::DIRECTORY_WRITER_ROLES),
/// and any user under their own user object (`/me/messages`, not `/me` itself nor its links).
fn check_write(
    state: &State,
    auth: &Auth,
    target: &Target,
    me: Option<&str>,
) -> Result<(), Refusal> {
    let c = match &target.node {
        Node::Collection(c) | Node::Entity(c, ..) => c,
    };
    let in_directory = directory_type(c.root).is_some() || c.root == "directoryObjects";
    if !in_directory {
        return Ok(());
    }
    match *auth {
        Auth::Application(_) => Ok(()),
        Auth::User(i) => {
            let user = state.users.get(i);
            if user.is_some_and(SimulatedUser::is_directory_writer) {
                return Ok(());
            }
            let own = me.is_some_and(|me| {
                c.path
                    .to_ascii_lowercase()
                    .starts_with(&format!("users/{}/", me.to_ascii_lowercase()))
            });
            if own && matches!(c.kind, Kind::Entities { .. }) {
                Ok(())
            } else {
                Err(Refusal::denied())
            }
        }
        Auth::Refused(_) => Err(Refusal::denied()),
    }
}

/// `(type, set, entity)`: the type is set for members of link lists (their items carry
/// `@odata.type`), the set is the directory set of a directory object (else empty).
type Item<'s> = (Option<&'static str>, &'static str, &'s Map<String, Value>);

/// The items of a collection, filtered, searched and sorted.
fn selected<'s>(
    store: &'s Store,
    ctx: &Ctx<'_, '_>,
    c: &Collection,
    query: &Query,
) -> Result<Vec<Item<'s>>, Refusal> {
    if c.is_directory() {
        let eventual = eventual(ctx.request.headers);
        if query.search.is_some() && !eventual {
            return Err(Refusal::new(
                400,
                "Request_UnsupportedQuery",
                "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
            ));
        }
        if let Some(op) = query.filter.as_ref().and_then(advanced_operator) {
            if !(eventual && query.count) {
                return Err(Refusal::new(
                    400,
                    "Request_UnsupportedQuery",
                    format!(
                        "Operator '{op}' is not supported without the advanced query parameters: send $count=true and the header 'ConsistencyLevel: eventual'."
                    ),
                ));
            }
        }
    }
    let typed = !matches!(c.kind, Kind::Entities { .. });
    let mut items: Vec<Item<'s>> = match &c.kind {
        Kind::Entities { directory: None } => {
            store.list(&c.path).iter().map(|e| (None, "", e)).collect()
        }
        _ => list_directory(store, c)
            .into_iter()
            .map(|(set, e)| (if typed { directory_type(set) } else { None }, set, e))
            .collect(),
    };
    if query.filter.is_some() || query.search.is_some() {
        items.retain(|(_, _, e)| {
            query.filter.as_ref().is_none_or(|f| odata::matches(f, e))
                && query.search.as_ref().is_none_or(|s| odata::found(s, e))
        });
    }
    if !query.orderby.is_empty() {
        items.sort_by(|(_, _, a), (_, _, b)| odata::compare_for_orderby(&query.orderby, a, b));
    }
    Ok(items)
}

/// The operators Graph serves on directory objects only as advanced queries.
fn advanced_operator(e: &odata::Expr) -> Option<&'static str> {
    use odata::{CompareOp, Expr, TextFn};
    match e {
        Expr::Or(a, b) | Expr::And(a, b) => advanced_operator(a).or_else(|| advanced_operator(b)),
        Expr::Not(_) => Some("not"),
        Expr::Compare(_, CompareOp::Ne, _) => Some("ne"),
        Expr::Text(TextFn::EndsWith, ..) => Some("endsWith"),
        Expr::Lambda { body, .. } => advanced_operator(body),
        _ => None,
    }
}

fn list(store: &Store, ctx: &Ctx<'_, '_>, c: &Collection, query: &Query) -> Answer {
    if query.count && c.is_directory() && !eventual(ctx.request.headers) {
        return Err(count_refused());
    }
    let items = selected(store, ctx, c, query)?;
    let total = items.len();
    let start = query.skiptoken.unwrap_or(query.skip);
    let size = query.page_size();
    let page: Vec<Value> = items
        .iter()
        .skip(start)
        .take(size)
        .map(|(ty, set, e)| Value::Object(present(*ty, is_user_entity(c, set), e, query)))
        .collect();
    let mut body = Map::new();
    let context = match &query.select {
        Some(s) => format!("{}({})", c.context, s.join(",")),
        None => c.context.clone(),
    };
    body.insert(
        "@odata.context".into(),
        Value::String(ctx.metadata(&context)),
    );
    if query.count {
        body.insert("@odata.count".into(), Value::from(total));
    }
    if start + size < total {
        body.insert(
            "@odata.nextLink".into(),
            Value::String(next_link(ctx, start + size)),
        );
    }
    body.insert("value".into(), Value::Array(page));
    Ok(ctx.json(200, &Value::Object(body)))
}

fn count_refused() -> Refusal {
    Refusal::new(
        400,
        "Request_BadRequest",
        "$count is not currently supported without the header 'ConsistencyLevel: eventual'.",
    )
}

/// The link to the page starting at `offset`: this request's URL with its `$skiptoken`
/// replaced.
fn next_link(ctx: &Ctx<'_, '_>, offset: usize) -> String {
    let mut query: Vec<&str> = ctx
        .request
        .query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split('=').next().unwrap_or_default();
            !percent_decode(name).eq_ignore_ascii_case("$skiptoken")
        })
        .collect();
    let token = format!("$skiptoken={}", odata::skiptoken(offset));
    query.push(&token);
    format!(
        "{}{}?{}",
        ctx.request.base_url.trim_end_matches('/'),
        ctx.request.path,
        query.join("&")
    )
}

fn count(store: &Store, ctx: &Ctx<'_, '_>, c: &Collection, query: &Query) -> Answer {
    if c.is_directory() && !eventual(ctx.request.headers) {
        return Err(count_refused());
    }
    let n = selected(store, ctx, c, query)?.len();
    let mut headers = ctx.stamp.headers();
    wire::put(&mut headers, "content-type", "text/plain;charset=utf-8");
    Ok(GraphResponse {
        status: 200,
        headers,
        body: n.to_string().into_bytes().into(),
    })
}

fn list_refs(store: &Store, ctx: &Ctx<'_, '_>, c: &Collection, query: &Query) -> Answer {
    let items = selected(store, ctx, c, query)?;
    let base = ctx.request.base_url.trim_end_matches('/');
    let value: Vec<Value> = items
        .iter()
        .take(query.page_size())
        .map(|(_, _, e)| json!({"@odata.id": format!("{base}/{}/directoryObjects/{}", ctx.version, entity_id(e))}))
        .collect();
    Ok(ctx.json(
        200,
        &json!({"@odata.context": ctx.metadata("Collection($ref)"), "value": value}),
    ))
}

/// An entity as a read returns it: `$select`, else the default set (users), never a
/// write-only property; `@odata.type` first for members of link lists.
fn present(
    ty: Option<&'static str>,
    users: bool,
    e: &Map<String, Value>,
    query: &Query,
) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(ty) = ty {
        out.insert("@odata.type".into(), Value::String(ty.to_owned()));
    }
    let shown = match &query.select {
        Some(select) => odata::project(e, select),
        None if users => {
            let names: Vec<String> = DEFAULT_USER_PROPERTIES
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
            let mut p = odata::project(e, &names);
            if p.get("businessPhones").is_some_and(Value::is_null) {
                p.insert("businessPhones".into(), Value::Array(Vec::new()));
            }
            p
        }
        None => e.clone(),
    };
    out.extend(shown);
    hide_write_only(&mut out);
    out
}

fn is_user_entity(c: &Collection, set: &str) -> bool {
    set == "users" && c.is_directory()
}

/// `passwordProfile.password` is write-only: it reads as `null`.
fn hide_write_only(e: &mut Map<String, Value>) {
    if let Some(Value::Object(profile)) = e.get_mut("passwordProfile") {
        if profile.contains_key("password") {
            profile.insert("password".into(), Value::Null);
        }
    }
}

fn read(
    store: &Store,
    ctx: &Ctx<'_, '_>,
    c: &Collection,
    id: &str,
    set: Option<&'static str>,
    query: &Query,
) -> Answer {
    let entity = match set {
        Some(set) => store.get(set, id),
        None => store.get(&c.path, id),
    }
    .ok_or_else(|| Refusal::not_found(id))?;
    let typed = !matches!(c.kind, Kind::Entities { .. });
    let ty = if typed {
        set.and_then(directory_type)
    } else {
        None
    };
    let mut body = Map::new();
    let context = match &query.select {
        Some(s) => format!("{}({})/$entity", c.context, s.join(",")),
        None => format!("{}/$entity", c.context),
    };
    body.insert(
        "@odata.context".into(),
        Value::String(ctx.metadata(&context)),
    );
    body.extend(present(ty, set == Some("users"), entity, query));
    Ok(ctx.json(200, &Value::Object(body)))
}

/// The JSON object body of a write, or the refusal Graph gives. Its strings are wiped
/// when it is dropped: a user's may hold a password.
fn body_object(request: &Incoming<'_>) -> Result<WipedObject, Refusal> {
    let json = request
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(Refusal::new(
            415,
            "BadRequest",
            "Entity only allows writes with a JSON Content-Type header.",
        ));
    }
    match wiped::read(request.body).map(WipedJson::into_object) {
        Ok(Some(object)) => Ok(object),
        _ => Err(Refusal::new(
            400,
            "BadRequest",
            "Unable to read the JSON request payload: send a JSON object with Content-Type application/json.",
        )),
    }
}

/// The properties a create of the directory set `set` requires, as Graph's pages list them.
fn required(set: &str) -> &'static [&'static str] {
    match set {
        "users" => &[
            "accountEnabled",
            "displayName",
            "mailNickname",
            "passwordProfile",
            "userPrincipalName",
        ],
        "groups" => &[
            "displayName",
            "mailEnabled",
            "mailNickname",
            "securityEnabled",
        ],
        "applications" | "devices" => &["displayName"],
        "servicePrincipals" => &["appId"],
        _ => &[],
    }
}

/// The resource name Graph's messages use (`User` for `users`).
fn resource_name(set: &str) -> String {
    let singular = set.strip_suffix('s').unwrap_or(set);
    let mut chars = singular.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Takes the `{navigation}@odata.bind` lists out of a body: the ids they name.
fn take_binds(body: &mut Map<String, Value>) -> Result<Vec<(&'static str, Vec<String>)>, Refusal> {
    let names: Vec<String> = body
        .keys()
        .filter(|k| k.ends_with("@odata.bind"))
        .cloned()
        .collect();
    let mut out = Vec::new();
    for name in names {
        let nav = name.trim_end_matches("@odata.bind");
        let Some(nav) = schema::find(DIRECTORY_LINKS, nav) else {
            return Err(Refusal::bad(format!(
                "'{name}' does not name a link of a directory object."
            )));
        };
        let urls = match body.remove(&name) {
            Some(Value::Array(urls)) => urls,
            Some(Value::String(url)) => vec![Value::String(url)],
            _ => return Err(Refusal::bad(format!("'{name}' must be a list of URLs."))),
        };
        let mut ids = Vec::new();
        for url in urls {
            let Some(url) = url.as_str() else {
                return Err(Refusal::bad(format!("'{name}' must be a list of URLs.")));
            };
            ids.push(id_of_url(url)?);
        }
        out.push((nav, ids));
    }
    Ok(out)
}

/// The id at the end of an `@odata.id` URL (`.../directoryObjects/{id}`, `.../users/{id}`).
fn id_of_url(url: &str) -> Result<String, Refusal> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let last = last
        .strip_prefix("directoryObjects('")
        .and_then(|s| s.strip_suffix("')"))
        .unwrap_or(last);
    if last.is_empty() || !path.contains('/') {
        return Err(Refusal::bad(format!(
            "Invalid object identifier '{url}': expected a URL such as https://graph.microsoft.com/v1.0/directoryObjects/{{id}}."
        )));
    }
    Ok(percent_decode(last).into_owned())
}

fn create(state: &mut State, ctx: &Ctx<'_, '_>, c: &Collection) -> Answer {
    let mut wiped = body_object(ctx.request)?;
    let body = &mut wiped.0;
    let directory = match c.kind {
        Kind::Entities { directory } => directory,
        _ => None,
    };
    let binds = take_binds(body)?;
    body.remove("id");
    body.retain(|k, _| !k.starts_with("@odata."));
    if let Some(set) = directory {
        for p in required(set) {
            if odata::lookup_in(body, &[(*p).to_owned()]).is_null() {
                return Err(Refusal::bad(format!(
                    "Invalid value specified for property '{p}' of resource '{}'.",
                    resource_name(set)
                )));
            }
        }
    }
    for (_, ids) in &binds {
        if let Some(missing) = ids
            .iter()
            .find(|id| state.store.directory_object(id).is_none())
        {
            return Err(Refusal::not_found(missing));
        }
    }
    let id = new_id();
    if directory == Some("users") {
        let upn = body
            .get("userPrincipalName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if state.store.get("users", &upn).is_some() {
            return Err(Refusal::bad(
                "Another object with the same value for property userPrincipalName already exists.",
            ));
        }
        let password = take_password(state, body)?;
        state
            .users
            .push(SimulatedUser::signed_out(id.clone(), upn, password));
    }
    let mut entity = Map::new();
    entity.insert("id".into(), Value::String(id.clone()));
    // No password is left in the body: taken out above, `null` in its place.
    entity.extend(std::mem::take(body));
    if let Some(set) = directory {
        for (nav, ids) in binds {
            for target in ids {
                state.store.link(&format!("{set}/{id}/{nav}"), &target);
            }
        }
    }
    state.store.insert(&c.path, entity.clone());
    let mut out = Map::new();
    out.insert(
        "@odata.context".into(),
        Value::String(ctx.metadata(&format!("{}/$entity", c.context))),
    );
    out.extend(present(
        None,
        directory == Some("users"),
        &entity,
        &Query::default(),
    ));
    Ok(ctx.json(201, &Value::Object(out)))
}

/// The new password of a user's `passwordProfile`, taken out of the body (it is
/// write-only: `null` is left in its place) and checked against the policy.
fn take_password(state: &State, body: &mut Map<String, Value>) -> Result<SecretString, Refusal> {
    let Some(Value::Object(profile)) = body.get_mut("passwordProfile") else {
        return Err(Refusal::bad(
            "Invalid value specified for property 'passwordProfile' of resource 'User'.",
        ));
    };
    let Some(Value::String(password)) = profile.get_mut("password") else {
        return Err(Refusal::bad(
            "Invalid value specified for property 'passwordProfile.password' of resource 'User'.",
        ));
    };
    // Moved out, not copied: a copy would be freed unwiped.
    let password = SecretString::from(std::mem::take(password));
    profile.insert("password".into(), Value::Null);
    if !state.policy.validate(password.expose_secret()).is_valid {
        return Err(Refusal::bad(
            "The specified password does not comply with password complexity requirements. Please provide a different password.",
        ));
    }
    profile.insert("password".into(), Value::Null);
    Ok(password)
}

fn update(state: &mut State, ctx: &Ctx<'_, '_>, c: &Collection, id: &str) -> Answer {
    let mut wiped = body_object(ctx.request)?;
    let body = &mut wiped.0;
    body.remove("id");
    body.retain(|k, _| !k.starts_with("@odata."));
    let is_user = matches!(
        c.kind,
        Kind::Entities {
            directory: Some("users")
        }
    );
    if is_user {
        if let Some(upn) = body.get("userPrincipalName").and_then(Value::as_str) {
            if state
                .store
                .get("users", upn)
                .is_some_and(|other| !entity_id(other).eq_ignore_ascii_case(id))
            {
                return Err(Refusal::bad(
                    "Another object with the same value for property userPrincipalName already exists.",
                ));
            }
        }
        let new_password = match body.get("passwordProfile") {
            Some(Value::Object(p)) if p.get("password").is_some_and(Value::is_string) => {
                Some(take_password(state, body)?)
            }
            _ => None,
        };
        if let Some(user) = state
            .users
            .iter_mut()
            .find(|u| u.id.eq_ignore_ascii_case(id))
        {
            if let Some(upn) = body.get("userPrincipalName").and_then(Value::as_str) {
                upn.clone_into(&mut user.user_principal_name);
            }
            if let Some(p) = new_password {
                user.password = p;
            }
        }
    }
    if !state.store.merge(&c.path, id, body) {
        return Err(Refusal::not_found(id));
    }
    Ok(wire::no_content(ctx.stamp))
}

fn delete(state: &mut State, ctx: &Ctx<'_, '_>, c: &Collection, id: &str) -> Answer {
    if !state.store.remove(&c.path, id) {
        return Err(Refusal::not_found(id));
    }
    if matches!(
        c.kind,
        Kind::Entities {
            directory: Some("users")
        }
    ) {
        state.users.retain(|u| !u.id.eq_ignore_ascii_case(id));
    }
    Ok(wire::no_content(ctx.stamp))
}

fn add_link(state: &mut State, ctx: &Ctx<'_, '_>, c: &Collection) -> Answer {
    let body = body_object(ctx.request)?;
    let Some(url) = body.0.get("@odata.id").and_then(Value::as_str) else {
        return Err(Refusal::bad(
            "The request body must be {\"@odata.id\": \"https://graph.microsoft.com/v1.0/directoryObjects/{id}\"}.",
        ));
    };
    let target = id_of_url(url)?;
    let Some((_, e)) = state.store.directory_object(&target) else {
        return Err(Refusal::not_found(&target));
    };
    let target = entity_id(e).to_owned();
    if !state.store.link(&c.path, &target) {
        let nav = c.path.rsplit('/').next().unwrap_or_default();
        return Err(Refusal::bad(format!(
            "One or more added object references already exist for the following modified properties: '{nav}'."
        )));
    }
    Ok(wire::no_content(ctx.stamp))
}
