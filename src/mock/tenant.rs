//! Who lives in the simulated tenant, and the faults it can be told to inject.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::secret::SecretString;

/// The Entra roles that may call `validatePassword` (from its page). Compared ignoring case.
pub const PASSWORD_ADMIN_ROLES: [&str; 4] = [
    "Password Administrator",
    "Helpdesk Administrator",
    "User Administrator",
    "Global Administrator",
];

/// The Entra roles that may write to the directory (create, update and delete users, groups,
/// applications, ...; add and remove members). Compared ignoring case. An application token
/// may write too.
pub const DIRECTORY_WRITER_ROLES: [&str; 4] = [
    "Global Administrator",
    "User Administrator",
    "Groups Administrator",
    "Application Administrator",
];

/// Whether `roles` holds one of `allowed`, ignoring case and surrounding spaces.
fn holds(roles: &[String], allowed: &[&str]) -> bool {
    roles
        .iter()
        .any(|r| allowed.iter().any(|a| a.eq_ignore_ascii_case(r.trim())))
}

/// A user of the simulated tenant: principal name, password, the token that signs them in,
/// their Entra roles (by display name, e.g. `"Password Administrator"`), and any other Graph
/// property of the user (`displayName`, `jobTitle`, ...), returned on reads.
///
/// ```
/// use msgraph_typed::mock::SimulatedUser;
///
/// let admin = SimulatedUser::new("admin@contoso.com", "Adm1n-Passw0rd!", "admin-token")
///     .role("Helpdesk Administrator");
/// assert!(admin.is_password_admin());
/// assert!(!format!("{admin:?}").contains("Passw0rd"));
/// ```
#[derive(Debug, Clone)]
pub struct SimulatedUser {
    pub(crate) id: String,
    pub(crate) user_principal_name: String,
    pub(crate) password: SecretString,
    /// `None`: the user cannot sign in (made by `POST /users`, or seeded without a token).
    pub(crate) token: Option<SecretString>,
    pub(crate) roles: Vec<String>,
    pub(crate) properties: Map<String, Value>,
}

impl SimulatedUser {
    /// A user with no roles and a fresh id (a GUID).
    pub fn new(
        user_principal_name: impl Into<String>,
        password: impl Into<SecretString>,
        token: impl Into<SecretString>,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            user_principal_name: user_principal_name.into(),
            password: password.into(),
            token: Some(token.into()),
            roles: Vec::new(),
            properties: Map::new(),
        }
    }

    /// A user who has no token (created through Graph, or seeded without one).
    pub(crate) fn signed_out(
        id: String,
        user_principal_name: String,
        password: SecretString,
    ) -> Self {
        Self {
            id,
            user_principal_name,
            password,
            token: None,
            roles: Vec::new(),
            properties: Map::new(),
        }
    }

    /// Sets the password (for a user made by [`signed_out`](Self::signed_out)).
    pub(crate) fn with_password(mut self, password: SecretString) -> Self {
        self.password = password;
        self
    }

    /// Sets the user's id (default: a fresh GUID).
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// Sets a Graph property of the user (`displayName`, `jobTitle`, `mail`, ...), returned
    /// on reads as Graph would. `id` and `userPrincipalName` have their own setters and are
    /// ignored here, as is `passwordProfile` (the password is the user's own).
    #[must_use]
    pub fn property(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.properties.insert(name.into(), value.into());
        self
    }

    /// The user's id.
    pub fn user_id(&self) -> &str {
        &self.id
    }

    /// Adds an Entra role, by its display name.
    #[must_use]
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.roles.push(role.into());
        self
    }

    /// The user's principal name.
    pub fn user_principal_name(&self) -> &str {
        &self.user_principal_name
    }

    /// The user's Entra roles.
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// Whether one of the user's roles may call `validatePassword`.
    pub fn is_password_admin(&self) -> bool {
        holds(&self.roles, &PASSWORD_ADMIN_ROLES)
    }

    /// Whether one of the user's roles may write to the directory
    /// ([`DIRECTORY_WRITER_ROLES`]).
    pub fn is_directory_writer(&self) -> bool {
        holds(&self.roles, &DIRECTORY_WRITER_ROLES)
    }
}

/// An application of the simulated tenant, calling with an app-only token, with any other
/// Graph property of the application (`appId`, `signInAudience`, ...).
#[derive(Debug, Clone)]
pub struct SimulatedApplication {
    pub(crate) id: String,
    pub(crate) display_name: String,
    pub(crate) token: SecretString,
    pub(crate) properties: Map<String, Value>,
}

impl SimulatedApplication {
    /// An application named `display_name` whose token is `token`, with a fresh id.
    pub fn new(display_name: impl Into<String>, token: impl Into<SecretString>) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            display_name: display_name.into(),
            token: token.into(),
            properties: Map::new(),
        }
    }

    /// Sets the application's object id (default: a fresh GUID).
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// Sets a Graph property of the application, returned on reads (`id` and
    /// `displayName` have their own setters and are ignored here).
    #[must_use]
    pub fn property(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.properties.insert(name.into(), value.into());
        self
    }

    /// The application's display name.
    pub fn display_name(&self) -> &str {
        &self.display_name
    }
}

/// A failure the simulated Graph answers instead of processing the next call(s), like the
/// chaos handler of Microsoft's SDKs.
///
/// ```
/// use std::time::Duration;
/// use msgraph_typed::mock::Fault;
///
/// // The next two calls get 503 with `Retry-After: 0`; the third is processed.
/// let fault = Fault::status(503).times(2).retry_after(Duration::ZERO);
/// # let _ = fault;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub(crate) status: u16,
    pub(crate) times: u32,
    pub(crate) retry_after: Option<Duration>,
}

impl Fault {
    /// Answer the next call with `status` and a Graph error body (the code Graph uses for
    /// that status, e.g. `ServiceUnavailable` for 503). Statuses outside 100..=599 are
    /// answered as 500.
    pub fn status(status: u16) -> Self {
        let status = if (100..=599).contains(&status) {
            status
        } else {
            500
        };
        Self {
            status,
            times: 1,
            retry_after: None,
        }
    }

    /// Answer the next `times` calls this way (0 injects nothing).
    #[must_use]
    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }

    /// Add `Retry-After` to the answer, as Graph writes it: whole seconds when `delay` is
    /// whole (`7`), else to the millisecond (`2.128`), rounded up.
    #[must_use]
    pub fn retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = Some(delay);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_roles_are_recognised_ignoring_case_and_others_are_not() {
        let u = SimulatedUser::new("a@b", "p", "t");
        assert!(!u.is_password_admin());
        assert!(u.clone().role("global administrator").is_password_admin());
        assert!(!u.role("Security Reader").is_password_admin());
    }

    #[test]
    fn a_fault_with_an_impossible_status_answers_500() {
        assert_eq!(Fault::status(42).status, 500);
        assert_eq!(Fault::status(1000).status, 500);
        assert_eq!(Fault::status(504).status, 504);
    }
}
