//! Reads Microsoft Graph documentation pages and generates typed Rust for msgraph-typed.
//!
//! The pipeline is three stages, each a module with one job:
//! [`parse`] (page text -> [`parse::DocPage`]), `lower` ([`parse::DocPage`]s -> [`ir::Api`]),
//! `emit` ([`ir::Api`] -> Rust source).
#![deny(missing_docs)]

pub mod diag;
pub mod ir;
pub mod parse;

pub use diag::Diagnostic;
