//! Query parameters a call sends unless told otherwise. A report page documents two
//! answers, a `302 Found` to a CSV download and a JSON `200 OK` under
//! `$format=application/json`; the call is generated with the JSON one, so it must ask
//! for it: when the page's example request carries `$format=application/json` and the
//! call decodes JSON, the call sends it.

use crate::ir::Response;
use crate::parse::{DocPage, ExampleKind};

/// The `$format` a JSON call sends by default, from the page's example requests: the
/// `application/json` one when any of them asks for it. None for a call that does not
/// decode JSON (a redirect, no content) or a page whose examples do not ask.
pub fn default_query(page: &DocPage, response: &Response) -> Vec<(String, String)> {
    let decodes_json = matches!(
        response,
        Response::Model { .. } | Response::Collection { .. } | Response::Value { .. }
    );
    if !decodes_json {
        return Vec::new();
    }
    let asks = page
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Request)
        .filter_map(|e| e.start.split_once('?').map(|(_, q)| q))
        .flat_map(|q| q.split_whitespace().next().unwrap_or_default().split('&'))
        .any(|p| {
            p.split_once('=').is_some_and(|(k, v)| {
                k.trim() == "$format" && v.trim().eq_ignore_ascii_case("application/json")
            })
        });
    if asks {
        vec![("$format".to_owned(), "application/json".to_owned())]
    } else {
        Vec::new()
    }
}
