//! Reads Microsoft Graph documentation pages and generates typed Rust for msgraph-typed.
#![deny(missing_docs)]
