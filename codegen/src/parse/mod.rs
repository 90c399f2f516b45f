//! Stage 1: reading a documentation page, in markdown source or rendered text form, into a
//! [`DocPage`]. No interpretation happens here: tables are tables, not parameters.
//!
//! One module per job: `lines` numbers the lines, `front_matter` reads YAML, `inline`
//! reduces markup to text, `table` reads pipe tables, `http` reads request, status and header
//! lines, `json_extent` finds where a JSON body ends, `example` reads example blocks,
//! `include` spots `[!INCLUDE ...]`, and `markdown` / `rendered` walk a page of each form.

mod example;
mod front_matter;
mod http;
mod include;
mod inline;
mod json_extent;
mod lines;
mod markdown;
mod page;
mod rendered;
mod table;

pub use page::*;

use std::path::Path;

use crate::diag::Diagnostic;

/// Reads one page. `path` is used for diagnostics only; the form is told apart by content:
/// a page whose first line is a `| title | ... |` row is in the rendered form, any other page
/// is markdown (with YAML front matter when its first line is `---`).
///
/// Never panics. Input it cannot make sense of (an unclosed fence, front matter, comment or
/// rendered JSON body, a request line with an unknown method) is a [`Diagnostic`] naming the
/// line and what was expected.
///
/// ```
/// use std::path::Path;
/// use msgraph_typed_codegen::parse::read_page;
///
/// let page = read_page(
///     Path::new("user-x.md"),
///     "---\ntitle: \"user: x\"\n---\n# user: x\n## HTTP request\n```http\nPOST /me/x\n```\n",
/// )
/// .unwrap();
/// assert_eq!(page.title.unwrap().value, "user: x");
/// assert_eq!(page.http_requests[0].value.path, "/me/x");
/// ```
pub fn read_page(path: &Path, text: &str) -> Result<DocPage, Diagnostic> {
    if rendered::is_rendered(text) {
        rendered::read(path, text)
    } else {
        markdown::read(path, text)
    }
}
