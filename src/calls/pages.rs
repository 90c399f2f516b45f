//! Every page of a list call: [`All`] collects the items into a `Vec`, [`Items`] streams
//! them. Both follow `@odata.nextLink` through [`Page::next`], so only links on the
//! client's own host and under the call's API version are followed.

use std::fmt;
use std::future::IntoFuture;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::{Call, CallFuture};
use crate::client::GraphClient;
use crate::error::Error;
use crate::page::Page;
use crate::request::GraphRequest;

impl<'a, T: DeserializeOwned + Send + 'static> Call<'a, Page<T>> {
    /// Every item of the collection, following `@odata.nextLink` from page to page
    /// (awaited: `Result<Vec<T>, Error>`). Cap it with [`All::max_items`].
    ///
    /// ```no_run
    /// # async fn run(call: msgraph_typed::Call<'_, msgraph_typed::Page<String>>) -> Result<(), msgraph_typed::Error> {
    /// let first_500: Vec<String> = call.top(100).all().max_items(500).await?;
    /// # Ok(()) }
    /// ```
    pub fn all(self) -> All<'a, T> {
        All {
            call: self,
            max_items: None,
        }
    }

    /// The items of the collection as a [`Stream`], fetching the next page when the
    /// items of one are used up (for collections too large to hold). An error ends it.
    pub fn items(self) -> Items<'a, T> {
        Items {
            client: self.client,
            state: State::Start(self),
        }
    }
}

/// Every item of a list call; see [`Call::all`].
#[must_use = "collecting does nothing until it is awaited"]
pub struct All<'a, T> {
    call: Call<'a, Page<T>>,
    max_items: Option<usize>,
}

impl<T> All<'_, T> {
    /// Stops after `n` items: no further page is fetched once `n` are collected, and the
    /// result holds the first `n`.
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }
}

impl<'a, T: DeserializeOwned + Send + 'static> IntoFuture for All<'a, T> {
    type Output = Result<Vec<T>, Error>;
    type IntoFuture = CallFuture<'a, Vec<T>>;

    fn into_future(self) -> Self::IntoFuture {
        let client = self.call.client;
        let max = self.max_items.unwrap_or(usize::MAX);
        Box::pin(async move {
            let mut page = self.call.await?;
            let mut items = Vec::new();
            loop {
                let room = max.saturating_sub(items.len());
                let full = page.value.len() >= room;
                // The request is built before the items move: nothing borrows the page
                // across an await (so `T` need not be `Sync`).
                let next = if full { None } else { page.next_request()? };
                items.extend(page.value.into_iter().take(room));
                match next {
                    Some(request) => page = fetch(client, request).await?,
                    None => return Ok(items),
                }
            }
        })
    }
}

impl<T> fmt::Debug for All<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("All")
            .field("call", &self.call)
            .field("max_items", &self.max_items)
            .finish()
    }
}

/// The items of a list call as a [`Stream`]; see [`Call::items`].
#[must_use = "streams do nothing unless polled"]
pub struct Items<'a, T> {
    client: &'a dyn GraphClient,
    state: State<'a, T>,
}

enum State<'a, T> {
    Start(Call<'a, Page<T>>),
    Fetching(CallFuture<'a, Page<T>>),
    Ready(std::vec::IntoIter<T>, Option<GraphRequest>),
    Done,
}

// Nothing is pinned in place: the futures are boxed, and items are only moved out.
impl<T> Unpin for Items<'_, T> {}

pub(super) fn fetch<'a, T: DeserializeOwned + Send + 'static>(
    client: &'a dyn GraphClient,
    request: GraphRequest,
) -> CallFuture<'a, Page<T>> {
    Box::pin(async move {
        let version = request.version();
        let response = client.execute(request).await?.error_for_status()?;
        response.page(version)
    })
}

impl<T: DeserializeOwned + Send + 'static> Stream for Items<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Start(call) => this.state = State::Fetching(Box::pin(call.into_future())),
                State::Fetching(mut future) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Fetching(future);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(page)) => match page.next_request() {
                        Err(e) => return Poll::Ready(Some(Err(e))),
                        Ok(next) => this.state = State::Ready(page.value.into_iter(), next),
                    },
                },
                State::Ready(mut items, next) => match items.next() {
                    Some(item) => {
                        this.state = State::Ready(items, next);
                        return Poll::Ready(Some(Ok(item)));
                    }
                    None => match next {
                        Some(request) => {
                            this.state = State::Fetching(fetch(this.client, request));
                        }
                        None => return Poll::Ready(None),
                    },
                },
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

impl<T> fmt::Debug for Items<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Start(_) => "not started",
            State::Fetching(_) => "fetching a page",
            State::Ready(..) => "yielding a page's items",
            State::Done => "done",
        };
        f.debug_struct("Items").field("state", &state).finish()
    }
}
