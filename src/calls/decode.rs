//! The decoders of the responses that the ready-made ones in `call` do not cover: a
//! primitive wrapped as `{"value": ...}`, and `202 Accepted` with a `Location`.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::accepted::Accepted;
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
