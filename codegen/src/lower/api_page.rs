//! API pages (`resource: action`) -> [`Operation`]s (one per HTTP request line) and the
//! request body model.

use super::call_path::{call_path, node_key};
use super::creates::{addresses_items, creates, Body};
use super::default_query::default_query;
use super::docs::{headers, notes, query_options};
use super::fields::{fields, kept_as_json, Default};
use super::function_args::quote_string_arguments;
use super::literal_keys::read_literal_keys;
use super::naming::{pascal_case, plain_snake_case, snake_case, words};
use super::page_info::{column, description, tables_in, title, version};
use super::response::response;
use super::types::Known;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

use crate::ir::{
    Docs, Method, Model, ModelKind, Operation, OptionalBecause, PathParam, Replay, Response,
    Source, TypeRef, Version,
};
use crate::parse::{DocPage, ExampleKind, Table};

/// What one API page gives: its operations (names not yet made unique across pages) and
/// the request body model, if it has one.
#[derive(Debug, Clone)]
pub struct PageApi {
    /// One operation per HTTP request line.
    pub operations: Vec<Operation>,
    /// The `{Action}Request` model (named before clash resolution).
    pub request: Option<Model>,
    /// The `{Action}Response` model, when the page describes the response body in a
    /// table of its own instead of naming a resource.
    pub response_model: Option<Model>,
    /// Lenient mode: one warning per request parameter or response property of an unknown
    /// type, kept as JSON.
    pub warnings: Vec<Diagnostic>,
}

/// Action verbs whose POST only reads or checks: replaying them is safe.
const SAFE_VERBS: &[&str] = &[
    "validate", "check", "get", "list", "find", "search", "preview", "evaluate", "verify",
];

/// Replay safety: GET is safe; a POST action whose first word is a checking or reading
/// verb (`validatePassword`, `checkMemberGroups`, `getByIds`) is safe; everything else
/// changes state and is replayed only when the service did not process it.
pub fn replay(method: Method, action: &str) -> Replay {
    let first = words(action).into_iter().next().unwrap_or_default();
    if method == Method::Get || (method == Method::Post && SAFE_VERBS.contains(&first.as_str())) {
        Replay::Safe
    } else {
        Replay::OnlyUnprocessed
    }
}

/// The action of a title: `user: changePassword` -> `changePassword`; a title without a
/// colon (`Create accessPackage`) is the action itself.
pub fn action(title: &str) -> &str {
    match title.rsplit_once(':') {
        Some((_, a)) if !a.trim().is_empty() => a.trim(),
        _ => title.trim(),
    }
}

/// Whether a page creates a resource: its action (the title, e.g. `Create auditEvent`)
/// starts with the word `Create`. Its request table lists the new resource's properties,
/// optional unless marked ([`Default::CreateOptional`]); any other page's table lists an
/// action's parameters, required unless marked.
pub fn is_create(action: &str) -> bool {
    action
        .split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("create"))
}

/// Lowers an API page. `models`: the resource models by Rust name (whether a `POST`
/// creates compares its body with the answer's fields). `lenient`: a request parameter or
/// response property of an unknown type is kept as JSON, with a warning in
/// [`PageApi::warnings`]; an unknown response type is still an error.
pub fn lower_api(
    page: &DocPage,
    known: &Known,
    models: &BTreeMap<String, Model>,
    lenient: bool,
) -> Result<PageApi, Diagnostic> {
    let err = |line: usize, m: String| Diagnostic::new(&page.path, line, m);
    let (title_text, title_line) = title(page)?;
    let action = action(title_text);
    let version = version(page).ok_or_else(|| {
        err(title_line, "cannot tell the API version: expected the beta marker, an example URL under /v1.0/ or /beta/, or a v1.0 or beta folder".into())
    })?;
    if page.http_requests.is_empty() {
        return Err(err(
            title_line,
            "no HTTP request line: expected e.g. `POST /me/changePassword` under `## HTTP request`"
                .into(),
        ));
    }
    let request = request_model(page, action, version, known, lenient)?;
    let (response, response_model) = match response(page, known, version) {
        Ok(r) => (r, None),
        Err((line, m)) => match response_table_model(page, action, version, known, lenient)? {
            Some(model) => (
                Response::Model {
                    status: 200,
                    ty: TypeRef::Model(model.name.clone()),
                },
                Some(model),
            ),
            None => return Err(err(line, m)),
        },
    };
    let docs = Docs {
        summary: description(page),
        notes: notes(page),
        query_options: query_options(page),
        headers: headers(page),
    };
    let example = |kind: ExampleKind| {
        page.examples
            .iter()
            .filter(|e| e.kind == kind)
            .find_map(|e| e.body.as_ref().map(|b| b.value.clone()))
    };
    let table: Option<Vec<String>> = request
        .as_ref()
        .map(|m| m.fields.iter().map(|f| f.json_name.clone()).collect());
    let example_request = example(ExampleKind::Request);
    let example_response = example(ExampleKind::Response);
    let page_creates = creates(
        Body {
            table: table.as_deref(),
            example_request: example_request.as_deref(),
            example_response: example_response.as_deref(),
        },
        &response,
        models,
    );
    // Each line's path with its literal keys read as `{key}`s (`lower/literal_keys.rs`);
    // a line whose literal key cannot be read keeps its text here and is refused below.
    let paths: Vec<String> = page
        .http_requests
        .iter()
        .map(|l| {
            let path = l.value.path.split('?').next().unwrap_or("").trim();
            read_literal_keys(path).map_or_else(|_| path.to_owned(), |p| p.into_owned())
        })
        .collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut operations = Vec::new();
    let mut line_problems: Vec<Diagnostic> = Vec::new();
    for line in &page.http_requests {
        let method = parse_method(&line.value.method).ok_or_else(|| {
            err(
                line.line,
                format!(
                    "unknown HTTP method `{}`: expected GET, POST, PUT, PATCH or DELETE",
                    line.value.method
                ),
            )
        })?;
        let path = line
            .value
            .path
            .split('?')
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        check_braces(&path).map_err(|m| err(line.line, format!("path `{path}`: {m}")))?;
        let path = match read_literal_keys(&path) {
            Ok(read) => read.into_owned(),
            Err(m) => {
                line_problems.push(err(line.line, format!("path `{path}`: {m}")));
                continue;
            }
        };
        let creates_here = page_creates || addresses_items(&path, &paths);
        let mut call = match call_path(&path, method, &response, creates_here) {
            Ok(call) => call,
            Err(m) => {
                // One line that cannot be a call leaves the page's other lines; the page
                // fails only when no line is left.
                line_problems.push(err(line.line, format!("path `{path}`: {m}")));
                continue;
            }
        };
        quote_string_arguments(&mut call.steps, page);
        let group = group_of(&path).ok_or_else(|| {
            err(
                line.line,
                format!(
                    "path `{path}`: expected `/segment/...` whose first segment names the group"
                ),
            )
        })?;
        operations.push(Operation {
            name: title_text.to_owned(),
            node: node_key(call.node_steps()),
            rust_name: call.rust_name,
            last_step_is_call: call.last_step_is_call,
            steps: call.steps,
            group_type: pascal_case(&group),
            group_fn: snake_case(&group),
            group,
            const_name: String::new(),
            method,
            version,
            path_params: path_params(&path),
            path,
            request: request.as_ref().map(|m| m.name.clone()),
            default_query: default_query(page, &response),
            response: response.clone(),
            replay: replay(method, action),
            docs: docs.clone(),
            example_request: request.as_ref().and(example_request.clone()),
            example_response: example_response.clone(),
            source: Source {
                path: page.path.clone(),
                line: line.line,
            },
        });
    }
    if operations.is_empty() || !lenient {
        if let Some(first) = line_problems.first() {
            return Err(first.clone());
        }
    }
    let mut warnings: Vec<Diagnostic> = request
        .iter()
        .chain(&response_model)
        .flat_map(|m| &m.fields)
        .filter_map(|f| kept_as_json(&page.path, f, known, version))
        .collect();
    warnings.extend(line_problems.into_iter().map(|d| {
        Diagnostic::new(
            &d.path,
            d.line,
            format!("warning: {} (this request line is left out)", d.message),
        )
    }));
    Ok(PageApi {
        operations,
        request,
        response_model,
        warnings,
    })
}

fn parse_method(m: &str) -> Option<Method> {
    Some(match m.trim().to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return None,
    })
}

/// The first path segment, without any function-call suffix: `/me/x` -> `me`.
fn group_of(path: &str) -> Option<String> {
    let first = path.strip_prefix('/')?.split('/').next()?;
    let first = first.split('(').next()?;
    let ok = !first.is_empty()
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    ok.then(|| first.rsplit('.').next().unwrap_or(first).to_owned())
}

/// Checks that the braces of a path pair into whole `{name}` parameters: every `{` is
/// closed by a `}` before any other brace or `/`, holds a name, and no `}` stands alone.
/// The error says what was found, for a diagnostic at the request line.
fn check_braces(path: &str) -> Result<(), String> {
    let mut open: Option<usize> = None;
    for (k, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(k),
            ('}', Some(start)) => {
                let inner = path.get(start + 1..k).unwrap_or("");
                let first = inner.split('|').next().unwrap_or("");
                if !first.chars().any(char::is_alphanumeric) {
                    return Err(format!(
                        "the parameter `{{{inner}}}` has no name; expected `{{name}}`"
                    ));
                }
                open = None;
            }
            ('{', Some(_)) => {
                return Err(
                    "a `{` inside a parameter; expected parameters like `{id}` that do not nest"
                        .into(),
                )
            }
            ('/', Some(_)) => {
                return Err("a `/` inside a parameter; expected `{name}` within one segment".into())
            }
            ('}', None) => {
                return Err("a `}` without its `{`; expected parameters like `{id}`".into())
            }
            _ => {}
        }
    }
    match open {
        Some(_) => Err("a `{` that is never closed; expected parameters like `{id}`".into()),
        None => Ok(()),
    }
}

/// `{id | userPrincipalName}` segments -> parameters named after their first alternative.
fn path_params(path: &str) -> Vec<PathParam> {
    let mut out: Vec<PathParam> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else { break };
        let template = after.get(..close).unwrap_or("").to_owned();
        let first = template.split('|').next().unwrap_or("").trim();
        let mut rust_name = plain_snake_case(first);
        while out.iter().any(|p| p.rust_name == rust_name) || rust_name == "body" {
            rust_name.push_str("_2");
        }
        out.push(PathParam {
            template,
            rust_name,
        });
        rest = after.get(close + 1..).unwrap_or("");
    }
    out
}

/// The request body table: under `Request body` (markdown), or in the rendered form the
/// first table with a `Type` column after a sentence about the request body.
fn body_tables(page: &DocPage) -> Vec<&Table> {
    let in_section: Vec<&Table> = tables_in(page, "Request body")
        .into_iter()
        .filter(|t| column(t, &["Type"]).is_some())
        .collect();
    if !in_section.is_empty() {
        return in_section;
    }
    let Some(mention) = page
        .paragraphs
        .iter()
        .find(|p| p.section.is_none() && p.text.to_ascii_lowercase().contains("request body"))
    else {
        return Vec::new();
    };
    page.tables
        .iter()
        .filter(|t| t.section.is_none() && t.line > mention.line && column(t, &["Type"]).is_some())
        .take(1)
        .collect()
}

/// Whether a page's body is an update's: one of its request lines is a `PATCH`. Graph
/// changes only the properties an update sends (and clears those sent as `null`), so
/// every property of the body is optional, whatever the table says
/// ([`OptionalBecause::Update`]).
pub fn is_update(page: &DocPage) -> bool {
    page.http_requests
        .iter()
        .any(|l| parse_method(&l.value.method) == Some(Method::Patch))
}

fn request_model(
    page: &DocPage,
    action: &str,
    version: Version,
    known: &Known,
    lenient: bool,
) -> Result<Option<Model>, Diagnostic> {
    let tables = body_tables(page);
    if tables.is_empty() {
        return Ok(None);
    }
    let default = if is_create(action) {
        Default::CreateOptional
    } else {
        Default::Required
    };
    let mut fields = fields(&page.path, &tables, known, version, default, lenient)?;
    if fields.is_empty() {
        return Ok(None);
    }
    if is_update(page) {
        for f in &mut fields {
            f.required = false;
            f.optional_because = Some(OptionalBecause::Update);
        }
    }
    let line = tables.first().map_or(0, |t| t.line);
    Ok(Some(Model {
        name: format!("{}Request", pascal_case(action)),
        doc_name: action.to_owned(),
        kind: ModelKind::Request,
        version,
        fields,
        doc: String::new(),
        odata_type: request_odata_type(page),
        open: false,
        source: Source {
            path: page.path.clone(),
            line,
        },
    }))
}

/// A response described by a property table under `Response` (no sentence naming a
/// resource): a model `{Action}Response` whose properties may all be absent.
fn response_table_model(
    page: &DocPage,
    action: &str,
    version: Version,
    known: &Known,
    lenient: bool,
) -> Result<Option<Model>, Diagnostic> {
    let tables: Vec<&Table> = tables_in(page, "Response")
        .into_iter()
        .filter(|t| column(t, &["Type"]).is_some())
        .collect();
    if tables.is_empty() {
        return Ok(None);
    }
    let fields = fields(
        &page.path,
        &tables,
        known,
        version,
        Default::Optional,
        lenient,
    )?;
    let line = tables.first().map_or(0, |t| t.line);
    Ok(Some(Model {
        name: format!("{}Response", pascal_case(action)),
        doc_name: action.to_owned(),
        kind: ModelKind::Resource,
        version,
        fields,
        doc: format!("The response body of `{action}`."),
        odata_type: None,
        open: false,
        source: Source {
            path: page.path.clone(),
            line,
        },
    }))
}

/// The `@odata.type` at the top level of the example request body (a create page of a
/// derived type), as `#microsoft.graph.x`.
fn request_odata_type(page: &DocPage) -> Option<String> {
    let body = page
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Request)
        .find_map(|e| e.body.as_ref())?;
    let text = body.value.trim_start().strip_prefix('{')?;
    // Only the first member counts: nested objects carry their own `@odata.type`.
    let rest = text.trim_start().strip_prefix("\"@odata.type\"")?;
    let value = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let value = value.split('"').next()?.trim();
    (!value.is_empty()).then(|| format!("#{}", value.trim_start_matches('#')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_are_safe_to_replay_and_changes_are_not() {
        assert_eq!(replay(Method::Post, "validatePassword"), Replay::Safe);
        assert_eq!(replay(Method::Post, "checkMemberGroups"), Replay::Safe);
        assert_eq!(replay(Method::Get, "List users"), Replay::Safe);
        assert_eq!(
            replay(Method::Post, "changePassword"),
            Replay::OnlyUnprocessed
        );
        assert_eq!(
            replay(Method::Delete, "Delete user"),
            Replay::OnlyUnprocessed
        );
        assert_eq!(replay(Method::Patch, "getThing"), Replay::OnlyUnprocessed);
    }

    #[test]
    fn titles_give_the_action() {
        assert_eq!(action("user: changePassword"), "changePassword");
        assert_eq!(action("Create accessPackage"), "Create accessPackage");
    }

    #[test]
    fn path_parameters_are_named_after_their_first_alternative() {
        let p = path_params("/users/{id | userPrincipalName}/x/{site-id}/y/{id}");
        let names: Vec<&str> = p.iter().map(|p| p.rust_name.as_str()).collect();
        assert_eq!(names, ["id", "site_id", "id_2"]);
        assert_eq!(p[0].template, "id | userPrincipalName");
    }

    #[test]
    fn the_group_is_the_first_segment() {
        assert_eq!(group_of("/me/changePassword").as_deref(), Some("me"));
        assert_eq!(
            group_of("/users/validatePassword").as_deref(),
            Some("users")
        );
        assert_eq!(group_of("/reports(x)/y").as_deref(), Some("reports"));
        assert_eq!(group_of("me/x"), None);
        assert_eq!(group_of("/{id}/x"), None);
    }
}
