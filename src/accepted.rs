//! What a `202 Accepted` operation returns: where to follow the work it started; and
//! what an operation documented to answer with a redirect returns: where it points.

use crate::error::Error;
use crate::request::GraphResponse;

/// The answer of an operation documented to return `202 Accepted`: Graph has taken the
/// request and works on it; `location`, when Graph sends one, is the URL to poll for the
/// outcome (the `Location` header).
///
/// ```
/// use msgraph_typed::{Accepted, GraphResponse};
///
/// let mut response = GraphResponse::new(202, "");
/// response.headers.insert(
///     "location",
///     "https://graph.microsoft.com/v1.0/teams('1')/operations('2')".parse().unwrap(),
/// );
/// let accepted = response.accepted().unwrap();
/// assert_eq!(
///     accepted.location.as_deref(),
///     Some("https://graph.microsoft.com/v1.0/teams('1')/operations('2')")
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Accepted {
    /// The `Location` header: where to follow the operation, if Graph said.
    pub location: Option<String>,
}

impl Accepted {
    /// An answer with this `Location` (for tests that stand in for Graph).
    pub fn new(location: Option<String>) -> Self {
        Self { location }
    }
}

impl GraphResponse {
    /// For operations documented to return `202 Accepted`: the `Location` header, if any
    /// (a header that is not text is treated as absent). The body is ignored.
    pub fn accepted(self) -> Result<Accepted, Error> {
        let location = self
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Accepted { location })
    }
}

/// The answer of an operation documented to return a redirect (`302 Found` to a
/// pre-authenticated download URL, as Graph's report functions and file conversion do):
/// its status and its `Location` header. The client never follows it: the token stays
/// with Graph, and the download URL needs none.
///
/// ```
/// use msgraph_typed::GraphResponse;
///
/// let mut response = GraphResponse::new(302, "");
/// response.headers.insert("location", "https://reports.example/d/1".parse().unwrap());
/// let redirect = response.redirect();
/// assert_eq!(redirect.status, 302);
/// assert_eq!(redirect.location.as_deref(), Some("https://reports.example/d/1"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// The status Graph answered with (`302`).
    pub status: u16,
    /// The `Location` header: where the answer is (a download URL), if Graph said.
    pub location: Option<String>,
}

impl Redirect {
    /// A redirect with this status and `Location` (for tests that stand in for Graph).
    pub fn new(status: u16, location: Option<String>) -> Self {
        Self { status, location }
    }
}

impl GraphResponse {
    /// For operations documented to answer with a redirect: the status and the
    /// `Location` header, if any (a header that is not text is treated as absent). The
    /// body is ignored.
    pub fn redirect(self) -> Redirect {
        let location = self
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Redirect {
            status: self.status,
            location,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_202_without_a_location_header_has_no_location() {
        let accepted = GraphResponse::new(202, "").accepted().unwrap();
        assert_eq!(accepted, Accepted::new(None));
    }

    #[test]
    fn the_location_header_of_a_202_is_returned() {
        let mut response = GraphResponse::new(202, "{}");
        response.headers.insert(
            http::header::LOCATION,
            "/teams('1')/operations('2')".parse().unwrap(),
        );
        assert_eq!(
            response.accepted().unwrap().location.as_deref(),
            Some("/teams('1')/operations('2')")
        );
    }
}
