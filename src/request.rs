//! The transport-neutral request and response that every `GraphClient` executes.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Error;
use crate::secret::WipeOnDrop;

/// The Graph API version an operation lives under (its path prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `/v1.0`: the stable API.
    V1,
    /// `/beta`: preview APIs, subject to change; not supported for production use.
    Beta,
}

impl ApiVersion {
    /// The path segment of the version: `v1.0` or `beta`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a request may be sent again after an outcome the client cannot know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Replay {
    /// The operation changes nothing (or is idempotent): it may be replayed after a timeout,
    /// a reset connection or a 504, as well as after 429 and 503.
    Safe,
    /// The operation changes state: it is replayed only when the service said it did not
    /// process it (429, 503, and a 401 that refused the token, once with a new one), never
    /// after a timeout, a reset connection or a 504.
    OnlyUnprocessed,
}

/// What the generator knows of one Graph operation, from its documentation page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The page's name of the operation, e.g. `user: changePassword`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The API version the operation's page documents.
    pub version: ApiVersion,
    /// The path template under the version, e.g. `/users/{id}/assignLicense`.
    pub path: &'static str,
    /// Replay safety, from the method and the kind of operation.
    pub replay: Replay,
}

impl Operation {
    /// Describes an operation. Generated code calls this; it is public so that code
    /// generated for a downstream crate can too.
    pub const fn new(
        name: &'static str,
        method: Method,
        version: ApiVersion,
        path: &'static str,
        replay: Replay,
    ) -> Self {
        Self {
            name,
            method,
            version,
            path,
            replay,
        }
    }
}

/// A request to Graph, ready for any [`GraphClient`](crate::GraphClient).
///
/// The body is serialized JSON. It may carry a password, so it is redacted in `Debug` and
/// wiped from memory when the last copy is dropped.
#[derive(Clone)]
pub struct GraphRequest {
    operation: &'static Operation,
    path: String,
    body: Option<Bytes>,
    /// The origin (`scheme://host[:port]`) an absolute link named, for a next-page request:
    /// the transport refuses the request unless this is its own root.
    origin: Option<String>,
}

impl GraphRequest {
    /// A request for `operation` at `path` (under the version, e.g. `/me/changePassword`).
    pub fn new(operation: &'static Operation, path: impl Into<String>) -> Self {
        Self {
            operation,
            path: path.into(),
            body: None,
            origin: None,
        }
    }

    /// Requires the transport's root to be `origin` (`scheme://host[:port]`, as
    /// [`Url::origin`](reqwest::Url::origin) serializes it): set for a request built from
    /// an absolute link Graph sent, such as a page's `@odata.nextLink`.
    pub(crate) fn at_origin(mut self, origin: String) -> Self {
        self.origin = Some(origin);
        self
    }

    /// For a request built from an absolute link Graph sent (a page's `@odata.nextLink`):
    /// the origin (`scheme://host[:port]`) the link named. A client must refuse the request,
    /// without sending it, unless this is the root it sends its token to;
    /// [`ReqwestGraphClient`](crate::ReqwestGraphClient) does. `None` for other requests.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// Serializes `body` as the JSON request body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(Error::encode)?;
        self.body = Some(Bytes::from_owner(WipeOnDrop(bytes)));
        Ok(self)
    }

    /// The operation this request calls.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.operation.method
    }

    /// The API version.
    pub fn version(&self) -> ApiVersion {
        self.operation.version
    }

    /// The path under the version, e.g. `/me/changePassword`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path with its version prefix, e.g. `/v1.0/me/changePassword`.
    pub fn versioned_path(&self) -> String {
        format!("/{}{}", self.operation.version.as_str(), self.path)
    }

    /// The JSON body, if any. Treat it as secret: it may hold a password.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }
}

impl fmt::Debug for GraphRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphRequest")
            .field("operation", &self.operation.name)
            .field("method", &self.operation.method)
            .field("version", &self.operation.version)
            .field("path", &self.path)
            .field("origin", &self.origin)
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|b| format!("[redacted, {} bytes]", b.len())),
            )
            .finish()
    }
}

/// A response from Graph: status, headers and body, whatever the status.
#[derive(Debug, Clone)]
pub struct GraphResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The response body.
    pub body: Bytes,
}

impl GraphResponse {
    /// A response with no headers.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            body: body.into(),
        }
    }

    /// Graph's `request-id` header, if present.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("request-id").and_then(|v| v.to_str().ok())
    }

    /// `Ok(self)` for a 2xx status; otherwise the [`Error`] Graph's error body describes.
    pub fn error_for_status(self) -> Result<Self, Error> {
        if (200..300).contains(&self.status) {
            Ok(self)
        } else {
            Err(Error::from_response(&self))
        }
    }

    /// Decodes the body as `T`; a body that does not fit is a decode error carrying the
    /// status, the request-id and a short snippet of the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| Error::decode(self, e))
    }

    /// For operations documented to return no body (`204 No Content`).
    pub fn no_content(self) -> Result<(), Error> {
        Ok(())
    }
}
