//! Delta rounds: a `delta` function's pages end with `@odata.deltaLink`, the link that
//! gives the changes since. [`Call::changes`] follows the pages to it and returns the
//! items with that link as a [`DeltaLink`]; [`Call::resume`] starts the next round from a
//! stored one.

use std::fmt;
use std::future::IntoFuture;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::pages::fetch;
use super::{Call, CallFuture};
use crate::error::Error;
use crate::page::{link_request, Page};

/// The `@odata.deltaLink` a delta round ended with: store it (it serializes as the link
/// text) and give it to [`Call::resume`] to get the changes since.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeltaLink(String);

impl DeltaLink {
    /// A link stored earlier (the text [`as_str`](DeltaLink::as_str) gave).
    pub fn new(link: impl Into<String>) -> Self {
        Self(link.into())
    }

    /// The link as Graph sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DeltaLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DeltaLink").field(&self.0).finish()
    }
}

impl fmt::Display for DeltaLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a delta round gave: the items (created, changed or removed, as Graph describes
/// them) and the link to resume from.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Delta<T> {
    /// Every item of the round's pages.
    pub items: Vec<T>,
    /// The `@odata.deltaLink` of the last page.
    pub delta_link: DeltaLink,
}

impl<'a, T: DeserializeOwned + Send + 'static> Call<'a, Page<T>> {
    /// A delta round: every page, following `@odata.nextLink` (on the client's own host
    /// and API version only), to the last one's `@odata.deltaLink`. Awaited:
    /// `Result<Delta<T>, Error>`; a last page without a delta link is an error.
    pub fn changes(self) -> Changes<'a, T> {
        Changes { call: self }
    }

    /// Starts this delta call from a link a previous round ended with, instead of from
    /// the start: the link's path and query are sent as Graph wrote them. A link under
    /// another API version than the call's, or that is not an absolute http(s) URL, is the
    /// call's error; one on another host is refused by the client, as a next-page link is.
    pub fn resume(mut self, link: &DeltaLink) -> Self {
        self.request = self.request.and_then(|request| {
            let operation = request.operation();
            link_request(Some(operation), Some(operation.version), link.as_str())
        });
        self
    }
}

/// A delta round; see [`Call::changes`].
#[must_use = "a delta round does nothing until it is awaited"]
pub struct Changes<'a, T> {
    call: Call<'a, Page<T>>,
}

impl<'a, T: DeserializeOwned + Send + 'static> IntoFuture for Changes<'a, T> {
    type Output = Result<Delta<T>, Error>;
    type IntoFuture = CallFuture<'a, Delta<T>>;

    fn into_future(self) -> Self::IntoFuture {
        let client = self.call.client;
        Box::pin(async move {
            let mut page = self.call.await?;
            let mut items = Vec::new();
            loop {
                let next = page.next_request()?;
                let link = page.delta_link.take();
                items.extend(page.value);
                match (next, link) {
                    (Some(request), _) => page = fetch(client, request).await?,
                    (None, Some(link)) => {
                        return Ok(Delta {
                            items,
                            delta_link: DeltaLink(link),
                        })
                    }
                    (None, None) => {
                        return Err(Error::builder(
                            "the delta round's last page has no @odata.deltaLink: expected one on the page without @odata.nextLink",
                        ))
                    }
                }
            }
        })
    }
}

impl<T> fmt::Debug for Changes<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Changes").field("call", &self.call).finish()
    }
}
