//! Which resource properties a response may leave out. Graph answers a read (`GET`, a
//! list, a function), a create and an update with a default set of the resource's
//! properties, or with those `$select` asks for, and an `$expand`ed or nested resource
//! the same way: a property the page calls required or not nullable may still be absent.
//! Every property of a resource such an answer reaches (directly, or through the
//! properties of another) is an `Option`, marked [`OptionalBecause::PartialResponse`].
//!
//! An entity (a resource with an `id`) is answered the same way whichever operation
//! returns it (`POST /domains/{id}/verify` answers with a `domain`). Any other action's
//! answer (a `POST` that is not a create, such as `validatePassword`) is whole: a
//! resource reached only from actions keeps what its page guarantees
//! (`passwordValidationInformation.isValid` stays a plain `bool`).

use std::collections::BTreeSet;

use super::api_page::{action, is_create};
use crate::ir::{Api, Method, Model, ModelKind, Operation, OptionalBecause, Response, TypeRef};

/// Whether an operation's answer may hold only some of its resource's properties.
pub fn answers_partially(op: &Operation) -> bool {
    match op.method {
        Method::Get | Method::Patch | Method::Put => true,
        Method::Post => {
            is_create(action(&op.name))
                || matches!(op.response, Response::Model { status: 201, .. })
        }
        Method::Delete => false,
    }
}

/// Makes every property of the resources that partial answers reach optional.
pub fn loosen(api: &mut Api) {
    let mut stack: Vec<String> = Vec::new();
    for op in api.operations.values() {
        let mut answered = Vec::new();
        match &op.response {
            Response::Unit { .. } => {}
            Response::Model { ty, .. }
            | Response::Value { ty, .. }
            | Response::Collection { ty, .. } => named(ty, &mut answered),
        }
        if !answers_partially(op) {
            answered.retain(|name| api.models.get(name).is_some_and(is_entity));
        }
        stack.extend(answered);
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(model) = api.models.get_mut(&name) else {
            continue;
        };
        if model.kind != ModelKind::Resource {
            continue;
        }
        for f in &mut model.fields {
            named(&f.ty, &mut stack);
            if f.required {
                f.required = false;
                f.optional_because = Some(OptionalBecause::PartialResponse);
            }
        }
    }
}

/// A resource with an `id` property (its own or its base's).
fn is_entity(model: &Model) -> bool {
    model.kind == ModelKind::Resource && model.fields.iter().any(|f| f.json_name == "id")
}

fn named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Model(n) => out.push(n.clone()),
        TypeRef::Collection(inner) => named(inner, out),
        _ => {}
    }
}
