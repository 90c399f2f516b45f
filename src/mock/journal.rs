//! The journal: every call the simulated Graph received, for assertions.

use std::fmt;

use http::Method;
use zeroize::Zeroize;

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
    /// empty when there was none.
    pub query: String,
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
    }
}
