//! [`TypeRef`] -> Rust type text, and the boxing that recursive models need.

use std::collections::BTreeSet;

use super::paths::Paths;
use crate::ir::{Api, Field, TypeRef};

/// The Rust type of `ty`; `models` is the path prefix of model types (`` for code inside
/// `models`, `super::models::` elsewhere).
pub fn rust_type(ty: &TypeRef, models: &str, p: &Paths) -> String {
    match ty {
        TypeRef::String
        | TypeRef::Guid
        | TypeRef::DateTimeOffset
        | TypeRef::Date
        | TypeRef::TimeOfDay
        | TypeRef::Duration
        | TypeRef::Binary => "::std::string::String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::Json => format!("{}::Value", p.serde_json),
        TypeRef::Model(n) | TypeRef::Enum(n) => format!("{models}{n}"),
        TypeRef::Collection(inner) => format!("::std::vec::Vec<{}>", rust_type(inner, models, p)),
    }
}

/// The type of a field without its `Option`: `SecretString` for secrets, a `Box` where
/// the model would otherwise contain itself.
pub fn field_type(owner: &str, f: &Field, api: &Api, p: &Paths) -> String {
    if f.secret {
        return format!("{}::SecretString", p.rt);
    }
    let base = rust_type(&f.ty, "", p);
    if needs_box(owner, &f.ty, api) {
        format!("::std::boxed::Box<{base}>")
    } else {
        base
    }
}

/// Whether a field of type `ty` in model `owner` leads back to `owner` without passing
/// through a `Vec` (which has a size of its own).
pub fn needs_box(owner: &str, ty: &TypeRef, api: &Api) -> bool {
    let TypeRef::Model(start) = ty else {
        return false;
    };
    let mut seen = BTreeSet::new();
    let mut stack = vec![start.clone()];
    while let Some(name) = stack.pop() {
        if name == owner {
            return true;
        }
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(m) = api.models.get(&name) {
            for f in &m.fields {
                if let TypeRef::Model(next) = &f.ty {
                    stack.push(next.clone());
                }
            }
        }
    }
    false
}

/// Whether constructor and setter arguments of this type take `impl Into<...>` (strings
/// and boxes) rather than the type itself.
pub fn takes_into(ty: &str) -> bool {
    ty == "::std::string::String"
        || ty.ends_with("::SecretString")
        || ty.starts_with("::std::boxed::Box<")
}
