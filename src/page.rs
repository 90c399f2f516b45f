//! One page of a collection response: the `value` array and the link to the next page.

use serde::Deserialize;

/// One page of a collection (`{"value": [...], "@odata.nextLink": "..."}`): what
/// operations documented to return a collection give. Graph splits long collections;
/// `next_link`, when present, is the absolute URL of the next page (send it with a `GET`,
/// e.g. through [`GraphClient::execute`](crate::GraphClient::execute) on a request for it,
/// or with any HTTP client and the same token).
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
}

impl<T> Page<T> {
    /// A page (for tests that stand in for Graph).
    pub fn new(value: Vec<T>, next_link: Option<String>) -> Self {
        Self { value, next_link }
    }

    /// Whether Graph has more items after this page.
    pub fn has_next(&self) -> bool {
        self.next_link.is_some()
    }

    /// The items, without the link.
    pub fn into_value(self) -> Vec<T> {
        self.value
    }
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
}
