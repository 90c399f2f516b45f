//! Whether a `POST` to a literal segment creates an item of the collection the segment
//! names (`POST /me/events` -> `.events().create(body)`) or calls an action named by it
//! (`POST /me/messages/{id}/move` -> `.move(body)`), from the page's data alone: the
//! status, the request body's form and the answer.
//!
//! A create is answered `201 Created`, and its page gives the body as an object of the
//! resource: with no table of its own (an example object), or with a table whose
//! properties are, for the most part, the answer's (its model's fields and the members of
//! its example response). An action's page gives its body as a table of parameters of its
//! own (`destinationId`, `comment`), whatever the status: `move` and `createReply` are
//! answered `201` with the message they made, and stay actions. Some create pages are
//! answered `200`: they count when they give the body as an example object (no table) of
//! the answer's model. A table of parameters answered `200` is always an action, even when
//! its parameters fill in the answer (`addPassword` answers the `passwordCredential` its
//! parameters describe).
//!
//! And a segment that the page itself addresses items of (another of its request lines
//! goes on with a key, `PATCH /me/messages/{id}` beside `POST /me/messages`) is a
//! collection: a `POST` to it creates, whatever the body. An action's segment is never
//! followed by a key. This is what tells the collections of a page that documents many
//! (`POST /me/messages`, `POST /groups/{id}/threads`) from the action among them
//! (`POST /groups/{id}/threads/{id}/reply`), all with one body and one answer.
//!
//! Nothing here reads prose (titles, sentences) or other operations: the same page always
//! gives the same verbs.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Model, Response, TypeRef};

/// What a page gives for deciding: its request table's property names (when it has a
/// table), its example request and response bodies (JSON as written).
#[derive(Debug, Clone, Copy)]
pub struct Body<'p> {
    /// The request table's JSON names, when the page has a request table.
    pub table: Option<&'p [String]>,
    /// The example request body.
    pub example_request: Option<&'p str>,
    /// The example response body.
    pub example_response: Option<&'p str>,
}

/// Whether the page's `POST` creates (see the module docs). `models` holds the resource
/// models by Rust name, to read the answer's fields.
pub fn creates(body: Body<'_>, response: &Response, models: &BTreeMap<String, Model>) -> bool {
    let (status, ty) = match response {
        Response::Model { status, ty } => (*status, Some(ty)),
        Response::Unit { status } => (*status, None),
        Response::Collection { .. } | Response::Value { .. } => return false,
    };
    let model = match ty {
        Some(TypeRef::Model(name)) => models.get(name),
        _ => None,
    };
    let answer = || {
        let mut names: BTreeSet<String> = model
            .iter()
            .flat_map(|m| &m.fields)
            .map(|f| f.json_name.clone())
            .collect();
        names.extend(
            body.example_response
                .map(top_level_members)
                .unwrap_or_default(),
        );
        names
    };
    match (status, body.table) {
        // No table: the body is an object of the resource, as a create's page gives it.
        (201, None) => true,
        // A table: the resource's properties (a create), or parameters (an action).
        (201, Some(names)) => mostly_within(names.iter().cloned(), &answer()),
        // Answered 200: only an example object of the answer's own model.
        (_, None) if model.is_some() => body.example_request.is_some_and(|json| {
            let sent = top_level_members(json);
            !sent.is_empty() && mostly_within(sent.into_iter(), &answer())
        }),
        _ => false,
    }
}

/// Whether more than half of the members `sent` (as written: `@odata.type`,
/// `members@odata.bind`) are the answer's: properties in `answer`, or relationships of the
/// new object bound by `@odata.bind` (which only an object being written carries). An
/// annotation of the body itself (`@odata.type`) is no member. `false` for none.
fn mostly_within(sent: impl Iterator<Item = String>, answer: &BTreeSet<String>) -> bool {
    let sent: BTreeSet<String> = sent.filter(|m| !member(m).is_empty()).collect();
    let shared = sent
        .iter()
        .filter(|m| m.ends_with("@odata.bind") || answer.contains(&member(m)))
        .count();
    shared * 2 > sent.len()
}

/// Whether one of `paths` (the page's request lines) goes on from `path` with a key
/// segment: `/me/messages/{id}` from `/me/messages`. Keys match whatever their names
/// (`{id}`, `{message-id}`).
pub fn addresses_items(path: &str, paths: &[&str]) -> bool {
    let shape = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                if s.starts_with('{') {
                    "{}".to_owned()
                } else {
                    s.to_owned()
                }
            })
            .collect()
    };
    let here = shape(path);
    paths.iter().any(|other| {
        let there = shape(other);
        there.len() > here.len()
            && there.get(..here.len()) == Some(&here[..])
            && there.get(here.len()).is_some_and(|s| s == "{}")
    })
}

/// A member name as a property: an annotation of it (`members@odata.bind`) is the
/// property; an annotation of the object itself (`@odata.type`) is no property.
fn member(name: &str) -> String {
    name.split('@').next().unwrap_or_default().trim().to_owned()
}

/// The member names of the JSON object `json` (its first level only), as written. Not an
/// object, or not JSON: none.
pub fn top_level_members(json: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(body) = json.trim_start().strip_prefix('{') else {
        return out;
    };
    let mut depth = 0usize;
    let mut chars = body.chars();
    // At depth 0, a string right after `{` or `,` is a member name.
    let mut expect_name = true;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut text = String::new();
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (true, _) => {
                            escaped = false;
                            text.push(c);
                        }
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        (false, _) => text.push(c),
                    }
                }
                if depth == 0 && expect_name {
                    out.insert(text);
                }
                expect_name = false;
            }
            '{' | '[' => depth += 1,
            '}' | ']' if depth == 0 => break,
            '}' | ']' => depth -= 1,
            ',' if depth == 0 => expect_name = true,
            _ => {}
        }
    }
    out.remove("");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, ModelKind, Source, Version};

    fn model(name: &str, fields: &[&str]) -> (String, Model) {
        let model = Model {
            name: name.to_owned(),
            doc_name: name.to_owned(),
            kind: ModelKind::Resource,
            version: Version::V1,
            fields: fields
                .iter()
                .map(|f| Field {
                    json_name: (*f).to_owned(),
                    rust_name: (*f).to_owned(),
                    ty: TypeRef::Json,
                    required: false,
                    optional_because: None,
                    secret: false,
                    doc: String::new(),
                    line: 1,
                    unknown_type: None,
                })
                .collect(),
            doc: String::new(),
            odata_type: None,
            open: false,
            source: Source {
                path: "r.md".into(),
                line: 1,
            },
        };
        (name.to_owned(), model)
    }

    fn models() -> BTreeMap<String, Model> {
        [
            model("Message", &["id", "subject", "body", "toRecipients"]),
            model("Event", &["id", "subject", "start", "end", "attendees"]),
            model(
                "PasswordCredential",
                &["displayName", "endDateTime", "startDateTime", "secretText"],
            ),
            model("OpenShift", &["id", "draftOpenShift", "schedulingGroupId"]),
        ]
        .into_iter()
        .collect()
    }

    fn answer(status: u16, name: &str) -> Response {
        Response::Model {
            status,
            ty: TypeRef::Model(name.to_owned()),
        }
    }

    fn table(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn a_body_of_the_answers_type_answered_201_creates() {
        let sent = table(&["subject", "start", "end"]);
        let body = Body {
            table: Some(&sent),
            example_request: None,
            example_response: None,
        };
        assert!(creates(body, &answer(201, "Event"), &models()));
    }

    #[test]
    fn a_move_answered_201_with_a_parameter_of_its_own_is_an_action() {
        let sent = table(&["destinationId"]);
        let body = Body {
            table: Some(&sent),
            example_request: Some(r#"{"destinationId": "deleteditems"}"#),
            example_response: Some(r#"{"id": "m2", "subject": "Hi", "body": {"content": "x"}}"#),
        };
        assert!(!creates(body, &answer(201, "Message"), &models()));
        // The same with an answer whose type the run does not know.
        let json = Response::Model {
            status: 201,
            ty: TypeRef::Json,
        };
        assert!(!creates(body, &json, &models()));
    }

    #[test]
    fn a_reply_answered_201_without_a_body_is_an_action() {
        let sent = table(&["comment"]);
        let body = Body {
            table: Some(&sent),
            example_request: None,
            example_response: None,
        };
        assert!(!creates(body, &Response::Unit { status: 201 }, &models()));
    }

    #[test]
    fn an_action_whose_parameters_fill_in_its_answer_is_an_action_when_answered_200() {
        let sent = table(&["displayName", "endDateTime", "startDateTime"]);
        let body = Body {
            table: Some(&sent),
            example_request: None,
            example_response: None,
        };
        assert!(!creates(
            body,
            &answer(200, "PasswordCredential"),
            &models()
        ));
    }

    #[test]
    fn an_example_object_of_the_answers_type_creates_when_answered_200() {
        let body = Body {
            table: None,
            example_request: Some(
                r##"{"@odata.type": "#microsoft.graph.openShift", "schedulingGroupId": "g1", "draftOpenShift": {"id": "x", "notes": [1, {"a": "b"}]}}"##,
            ),
            example_response: None,
        };
        assert!(creates(body, &answer(200, "OpenShift"), &models()));
    }

    #[test]
    fn a_201_whose_body_is_no_table_creates_even_without_an_answer_body() {
        // `POST /chats/{id}/installedApps`: an example object, answered `201` alone.
        let body = Body {
            table: None,
            example_request: Some(r#"{"teamsApp@odata.bind": "https://x/teamsApps/1"}"#),
            example_response: None,
        };
        assert!(creates(body, &Response::Unit { status: 201 }, &models()));
    }

    #[test]
    fn no_body_answered_200_and_a_collection_answer_are_actions() {
        // `POST /domains/{id}/verify`: no body, the domain answered.
        let none = Body {
            table: None,
            example_request: None,
            example_response: Some(r#"{"id": "m1"}"#),
        };
        assert!(!creates(none, &answer(200, "Message"), &models()));
        let sent = table(&["subject"]);
        let body = Body {
            table: Some(&sent),
            example_request: None,
            example_response: None,
        };
        let list = Response::Collection {
            status: 201,
            ty: TypeRef::Model("Message".into()),
        };
        assert!(!creates(body, &list, &models()));
    }

    #[test]
    fn a_property_the_answers_page_leaves_out_is_outvoted_by_those_it_has() {
        // A relationship bound on create (`attendees@odata.bind`) and one property the
        // resource page lacks: most rows are the answer's.
        let sent = table(&["subject", "attendees@odata.bind", "start", "notOnThePage"]);
        let body = Body {
            table: Some(&sent),
            example_request: None,
            example_response: None,
        };
        assert!(creates(body, &answer(201, "Event"), &models()));
        // Most rows foreign: parameters (`createReply`'s `comment` and `message`).
        let sent = table(&["comment", "message", "subject"]);
        let body = Body {
            table: Some(&sent),
            ..body
        };
        assert!(!creates(body, &answer(201, "Message"), &models()));
    }

    #[test]
    fn a_segment_the_page_addresses_items_of_is_a_collection_and_an_action_is_not() {
        let lines = [
            "/me/messages",
            "/groups/{id}/threads/{id}/reply",
            "/groups/{id}/threads",
            "/me/messages/{message-id}",
        ];
        assert!(addresses_items("/me/messages", &lines));
        assert!(addresses_items("/groups/{group-id}/threads", &lines));
        assert!(!addresses_items("/groups/{id}/threads/{id}/reply", &lines));
        assert!(!addresses_items("/me/messages/{id}/move", &lines));
        assert!(!addresses_items("/me", &["/me/messages/{id}"]));
    }

    #[test]
    fn the_top_level_members_of_an_object_are_read_past_nesting_and_escapes() {
        let names = top_level_members(
            r#"{"a": {"b": 1, "c": [{"d": 2}]}, "e\"f": "g,h", "i@odata.bind": [], "@odata.type": "x", "j": null}"#,
        );
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(names, ["@odata.type", "a", "e\"f", "i@odata.bind", "j"]);
        assert!(top_level_members("[1, 2]").is_empty());
        assert!(top_level_members("not json").is_empty());
    }
}
