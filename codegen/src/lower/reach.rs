//! Pruning: only the models and enums that some operation reaches (through its request
//! body, its response and their fields, transitively) are kept, so that a folder of
//! resource pages costs nothing for the types no operation uses.

use std::collections::BTreeSet;

use crate::ir::{Api, Response, TypeRef};

/// Removes the models and enums no operation reaches. Resource models are kept when the
/// run has no operations at all (a folder of resource pages only).
pub fn prune(api: &mut Api) {
    if api.operations.is_empty() {
        return;
    }
    let mut stack: Vec<String> = Vec::new();
    for op in api.operations.values() {
        stack.extend(op.request.iter().cloned());
        match &op.response {
            Response::Unit { .. } => {}
            Response::Model { ty, .. }
            | Response::Value { ty, .. }
            | Response::Collection { ty, .. } => push_named(ty, &mut stack),
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(m) = api.models.get(&name) {
            for f in &m.fields {
                push_named(&f.ty, &mut stack);
            }
        }
    }
    api.models.retain(|name, _| seen.contains(name));
    api.enums.retain(|name, _| seen.contains(name));
}

fn push_named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Model(n) | TypeRef::Enum(n) => out.push(n.clone()),
        TypeRef::Collection(inner) => push_named(inner, out),
        _ => {}
    }
}
