//! The pages against Graph's v1.0 CSDL (`../shared/graph-metadata`): for every v1.0 action
//! that both the sample's pages and the CSDL have, the request body's parameter names and
//! types are compared with the action's parameters. Prints the agreement and every
//! difference:
//! `cargo test -p msgraph-typed-sample-coverage --test csdl -- --nocapture`.
//! Skipped, saying so, when the sample or the metadata is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use msgraph_typed_codegen::ir::{Api, Operation, TypeRef, Version};
use msgraph_typed_codegen::{Generator, Mode};

fn shared() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    std::fs::canonicalize(&p).unwrap_or(p)
}

/// An action of the CSDL: its binding type and its other parameters (name, type).
#[derive(Debug)]
struct Action {
    binding: String,
    params: Vec<(String, String)>,
}

fn read_csdl(path: &Path) -> Result<BTreeMap<String, Vec<Action>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out: BTreeMap<String, Vec<Action>> = BTreeMap::new();
    for schema in doc.descendants().filter(|n| n.has_tag_name("Schema")) {
        if schema.attribute("Namespace") != Some("microsoft.graph") {
            continue;
        }
        for action in schema.children().filter(|n| n.has_tag_name("Action")) {
            let Some(name) = action.attribute("Name") else {
                continue;
            };
            let mut binding = String::new();
            let mut params = Vec::new();
            for p in action.children().filter(|n| n.has_tag_name("Parameter")) {
                let (Some(n), Some(t)) = (p.attribute("Name"), p.attribute("Type")) else {
                    continue;
                };
                if n == "bindingParameter" || n == "bindparameter" {
                    binding = t.to_owned();
                } else {
                    params.push((n.to_owned(), t.to_owned()));
                }
            }
            out.entry(name.to_owned())
                .or_default()
                .push(Action { binding, params });
        }
    }
    Ok(out)
}

/// A type, the CSDL way, normalised for comparison: `Collection(x)`, `string`, `user`.
fn normalise_csdl(t: &str) -> String {
    let lower = t.to_ascii_lowercase();
    if let Some(inner) = lower
        .strip_prefix("collection(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return format!("collection({})", normalise_csdl(inner));
    }
    let lower = lower
        .trim_start_matches("edm.")
        .trim_start_matches("microsoft.graph.")
        .trim_start_matches("graph.");
    lower.to_owned()
}

/// What the page said, in the same form.
fn page_type(ty: &TypeRef, api: &Api) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::I32 => "int32".into(),
        TypeRef::I64 => "int64".into(),
        TypeRef::F64 => "double".into(),
        TypeRef::F32 => "single".into(),
        TypeRef::Guid => "guid".into(),
        TypeRef::DateTimeOffset => "datetimeoffset".into(),
        TypeRef::Date => "date".into(),
        TypeRef::TimeOfDay => "timeofday".into(),
        TypeRef::Duration => "duration".into(),
        TypeRef::Binary => "binary".into(),
        TypeRef::Json => "json (untyped)".into(),
        TypeRef::Model(n) => api
            .models
            .get(n)
            .map_or(n.to_ascii_lowercase(), |m| normalise_csdl(&m.doc_name)),
        TypeRef::Enum(n) => api
            .enums
            .get(n)
            .map_or(n.to_ascii_lowercase(), |e| normalise_csdl(&e.doc_name)),
        TypeRef::Collection(inner) => format!("collection({})", page_type(inner, api)),
    }
}

/// `/users/{id}/microsoft.graph.assignLicense` -> `assignLicense`.
fn action_name(op: &Operation) -> &str {
    let last = op.path.rsplit('/').next().unwrap_or("");
    last.strip_prefix("microsoft.graph.").unwrap_or(last)
}

/// The overload bound to the page's resource (`user: assignLicense` -> `graph.user`), else
/// the one sharing most parameter names.
fn pick<'a>(overloads: &'a [Action], op: &Operation, names: &[&str]) -> Option<&'a Action> {
    let resource = op
        .name
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    overloads
        .iter()
        .find(|a| {
            normalise_csdl(&a.binding)
                .trim_start_matches("collection(")
                .trim_end_matches(')')
                == resource
        })
        .or_else(|| {
            overloads.iter().max_by_key(|a| {
                a.params
                    .iter()
                    .filter(|(n, _)| names.contains(&n.as_str()))
                    .count()
            })
        })
}

#[test]
fn the_v1_action_parameters_of_the_pages_agree_with_the_csdl() {
    let sample = shared().join("graph-docs-sample");
    let Some(csdl) = std::fs::read_dir(shared().join("graph-metadata"))
        .ok()
        .and_then(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == "xml"))
        })
    else {
        eprintln!(
            "SKIPPED: no CSDL under {}",
            shared().join("graph-metadata").display()
        );
        return;
    };
    if !sample.is_dir() {
        eprintln!(
            "SKIPPED: the Graph docs sample is not at {}",
            sample.display()
        );
        return;
    }
    let actions = read_csdl(&csdl).unwrap();
    let output = Generator::new()
        .pages(&sample)
        .mode(Mode::Downstream)
        .lenient(true)
        .all_types(true)
        .generate()
        .unwrap();
    let api = &output.api;

    let (mut compared_actions, mut params, mut agree) = (0, 0, 0);
    let mut differences = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for op in api.operations.values() {
        if op.version != Version::V1 || !seen.insert((op.name.clone(), action_name(op).to_owned()))
        {
            continue;
        }
        let Some(overloads) = actions.get(action_name(op)) else {
            continue;
        };
        let fields = op
            .request
            .as_ref()
            .and_then(|r| api.models.get(r))
            .map(|m| m.fields.as_slice())
            .unwrap_or_default();
        let names: Vec<&str> = fields.iter().map(|f| f.json_name.as_str()).collect();
        let Some(action) = pick(overloads, op, &names) else {
            continue;
        };
        compared_actions += 1;
        let place = format!("{} ({})", op.name, op.source.path.display());
        for (name, csdl_type) in &action.params {
            params += 1;
            match fields.iter().find(|f| f.json_name == *name) {
                None => differences.push(format!(
                    "{place}: `{name}` ({csdl_type}) is in the CSDL, not on the page"
                )),
                Some(f) => {
                    let page = page_type(&f.ty, api);
                    if page == normalise_csdl(csdl_type) {
                        agree += 1;
                    } else {
                        differences.push(format!(
                            "{place}: `{name}` is `{page}` on the page, `{csdl_type}` in the CSDL"
                        ));
                    }
                }
            }
        }
        for f in fields {
            if !action.params.iter().any(|(n, _)| *n == f.json_name) {
                params += 1;
                differences.push(format!(
                    "{place}: `{}` is on the page, not in the CSDL",
                    f.json_name
                ));
            }
        }
    }
    println!("v1.0 actions in both the pages and the CSDL: {compared_actions}");
    println!(
        "parameters compared: {params}, agreeing in name and type: {agree} ({:.1}%)",
        if params == 0 {
            0.0
        } else {
            agree as f64 * 100.0 / params as f64
        }
    );
    println!("differences ({}):", differences.len());
    for d in &differences {
        println!("  {d}");
    }
    assert!(
        compared_actions >= 10,
        "only {compared_actions} actions compared"
    );
    assert_eq!(
        agree + differences.len(),
        params,
        "every parameter is counted once"
    );
}
