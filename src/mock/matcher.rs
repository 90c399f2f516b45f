//! `OperationMatcher`: a wiremock matcher for one Graph operation, with typed refinements
//! on the request body.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use wiremock::{Match, Request};

use crate::request::Operation;

type BodyCheck<T> = Arc<dyn Fn(&T) -> bool + Send + Sync>;

/// Matches calls of one Graph operation: its method and its versioned path (a `{...}`
/// segment of the path template matches any one segment; literal segments ignore ASCII
/// case, as Graph does). Refine it on the typed request body with [`body`](Self::body) or
/// [`body_eq`](Self::body_eq); a body that does not decode into `T` then does not match.
///
/// Get one per operation from [`mock::expect`](crate::mock::expect):
///
/// ```
/// use msgraph_typed::mock;
/// use msgraph_typed::models::ChangePasswordRequest;
///
/// let matcher = mock::expect::change_password()
///     .body(|req: &ChangePasswordRequest| req.new_password.len() >= 12);
/// assert_eq!(matcher.operation().name, "user: changePassword");
/// ```
pub struct OperationMatcher<T> {
    operation: &'static Operation,
    checks: Vec<BodyCheck<T>>,
    _body: PhantomData<fn() -> T>,
}

impl<T> OperationMatcher<T> {
    /// Matches calls of `operation` (generated code calls this, one function per
    /// operation).
    pub fn new(operation: &'static Operation) -> Self {
        Self {
            operation,
            checks: Vec::new(),
            _body: PhantomData,
        }
    }

    /// The operation matched.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Also requires `check` to accept the body, decoded as `T`.
    #[must_use]
    pub fn body(mut self, check: impl Fn(&T) -> bool + Send + Sync + 'static) -> Self {
        self.checks.push(Arc::new(check));
        self
    }

    /// Also requires the body, decoded as `T`, to equal `expected`.
    #[must_use]
    pub fn body_eq(self, expected: T) -> Self
    where
        T: PartialEq + Send + Sync + 'static,
    {
        self.body(move |actual| *actual == expected)
    }

    fn path_matches(&self, path: &str) -> bool {
        let expected = format!(
            "/{}{}",
            self.operation.version.as_str(),
            self.operation.path
        );
        let mut want = expected.split('/');
        let mut got = path.split('/');
        loop {
            match (want.next(), got.next()) {
                (None, None) => return true,
                (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') => {
                    if g.is_empty() {
                        return false;
                    }
                }
                (Some(w), Some(g)) if w.eq_ignore_ascii_case(g) => {}
                _ => return false,
            }
        }
    }
}

impl<T: DeserializeOwned + 'static> Match for OperationMatcher<T> {
    fn matches(&self, request: &Request) -> bool {
        if request.method != self.operation.method || !self.path_matches(request.url.path()) {
            return false;
        }
        if self.checks.is_empty() {
            return true;
        }
        match serde_json::from_slice::<T>(&request.body) {
            Ok(body) => self.checks.iter().all(|check| check(&body)),
            Err(_) => false,
        }
    }
}

impl<T> Clone for OperationMatcher<T> {
    fn clone(&self) -> Self {
        Self {
            operation: self.operation,
            checks: self.checks.clone(),
            _body: PhantomData,
        }
    }
}

impl<T> fmt::Debug for OperationMatcher<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationMatcher")
            .field("operation", &self.operation.name)
            .field("method", &self.operation.method)
            .field(
                "path",
                &format_args!("/{}{}", self.operation.version, self.operation.path),
            )
            .field("body_checks", &self.checks.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{ApiVersion, Replay};

    static ASSIGN: Operation = Operation::new(
        "user: assignLicense",
        http::Method::POST,
        ApiVersion::V1,
        "/users/{id}/assignLicense",
        Replay::OnlyUnprocessed,
    );

    #[test]
    fn a_path_parameter_matches_exactly_one_non_empty_segment() {
        let m = OperationMatcher::<serde_json::Value>::new(&ASSIGN);
        assert!(m.path_matches("/v1.0/users/42/assignLicense"));
        assert!(m.path_matches("/v1.0/USERS/a%40b.com/assignlicense"));
        assert!(!m.path_matches("/v1.0/users//assignLicense"));
        assert!(!m.path_matches("/v1.0/users/1/2/assignLicense"));
        assert!(!m.path_matches("/beta/users/42/assignLicense"));
        assert!(!m.path_matches("/v1.0/users/42/assignLicense/x"));
        assert!(!m.path_matches("/v1.0/users/42"));
    }
}
