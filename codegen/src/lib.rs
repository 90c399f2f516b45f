//! Reads Microsoft Graph documentation pages and generates typed Rust for msgraph-typed.
//!
//! The pipeline is three stages, each a module with one job:
//! [`parse`] (page text -> [`parse::DocPage`]), [`lower`] ([`parse::DocPage`]s ->
//! [`ir::Api`]), [`emit`] ([`ir::Api`] -> Rust source, already formatted). The crate has no
//! dependencies, because it runs in the build script of every crate that uses the SDK.
//!
//! # In a downstream `build.rs`
//!
//! A crate that depends on `msgraph-typed` adds the pages of the operations it needs
//! (in the docs' markdown format) and generates code for them at build time:
//!
//! ```toml
//! [dependencies]
//! msgraph-typed = "0.1"
//!
//! [build-dependencies]
//! msgraph-typed-codegen = "0.1"
//! ```
//!
//! ```no_run
//! // build.rs
//! use msgraph_typed_codegen::{Generator, Mode};
//!
//! fn main() {
//!     println!("cargo::rerun-if-changed=graph-pages");
//!     let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("graph.rs");
//!     match Generator::new().pages("graph-pages").mode(Mode::Downstream).generate() {
//!         Ok(output) => output.write_to(out).unwrap(),
//!         Err(diagnostics) => {
//!             for d in diagnostics {
//!                 eprintln!("{d}"); // path:line: message
//!             }
//!             std::process::exit(1);
//!         }
//!     }
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! mod graph {
//!     include!(concat!(env!("OUT_DIR"), "/graph.rs"));
//! }
//! use graph::prelude::*; // the one import the generated calls need
//!
//! // The call reads like the URL: `GET /groups/{id}/members`.
//! let members = client.groups().by_id("g1").members().list().top(50).all().await?;
//! ```
//!
//! The generated code reaches serde, http and the runtime through `msgraph_typed` alone.
//! The same output comes from the command line:
//! `msgraph-typed-codegen generate <DOCS_DIR>... --out <FILE> [--lenient]`.
#![deny(missing_docs)]

pub mod diag;
pub mod docs_checkout;
pub mod emit;
mod generator;
pub mod ir;
pub mod lower;
pub mod manifest;
pub mod parse;

pub use diag::Diagnostic;
pub use emit::Mode;
pub use generator::{Generator, Output};
pub use manifest::Manifest;
