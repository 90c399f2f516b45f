//! The `expectations` module: one typed wiremock matcher per operation, for the mock kit
//! (`crate::mock::OperationMatcher<Body>`), behind a `cfg` (the SDK's `feature = "mock"`).

use super::paths::Paths;
use super::writer::Writer;
use crate::ir::Api;

/// Writes `#[cfg(...)] pub mod expectations { ... }`; `cfg` is the condition, e.g.
/// `feature = "mock"`.
pub fn write(w: &mut Writer, api: &Api, p: &Paths, cfg: &str) {
    w.doc("Typed wiremock matchers, one per operation.");
    w.line(&format!("#[cfg({cfg})]"));
    w.open("pub mod expectations {");
    let mut first = true;
    for op in api.operations.values() {
        if !first {
            w.blank();
        }
        first = false;
        let body = op
            .request
            .as_ref()
            .map_or_else(|| "()".to_owned(), |r| format!("super::models::{r}"));
        w.doc(&format!(
            "Matches a `{}` call: `{} /{}{}`.",
            super::docs::text(&op.name),
            super::operations::method_name(op.method),
            super::docs::version(op.version),
            super::operations::template(op)
        ));
        let name = crate::lower::snake_case(&op.const_name.to_ascii_lowercase());
        w.fn_open(
            &format!("pub fn {name}"),
            &[],
            Some(&format!("{}::mock::OperationMatcher<{body}>", p.rt)),
        );
        w.call(
            "",
            &format!("{}::mock::OperationMatcher::new", p.rt),
            &[format!("&super::operations::{}", op.const_name)],
            "",
        );
        w.close("}");
    }
    w.close("}");
}
