//! A password-change service, written the way an app downstream of `msgraph-typed` would
//! write it. It takes its Graph client from outside (`Arc<dyn GraphClient>`, or any
//! `C: GraphClient`), so its tests can hand it the simulated Graph.
#![deny(missing_docs, missing_debug_implementations)]

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use msgraph_typed::models::{ChangePasswordRequest, ValidatePasswordRequest};
use msgraph_typed::{Error, GraphClient};

/// Below this many characters a new password is refused without asking Graph.
pub const MIN_LENGTH: usize = 8;

/// Why a password change did not happen, in the service's own terms.
#[derive(Debug)]
#[non_exhaustive]
pub enum ChangeError {
    /// The new password is too short; Graph was not called.
    TooShort,
    /// The caller is not signed in (Graph said 401).
    NotSignedIn,
    /// Graph refused the change (wrong current password, policy); the reason is Graph's
    /// message.
    Refused {
        /// Graph's message.
        reason: String,
    },
    /// Graph is busy; try again after the delay, when Graph gave one.
    TryLater {
        /// Graph's `Retry-After`.
        after: Option<Duration>,
    },
    /// Anything else.
    Graph(Error),
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::TooShort => {
                write!(f, "the new password needs {MIN_LENGTH} characters or more")
            }
            ChangeError::NotSignedIn => f.write_str("sign in again"),
            ChangeError::Refused { reason } => write!(f, "refused: {reason}"),
            ChangeError::TryLater { after: Some(d) } => {
                write!(f, "busy; try again in {}s", d.as_secs())
            }
            ChangeError::TryLater { after: None } => f.write_str("busy; try again later"),
            ChangeError::Graph(e) => write!(f, "Graph failed: {e}"),
        }
    }
}

impl std::error::Error for ChangeError {}

impl From<Error> for ChangeError {
    fn from(e: Error) -> Self {
        match e.status() {
            Some(401) => ChangeError::NotSignedIn,
            Some(400) => ChangeError::Refused {
                reason: e.message().to_owned(),
            },
            Some(429 | 503) => ChangeError::TryLater {
                after: e.retry_after(),
            },
            _ => ChangeError::Graph(e),
        }
    }
}

/// Changes the signed-in user's password.
#[derive(Clone)]
pub struct PasswordService {
    graph: Arc<dyn GraphClient>,
}

impl fmt::Debug for PasswordService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordService").finish_non_exhaustive()
    }
}

impl PasswordService {
    /// A service calling Graph through `graph` (signed in as the user).
    pub fn new(graph: Arc<dyn GraphClient>) -> Self {
        Self { graph }
    }

    /// Changes the password from `current` to `new`.
    pub async fn change(&self, current: &str, new: &str) -> Result<(), ChangeError> {
        if new.chars().count() < MIN_LENGTH {
            return Err(ChangeError::TooShort);
        }
        self.graph
            .me()
            .change_password(ChangePasswordRequest::new(current, new))
            .await
            .map_err(ChangeError::from)
    }
}

/// Tells a helpdesk operator what is wrong with a candidate password, through an admin's
/// Graph client.
#[derive(Debug, Clone)]
pub struct PasswordAdvisor<C> {
    admin: C,
}

impl<C: GraphClient> PasswordAdvisor<C> {
    /// An advisor calling Graph as `admin` (who needs a password admin role).
    pub fn new(admin: C) -> Self {
        Self { admin }
    }

    /// The names of the rules `candidate` fails; empty when it is valid.
    pub async fn weaknesses(&self, candidate: &str) -> Result<Vec<String>, Error> {
        let info = self
            .admin
            .users()
            .validate_password(ValidatePasswordRequest::new(candidate))
            .await?;
        Ok(info
            .validation_results
            .into_iter()
            .filter(|r| !r.validation_passed)
            .map(|r| r.rule_name)
            .collect())
    }
}
