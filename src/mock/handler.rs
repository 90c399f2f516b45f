//! The one request handler of the simulated Graph. The in-process client and the HTTP
//! server both call [`handle`], so their behaviour cannot drift apart.

use std::collections::VecDeque;
use std::time::Duration;

use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::journal::{recorded_headers, Caller, JournalEntry, RawBody, RecordedBody};
use super::policy::PasswordPolicy;
use super::rest::{self, Routed};
use super::store::Store;
use super::tenant::{Fault, SimulatedApplication, SimulatedUser};
use super::wiped;
use super::wire::{self, Stamp};
use crate::operations::{CHANGE_PASSWORD, VALIDATE_PASSWORD};
use crate::request::{GraphResponse, Operation};
use crate::secret::SecretString;

/// Everything the simulated tenant holds.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) users: Vec<SimulatedUser>,
    pub(crate) applications: Vec<SimulatedApplication>,
    /// The entities: users' and applications' properties, groups, and every other
    /// collection written to.
    pub(crate) store: Store,
    pub(crate) policy: PasswordPolicy,
    pub(crate) faults: Faults,
    pub(crate) journal: VecDeque<JournalEntry>,
    /// The most entries the journal keeps; the oldest are dropped first.
    pub(crate) journal_limit: usize,
    /// Whether the HTTP server answers [`JOURNAL_ENDPOINT`](super::JOURNAL_ENDPOINT).
    pub(crate) journal_endpoint: bool,
    pub(crate) calls: u64,
}

/// The injected faults.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pub(crate) queue: VecDeque<Fault>,
    pub(crate) throttle_every: Option<(u64, Duration)>,
    pub(crate) latency: Duration,
}

impl Faults {
    /// The fault the call numbered `call` gets, if any: queued faults first, then
    /// throttling of every Nth call.
    fn take(&mut self, call: u64) -> Option<(u16, Option<Duration>)> {
        if let Some(front) = self.queue.front_mut() {
            let out = (front.status, front.retry_after);
            front.times = front.times.saturating_sub(1);
            if front.times == 0 {
                self.queue.pop_front();
            }
            return Some(out);
        }
        match self.throttle_every {
            Some((n, retry_after)) if n > 0 && call % n == 0 => Some((429, Some(retry_after))),
            _ => None,
        }
    }
}

/// A request as it reached the tenant, whichever way it came.
#[derive(Debug)]
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a Method,
    /// The path with its version, without the query string.
    pub(crate) path: &'a str,
    /// The query as received, percent-encoded, without `?` (empty when none).
    pub(crate) query: &'a str,
    /// The query's pairs, decoded.
    pub(crate) pairs: &'a [(String, String)],
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
    /// Scheme and authority, for `@odata.context` (e.g. `https://graph.microsoft.com`).
    pub(crate) base_url: &'a str,
}

/// The answer, and how long to wait before giving it.
#[derive(Debug)]
pub(crate) struct Outgoing {
    pub(crate) response: GraphResponse,
    pub(crate) delay: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    ChangePassword,
    ValidatePassword,
}

struct Route {
    version: &'static str,
    path: &'static str,
    operation: &'static Operation,
    action: Action,
}

/// `changePassword` exists under both versions; `validatePassword` only under beta.
const ROUTES: [Route; 3] = [
    Route {
        version: "v1.0",
        path: "/me/changePassword",
        operation: &CHANGE_PASSWORD,
        action: Action::ChangePassword,
    },
    Route {
        version: "beta",
        path: "/me/changePassword",
        operation: &CHANGE_PASSWORD,
        action: Action::ChangePassword,
    },
    Route {
        version: "beta",
        path: "/users/validatePassword",
        operation: &VALIDATE_PASSWORD,
        action: Action::ValidatePassword,
    },
];

impl Action {
    /// The action's name in messages, and its parameters (all required, all strings).
    fn signature(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Action::ChangePassword => ("changePassword", &["currentPassword", "newPassword"]),
            Action::ValidatePassword => ("validatePassword", &["password"]),
        }
    }
}

/// Graph's paths are case-insensitive; a trailing slash is tolerated.
fn find_route(path: &str) -> Option<&'static Route> {
    let path = path.strip_suffix('/').unwrap_or(path);
    let (version, rest) = path.strip_prefix('/')?.split_once('/')?;
    ROUTES.iter().find(|r| {
        r.version.eq_ignore_ascii_case(version)
            && r.path
                .strip_prefix('/')
                .is_some_and(|p| p.eq_ignore_ascii_case(rest))
    })
}

/// Who the token belongs to.
pub(crate) enum Auth {
    User(usize),
    Application(usize),
    /// No usable token; the message says why.
    Refused(&'static str),
}

fn authenticate(state: &State, headers: &HeaderMap) -> Auth {
    let Some(value) = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Auth::Refused("Access token is empty.");
    };
    let value = value.trim();
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ if value.eq_ignore_ascii_case("bearer") || value.is_empty() => "",
        _ => return Auth::Refused("Access token validation failure: not a bearer token."),
    };
    if token.is_empty() {
        return Auth::Refused("Access token is empty.");
    }
    if let Some(i) = state
        .users
        .iter()
        .position(|u| u.token.as_ref().is_some_and(|t| t.expose_secret() == token))
    {
        return Auth::User(i);
    }
    if let Some(i) = state
        .applications
        .iter()
        .position(|a| a.token.expose_secret() == token)
    {
        return Auth::Application(i);
    }
    Auth::Refused("Access token validation failure: this tenant did not issue the token.")
}

fn caller_of(state: &State, auth: &Auth) -> Caller {
    match *auth {
        Auth::User(i) => state
            .users
            .get(i)
            .map_or(Caller::Anonymous, |u| Caller::User {
                user_principal_name: u.user_principal_name.clone(),
            }),
        Auth::Application(i) => {
            state
                .applications
                .get(i)
                .map_or(Caller::Anonymous, |a| Caller::Application {
                    display_name: a.display_name.clone(),
                })
        }
        Auth::Refused(_) => Caller::Anonymous,
    }
}

fn record_body(route: Option<&Route>, body: &[u8]) -> RecordedBody {
    fn typed<T: DeserializeOwned>(body: &[u8], wrap: fn(T) -> RecordedBody) -> RecordedBody {
        // Through a wiped value: serde_json's own reading of an escaped password would leave
        // a copy in its scratch buffer.
        wiped::read(body)
            .and_then(|value| T::deserialize(&value.0))
            .map_or_else(|_| RecordedBody::Raw(RawBody::new(body)), wrap)
    }
    if body.is_empty() {
        return RecordedBody::Empty;
    }
    match route.map(|r| r.action) {
        Some(Action::ChangePassword) => typed(body, RecordedBody::ChangePassword),
        Some(Action::ValidatePassword) => typed(body, RecordedBody::ValidatePassword),
        None => RecordedBody::Raw(RawBody::new(body)),
    }
}

/// Answers one request, records it in the journal, and says how long to wait.
pub(crate) fn handle(state: &mut State, request: &Incoming<'_>) -> Outgoing {
    let response = handle_call(state, request, None);
    Outgoing {
        response,
        delay: state.faults.latency,
    }
}

/// Answers one step of a batch as a call of its own (faults, journal), without latency.
pub(crate) fn handle_step(state: &mut State, request: &Incoming<'_>, step: &str) -> GraphResponse {
    handle_call(state, request, Some(step))
}

fn handle_call(state: &mut State, request: &Incoming<'_>, step: Option<&str>) -> GraphResponse {
    state.calls += 1;
    let call = state.calls;
    let stamp = Stamp::for_headers(request.headers);
    let route = find_route(request.path);
    let auth = authenticate(state, request.headers);
    let mut routed = Routed {
        route: route.map(|r| format!("/{}{}", r.version, r.path)),
    };
    let response = answer(state, request, route, &auth, call, &stamp, &mut routed);
    let entry = JournalEntry {
        operation: route.map(|r| r.operation.name),
        method: request.method.clone(),
        path: request.path.to_owned(),
        query: request.query.to_owned(),
        query_pairs: request.pairs.to_vec(),
        headers: recorded_headers(request.headers),
        route: routed.route,
        batch_step: step.map(str::to_owned),
        status: response.status,
        caller: caller_of(state, &auth),
        body: record_body(route, request.body),
        request_id: stamp.request_id.clone(),
        client_request_id: stamp.client_request_id.clone(),
    };
    if state.journal.len() >= state.journal_limit {
        state.journal.pop_front();
    }
    if state.journal_limit > 0 {
        state.journal.push_back(entry);
    }
    response
}

/// `$batch` under a version: `Some(version)`.
fn batch_version(path: &str) -> Option<&str> {
    let path = path.strip_suffix('/').unwrap_or(path);
    let (version, rest) = path.strip_prefix('/')?.split_once('/')?;
    let version = ["v1.0", "beta"]
        .into_iter()
        .find(|v| v.eq_ignore_ascii_case(version))?;
    rest.eq_ignore_ascii_case("$batch").then_some(version)
}

/// A path under a version the simulated Graph serves.
fn versioned(path: &str) -> bool {
    path.strip_prefix('/')
        .and_then(|p| p.split('/').next())
        .is_some_and(|v| v.eq_ignore_ascii_case("v1.0") || v.eq_ignore_ascii_case("beta"))
}

fn answer(
    state: &mut State,
    request: &Incoming<'_>,
    route: Option<&Route>,
    auth: &Auth,
    call: u64,
    stamp: &Stamp,
    routed: &mut Routed,
) -> GraphResponse {
    let error =
        |status: u16, code: &str, message: &str| wire::error_response(stamp, status, code, message);

    if let Some((status, retry_after)) = state.faults.take(call) {
        let mut response = if status == 429 {
            wire::throttled(stamp, retry_after.unwrap_or_default())
        } else {
            error(
                status,
                wire::code_for_status(status),
                &format!("Simulated failure injected by the test (status {status})."),
            )
        };
        if let Some(delay) = retry_after {
            wire::put(
                &mut response.headers,
                "retry-after",
                &wire::retry_after_value(delay),
            );
        }
        return response;
    }

    if let Auth::Refused(why) = auth {
        let mut response = error(401, "InvalidAuthenticationToken", why);
        wire::put(
            &mut response.headers,
            "www-authenticate",
            r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000""#,
        );
        return response;
    }

    let Some(route) = route else {
        if let Some(version) = batch_version(request.path) {
            routed.route = Some(format!("/{version}/$batch"));
            return super::batch::answer(state, request, version, stamp);
        }
        if versioned(request.path) {
            return rest::answer(state, request, auth, stamp, routed);
        }
        let segment = request
            .path
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or("");
        return error(
            404,
            "ResourceNotFound",
            &format!("Resource not found for the segment '{segment}'."),
        );
    };

    if *request.method != route.operation.method {
        let mut response = error(
            405,
            "Request_BadRequest",
            "Specified HTTP method is not allowed for the request target.",
        );
        wire::put(
            &mut response.headers,
            "allow",
            route.operation.method.as_str(),
        );
        return response;
    }

    if !is_json(request.headers) {
        return error(
            415,
            "BadRequest",
            "Entity only allows writes with a JSON Content-Type header.",
        );
    }

    let (action_name, params) = route.action.signature();
    let fields = match read_parameters(request.body, action_name, params) {
        Ok(fields) => fields,
        Err(message) => return error(400, "BadRequest", &message),
    };

    match route.action {
        Action::ChangePassword => change_password(state, auth, &fields, stamp),
        Action::ValidatePassword => validate_password(state, auth, &fields, request, stamp),
    }
}

/// `Content-Type: application/json`, parameters (`charset`, `odata.metadata`) allowed.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// The action's parameters, each a string, in the order of `params`; anything else is the
/// message of a 400. The strings are taken out of the parsed body, which is wiped.
fn read_parameters(
    body: &[u8],
    action: &str,
    params: &[&str],
) -> Result<Vec<SecretString>, String> {
    let unreadable = || {
        "Unable to read the JSON request payload: send a JSON object with Content-Type \
         application/json."
            .to_owned()
    };
    let mut value = wiped::read(body).map_err(|_| unreadable())?;
    let Value::Object(map) = &mut value.0 else {
        return Err(unreadable());
    };
    if let Some(unknown) = map
        .keys()
        .find(|k| !k.starts_with('@') && !params.contains(&k.as_str()))
    {
        return Err(format!(
            "The parameter '{unknown}' in the request payload is not a valid parameter for the operation '{action}'."
        ));
    }
    params
        .iter()
        .map(|p| string_param(map, p, action))
        .collect()
}

fn string_param(
    map: &mut Map<String, Value>,
    name: &str,
    action: &str,
) -> Result<SecretString, String> {
    match map.get_mut(name) {
        // Moved out, not copied: the copy would be freed unwiped.
        Some(Value::String(s)) => Ok(SecretString::from(std::mem::take(s))),
        None | Some(Value::Null) => Err(format!(
            "The required parameter '{name}' of the operation '{action}' is missing."
        )),
        Some(_) => Err(format!(
            "The parameter '{name}' of the operation '{action}' must be a string."
        )),
    }
}

fn change_password(
    state: &mut State,
    auth: &Auth,
    fields: &[SecretString],
    stamp: &Stamp,
) -> GraphResponse {
    let error =
        |status: u16, code: &str, message: &str| wire::error_response(stamp, status, code, message);
    let (Some(current), Some(new)) = (fields.first(), fields.get(1)) else {
        return error(400, "BadRequest", "The request has missing parameters.");
    };
    let (current, new) = (current.expose_secret(), new.expose_secret());
    let user = match *auth {
        Auth::User(i) => i,
        _ => {
            return error(
                400,
                "BadRequest",
                "/me request is only valid with delegated authentication flow.",
            )
        }
    };
    let info = state.policy.validate(new);
    let Some(user) = state.users.get_mut(user) else {
        return error(
            500,
            "InternalServerError",
            "The signed-in user no longer exists.",
        );
    };
    if user.password.expose_secret() != current {
        return error(
            400,
            "Request_BadRequest",
            "The current password is incorrect.",
        );
    }
    if new == current {
        return error(
            400,
            "Request_BadRequest",
            "The new password must differ from the current password.",
        );
    }
    if !info.is_valid {
        let failed: Vec<&str> = info
            .validation_results
            .iter()
            .filter(|r| !r.validation_passed)
            .map(|r| r.rule_name.as_str())
            .collect();
        return error(
            400,
            "Request_BadRequest",
            &format!(
                "The new password does not comply with the password policy ({}).",
                failed.join(", ")
            ),
        );
    }
    user.password = new.into();
    wire::no_content(stamp)
}

fn validate_password(
    state: &State,
    auth: &Auth,
    fields: &[SecretString],
    request: &Incoming<'_>,
    stamp: &Stamp,
) -> GraphResponse {
    let allowed = match *auth {
        Auth::User(i) => state
            .users
            .get(i)
            .is_some_and(SimulatedUser::is_password_admin),
        _ => false,
    };
    if !allowed {
        return wire::error_response(
            stamp,
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        );
    }
    let Some(password) = fields.first() else {
        return wire::error_response(
            stamp,
            400,
            "BadRequest",
            "The request has missing parameters.",
        );
    };
    let info = state.policy.validate(password.expose_secret());
    let mut body = serde_json::json!({
        "@odata.context": format!(
            "{}/beta/$metadata#microsoft.graph.passwordValidationInformation",
            request.base_url.trim_end_matches('/')
        ),
    });
    if let (Value::Object(out), Ok(Value::Object(fields))) =
        (&mut body, serde_json::to_value(&info))
    {
        out.extend(fields);
    }
    wire::json_response(stamp, 200, serde_json::to_vec(&body).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_ignoring_case_and_a_trailing_slash_but_not_other_versions() {
        assert!(find_route("/v1.0/me/changePassword").is_some());
        assert!(find_route("/V1.0/ME/changepassword/").is_some());
        assert!(find_route("/beta/me/changePassword").is_some());
        assert_eq!(
            find_route("/beta/users/validatePassword").map(|r| r.action),
            Some(Action::ValidatePassword)
        );
        assert!(find_route("/v1.0/users/validatePassword").is_none());
        assert!(find_route("/v2.0/me/changePassword").is_none());
        assert!(find_route("").is_none());
        assert!(find_route("/").is_none());
    }

    #[test]
    fn queued_faults_come_before_throttling_and_run_out() {
        let mut f = Faults {
            throttle_every: Some((2, Duration::from_secs(3))),
            ..Faults::default()
        };
        f.queue.push_back(Fault::status(503).times(2));
        assert_eq!(f.take(1), Some((503, None)));
        assert_eq!(f.take(2), Some((503, None)));
        assert_eq!(f.take(3), None);
        assert_eq!(f.take(4), Some((429, Some(Duration::from_secs(3)))));
    }

    #[test]
    fn parameters_must_all_be_present_known_and_strings() {
        let p = &["password"][..];
        assert_eq!(
            read_parameters(br#"{"password":"x"}"#, "v", p),
            Ok(vec!["x".into()])
        );
        assert!(read_parameters(br#"{"password":"x","@odata.type":"t"}"#, "v", p).is_ok());
        assert!(read_parameters(br#"{}"#, "v", p)
            .unwrap_err()
            .contains("'password'"));
        assert!(read_parameters(br#"{"password":null}"#, "v", p).is_err());
        assert!(read_parameters(br#"{"password":5}"#, "v", p)
            .unwrap_err()
            .contains("string"));
        assert!(read_parameters(br#"{"password":"x","extra":1}"#, "v", p)
            .unwrap_err()
            .contains("'extra'"));
        assert!(read_parameters(b"[1]", "v", p).is_err());
        assert!(read_parameters(b"{", "v", p).is_err());
        assert!(read_parameters(b"", "v", p).is_err());
    }
}
