//! One page of a collection response: the `value` array and the link to the next page,
//! and how to follow that link without sending the token anywhere but the client's root.

use http::Method;
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::client::GraphClient;
use crate::error::Error;
use crate::request::{ApiVersion, GraphRequest, GraphResponse, Operation, Replay};

/// One page of a collection (`{"value": [...], "@odata.nextLink": "..."}`): what
/// operations documented to return a collection give. Graph splits long collections;
/// `next_link`, when present, is the absolute URL of the next page, and
/// [`next`](Page::next) fetches it through the same client.
///
/// ```
/// use msgraph_typed::Page;
///
/// let page: Page<String> = serde_json::from_str(
///     r#"{"value": ["a", "b"], "@odata.nextLink": "https://graph.microsoft.com/v1.0/x?$skiptoken=1"}"#,
/// ).unwrap();
/// assert_eq!(page.value, ["a", "b"]);
/// assert!(page.has_next());
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    /// `@odata.nextLink`: the URL of the next page, when there is one.
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: on the last page of a delta function's round, the link that
    /// gives the changes since (see [`Call::changes`](crate::Call::changes)).
    #[serde(rename = "@odata.deltaLink", default)]
    pub delta_link: Option<String>,
    /// The API version of the request this page answered, when known: the next page must
    /// be under the same one.
    #[serde(skip)]
    version: Option<ApiVersion>,
}

/// The operations a next-page request calls: a `GET` of the link, replayable, under
/// each version.
static NEXT_PAGE_V1: Operation = Operation::new(
    "next page (@odata.nextLink)",
    Method::GET,
    ApiVersion::V1,
    "{@odata.nextLink}",
    Replay::Safe,
);
static NEXT_PAGE_BETA: Operation = Operation::new(
    "next page (@odata.nextLink)",
    Method::GET,
    ApiVersion::Beta,
    "{@odata.nextLink}",
    Replay::Safe,
);

impl<T> Page<T> {
    /// A page (for tests that stand in for Graph). Its version is unknown: see
    /// [`under_version`](Page::under_version).
    pub fn new(value: Vec<T>, next_link: Option<String>) -> Self {
        Self {
            value,
            next_link,
            delta_link: None,
            version: None,
        }
    }

    /// This page answered a request under `version`, so its next page must be under it
    /// too. Typed operations set it; a page decoded by hand has no version until told.
    pub fn under_version(mut self, version: ApiVersion) -> Self {
        self.version = Some(version);
        self
    }

    /// The API version of the request this page answered, if known.
    pub fn version(&self) -> Option<ApiVersion> {
        self.version
    }

    /// Whether Graph has more items after this page.
    pub fn has_next(&self) -> bool {
        self.next_link.is_some()
    }

    /// The items, without the link.
    pub fn into_value(self) -> Vec<T> {
        self.value
    }

    /// The request for the next page, or `None` on the last page.
    ///
    /// The link is a full URL from the response body, so it is checked before anything is
    /// sent: it must be `http(s)://host[:port]/{version}/...` with no user or password,
    /// under this page's version (or, for a page whose version is unknown, under `v1.0` or
    /// `beta`). Its origin travels with the request ([`GraphRequest::origin`]), and the
    /// client refuses it unless that is the root it sends its token to. The path and query
    /// (`$skiptoken=...`) are kept as Graph wrote them; a fragment is dropped.
    pub fn next_request(&self) -> Result<Option<GraphRequest>, Error> {
        match &self.next_link {
            None => Ok(None),
            Some(link) => next_link_request(self.version, link).map(Some),
        }
    }

    /// Fetches the next page through `client`, or gives `None` on the last page. The next
    /// page keeps this page's version, so a loop of `next` stays under it.
    ///
    /// Errors, with nothing sent: a link that is not an absolute http(s) URL, carries a
    /// user, or is under another API version (see [`next_request`](Page::next_request));
    /// with [`ReqwestGraphClient`](crate::ReqwestGraphClient), a link to another scheme,
    /// host or port than the client's root (an [`is_insecure`](Error::is_insecure) error
    /// naming the host). Otherwise the errors of any call: Graph's error status, a body
    /// that is not a page of `T`, the transport's.
    ///
    /// ```no_run
    /// # use msgraph_typed::{Error, GraphClient, Page};
    /// # async fn all(client: &dyn GraphClient, first: Page<String>) -> Result<Vec<String>, Error> {
    /// let mut items = Vec::new();
    /// let mut page = Some(first);
    /// while let Some(current) = page {
    ///     let next = current.next(client).await?;
    ///     items.extend(current);
    ///     page = next;
    /// }
    /// # Ok(items) }
    /// ```
    pub async fn next<C>(&self, client: &C) -> Result<Option<Page<T>>, Error>
    where
        C: GraphClient + ?Sized,
        T: DeserializeOwned,
    {
        let Some(request) = self.next_request()? else {
            return Ok(None);
        };
        let version = request.version();
        let response = client.execute(request).await?.error_for_status()?;
        response.page(version).map(Some)
    }
}

impl GraphResponse {
    /// For operations documented to return a collection: the body as a [`Page`] of `T`,
    /// remembering that it answered a request under `version`.
    pub fn page<T: DeserializeOwned>(&self, version: ApiVersion) -> Result<Page<T>, Error> {
        self.json::<Page<T>>()
            .map(|page| page.under_version(version))
    }
}

/// A `GET` request for `link`, an absolute next-page URL; see [`Page::next_request`].
fn next_link_request(version: Option<ApiVersion>, link: &str) -> Result<GraphRequest, Error> {
    link_request(None, version, link)
}

/// A request for `link`, an absolute URL Graph sent (a next-page or delta link), checked
/// as [`Page::next_request`] says: for `operation`, or for a next-page `GET` when `None`.
pub(crate) fn link_request(
    operation: Option<&'static Operation>,
    version: Option<ApiVersion>,
    link: &str,
) -> Result<GraphRequest, Error> {
    let what_link = if operation.is_some() {
        "link"
    } else {
        "next-page link"
    };
    let refuse = |what: &str| {
        Error::builder(format!(
            "the {what_link} Graph sent was not followed: {what}"
        ))
    };
    let url = Url::parse(link).map_err(|e| refuse(&format!("it is not a URL ({e})")))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(refuse("it is not an http(s) URL"));
    }
    let host = url.host_str().unwrap_or_default();
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(&format!("it carries a user or password for {host}")));
    }
    let (link_version, rest) = [ApiVersion::V1, ApiVersion::Beta]
        .into_iter()
        .find_map(|v| {
            let rest = url.path().strip_prefix('/')?.strip_prefix(v.as_str())?;
            rest.starts_with('/').then_some((v, rest))
        })
        .ok_or_else(|| refuse("its path does not start with /v1.0/ or /beta/"))?;
    if let Some(expected) = version.filter(|v| *v != link_version) {
        return Err(refuse(&format!(
            "it is under /{link_version} on {host}, and the collection was under /{expected}"
        )));
    }
    let operation = operation.unwrap_or(match link_version {
        ApiVersion::V1 => &NEXT_PAGE_V1,
        ApiVersion::Beta => &NEXT_PAGE_BETA,
    });
    let request = GraphRequest::new(operation, rest).with_raw_query(url.query().unwrap_or(""));
    Ok(request.at_origin(url.origin().ascii_serialization()))
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.value.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_page_has_no_next_link() {
        let page: Page<u32> = serde_json::from_str(r#"{"value": [1, 2]}"#).unwrap();
        assert_eq!(page, Page::new(vec![1, 2], None));
        assert!(!page.has_next());
    }

    #[test]
    fn the_next_link_is_kept_and_other_annotations_are_ignored() {
        let page: Page<u32> = serde_json::from_str(
            r#"{"@odata.context": "x", "value": [], "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=2"}"#,
        )
        .unwrap();
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://graph.microsoft.com/v1.0/users?$skiptoken=2")
        );
    }

    fn request(version: Option<ApiVersion>, link: &str) -> Result<Option<GraphRequest>, Error> {
        let page = Page::<u32>::new(vec![], Some(link.to_owned()));
        match version {
            Some(v) => page.under_version(v).next_request(),
            None => page.next_request(),
        }
    }

    #[test]
    fn the_last_page_has_no_next_request() {
        let page = Page::new(vec![1u32], None).under_version(ApiVersion::V1);
        assert!(page.next_request().unwrap().is_none());
    }

    #[test]
    fn a_next_link_becomes_a_get_of_its_path_and_exact_query_under_its_origin() {
        let link = "https://Graph.Microsoft.com:443/v1.0/groups/a%20b/members?$top=2&$skiptoken=RFNwdAIAAQAAAC%2bE%3d&x=%27y%27#frag";
        let r = request(Some(ApiVersion::V1), link).unwrap().unwrap();
        assert_eq!(r.method(), Method::GET);
        assert_eq!(r.version(), ApiVersion::V1);
        assert_eq!(r.operation().replay, Replay::Safe);
        assert_eq!(r.path(), "/groups/a%20b/members");
        assert_eq!(
            r.query(),
            "$top=2&$skiptoken=RFNwdAIAAQAAAC%2bE%3d&x=%27y%27"
        );
        assert_eq!(r.origin(), Some("https://graph.microsoft.com"));
        assert!(r.body().is_none());
    }

    #[test]
    fn a_next_link_under_another_version_is_refused_naming_both() {
        let e = request(
            Some(ApiVersion::V1),
            "https://graph.microsoft.com/beta/users?$skiptoken=1",
        )
        .unwrap_err();
        assert!(e.is_builder(), "{e}");
        let text = e.to_string();
        assert!(text.contains("/beta") && text.contains("/v1.0"), "{text}");
        assert!(text.contains("graph.microsoft.com"), "{text}");
    }

    #[test]
    fn a_page_of_unknown_version_follows_either_known_version_only() {
        for (link, version) in [
            (
                "https://graph.microsoft.com/v1.0/users?$skiptoken=1",
                ApiVersion::V1,
            ),
            (
                "https://graph.microsoft.com/beta/users?$skiptoken=1",
                ApiVersion::Beta,
            ),
        ] {
            let r = request(None, link).unwrap().unwrap();
            assert_eq!(r.version(), version, "{link}");
            assert_eq!(r.target(), "/users?$skiptoken=1", "{link}");
        }
        for link in [
            "https://graph.microsoft.com/v2.0/users",
            "https://graph.microsoft.com/v1.0",
            "https://graph.microsoft.com/v1.0x/users",
            "https://graph.microsoft.com/users?$skiptoken=1",
        ] {
            assert!(request(None, link).unwrap_err().is_builder(), "{link}");
        }
    }

    #[test]
    fn a_next_link_that_is_relative_not_http_or_carries_a_user_is_refused() {
        for link in [
            "/v1.0/users?$skiptoken=1",
            "not a url",
            "ftp://graph.microsoft.com/v1.0/users",
            "file:///v1.0/users",
            "https://user:hunter2@graph.microsoft.com/v1.0/users",
            "https://user@graph.microsoft.com/v1.0/users",
        ] {
            let e = request(Some(ApiVersion::V1), link).unwrap_err();
            assert!(e.is_builder(), "{link}: {e}");
            assert!(!e.to_string().contains("hunter2"), "{e}");
        }
    }

    #[test]
    fn a_next_link_to_another_host_keeps_that_origin_for_the_transport_to_refuse() {
        let r = request(
            Some(ApiVersion::V1),
            "https://evil.example:8443/v1.0/users?$skiptoken=1",
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.origin(), Some("https://evil.example:8443"));
    }

    #[test]
    fn a_collection_response_is_a_page_under_the_version_of_its_request() {
        let response = GraphResponse::new(200, r#"{"value": [3]}"#);
        let page: Page<u32> = response.page(ApiVersion::Beta).unwrap();
        assert_eq!(page.version(), Some(ApiVersion::Beta));
        assert_eq!(page.value, [3]);
        let bad = GraphResponse::new(200, r#"{"value": "x"}"#).page::<u32>(ApiVersion::V1);
        assert!(bad.unwrap_err().is_decode());
    }
}
