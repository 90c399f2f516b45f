//! A call that is built but not sent: its request and how to read the answer.
//!
//! Every typed call can be taken apart into a [`GraphRequest`] and a [`Decoder`], so that
//! something other than awaiting it (a JSON batch, a custom sender) can send the request and
//! still get back exactly the result the call would have given.

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::page::Page;
use crate::request::{GraphRequest, GraphResponse, Operation};

/// Reads a response (whatever its status) into a call's result, as awaiting the call would:
/// a Graph error status is the call's [`Error`], a body that does not fit is a decode error.
/// It is given the operation the request called.
pub type Decoder<T> = fn(&'static Operation, GraphResponse) -> Result<T, Error>;

/// A call that is built but not sent.
///
/// ```
/// use http::Method;
/// use msgraph_typed::{decode_json, ApiVersion, Decoder, Error, GraphCall, GraphRequest,
///                     GraphResponse, Operation, Replay};
///
/// static GET_USER: Operation =
///     Operation::new("user: get", Method::GET, ApiVersion::V1, "/users/{id}", Replay::Safe);
///
/// #[derive(serde::Deserialize)]
/// struct User { id: String }
///
/// struct GetUser(&'static str);
///
/// impl GraphCall for GetUser {
///     type Output = User;
///     fn into_parts(self) -> Result<(GraphRequest, Decoder<User>), Error> {
///         let path = format!("/users/{}", msgraph_typed::path_param("id", self.0)?);
///         Ok((GraphRequest::new(&GET_USER, path), decode_json::<User>))
///     }
/// }
///
/// let (request, decode) = GetUser("u1").into_parts().unwrap();
/// assert_eq!(request.target(), "/users/u1");
/// let user = decode(request.operation(), GraphResponse::new(200, r#"{"id":"u1"}"#)).unwrap();
/// assert_eq!(user.id, "u1");
/// let error = decode(request.operation(), GraphResponse::new(404, "")).err().unwrap();
/// assert_eq!(error.status(), Some(404));
/// assert!(GetUser("").into_parts().is_err());
/// ```
pub trait GraphCall: Send {
    /// What the call gives when it succeeds.
    type Output: Send + 'static;

    /// The request the call sends (path, query, headers, timeout, body) and how its
    /// response is read. An `Err` is a call that could not be built (an empty key, a body
    /// that does not serialize), found before anything is sent.
    fn into_parts(self) -> Result<(GraphRequest, Decoder<Self::Output>), Error>;
}

/// A [`Decoder`] for operations that answer with a JSON body: a 2xx status gives the body as
/// `T`, any other the [`Error`] Graph's error body describes.
pub fn decode_json<T: DeserializeOwned>(
    _operation: &'static Operation,
    response: GraphResponse,
) -> Result<T, Error> {
    response.error_for_status()?.json()
}

/// A [`Decoder`] for operations documented to answer with no body (`204 No Content`): a
/// 2xx status gives `()`, any other the [`Error`] Graph's error body describes.
pub fn decode_no_content(
    _operation: &'static Operation,
    response: GraphResponse,
) -> Result<(), Error> {
    response.error_for_status()?.no_content()
}

/// A [`Decoder`] for operations that answer with a collection: a 2xx status gives the body
/// as a [`Page`] of `T` under the operation's version (so that its next page stays under
/// it), any other the [`Error`] Graph's error body describes.
pub fn decode_page<T: DeserializeOwned>(
    operation: &'static Operation,
    response: GraphResponse,
) -> Result<Page<T>, Error> {
    response.error_for_status()?.page(operation.version)
}

#[cfg(test)]
mod tests {
    use http::Method;

    use super::*;
    use crate::request::{ApiVersion, Replay};

    static LIST: Operation = Operation::new(
        "list",
        Method::GET,
        ApiVersion::Beta,
        "/users",
        Replay::Safe,
    );

    #[test]
    fn a_page_decoder_keeps_the_operations_version_for_the_next_page() {
        let body = r#"{"value":[1,2],"@odata.nextLink":"https://graph.microsoft.com/beta/users?$skiptoken=a"}"#;
        let page: Page<u32> = decode_page(&LIST, GraphResponse::new(200, body)).unwrap();
        assert_eq!(page.value, [1, 2]);
        assert_eq!(page.version(), Some(ApiVersion::Beta));
    }

    #[test]
    fn every_decoder_turns_an_error_status_into_graphs_error() {
        let body = r#"{"error":{"code":"Request_ResourceNotFound","message":"gone"}}"#;
        let e = decode_no_content(&LIST, GraphResponse::new(404, body)).unwrap_err();
        assert_eq!(e.code(), Some("Request_ResourceNotFound"));
        let e = decode_page::<u32>(&LIST, GraphResponse::new(404, body)).unwrap_err();
        assert_eq!(e.status(), Some(404));
        let e = decode_json::<u32>(&LIST, GraphResponse::new(429, body)).unwrap_err();
        assert_eq!(e.status(), Some(429));
        assert_eq!(
            decode_no_content(&LIST, GraphResponse::new(204, "")).ok(),
            Some(())
        );
    }
}
