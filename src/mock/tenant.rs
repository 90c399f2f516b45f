//! Who lives in the simulated tenant, and the faults it can be told to inject.

use std::time::Duration;

use crate::secret::SecretString;

/// The Entra roles that may call `validatePassword` (from its page). Compared ignoring case.
pub const PASSWORD_ADMIN_ROLES: [&str; 4] = [
    "Password Administrator",
    "Helpdesk Administrator",
    "User Administrator",
    "Global Administrator",
];

/// A user of the simulated tenant: principal name, password, the token that signs them in,
/// and their Entra roles (by display name, e.g. `"Password Administrator"`).
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
    pub(crate) user_principal_name: String,
    pub(crate) password: SecretString,
    pub(crate) token: SecretString,
    pub(crate) roles: Vec<String>,
}

impl SimulatedUser {
    /// A user with no roles.
    pub fn new(
        user_principal_name: impl Into<String>,
        password: impl Into<SecretString>,
        token: impl Into<SecretString>,
    ) -> Self {
        Self {
            user_principal_name: user_principal_name.into(),
            password: password.into(),
            token: token.into(),
            roles: Vec::new(),
        }
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
        self.roles.iter().any(|r| {
            PASSWORD_ADMIN_ROLES
                .iter()
                .any(|admin| admin.eq_ignore_ascii_case(r.trim()))
        })
    }
}

/// An application of the simulated tenant, calling with an app-only token.
#[derive(Debug, Clone)]
pub struct SimulatedApplication {
    pub(crate) display_name: String,
    pub(crate) token: SecretString,
}

impl SimulatedApplication {
    /// An application named `display_name` whose token is `token`.
    pub fn new(display_name: impl Into<String>, token: impl Into<SecretString>) -> Self {
        Self {
            display_name: display_name.into(),
            token: token.into(),
        }
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

    /// Add `Retry-After` (whole seconds, rounded up) to the answer.
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
