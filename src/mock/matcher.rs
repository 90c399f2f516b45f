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

    /// Matches instead a JSON batch (`POST /{version}/$batch`) that carries at least one
    /// step calling this operation: the step's method, its URL (relative to the batch's
    /// version; the query is not looked at) and its body, decoded as `T`, checked as for
    /// a call sent alone.
    ///
    /// ```
    /// use msgraph_typed::mock;
    /// use msgraph_typed::models::ValidatePasswordRequest;
    ///
    /// let matcher = mock::expect::validate_password()
    ///     .body(|req: &ValidatePasswordRequest| req.password.len() >= 12)
    ///     .in_batch();
    /// assert_eq!(matcher.operation().name, "user: validatePassword");
    /// ```
    pub fn in_batch(self) -> BatchStepMatcher<T> {
        BatchStepMatcher { step: self }
    }

    /// Whether a call (or a batch step) with this method, versioned path and body is one of
    /// this operation's that the checks accept.
    fn call_matches(&self, method: &str, path: &str, body: impl FnOnce() -> Option<T>) -> bool {
        if method != self.operation.method.as_str() || !self.path_matches(path) {
            return false;
        }
        if self.checks.is_empty() {
            return true;
        }
        match body() {
            Some(body) => self.checks.iter().all(|check| check(&body)),
            None => false,
        }
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
        self.call_matches(request.method.as_str(), request.url.path(), || {
            serde_json::from_slice::<T>(&request.body).ok()
        })
    }
}

/// Matches a JSON batch that carries a step of one operation: see
/// [`OperationMatcher::in_batch`]. Answer it with a batch response (`{"responses": [...]}`
/// with an answer for each step id).
pub struct BatchStepMatcher<T> {
    step: OperationMatcher<T>,
}

impl<T> BatchStepMatcher<T> {
    /// The operation a step must call.
    pub fn operation(&self) -> &'static Operation {
        self.step.operation
    }
}

impl<T: DeserializeOwned + 'static> Match for BatchStepMatcher<T> {
    fn matches(&self, request: &Request) -> bool {
        let version = self.step.operation.version.as_str();
        let path = request.url.path();
        let is_batch = request.method == http::Method::POST
            && path.strip_prefix('/').and_then(|p| p.split_once('/')) == Some((version, "$batch"));
        if !is_batch {
            return false;
        }
        #[derive(serde::Deserialize)]
        struct Body {
            requests: Vec<serde_json::Value>,
        }
        let Ok(body) = serde_json::from_slice::<Body>(&request.body) else {
            return false;
        };
        body.requests.iter().any(|step| {
            let (Some(method), Some(url)) = (step["method"].as_str(), step["url"].as_str()) else {
                return false;
            };
            let url = url.split('?').next().unwrap_or_default();
            let path = format!("/{version}{url}");
            self.step
                .call_matches(&method.to_ascii_uppercase(), &path, || {
                    serde_json::from_value::<T>(step.get("body")?.clone()).ok()
                })
        })
    }
}

impl<T> Clone for BatchStepMatcher<T> {
    fn clone(&self) -> Self {
        Self {
            step: self.step.clone(),
        }
    }
}

impl<T> fmt::Debug for BatchStepMatcher<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchStepMatcher")
            .field("step", &self.step)
            .finish()
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

    fn batch_request(path: &str, body: serde_json::Value) -> Request {
        let url = format!("http://127.0.0.1{path}").parse().unwrap();
        Request {
            url,
            method: http::Method::POST,
            headers: http::HeaderMap::new(),
            body: serde_json::to_vec(&body).unwrap(),
        }
    }

    #[test]
    fn a_batch_step_matches_on_its_method_relative_url_and_typed_body() {
        #[derive(serde::Deserialize)]
        struct Assign {
            #[serde(rename = "addLicenses")]
            add: Vec<String>,
        }
        let m = OperationMatcher::<Assign>::new(&ASSIGN)
            .body(|b: &Assign| b.add == ["sku-1"])
            .in_batch();
        let step = |method: &str, url: &str, sku: &str| {
            serde_json::json!({"id": "1", "method": method, "url": url,
                               "body": {"addLicenses": [sku]}})
        };
        let with = |steps: Vec<serde_json::Value>| serde_json::json!({ "requests": steps });
        let get = serde_json::json!({"id": "2", "method": "GET", "url": "/users/42"});
        assert!(m.matches(&batch_request(
            "/v1.0/$batch",
            with(vec![
                get.clone(),
                step("POST", "/users/42/assignLicense?x=1", "sku-1")
            ])
        )));
        for (path, steps) in [
            (
                "/beta/$batch",
                vec![step("POST", "/users/42/assignLicense", "sku-1")],
            ),
            (
                "/v1.0/$batch",
                vec![step("POST", "/users/42/assignLicense", "sku-2")],
            ),
            (
                "/v1.0/$batch",
                vec![step("PATCH", "/users/42/assignLicense", "sku-1")],
            ),
            (
                "/v1.0/$batch",
                vec![step("POST", "/v1.0/users/42/assignLicense", "sku-1")],
            ),
            ("/v1.0/$batch", vec![get]),
            (
                "/v1.0/users/42/assignLicense",
                vec![step("POST", "/users/42/assignLicense", "sku-1")],
            ),
        ] {
            assert!(
                !m.matches(&batch_request(path, with(steps.clone()))),
                "{path} {steps:?}"
            );
        }
    }

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
