//! How callers reach the groups: in the SDK, a `graph_client_entry_points!` macro that the
//! `GraphClient` trait invokes (so `client.me()` is a provided trait method); downstream,
//! extension traits, since a downstream crate cannot add methods to `GraphClient`:
//! `GraphClientExt` for groups the SDK does not have, and `{Group}Ext` traits with an
//! `ext()` method on the SDK's own group structs (`client.users().ext().assign_license(..)`).

use super::operations::{by_group, SDK_GROUPS};
use super::paths::{Mode, Paths};
use super::writer::Writer;
use crate::ir::Api;

/// Writes the entry points of `mode`.
pub fn write(w: &mut Writer, api: &Api, p: &Paths, mode: Mode) {
    match mode {
        Mode::Sdk => write_macro(w, api),
        Mode::Downstream => write_traits(w, api, p),
    }
}

fn write_macro(w: &mut Writer, api: &Api) {
    w.line("/// The typed entry points of `GraphClient`, one provided method per group.");
    w.open("macro_rules! graph_client_entry_points {");
    w.open("() => {");
    let mut first = true;
    for (group, ops) in by_group(api) {
        let Some(op) = ops.first() else { continue };
        if !first {
            w.blank();
        }
        first = false;
        let what = if op.group == "me" {
            ": the signed-in user"
        } else {
            ""
        };
        w.doc(&format!("Operations under `/{}`{what}.", op.group));
        let ty = format!("crate::operations::{}", op.group_type);
        w.fn_open(
            &format!("fn {group}"),
            &["&self".to_owned()],
            Some(&format!("{ty}<'_>")),
        );
        w.line(&format!("{ty}::new(self.as_dyn())"));
        w.close("}");
    }
    w.close("};");
    w.close("}");
    w.line("pub(crate) use graph_client_entry_points;");
}

fn write_traits(w: &mut Writer, api: &Api, p: &Paths) {
    let groups = by_group(api);
    let (sdk, new): (Vec<_>, Vec<_>) = groups.iter().partition(|(g, _)| SDK_GROUPS.contains(g));
    if !new.is_empty() {
        w.doc(&format!(
            "Entry points for the groups of operations generated into this crate, on every \
             [`GraphClient`]({0}::GraphClient). Bring it into scope with `use`.",
            p.rt
        ));
        w.open(&format!(
            "pub trait GraphClientExt: {}::GraphClient {{",
            p.rt
        ));
        let mut first = true;
        for (group, ops) in &new {
            let Some(op) = ops.first() else { continue };
            if !first {
                w.blank();
            }
            first = false;
            w.doc(&format!("Operations under `/{}`.", op.group));
            let ty = format!("self::operations::{}", op.group_type);
            w.fn_open(
                &format!("fn {group}"),
                &["&self".to_owned()],
                Some(&format!("{ty}<'_>")),
            );
            w.line(&format!(
                "let client = {}::AsDynGraphClient::as_dyn(self);",
                p.rt
            ));
            w.line(&format!("{ty}::new(client)"));
            w.close("}");
        }
        w.close("}");
        w.blank();
        w.line(&format!(
            "impl<T: {}::GraphClient + ?Sized> GraphClientExt for T {{}}",
            p.rt
        ));
    }
    for (i, (_, ops)) in sdk.iter().enumerate() {
        let Some(op) = ops.first() else { continue };
        if i > 0 || !new.is_empty() {
            w.blank();
        }
        let ty = &op.group_type;
        w.doc(&format!(
            "The operations under `/{0}` generated into this crate, reached from the SDK's \
             [`{ty}`]({1}::operations::{ty}): `client.{0}().ext()`. Bring it into scope with \
             `use`.",
            op.group, p.rt
        ));
        w.open(&format!("pub trait {ty}Ext<'a> {{"));
        w.doc(&format!(
            "The operations under `/{}` generated into this crate.",
            op.group
        ));
        w.line(&format!("fn ext(&self) -> self::operations::{ty}<'a>;"));
        w.close("}");
        w.blank();
        w.open(&format!(
            "impl<'a> {ty}Ext<'a> for {}::operations::{ty}<'a> {{",
            p.rt
        ));
        w.fn_open(
            "fn ext",
            &["&self".to_owned()],
            Some(&format!("self::operations::{ty}<'a>")),
        );
        w.line(&format!("self::operations::{ty}::new(self.client())"));
        w.close("}");
        w.close("}");
    }
}
