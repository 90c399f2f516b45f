//! [`Node`]: a place in Graph's URL tree, built one segment at a time by the generated
//! call tree (`client.users().by_id(id).messages()`).

use std::fmt;

use serde::Serialize;

use super::Call;
use crate::call::Decoder;
use crate::client::GraphClient;
use crate::error::Error;
use crate::path::path_segment;
use crate::request::{GraphRequest, Operation};

/// Bytes reserved after a root segment for the rest of a path (`/{id}/memberOf`, an
/// action's name), so that most paths are built in one allocation.
const ROOM_AFTER_ROOT: usize = 48;

/// A place in Graph's URL tree under a client: the path so far (under the API version),
/// or the first reason it cannot be sent (an empty key).
///
/// Generated code builds nodes; you reach them through the call tree
/// (`client.users().by_id("u1").messages()`) and end them with a call (`.list()`,
/// `.get()`). Each step percent-encodes what the caller gave, so a key can never add a
/// segment or start a query. A problem is kept, not raised: it is the call's error when
/// the call is sent (or taken apart by [`GraphCall::into_parts`](crate::GraphCall)),
/// before anything reaches the network.
///
/// ```
/// use msgraph_typed::mock::SimulatedGraph;
/// use msgraph_typed::Node;
///
/// let client = SimulatedGraph::contoso().client_as("admin-token");
/// let node = Node::root(&client, "users").key("id", "a/b").segment("messages");
/// assert_eq!(node.path(), Ok("/users/a%2Fb/messages"));
/// let empty = Node::root(&client, "users").key("id", "");
/// assert!(empty.path().unwrap_err().contains("empty"));
/// ```
#[derive(Clone)]
pub struct Node<'a> {
    client: &'a dyn GraphClient,
    path: Result<String, String>,
}

impl<'a> Node<'a> {
    /// The root of a group: `/{segment}` (`users`, `me`), sent through `client`.
    pub fn root(client: &'a dyn GraphClient, segment: &str) -> Self {
        // Pushed, not `format!`ed (which costs more than the copy, on every call), into room
        // for the segments that usually follow, so that they do not reallocate.
        let mut path = String::with_capacity(1 + segment.len() + ROOM_AFTER_ROOT);
        path.push('/');
        path.push_str(segment);
        Self {
            client,
            path: Ok(path),
        }
    }

    /// The client calls from this node are sent through.
    pub fn client(&self) -> &'a dyn GraphClient {
        self.client
    }

    /// The path so far, e.g. `/users/u1/messages`, or why it cannot be sent.
    pub fn path(&self) -> Result<&str, &str> {
        match &self.path {
            Ok(p) => Ok(p),
            Err(e) => Err(e),
        }
    }

    fn map(mut self, f: impl FnOnce(&mut String) -> Result<(), String>) -> Self {
        if let Ok(path) = &mut self.path {
            if let Err(e) = f(path) {
                self.path = Err(e);
            }
        }
        self
    }

    /// A literal segment, as the page writes it (`messages`, `$ref`).
    pub fn segment(self, text: &str) -> Self {
        self.map(|p| {
            p.push('/');
            p.push_str(text);
            Ok(())
        })
    }

    /// A key segment (`{id}`): `value` percent-encoded as one segment; an empty value is
    /// refused, naming the key (`name`, as the page writes it) and the path before it.
    pub fn key(self, name: &str, value: &str) -> Self {
        self.map(|p| {
            if value.is_empty() {
                return Err(format!(
                    "the key `{{{name}}}` after `{p}` is empty: expected a value for its segment"
                ));
            }
            p.push('/');
            p.push_str(&path_segment(value));
            Ok(())
        })
    }

    /// Graph's path-based addressing (`root:/{item-path}:`): `:/` + `value`'s
    /// `/`-separated parts, each percent-encoded, + `:`. An empty value, an empty part, or
    /// a `.`/`..` part is refused.
    pub fn path_key(self, name: &str, value: &str) -> Self {
        self.open_path_key(name, value).map(|p| {
            p.push(':');
            Ok(())
        })
    }

    /// Like [`path_key`](Node::path_key) without the closing `:`, for a path that ends
    /// with the item's path (`/sites/{hostname}:/{relative-path}`).
    pub fn open_path_key(self, name: &str, value: &str) -> Self {
        self.map(|p| {
            let parts: Vec<&str> = value.trim_matches('/').split('/').collect();
            if parts.iter().any(|s| s.is_empty() || *s == "." || *s == "..") {
                return Err(format!(
                    "the path `{{{name}}}` after `{p}` is empty or has an empty, `.` or `..` part: expected e.g. `folder/file.txt`"
                ));
            }
            let encoded: Vec<String> = parts.iter().map(|s| path_segment(s)).collect();
            p.push_str(":/");
            p.push_str(&encoded.join("/"));
            Ok(())
        })
    }

    /// A function segment, `range(address='{}')`: each `{}` is filled by the next
    /// [`arg`](Node::arg).
    pub fn function(self, template: &str) -> Self {
        self.segment(template)
    }

    /// Fills the first `{}` of the last [`function`](Node::function) with `value`,
    /// percent-encoded (and with `'` doubled inside a quoted string, as OData writes it);
    /// an empty value is refused, naming the parameter.
    pub fn arg(self, name: &str, value: &str) -> Self {
        self.map(|p| {
            let start = p.rfind('/').unwrap_or(0);
            let Some(at) = p.get(start..).and_then(|s| s.find("{}")).map(|i| start + i) else {
                return Err(format!("no place for the parameter `{name}` in `{p}`"));
            };
            if value.is_empty() {
                return Err(format!(
                    "the parameter `{name}` of `{p}` is empty: expected a value"
                ));
            }
            let quoted = p.get(..at).is_some_and(|s| s.ends_with('\''));
            let text = if quoted {
                path_segment(&value.replace('\'', "''"))
            } else {
                path_segment(value)
            };
            p.replace_range(at..at + 2, &text);
            Ok(())
        })
    }

    #[inline]
    fn request(self, operation: &'static Operation) -> Result<GraphRequest, Error> {
        let path = self
            .path
            .map_err(|e| Error::builder(format!("`{}` was not sent: {e}", operation.name)))?;
        Ok(GraphRequest::new(operation, path))
    }

    /// The call of `operation` at this node, read with `decode`.
    pub fn call<T>(self, operation: &'static Operation, decode: Decoder<T>) -> Call<'a, T> {
        let client = self.client;
        Call::from_request(client, self.request(operation), decode)
    }

    /// The call of `operation` at this node with `body` as its JSON body (serialized
    /// here: a body that does not serialize is the call's error).
    #[inline]
    pub fn call_json<T, B: Serialize + ?Sized>(
        self,
        operation: &'static Operation,
        body: &B,
        decode: Decoder<T>,
    ) -> Call<'a, T> {
        let client = self.client;
        let request = self.request(operation).and_then(|r| r.json(body));
        Call::from_request(client, request, decode)
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}
