//! The intermediate representation: plain data between reading pages and writing Rust.
//! The emitter sees only this, never a page. Collections are ordered deterministically
//! (`BTreeMap` by name), never by insertion.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Everything generated from a set of pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    /// Operations by the node they are called on and their method name there:
    /// ([`Operation::node`], [`Operation::rust_name`]) -> operation, e.g.
    /// `("/users/{}", "get")` for `client.users().by_id(id).get()`.
    pub operations: BTreeMap<(String, String), Operation>,
    /// Models (request bodies and resources) by Rust type name.
    pub models: BTreeMap<String, Model>,
    /// Enums by Rust type name.
    pub enums: BTreeMap<String, Enum>,
}

/// Where a generated item came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The page.
    pub path: PathBuf,
    /// The line of the item in the page.
    pub line: usize,
}

/// The API version of an operation or resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// `/v1.0`.
    V1,
    /// `/beta`.
    Beta,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

/// Whether the operation may be replayed after an unknown outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// Changes nothing (GET, and actions documented as checks such as `validatePassword`).
    Safe,
    /// Changes state: replay only when the service did not process it (429, 503).
    OnlyUnprocessed,
}

/// One operation (one page may give several, one per path).
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The page's name, e.g. `user: changePassword`.
    pub name: String,
    /// The call's method name on its node: the verb (`list`, `get`, `create`, `update`,
    /// `replace`, `delete`) or the action's or function's segment (`change_password`).
    pub rust_name: String,
    /// The steps from the client to the call, one per path segment (see [`Step`]). When
    /// [`Operation::last_step_is_call`], the last step is the call itself (an action or a
    /// function), made on the node of the steps before it.
    pub steps: Vec<Step>,
    /// The last step is the call (an action, a function, `delta`), not a node that a
    /// verb is called on.
    pub last_step_is_call: bool,
    /// The normalized path of the node the call is made on (keys as `{}`), e.g.
    /// `/users/{}/messages`: the node's identity in the call tree.
    pub node: String,
    /// The group: the first path segment, e.g. `me`, `users`.
    pub group: String,
    /// The group's Rust type, e.g. `Me`, `Users`.
    pub group_type: String,
    /// The group's entry point method, e.g. `me`, `users`.
    pub group_fn: String,
    /// The Rust name of the operation's `static`, e.g. `CHANGE_PASSWORD`.
    pub const_name: String,
    /// HTTP method.
    pub method: Method,
    /// API version.
    pub version: Version,
    /// Path under the version, e.g. `/users/{id}/assignLicense`.
    pub path: String,
    /// Path parameters in order, e.g. `id` for `{id}`.
    pub path_params: Vec<PathParam>,
    /// The request body model (by name in `Api::models`), if the page has a body table.
    pub request: Option<String>,
    /// Query parameters the call sends unless told otherwise (name, value), e.g.
    /// `$format=application/json` for a report whose page's example asks for the JSON
    /// answer the call decodes.
    pub default_query: Vec<(String, String)>,
    /// What a success returns.
    pub response: Response,
    /// Replay safety.
    pub replay: Replay,
    /// Rustdoc: description, permission and role notes.
    pub docs: Docs,
    /// Example request body (JSON as written), for the generated round-trip test.
    pub example_request: Option<String>,
    /// Example response body (JSON as written), for the generated decode test.
    pub example_response: Option<String>,
    /// Where it came from.
    pub source: Source,
}

/// One step of a call chain: what one path segment becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A literal segment (`messages`, `$ref`, `microsoft.graph.user`): a method without
    /// arguments, `.messages()`.
    Segment {
        /// The Rust method name, e.g. `messages`, `reference` for `$ref`.
        rust_name: String,
        /// The segment as sent, e.g. `messages`, `$ref`.
        text: String,
    },
    /// A key segment (`{id}`, `{id | userPrincipalName}`, `{user-id}`): `.by_id(key)`.
    Key {
        /// As written between the braces.
        template: String,
    },
    /// Graph's path-based addressing, `root:/{item-path}:`: `.by_path(path)` after the
    /// segment before it, sent as `:/{path}:` with each `/`-separated part encoded.
    PathKey {
        /// As written between the braces.
        template: String,
        /// Closed by a `:` (`root:/{item-path}:`); open only at the end of a path
        /// (`/sites/{hostname}:/{relative-path}`).
        closed: bool,
    },
    /// A function segment with parameters, `range(address='{address}')`:
    /// `.range(address)`.
    Function {
        /// The Rust method name, e.g. `range`.
        rust_name: String,
        /// The segment as sent, with `{}` where each argument goes, e.g.
        /// `range(address='{}')`.
        template: String,
        /// The arguments in order: (name as the page writes it, Rust name).
        args: Vec<(String, String)>,
    },
}

/// A `{name}` path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParam {
    /// As written in the path, e.g. `id | userPrincipalName`.
    pub template: String,
    /// The Rust argument name, e.g. `id`.
    pub rust_name: String,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// No body (`204 No Content`, `202 Accepted` with only headers), or a redirect
    /// (`302 Found` to a download URL, [`Response::is_redirect`]).
    Unit {
        /// The documented status.
        status: u16,
    },
    /// One value of a type.
    Model {
        /// The documented status (200, 201).
        status: u16,
        /// The type.
        ty: TypeRef,
    },
    /// A single value wrapped as `{"value": ...}` (actions that return a primitive).
    Value {
        /// The documented status.
        status: u16,
        /// The type of `value`.
        ty: TypeRef,
    },
    /// A collection of a type (`value` array).
    Collection {
        /// The documented status.
        status: u16,
        /// The element type.
        ty: TypeRef,
    },
}

impl Response {
    /// Whether the documented answer is a redirect (a 3xx `Unit`: `302 Found` to a
    /// pre-authenticated download URL), which the call returns, never follows.
    pub fn is_redirect(&self) -> bool {
        matches!(self, Response::Unit { status } if (300..400).contains(status))
    }
}

/// Rustdoc material taken from the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    /// The description paragraph(s).
    pub summary: String,
    /// Permission and role notes (e.g. the admin roles `validatePassword` needs).
    pub notes: Vec<String>,
    /// The OData query options the page's "Optional query parameters" section names
    /// (`$select`, `$filter`, ...), in the order of first mention.
    pub query_options: Vec<String>,
    /// The request headers the page's "Request headers" table lists (`Authorization`,
    /// `ConsistencyLevel`, `Prefer`, ...), in table order.
    pub headers: Vec<String>,
}

/// A struct: a request body or a resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Rust type name, PascalCase, e.g. `ChangePasswordRequest`.
    pub name: String,
    /// The doc's name, e.g. `passwordValidationInformation`, or the action for a request.
    pub doc_name: String,
    /// Request body or resource.
    pub kind: ModelKind,
    /// Version of the page it came from.
    pub version: Version,
    /// Fields in table order.
    pub fields: Vec<Field>,
    /// Rustdoc summary.
    pub doc: String,
    /// The `@odata.type` of a resource (e.g. `#microsoft.graph.passwordValidationInformation`);
    /// for a request body, the derived type the example request names at its top level
    /// (sent as `@odata.type`, e.g. `#microsoft.graph.androidTrustedRootCertificate`).
    pub odata_type: Option<String>,
    /// An open type: properties beyond the table are kept (`additional_properties`).
    pub open: bool,
    /// Where it came from.
    pub source: Source,
}

/// What a model is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// A request body (`{Action}Request`): `new(required...)` plus setters for optional
    /// fields; an update's (every field [`OptionalBecause::Update`]) has `new()` and a
    /// setter and a `clear_` method per property.
    Request,
    /// A resource (response type): `#[non_exhaustive]`, `new(non-nullable...)`.
    Resource,
}

/// A field of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON name, exactly as in the doc table (`currentPassword`).
    pub json_name: String,
    /// The Rust name, snake_case, raw identifier where it is a keyword (`r#type`).
    pub rust_name: String,
    /// The type.
    pub ty: TypeRef,
    /// Required (request parameter) or not nullable (resource property): not an `Option`.
    pub required: bool,
    /// When not [`Field::required`], the rule that made it optional (said in its rustdoc).
    pub optional_because: Option<OptionalBecause>,
    /// A password, secret or token: `SecretString`, redacted in `Debug`, wiped on drop.
    pub secret: bool,
    /// Rustdoc from the description cell.
    pub doc: String,
    /// Its row's line.
    pub line: usize,
    /// In lenient mode, the type the docs named when the run does not know it (no page,
    /// not a primitive, or its page was skipped): the field is then kept as free JSON
    /// ([`TypeRef::Json`], inside the collections the docs named).
    pub unknown_type: Option<String>,
}

/// The rule that made a field an `Option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionalBecause {
    /// The page marks it optional or nullable (a `Required` column, or `Optional`,
    /// `Nullable` in its description).
    Marked,
    /// The page does not mark it, and unmarked rows of its table are optional (resource
    /// properties, response tables, create bodies).
    Unmarked,
    /// Graph returns the resource from a read, a list, a create or an update, or it is an
    /// entity (it has an `id`): the answer may hold only a default set of its properties,
    /// or those `$select` asks for, so the page's "required" or "not nullable" does not
    /// promise the property is in the JSON.
    PartialResponse,
    /// A property of an update body (a page with a `PATCH` request line), whatever its
    /// table says: only what is set is sent, and a property can be sent as `null` to
    /// clear it. Emitted as the runtime's `Patch<T>`, with `with_<property>(value)` and
    /// `clear_<property>()`.
    Update,
}

/// A type as the docs name it, resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// String.
    String,
    /// Boolean.
    Bool,
    /// Int32 (also Int16, Byte, SByte).
    I32,
    /// Int64.
    I64,
    /// Double.
    F64,
    /// Single.
    F32,
    /// Guid (kept as a string).
    Guid,
    /// DateTimeOffset (ISO 8601 text, kept as a string).
    DateTimeOffset,
    /// Date (kept as a string).
    Date,
    /// TimeOfDay (kept as a string).
    TimeOfDay,
    /// Duration (ISO 8601 duration text, kept as a string).
    Duration,
    /// Binary (base64 text, kept as a string).
    Binary,
    /// Json, or an open type: any JSON value.
    Json,
    /// A model by Rust name.
    Model(String),
    /// An enum by Rust name.
    Enum(String),
    /// `X collection`, `Collection(X)`.
    Collection(Box<TypeRef>),
}

/// An enum from a resource page's member table or a "Possible values" list. Generated
/// with one catch-all variant, `UnknownFutureValue(String)`, that keeps any value the
/// members do not name, Graph's own `unknownFutureValue` member included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// The doc's name.
    pub doc_name: String,
    /// Members: (JSON value, Rust variant name, doc).
    pub members: Vec<EnumMember>,
    /// Rustdoc summary.
    pub doc: String,
    /// Where it came from.
    pub source: Source,
}

/// An enum member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumMember {
    /// The value on the wire.
    pub json_name: String,
    /// The Rust variant, PascalCase.
    pub rust_name: String,
    /// Rustdoc.
    pub doc: String,
}
