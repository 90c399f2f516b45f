//! The `models` module: request bodies and resources as serde structs.

use super::docs::{self, BETA};
use super::paths::Paths;
use super::types::{field_type, takes_into};
use super::writer::{literal, Writer};
use crate::ir::{Api, Field, Model, ModelKind, Operation, OptionalBecause, Version};

/// Writes `pub mod models { ... }`.
pub fn write(w: &mut Writer, api: &Api, p: &Paths) {
    w.doc("Request and response models, generated from the documentation pages.");
    w.open("pub mod models {");
    let mut first = true;
    for model in api.models.values() {
        if !first {
            w.blank();
        }
        first = false;
        write_model(w, model, api, p);
    }
    for e in api.enums.values() {
        if !first {
            w.blank();
        }
        first = false;
        super::enums::write_enum(w, e, p);
    }
    w.close("}");
}

fn first_user<'a>(api: &'a Api, model: &str) -> Option<&'a Operation> {
    api.operations
        .values()
        .find(|o| o.request.as_deref() == Some(model))
}

fn write_model(w: &mut Writer, m: &Model, api: &Api, p: &Paths) {
    let version = docs::version(m.version);
    match m.kind {
        ModelKind::Request => match first_user(api, &m.name) {
            Some(op) => w.doc(&format!(
                "The request body of `{}`.\n\nFrom `{}` ({version}).",
                crate::lower::call_path::call_chain(
                    &op.steps,
                    op.last_step_is_call,
                    &op.rust_name,
                    true
                ),
                docs::text(&op.name)
            )),
            None => w.doc(&format!(
                "The request body of `{}` ({version}).",
                docs::text(&m.doc_name)
            )),
        },
        ModelKind::Resource => {
            let summary = if m.doc.trim().is_empty() {
                format!("The `{}` resource.", m.doc_name)
            } else {
                docs::text(&m.doc)
            };
            w.doc(&format!(
                "{summary}\n\nResource `{}` ({version}).",
                m.doc_name
            ));
        }
    }
    if m.version == Version::Beta && m.kind == ModelKind::Resource {
        w.line("///");
        w.doc(BETA);
    }
    let all_optional = m.fields.iter().all(|f| !f.required) && sent_odata_type(m).is_none();
    let mut derives: Vec<String> = vec!["Debug".into(), "Clone".into()];
    if all_optional {
        derives.push("Default".into());
    }
    derives.push("PartialEq".into());
    derives.push(format!("{}::Serialize", p.serde));
    derives.push(format!("{}::Deserialize", p.serde));
    w.attr("derive", &derives);
    w.attr("serde", &[format!("crate = {}", literal(p.serde))]);
    w.line("#[non_exhaustive]");
    if m.fields.is_empty() && !m.open && sent_odata_type(m).is_none() {
        w.line(&format!("pub struct {} {{}}", m.name));
    } else {
        w.open(&format!("pub struct {} {{", m.name));
        if let Some(t) = sent_odata_type(m) {
            w.doc(&format!("The derived type, sent as `@odata.type` (`{t}`)."));
            w.attr("serde", &[format!("rename = {}", literal("@odata.type"))]);
            w.field("pub odata_type:", "::std::string::String");
        }
        for f in &m.fields {
            write_field(w, m, f, api, p);
        }
        if m.open {
            w.doc("Properties the page does not list: this is an open type.");
            w.line("#[serde(flatten)]");
            w.field("pub additional_properties:", &open_map(p));
        }
        w.close("}");
    }
    w.blank();
    write_impl(w, m, api, p);
}

/// The `@odata.type` a request body sends: the derived type of a create page, unless the
/// table already has an `@odata.type` row.
fn sent_odata_type(m: &Model) -> Option<&str> {
    let t = m.odata_type.as_deref()?;
    (m.kind == ModelKind::Request && !m.fields.iter().any(|f| f.json_name == "@odata.type"))
        .then_some(t)
}

fn open_map(p: &Paths) -> String {
    format!(
        "::std::collections::BTreeMap<::std::string::String, {}::Value>",
        p.serde_json
    )
}

fn bare(rust_name: &str) -> &str {
    rust_name.strip_prefix("r#").unwrap_or(rust_name)
}

fn write_field(w: &mut Writer, m: &Model, f: &Field, api: &Api, p: &Paths) {
    let mut doc = if f.doc.trim().is_empty() {
        format!("The `{}` property.", f.json_name)
    } else {
        docs::text(&f.doc)
    };
    if let Some(name) = &f.unknown_type {
        doc.push_str(&format!(
            "\n\nThe docs name its type {}, which no page of this run describes: it is kept \
             as JSON.",
            docs::code(name)
        ));
    }
    if let Some(why) = f.optional_because {
        // A description that already says "Optional." or "Nullable." says the rule.
        let said = {
            let d = f.doc.to_ascii_lowercase();
            d.contains("optional") || d.contains("nullable")
        };
        if !(why == OptionalBecause::Marked && said) {
            doc.push_str("\n\n");
            doc.push_str(optional_doc(why));
        }
    }
    w.doc(&doc);
    let rename = if bare(&f.rust_name) == f.json_name {
        String::new()
    } else {
        format!("rename = {}", literal(&f.json_name))
    };
    let ty = field_type(&m.name, f, api, p);
    if is_update(f) {
        optional_field(
            w,
            rename,
            &format!("{}::Patch::is_unchanged", p.rt),
            &f.rust_name,
            &format!("{}::Patch<{ty}>", p.rt),
        );
    } else if f.required {
        if !rename.is_empty() {
            w.attr("serde", &[rename]);
        }
        w.field(&format!("pub {}:", f.rust_name), &ty);
    } else {
        optional_field(
            w,
            rename,
            "::std::option::Option::is_none",
            &f.rust_name,
            &format!("::std::option::Option<{ty}>"),
        );
    }
}

/// An optional field: left out of the JSON while `skip_if` holds, `default` when absent.
fn optional_field(w: &mut Writer, rename: String, skip_if: &str, rust_name: &str, ty: &str) {
    let mut parts: Vec<String> = Vec::new();
    if !rename.is_empty() {
        parts.push(rename);
    }
    parts.push("default".into());
    parts.push(format!("skip_serializing_if = {}", literal(skip_if)));
    w.attr("serde", &parts);
    w.field(&format!("pub {rust_name}:"), ty);
}

/// A property of an update body: a [`Patch`](OptionalBecause::Update), not an `Option`.
fn is_update(f: &Field) -> bool {
    f.optional_because == Some(OptionalBecause::Update)
}

/// The sentence that says which rule made a field an `Option`.
fn optional_doc(why: OptionalBecause) -> &'static str {
    match why {
        OptionalBecause::Marked => "Optional: the page marks it optional or nullable.",
        OptionalBecause::Unmarked => {
            "Optional: the page does not mark it required, and its table's unmarked rows are optional."
        }
        OptionalBecause::PartialResponse => {
            "Optional: Graph may answer with only a default set of this resource's properties, \
             or those `$select` asks for (it is returned by a read, a list, a create or an \
             update, or it is an entity, with an `id`); the page's \"required\" or \"not \
             nullable\" does not promise it is in the JSON."
        }
        OptionalBecause::Update => {
            "Sent only when set with `with_...`; `clear_...` sends `null`, which Graph clears."
        }
    }
}

fn write_impl(w: &mut Writer, m: &Model, api: &Api, p: &Paths) {
    w.impl_open("", "", &m.name);
    let required: Vec<&Field> = m.fields.iter().filter(|f| f.required).collect();
    let params: Vec<String> = required
        .iter()
        .map(|f| {
            let ty = field_type(&m.name, f, api, p);
            if takes_into(&ty) {
                format!("{}: impl Into<{ty}>", f.rust_name)
            } else {
                format!("{}: {ty}", f.rust_name)
            }
        })
        .collect();
    let mut inits: Vec<String> = Vec::new();
    if let Some(t) = sent_odata_type(m) {
        inits.push(format!("odata_type: {}.to_owned()", literal(t)));
    }
    inits.extend(m.fields.iter().map(|f| {
        let ty = field_type(&m.name, f, api, p);
        if is_update(f) {
            format!("{}: {}::Patch::Unchanged", f.rust_name, p.rt)
        } else if !f.required {
            format!("{}: None", f.rust_name)
        } else if takes_into(&ty) {
            format!("{0}: {0}.into()", f.rust_name)
        } else {
            f.rust_name.clone()
        }
    }));
    if m.open {
        inits.push("additional_properties: ::std::collections::BTreeMap::new()".to_owned());
    }
    // An update body: every property a `Patch`, nothing sent until set.
    let update = !m.fields.is_empty() && m.fields.iter().all(is_update);
    w.doc(match m.kind {
        ModelKind::Request if update => {
            "An update that changes nothing yet: `with_...` sets a property, `clear_...` \
             clears one."
        }
        ModelKind::Request => "A request with every required parameter.",
        ModelKind::Resource => "A value with every non-nullable property.",
    });
    if params.len() > 7 {
        w.line("#[allow(clippy::too_many_arguments)]");
    }
    w.fn_open("pub fn new", &params, Some("Self"));
    if update && !m.open && sent_odata_type(m).is_none() {
        w.line("Self::default()");
    } else {
        w.struct_lit("Self", &inits, "");
    }
    w.close("}");
    for f in m.fields.iter().filter(|f| !f.required) {
        w.blank();
        let ty = field_type(&m.name, f, api, p);
        w.doc(&format!("Sets `{}`.", f.json_name));
        let (param, value) = if takes_into(&ty) {
            (format!("value: impl Into<{ty}>"), "value.into()")
        } else {
            (format!("value: {ty}"), "value")
        };
        w.fn_open(
            &format!("pub fn with_{}", bare(&f.rust_name)),
            &["mut self".to_owned(), param],
            Some("Self"),
        );
        if is_update(f) {
            w.assign(
                &format!("self.{}", f.rust_name),
                &format!("{}::Patch::Set({value})", p.rt),
            );
        } else {
            w.assign(&format!("self.{}", f.rust_name), &format!("Some({value})"));
        }
        w.line("self");
        w.close("}");
        if is_update(f) {
            w.blank();
            w.doc(&format!(
                "Sends `{}` as `null`: Graph clears it.",
                f.json_name
            ));
            w.fn_open(
                &format!("pub fn clear_{}", bare(&f.rust_name)),
                &["mut self".to_owned()],
                Some("Self"),
            );
            w.assign(
                &format!("self.{}", f.rust_name),
                &format!("{}::Patch::Clear", p.rt),
            );
            w.line("self");
            w.close("}");
        }
    }
    w.close("}");
}
