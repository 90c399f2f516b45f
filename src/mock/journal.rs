//! The journal: every call the simulated Graph received, for assertions.

use std::fmt;

use http::{HeaderMap, Method};
use serde_json::{json, Value};
use zeroize::Zeroize;

use super::redact::body_summary;

use crate::models::{ChangePasswordRequest, ValidatePasswordRequest};

/// Who made a call, as the simulated tenant saw its token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Caller {
    /// A signed-in user (a delegated token).
    User {
        /// The user's principal name, e.g. `alice@contoso.com`.
        user_principal_name: String,
    },
    /// An application (an app-only token).
    Application {
        /// The application's display name.
        display_name: String,
    },
    /// No token, or one the tenant does not know.
    Anonymous,
}

/// A request body as the simulated Graph read it: typed for the operations it knows.
///
/// `Debug` never shows a password: the typed bodies hold
/// [`SecretString`](crate::SecretString)s, and raw bytes print only their length.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RecordedBody {
    /// No body.
    Empty,
    /// A `user: changePassword` body.
    ChangePassword(ChangePasswordRequest),
    /// A `user: validatePassword` body.
    ValidatePassword(ValidatePasswordRequest),
    /// A body that did not decode into the operation's request type (or for an unknown
    /// path).
    Raw(RawBody),
}

/// Bytes of a body that did not decode. Redacted in `Debug`; wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody(Vec<u8>);

impl RawBody {
    pub(crate) fn new(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    /// The bytes as received. Treat them as secret: they may hold a password.
    pub fn expose_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawBody([redacted, {} bytes])", self.0.len())
    }
}

impl Drop for RawBody {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// One call the simulated Graph received, and how it answered.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JournalEntry {
    /// The operation's name (`user: changePassword`), when the path named one.
    pub operation: Option<&'static str>,
    /// The HTTP method.
    pub method: Method,
    /// The path with its version, e.g. `/v1.0/me/changePassword` (no query string).
    pub path: String,
    /// The query as received, percent-encoded, without `?` (e.g. `$top=5&$filter=...`);
    /// empty when there was none. Over HTTP it is the query as the URL parser kept it,
    /// which writes a `'` as `%27`; [`query_pairs`](Self::query_pairs) are the same either
    /// way.
    pub query: String,
    /// The query's name and value pairs as the simulated Graph decoded them (`%XX` and
    /// `+` read as in a form), in the order received.
    pub query_pairs: Vec<(String, String)>,
    /// The request's headers in the order received, names in lower case. The value of a
    /// header that carries a credential (`Authorization`, `Proxy-Authorization`, `Cookie`)
    /// is kept as its shape only: the scheme and `[redacted]` (`Bearer [redacted]`), or
    /// the scheme alone when nothing followed it.
    pub headers: Vec<(String, String)>,
    /// What the simulated Graph took the path for, with keys as `{id}`:
    /// `/v1.0/users/{id}/messages`, `/v1.0/groups/{id}/members/$ref`, `/v1.0/$batch`;
    /// `None` for a path it does not serve.
    pub route: Option<String>,
    /// For a step of a `$batch`, the step's `id` (the batch itself has its own entry).
    pub batch_step: Option<String>,
    /// The status the simulated Graph answered.
    pub status: u16,
    /// Who called.
    pub caller: Caller,
    /// The body, typed when it decoded.
    pub body: RecordedBody,
    /// The `request-id` of the answer.
    pub request_id: String,
    /// The `client-request-id` of the answer (the caller's, echoed, when it sent one).
    pub client_request_id: String,
}

/// Headers whose value is a credential: the journal keeps their shape only.
const CREDENTIAL_HEADERS: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

/// The headers of a request as the journal keeps them (see [`JournalEntry::headers`]).
pub(crate) fn recorded_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let name = name.as_str();
            let value = String::from_utf8_lossy(value.as_bytes());
            let value = if CREDENTIAL_HEADERS.contains(&name) {
                credential_shape(&value)
            } else {
                value.into_owned()
            };
            (name.to_owned(), value)
        })
        .collect()
}

/// `Bearer [redacted]` for `Bearer eyJ...`; `Bearer` for `Bearer ` with nothing after it;
/// `[redacted]` when the value has no scheme of letters first.
fn credential_shape(value: &str) -> String {
    let value = value.trim();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let is_scheme = !scheme.is_empty()
        && scheme.len() <= 32
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    match (is_scheme, rest.trim().is_empty()) {
        (true, true) => scheme.to_owned(),
        (true, false) => format!("{scheme} [redacted]"),
        (false, _) => "[redacted]".to_owned(),
    }
}

impl Caller {
    fn to_json(&self) -> Value {
        match self {
            Caller::User {
                user_principal_name,
            } => json!({ "user": user_principal_name }),
            Caller::Application { display_name } => json!({ "application": display_name }),
            Caller::Anonymous => json!("anonymous"),
        }
    }
}

impl RecordedBody {
    /// The body's shape, never its values (they may be passwords).
    fn summary(&self) -> Value {
        match self {
            RecordedBody::Empty => Value::Null,
            RecordedBody::ChangePassword(_) => {
                json!("{currentPassword: string, newPassword: string}")
            }
            RecordedBody::ValidatePassword(_) => json!("{password: string}"),
            RecordedBody::Raw(raw) => json!(body_summary(raw.expose_bytes())),
        }
    }
}

impl JournalEntry {
    /// The entry as JSON, for a client that is not written in Rust (what `fake_graph
    /// --journal-endpoint` serves at [`JOURNAL_ENDPOINT`](super::JOURNAL_ENDPOINT)):
    ///
    /// ```json
    /// {"method": "GET", "path": "/v1.0/users", "query": "$top=5&$filter=...",
    ///  "query_pairs": [["$top", "5"], ["$filter", "..."]],
    ///  "headers": [["accept", "application/json"], ["authorization", "Bearer [redacted]"]],
    ///  "operation": null, "route": "/v1.0/users", "batch_step": null, "status": 200,
    ///  "caller": {"user": "admin@contoso.com"}, "body": null,
    ///  "request_id": "...", "client_request_id": "..."}
    /// ```
    ///
    /// `caller` is `{"user": upn}`, `{"application": name}` or `"anonymous"`; `body` is
    /// `null` or the body's shape (`{password: string}`), never its values; credential
    /// headers are redacted as in [`headers`](Self::headers).
    pub fn to_json(&self) -> Value {
        json!({
            "method": self.method.as_str(),
            "path": self.path,
            "query": self.query,
            "query_pairs": self.query_pairs,
            "headers": self.headers,
            "operation": self.operation,
            "route": self.route,
            "batch_step": self.batch_step,
            "status": self.status,
            "caller": self.caller.to_json(),
            "body": self.body.summary(),
            "request_id": self.request_id,
            "client_request_id": self.client_request_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_entry_never_shows_a_password_in_debug() {
        let entry = JournalEntry {
            operation: Some("user: changePassword"),
            method: Method::POST,
            path: "/v1.0/me/changePassword".into(),
            query: String::new(),
            query_pairs: Vec::new(),
            headers: vec![("authorization".into(), "Bearer [redacted]".into())],
            route: None,
            batch_step: None,
            status: 204,
            caller: Caller::Anonymous,
            body: RecordedBody::ChangePassword(ChangePasswordRequest::new(
                "Old-Passw0rd!",
                "New-Passw0rd!",
            )),
            request_id: "r".into(),
            client_request_id: "c".into(),
        };
        let raw = RecordedBody::Raw(RawBody::new(br#"{"password":"Raw-Passw0rd!"}"#));
        let shown = format!("{entry:?} {raw:?} {entry:#?}");
        assert!(!shown.contains("Passw0rd"), "{shown}");
        assert!(shown.contains("redacted"));
        let json = entry.to_json().to_string();
        assert!(!json.contains("Passw0rd"), "{json}");
        assert!(
            json.contains("{currentPassword: string, newPassword: string}"),
            "{json}"
        );
    }

    #[test]
    fn a_credential_header_is_kept_as_its_scheme_and_never_its_value() {
        let mut h = HeaderMap::new();
        h.insert("authorization", "Bearer secret-token".parse().unwrap());
        h.insert("proxy-authorization", "Basic dXNlcjpwdw==".parse().unwrap());
        h.insert("cookie", "session=abc".parse().unwrap());
        h.insert("ConsistencyLevel", "eventual".parse().unwrap());
        let recorded = recorded_headers(&h);
        assert_eq!(
            recorded,
            [
                ("authorization".to_owned(), "Bearer [redacted]".to_owned()),
                (
                    "proxy-authorization".to_owned(),
                    "Basic [redacted]".to_owned()
                ),
                ("cookie".to_owned(), "[redacted]".to_owned()),
                ("consistencylevel".to_owned(), "eventual".to_owned()),
            ]
        );
        let mut empty = HeaderMap::new();
        empty.insert("authorization", "Bearer ".parse().unwrap());
        assert_eq!(recorded_headers(&empty)[0].1, "Bearer");
    }
}
