//! The call chain of an operation, from its request line alone: the path is the name.
//!
//! Each literal segment is a method named by its snake case (`mailFolders` ->
//! `.mail_folders()`; a namespace-qualified cast `microsoft.graph.user` -> `.user()`), each
//! key segment (`{id}`, `{id | userPrincipalName}`, `{user-id}`) is `.by_id(key)`, and
//! Graph's path-based addressing `root:/{item-path}:` is `.root().by_path(path)`. The
//! special segments are `$ref` -> `.reference()`, `$value` -> `.value()` and `$count` ->
//! `.count()`. A function segment with parameters (`range(address='{address}')`) is a
//! method taking them (`.range(address)`).
//!
//! The HTTP method is the verb at the end: `GET` on a collection (the page's response is a
//! collection) is `list()`, on anything else `get()`; `POST` is `create(body)`; `PATCH`
//! `update(body)`; `PUT` `replace(body)`; `DELETE` `delete()`. Except that the last
//! segment is itself the call when it is an action or a function:
//! - a function segment (with parentheses), or `delta` under `GET`: `.delta()`,
//!   `.get_email_activity_counts(period)`;
//! - a literal segment under `POST`, unless the page's POST creates (its body is an object
//!   of the type Graph answers with, see `lower/creates.rs`): an action,
//!   `.change_password(body)`, `.move(body)`. A `POST` that creates makes an item of the
//!   collection the segment names: `.messages().create(body)`. (`$ref`, `$value` and
//!   `$count` are never actions; nor is a group's root, `POST /users`.)
//!
//! Nothing here looks at other operations or at prose: the same request line always gives
//! the same call.

use super::naming::{bare, pascal_case, plain_snake_case, snake_case};
use crate::ir::{Method, Response, Step};

/// An operation's place in the call tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallPath {
    /// The steps, one per segment.
    pub steps: Vec<Step>,
    /// The call's method name on its node.
    pub rust_name: String,
    /// The last step is the call itself (an action or a function).
    pub last_step_is_call: bool,
}

impl CallPath {
    /// The steps to the node the call is made on.
    pub fn node_steps(&self) -> &[Step] {
        node_steps(&self.steps, self.last_step_is_call)
    }
}

/// The steps to the node a call is made on: all, or all but the last when the last step is
/// the call.
pub fn node_steps(steps: &[Step], last_step_is_call: bool) -> &[Step] {
    if last_step_is_call {
        steps.get(..steps.len().saturating_sub(1)).unwrap_or(&[])
    } else {
        steps
    }
}

/// The identity of a node in the call tree, e.g. `/users/{}/messages`: literal segments as
/// sent, keys as `{}`, functions by their template.
pub fn node_key(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        out.push('/');
        match step {
            Step::Segment { text, .. } => out.push_str(text),
            Step::Key { .. } => out.push_str("{}"),
            Step::PathKey { closed: true, .. } => out.push_str(":{}:"),
            Step::PathKey { closed: false, .. } => out.push_str(":{}"),
            // `range(address='{}')` and `range(address={})` are one function.
            Step::Function {
                rust_name, args, ..
            } if !args.is_empty() => {
                let names: Vec<&str> = args.iter().map(|(_, r)| r.as_str()).collect();
                out.push_str(&format!("{}({})", bare(rust_name), names.join(",")));
            }
            Step::Function { template, .. } => out.push_str(template),
        }
    }
    out
}

/// The Rust type of a node: its steps in PascalCase, a key as `Item`, a path key as
/// `ByPath` (`/users/{}/messages` -> `UsersItemMessages`).
pub fn node_type(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Segment { rust_name, .. } | Step::Function { rust_name, .. } => {
                out.push_str(&pascal_case(bare(rust_name)));
            }
            Step::Key { .. } => out.push_str("Item"),
            Step::PathKey { .. } => out.push_str("ByPath"),
        }
    }
    out
}

/// The method that takes a node one step further: `messages`, `by_id`, `by_path`, `range`.
pub fn step_method(step: &Step) -> &str {
    match step {
        Step::Segment { rust_name, .. } | Step::Function { rust_name, .. } => rust_name,
        Step::Key { .. } => "by_id",
        Step::PathKey { .. } => "by_path",
    }
}

/// The call as code, e.g. `client.users().by_id(..).update(..)`, for docs.
pub fn call_chain(steps: &[Step], last_step_is_call: bool, rust_name: &str, args: bool) -> String {
    let mut out = "client".to_owned();
    for step in node_steps(steps, last_step_is_call) {
        let takes = !matches!(step, Step::Segment { .. });
        out.push_str(&format!(
            ".{}({})",
            bare(step_method(step)),
            if takes { ".." } else { "" }
        ));
    }
    let takes = args
        || matches!(steps.last(), Some(Step::Function { args, .. }) if last_step_is_call && !args.is_empty());
    out.push_str(&format!(
        ".{}({})",
        bare(rust_name),
        if takes { ".." } else { "" }
    ));
    out
}

/// The verb of a method on a node.
pub fn verb(method: Method, response: &Response) -> &'static str {
    match method {
        Method::Get if matches!(response, Response::Collection { .. }) => "list",
        Method::Get => "get",
        Method::Post => "create",
        Method::Patch => "update",
        Method::Put => "replace",
        Method::Delete => "delete",
    }
}

/// The call chain of `path` (under the version, without a query) called with `method`,
/// answered with `response`. An error says what in the path cannot be a step.
///
/// `creates`: the page's `POST` sends an object of the type Graph answers with
/// (decided by the lowering from the page's structure), so a `POST` to a literal segment is
/// `create(body)`; otherwise it is an action named by the segment.
pub fn call_path(
    path: &str,
    method: Method,
    response: &Response,
    creates: bool,
) -> Result<CallPath, String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while let Some(&segment) = segments.get(i) {
        i += 1;
        if let Some(literal) = segment.strip_suffix(':') {
            // `root:/{item-path}:`: the segment, then the path key; the closing `:` may be
            // left out at the end of the path (`/sites/{hostname}:/{relative-path}`).
            let next = segments.get(i).copied().unwrap_or("");
            let closed = next.ends_with(':');
            let last = i + 1 == segments.len();
            let key = next
                .strip_suffix(':')
                .unwrap_or(next)
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .filter(|_| closed || last);
            let Some(key) = key else {
                return Err(format!(
                    "the segment `{segment}` is not followed by `{{path}}:`; expected Graph's path-based addressing `{segment}/{{item-path}}:`"
                ));
            };
            i += 1;
            steps.push(step(literal)?);
            steps.push(Step::PathKey {
                template: key.trim().to_owned(),
                closed,
            });
            continue;
        }
        steps.push(step(segment)?);
    }
    match steps.first() {
        Some(Step::Segment { text, .. }) if !text.starts_with('$') => {}
        Some(_) => {
            return Err(
                "the first segment is not a name; expected a group such as `/users` or `/me` first"
                    .into(),
            )
        }
        None => return Err("the path has no segment; expected e.g. `/users`".into()),
    }
    let last_is_function = matches!(steps.last(), Some(Step::Function { .. }));
    let last_literal = match steps.last() {
        Some(Step::Segment { text, .. }) if !text.starts_with('$') => Some(text.as_str()),
        _ => None,
    };
    let is_delta = method == Method::Get && last_literal == Some("delta");
    // A group's root is a collection (`POST /users`), never an action.
    let is_action = method == Method::Post && last_literal.is_some() && !creates && steps.len() > 1;
    let last_step_is_call = last_is_function || is_delta || is_action;
    if last_step_is_call && steps.len() < 2 {
        return Err(format!(
            "`{path}` is an action or function with no resource before it; expected e.g. `/me/changePassword`"
        ));
    }
    let rust_name = if last_step_is_call {
        steps.last().map(step_method).unwrap_or_default().to_owned()
    } else {
        verb(method, response).to_owned()
    };
    Ok(CallPath {
        steps,
        rust_name,
        last_step_is_call,
    })
}

fn step(segment: &str) -> Result<Step, String> {
    if let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        return Ok(Step::Key {
            template: inner.trim().to_owned(),
        });
    }
    let special = |rust: &str| Step::Segment {
        rust_name: rust.to_owned(),
        text: segment.to_owned(),
    };
    match segment {
        "$ref" => return Ok(special("reference")),
        "$value" => return Ok(special("value")),
        "$count" => return Ok(special("count")),
        "..." => {
            return Err(
                "the path leaves segments out (`...`); expected every segment written out".into(),
            )
        }
        _ => {}
    }
    if let Some(open) = segment.find('(') {
        return function(segment, open);
    }
    // `roleTemplateId={roleTemplateId}`: a key given by another property.
    if let Some((key, value)) = segment.split_once('=') {
        if let Some(p) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
            let Step::Segment { rust_name, .. } = literal_step(key)? else {
                return Err(format!("`{key}` is not a name"));
            };
            return Ok(Step::Function {
                rust_name,
                template: format!("{key}={{}}"),
                args: vec![(p.trim().to_owned(), plain_snake_case(p.trim()))],
            });
        }
    }
    literal_step(segment)
}

/// A literal segment: letters, digits, `.`, `_`, `-`; named after its last dotted part.
fn literal_step(segment: &str) -> Result<Step, String> {
    let ok = !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !ok {
        return Err(format!(
            "the segment `{segment}` is not a name, a `{{key}}` or a function call; expected e.g. `messages`, `{{id}}` or `range(address='{{address}}')`"
        ));
    }
    let name = segment
        .rsplit('.')
        .find(|p| !p.is_empty())
        .unwrap_or(segment);
    Ok(Step::Segment {
        rust_name: snake_case(name),
        text: segment.to_owned(),
    })
}

/// `name(k='{p}',k2={q},k3='literal')`: each `{p}` or `<p>` value is an argument, and so
/// is `k=k-value` (a parameter's own name followed by `-value`, as some pages write it).
fn function(segment: &str, open: usize) -> Result<Step, String> {
    let name = segment.get(..open).unwrap_or("");
    let Some(inner) = segment
        .get(open + 1..)
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return Err(format!(
            "the function segment `{segment}` does not end with `)`; expected `name(parameter={{value}})`"
        ));
    };
    let Step::Segment { rust_name, .. } = literal_step(name)? else {
        return Err(format!("`{name}` is not a function name"));
    };
    let mut template = format!("{name}(");
    let mut args: Vec<(String, String)> = Vec::new();
    for (k, part) in inner.split(',').enumerate() {
        if k > 0 {
            template.push(',');
        }
        let (key, value) = match part.split_once('=') {
            Some((key, value)) => (Some(key.trim()), value.trim()),
            None => (None, part.trim()),
        };
        let (quote, bare_value) = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\''))
        {
            Some(v) => ("'", v),
            None => ("", value),
        };
        let placeholder = bare_value
            .strip_prefix('{')
            .and_then(|v| v.strip_suffix('}'))
            .or_else(|| {
                bare_value
                    .strip_prefix('<')
                    .and_then(|v| v.strip_suffix('>'))
            })
            // `userId=userId-value`: the parameter's own name, then `-value`.
            .or_else(|| {
                let key = key?;
                bare_value
                    .strip_suffix("-value")
                    .filter(|stem| !key.is_empty() && stem.eq_ignore_ascii_case(key))
            });
        if let Some(key) = key {
            template.push_str(key);
            template.push('=');
        }
        match placeholder {
            Some(p) => {
                let doc_name = key.unwrap_or(p).trim().to_owned();
                let mut rust = plain_snake_case(&doc_name);
                while rust == "body" || args.iter().any(|(_, r)| *r == rust) {
                    rust.push_str("_2");
                }
                template.push_str(&format!("{quote}{{}}{quote}"));
                args.push((doc_name, rust));
            }
            None => template.push_str(&value.replace(['{', '}'], "")),
        }
    }
    template.push(')');
    Ok(Step::Function {
        rust_name,
        template,
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeRef;

    fn model(status: u16) -> Response {
        Response::Model {
            status,
            ty: TypeRef::Json,
        }
    }

    fn collection() -> Response {
        Response::Collection {
            status: 200,
            ty: TypeRef::Json,
        }
    }

    fn chain(path: &str, method: Method, response: &Response) -> String {
        chain_of(path, method, response, false)
    }

    fn chain_of(path: &str, method: Method, response: &Response, creates: bool) -> String {
        let c = call_path(path, method, response, creates).unwrap();
        let mut out = String::new();
        let steps = if c.last_step_is_call {
            c.steps.get(..c.steps.len() - 1).unwrap()
        } else {
            &c.steps[..]
        };
        for s in steps {
            out.push('.');
            out.push_str(step_method(s));
        }
        out.push('.');
        out.push_str(&c.rust_name);
        out
    }

    #[test]
    fn the_verb_comes_from_the_http_method_and_the_response() {
        assert_eq!(chain("/users", Method::Get, &collection()), ".users.list");
        assert_eq!(
            chain("/users/{id}", Method::Get, &model(200)),
            ".users.by_id.get"
        );
        assert_eq!(chain("/me", Method::Get, &model(200)), ".me.get");
        assert_eq!(chain("/users", Method::Post, &model(201)), ".users.create");
        let unit = Response::Unit { status: 204 };
        assert_eq!(
            chain("/users/{id}", Method::Patch, &unit),
            ".users.by_id.update"
        );
        assert_eq!(
            chain("/drives/{id}/items/{id}/content", Method::Put, &unit),
            ".drives.by_id.items.by_id.content.replace"
        );
        assert_eq!(
            chain("/users/{id | userPrincipalName}", Method::Delete, &unit),
            ".users.by_id.delete"
        );
        assert_eq!(
            chain(
                "/users/{user-id}/messages/{message-id}",
                Method::Get,
                &model(200)
            ),
            ".users.by_id.messages.by_id.get"
        );
    }

    #[test]
    fn actions_and_functions_keep_their_segment_name() {
        let unit = Response::Unit { status: 204 };
        assert_eq!(
            chain("/me/changePassword", Method::Post, &unit),
            ".me.change_password"
        );
        assert_eq!(
            chain("/users/validatePassword", Method::Post, &model(200)),
            ".users.validate_password"
        );
        assert_eq!(
            chain("/users/delta", Method::Get, &collection()),
            ".users.delta"
        );
        let c = call_path(
            "/reports/getEmailActivityCounts(period='{period_value}')",
            Method::Get,
            &model(200),
            false,
        )
        .unwrap();
        assert!(c.last_step_is_call);
        assert_eq!(c.rust_name, "get_email_activity_counts");
        let Some(Step::Function { template, args, .. }) = c.steps.last() else {
            panic!("{c:?}");
        };
        assert_eq!(template, "getEmailActivityCounts(period='{}')");
        assert_eq!(args, &[("period".to_owned(), "period".to_owned())]);
    }

    #[test]
    fn a_parameter_written_as_its_own_name_and_value_is_an_argument() {
        let c = call_path(
            "/print/reports/getThingJobs(thingId=thingId-value,since=since-value,kind='other-value')",
            Method::Get,
            &collection(),
            false,
        )
        .unwrap();
        assert_eq!(c.rust_name, "get_thing_jobs");
        let Some(Step::Function { template, args, .. }) = c.steps.last() else {
            panic!("{c:?}");
        };
        // `kind='other-value'`: the value names no parameter of its own; literal text.
        assert_eq!(
            template,
            "getThingJobs(thingId={},since={},kind='other-value')"
        );
        assert_eq!(
            args,
            &[
                ("thingId".to_owned(), "thing_id".to_owned()),
                ("since".to_owned(), "since".to_owned()),
            ]
        );
    }

    #[test]
    fn special_segments_have_names_of_their_own() {
        let unit = Response::Unit { status: 204 };
        assert_eq!(
            chain("/groups/{id}/members/$ref", Method::Post, &unit),
            ".groups.by_id.members.reference.create"
        );
        assert_eq!(
            chain("/groups/{id}/members/{id}/$ref", Method::Delete, &unit),
            ".groups.by_id.members.by_id.reference.delete"
        );
        assert_eq!(
            chain("/me/messages/{id}/$value", Method::Get, &model(200)),
            ".me.messages.by_id.value.get"
        );
        assert_eq!(
            chain("/users/$count", Method::Get, &model(200)),
            ".users.count.get"
        );
        assert_eq!(
            chain(
                "/me/drive/root:/{item-path}:/workbook/tables/add",
                Method::Post,
                &model(200)
            ),
            ".me.drive.root.by_path.workbook.tables.add"
        );
        assert_eq!(
            chain(
                "/deviceManagement/deviceConfigurations/{id}/microsoft.graph.windowsDomainJoinConfiguration/networkAccessConfigurations",
                Method::Get,
                &collection()
            ),
            ".device_management.device_configurations.by_id.windows_domain_join_configuration.network_access_configurations.list"
        );
    }

    #[test]
    fn a_post_that_creates_is_create_on_its_collection_whatever_its_status() {
        let c = call_path(
            "/teams/{id}/schedule/openShifts",
            Method::Post,
            &model(200),
            true,
        )
        .unwrap();
        assert_eq!(c.rust_name, "create");
        assert!(!c.last_step_is_call);
        let k = call_path(
            "/directoryRoles/roleTemplateId={id}",
            Method::Get,
            &model(200),
            false,
        )
        .unwrap();
        assert_eq!(node_key(&k.steps), "/directoryRoles/role_template_id(id)");
    }

    #[test]
    fn the_status_alone_makes_no_create_a_post_is_an_action_unless_it_creates() {
        assert_eq!(
            chain_of("/me/events", Method::Post, &model(201), true),
            ".me.events.create"
        );
        // `move` and `reply` are answered 201 and are actions all the same.
        assert_eq!(
            chain("/me/messages/{id}/move", Method::Post, &model(201)),
            ".me.messages.by_id.r#move"
        );
        assert_eq!(
            chain(
                "/groups/{id}/threads/{id}/reply",
                Method::Post,
                &Response::Unit { status: 201 }
            ),
            ".groups.by_id.threads.by_id.reply"
        );
        assert_eq!(
            chain(
                "/me/sendMail",
                Method::Post,
                &Response::Unit { status: 202 }
            ),
            ".me.send_mail"
        );
    }

    #[test]
    fn the_node_of_a_call_has_a_key_and_a_type_from_its_path() {
        let c = call_path("/users/{id}/messages/{id}", Method::Get, &model(200), false).unwrap();
        assert_eq!(node_key(c.node_steps()), "/users/{}/messages/{}");
        assert_eq!(node_type(c.node_steps()), "UsersItemMessagesItem");
        let a = call_path(
            "/me/changePassword",
            Method::Post,
            &Response::Unit { status: 204 },
            false,
        )
        .unwrap();
        assert_eq!(node_key(a.node_steps()), "/me");
    }

    #[test]
    fn paths_that_cannot_be_steps_are_errors_saying_why() {
        for path in [
            "/me/mailFolders/{id}/.../messages",
            "/a/b<c>",
            "/x/f(a='{b}'",
            "/me/root:/x",
        ] {
            assert!(
                call_path(path, Method::Get, &model(200), false).is_err(),
                "{path}"
            );
        }
        assert!(call_path("/getThings(a='{b}')", Method::Get, &model(200), false).is_err());
        assert!(call_path("/users/delta", Method::Get, &collection(), false).is_ok());
    }
}
