//! Typed Microsoft Graph requests and responses, generated from the Graph documentation.
//!
//! (The crate tutorial is written in the front-door issue.)
#![deny(missing_docs, missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod client;
mod cloud;
mod error;
mod path;
mod reqwest_client;
mod request;
mod retry;
mod retry_after;
mod secret;

#[macro_use]
#[allow(clippy::all)]
mod generated {
    include!("generated_seed.rs");
}

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use auth::{AccessToken, TokenError, TokenProvider, REFRESH_MARGIN};
pub use client::{AsDynGraphClient, GraphClient};
pub use cloud::Cloud;
pub use error::{Error, GraphError, GraphErrorDetail, InnerError};
pub use generated::{models, operations};
pub use path::path_segment;
pub use reqwest_client::{
    ReqwestGraphClient, ReqwestGraphClientBuilder, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BODY, DEFAULT_TIMEOUT,
};
pub use request::{ApiVersion, GraphRequest, GraphResponse, Operation, Replay};
pub use secret::SecretString;

/// What generated code reaches through the SDK (serde, test helpers). Not part of the
/// public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;

    /// Asserts that `json` decodes into `T` and encodes back to the same JSON value.
    #[track_caller]
    pub fn assert_round_trip<T>(json: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
    {
        let want: serde_json::Value = serde_json::from_str(json).expect("example is JSON");
        let typed: T = serde_json::from_str(json).expect("example decodes into its type");
        let got = serde_json::to_value(&typed).expect("typed value encodes");
        assert_eq!(got, want, "round trip changed the example");
    }

    /// Asserts that `json` decodes into `T`.
    #[track_caller]
    pub fn assert_decodes<T: serde::de::DeserializeOwned>(json: &str) {
        if let Err(e) = serde_json::from_str::<T>(json) {
            panic!("example does not decode: {e}");
        }
    }
}
