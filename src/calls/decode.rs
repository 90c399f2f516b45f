//! The decoders of the responses that the ready-made ones in `call` do not cover: a
//! primitive wrapped as `{"value": ...}`, `202 Accepted` with a `Location`, and a
//! documented redirect (`302 Found`) with its `Location`.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::accepted::{Accepted, Redirect};
use crate::error::Error;
use crate::request::{GraphResponse, Operation};

#[derive(Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct ValueBody<T> {
    value: T,
}

/// 2xx: the `value` of a `{"value": ...}` body (actions that return a primitive, such as
/// `revokeSignInSessions`' `true`); else Graph's error.
pub fn decode_value<T: DeserializeOwned>(
    _operation: &'static Operation,
    response: GraphResponse,
) -> Result<T, Error> {
    let body: ValueBody<T> = response.error_for_status()?.json()?;
    Ok(body.value)
}

/// 2xx: the [`Accepted`] (its `Location` header, where to follow the work); else Graph's
/// error.
pub fn decode_accepted(
    _operation: &'static Operation,
    response: GraphResponse,
) -> Result<Accepted, Error> {
    response.error_for_status()?.accepted()
}

/// A documented redirect (3xx, e.g. `302 Found` to a download URL): the [`Redirect`]
/// (its status and `Location`, not followed); a 2xx also gives one (a client that followed
/// the redirect itself), with the `Location` it sent, if any; else Graph's error.
pub fn decode_redirect(
    _operation: &'static Operation,
    response: GraphResponse,
) -> Result<Redirect, Error> {
    if (300..400).contains(&response.status) {
        return Ok(response.redirect());
    }
    Ok(response.error_for_status()?.redirect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{ApiVersion, Replay};

    static OP: Operation = Operation::new(
        "thing: check",
        http::Method::POST,
        ApiVersion::V1,
        "/things/check",
        Replay::Safe,
    );

    #[test]
    fn a_documented_redirect_gives_its_location_and_an_error_status_gives_graphs_error() {
        let mut response = GraphResponse::new(302, "");
        response.headers.insert(
            http::header::LOCATION,
            "https://reports.example/download/1".parse().unwrap(),
        );
        let redirect = decode_redirect(&OP, response).unwrap();
        assert_eq!(redirect.status, 302);
        assert_eq!(
            redirect.location.as_deref(),
            Some("https://reports.example/download/1")
        );
        let err = decode_redirect(
            &OP,
            GraphResponse::new(403, r#"{"error": {"code": "Forbidden", "message": "no"}}"#),
        )
        .unwrap_err();
        assert_eq!(err.code(), Some("Forbidden"));
    }

    #[test]
    fn a_value_body_gives_its_value_and_an_error_status_gives_graphs_error() {
        let ok: bool = decode_value(&OP, GraphResponse::new(200, r#"{"value": true}"#)).unwrap();
        assert!(ok);
        let err = decode_value::<bool>(
            &OP,
            GraphResponse::new(404, r#"{"error": {"code": "Nope", "message": "no"}}"#),
        )
        .unwrap_err();
        assert_eq!(err.code(), Some("Nope"));
    }
}
