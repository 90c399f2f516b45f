//! Lenient warnings, each with the models it describes, so that pruning the models no
//! operation reaches also drops the warnings about them.

use std::fmt;

use crate::diag::Diagnostic;
use crate::ir::Api;

/// Something lenient mode generated differently from its page (a property kept as JSON,
/// a base type's properties left out), and the models whose code shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where, and what: the message starts with `warning: `.
    pub diagnostic: Diagnostic,
    /// The Rust names of the models it describes: the resource of the page it is at, and
    /// the resources that inherit that resource's properties. Empty for a request
    /// parameter or response property of an operation page, whose model is generated
    /// with the operation.
    pub models: Vec<String>,
}

impl Warning {
    /// Whether `api` holds code the warning describes: it concerns an operation page, or
    /// one of its models was kept (see [`super::reach::prune`]).
    pub fn applies_to(&self, api: &Api) -> bool {
        self.models.is_empty() || self.models.iter().any(|m| api.models.contains_key(m))
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}
