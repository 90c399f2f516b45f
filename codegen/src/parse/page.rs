//! `DocPage`: what the reader takes from one documentation page, in either form, before
//! any interpretation. Every item keeps its 1-based source line.

use std::path::PathBuf;

/// A value and the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// 1-based line in the page.
    pub line: usize,
}

/// Which form the page came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageForm {
    /// Markdown source: YAML front matter, headings, fenced blocks, annotations.
    Markdown,
    /// The rendered text form (seed 004): front matter as a table, no headings, unfenced
    /// bodies.
    Rendered,
}

/// One documentation page, read but not yet interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPage {
    /// Where the page was read from.
    pub path: PathBuf,
    /// Markdown source or rendered text.
    pub form: PageForm,
    /// Front matter keys in page order (`title`, `description`, `doc_type`, `ms.date`, ...),
    /// values unquoted.
    pub front_matter: Vec<(String, Spanned<String>)>,
    /// The page title: the `# ` heading, else the front matter `title`
    /// (e.g. `user: changePassword`, `passwordValidationInformation resource type`).
    pub title: Option<Spanned<String>>,
    /// The page carries the beta disclaimer (`[!INCLUDE [beta-disclaimer]...]` or
    /// `[!INCLUDE beta-disclaimer]`).
    pub beta_marker: Option<usize>,
    /// Headings in page order, with their level (`## Request body` is level 2).
    pub headings: Vec<Heading>,
    /// Prose paragraphs (joined lines, inline markup stripped to text), each tagged with the
    /// heading it sits under. The first ones under the title are the description. In the
    /// rendered form every line of prose is its own paragraph.
    pub paragraphs: Vec<Paragraph>,
    /// Bullet list items (`- x`, `* x`, `+ x`), tagged with their section.
    pub list_items: Vec<Paragraph>,
    /// HTTP request lines of the "HTTP request" section (or, in the rendered form, the
    /// request lines not followed by a host URL), e.g. `POST /me/changePassword`.
    pub http_requests: Vec<Spanned<HttpLine>>,
    /// Every table, in page order.
    pub tables: Vec<Table>,
    /// Example requests and responses, in page order.
    pub examples: Vec<Example>,
    /// Every `<!-- { ... } -->` annotation (the inside of the braces' comment), with its
    /// line: among them the `"blockType": "resource"` annotation of a resource's JSON
    /// representation, which names its `@odata.type`.
    pub annotations: Vec<Spanned<String>>,
    /// The resource's JSON representation (markdown form): the content of the first
    /// ```` ```json ```` fence whose annotation is `"blockType": "resource"`, its lines
    /// joined with `\n`, and the line of its first line.
    pub representation: Option<Spanned<String>>,
}

impl DocPage {
    /// A page of `form` read from `path`, with nothing in it yet.
    pub fn empty(path: &std::path::Path, form: PageForm) -> Self {
        Self {
            path: path.to_path_buf(),
            form,
            front_matter: Vec::new(),
            title: None,
            beta_marker: None,
            headings: Vec::new(),
            paragraphs: Vec::new(),
            list_items: Vec::new(),
            http_requests: Vec::new(),
            tables: Vec::new(),
            examples: Vec::new(),
            annotations: Vec::new(),
            representation: None,
        }
    }

    /// When the page has no title yet, takes the front matter `title` (the key in any
    /// case, as everywhere else front matter keys are looked up). Both readers end with it.
    pub(crate) fn title_from_front_matter(&mut self) {
        if self.title.is_none() {
            self.title = self
                .front_matter
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("title"))
                .map(|(_, v)| v.clone());
        }
    }
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// The heading's text.
    pub text: String,
    /// Its line.
    pub line: usize,
}

/// A paragraph or list item of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, with links reduced to their text, `**bold**` and backticks removed.
    pub text: String,
    /// The first line of the paragraph.
    pub line: usize,
    /// The nearest heading above (level 2 or 3), if any; `None` in the rendered form.
    pub section: Option<String>,
}

/// `METHOD path` as written in an HTTP request block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpLine {
    /// `GET`, `POST`, `PATCH`, `PUT` or `DELETE`, upper-cased.
    pub method: String,
    /// The path as written, without host or version, e.g. `/users/{id | userPrincipalName}/assignLicense`.
    pub path: String,
}

/// A table. Cells are text: links reduced to their text (the target kept in `links`),
/// backticks, bold and italics removed, `<br>` and other HTML turned into spaces, escaped
/// pipes (`\|`) kept as `|`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The line of the header row.
    pub line: usize,
    /// The nearest level 2 or 3 heading above (`Request body`, `Properties`, ...), as for
    /// [`Paragraph::section`]; `None` under the title and in the rendered form.
    pub section: Option<String>,
    /// Header cells, trimmed (`Parameter`, `Type`, `Description`).
    pub header: Vec<String>,
    /// Data rows; commented-out rows (`<!-- | ... | -->`) and the delimiter row are not
    /// here. Sub-heading rows (in a table of two or more columns, a row whose first cell is
    /// wholly bold and whose other cells are empty or missing, e.g. `| **Attachments** | | |`)
    /// are kept with `subheading` set.
    pub rows: Vec<Row>,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's line.
    pub line: usize,
    /// Cell texts, trimmed; as many as the row has (a missing trailing pipe is fine).
    pub cells: Vec<String>,
    /// For each cell, the first markdown link target in it, e.g. `../resources/validationresult.md`.
    pub links: Vec<Option<String>>,
    /// The row is a sub-heading inside the table, not data.
    pub subheading: bool,
}

/// Whether an example is a request or a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    /// `POST https://graph.microsoft.com/v1.0/...` with headers and an optional body.
    Request,
    /// `HTTP/1.1 200 OK` with headers and an optional body.
    Response,
}

/// An example request or response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Request or response.
    pub kind: ExampleKind,
    /// The line of the request line or status line.
    pub line: usize,
    /// The request line (`POST https://graph.microsoft.com/beta/users/validatePassword`) or
    /// status line (`HTTP/1.1 200 OK`).
    pub start: String,
    /// Headers as written.
    pub headers: Vec<(String, String)>,
    /// The JSON body exactly as written (from its opening brace or bracket to the matching
    /// close), if any; a body that is not JSON (HTML, text) is `None`. In markdown, an
    /// indented fence's indentation is removed, and a body that never closes runs to the end
    /// of its fence.
    pub body: Option<Spanned<String>>,
    /// The `<!-- { ... } -->` annotation just before the block (markdown form): the text
    /// inside the outer braces, its lines trimmed and joined with single spaces, e.g.
    /// `"blockType": "response", "truncated": true, "@odata.type": "..."`. Only blank lines
    /// and tab headings may sit between the annotation and the block.
    pub annotation: Option<String>,
}
