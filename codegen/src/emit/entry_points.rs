//! How callers reach the groups: in the SDK, a `graph_client_entry_points!` macro that the
//! `GraphClient` trait invokes (so `client.me()` is a provided trait method); downstream,
//! extension traits, since a downstream crate cannot add methods to `GraphClient`:
//! `GraphClientExt` for groups the SDK does not have, and `{Group}Ext` traits holding the
//! calls under the SDK's own groups (`client.users().list()`), all gathered in a
//! `prelude` module: `use graph::prelude::*;` is the one import the calls need.

use super::operations::SDK_GROUPS;
use super::paths::{Mode, Paths};
use super::tree::{Node, Tree};
use super::writer::Writer;
use crate::ir::Api;

/// Writes the entry points of `mode`.
pub fn write(w: &mut Writer, api: &Api, p: &Paths, mode: Mode) {
    let tree = Tree::of(api);
    let roots: Vec<&Node<'_>> = tree.nodes.values().filter(|n| n.steps.len() == 1).collect();
    match mode {
        Mode::Sdk => write_macro(w, &roots),
        Mode::Downstream => write_traits(w, &roots, p),
    }
}

fn write_macro(w: &mut Writer, roots: &[&Node<'_>]) {
    w.line("/// The typed entry points of `GraphClient`, one provided method per group.");
    w.open("macro_rules! graph_client_entry_points {");
    w.open("() => {");
    for (i, root) in roots.iter().enumerate() {
        if i > 0 {
            w.blank();
        }
        let group = root.key.trim_start_matches('/');
        let what = if group == "me" {
            ": the signed-in user"
        } else {
            ""
        };
        w.doc(&format!("Calls under `/{group}`{what}."));
        let ty = format!("crate::operations::{}", root.type_name);
        w.fn_open(
            &format!("fn {}", root.method),
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

fn write_traits(w: &mut Writer, roots: &[&Node<'_>], p: &Paths) {
    let (sdk, new): (Vec<&Node<'_>>, Vec<&Node<'_>>) = roots
        .iter()
        .partition(|r| SDK_GROUPS.contains(&r.method.as_str()));
    if !new.is_empty() {
        w.doc(&format!(
            "Entry points for the groups of calls generated into this crate, on every \
             [`GraphClient`]({0}::GraphClient). In the [`prelude`].",
            p.rt
        ));
        w.open(&format!(
            "pub trait GraphClientExt: {}::GraphClient {{",
            p.rt
        ));
        for (i, root) in new.iter().enumerate() {
            if i > 0 {
                w.blank();
            }
            w.doc(&format!("Calls under `{}`.", root.key));
            let ty = format!("self::operations::{}", root.type_name);
            w.fn_open(
                &format!("fn {}", root.method),
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
        w.blank();
    }
    w.doc(
        "The one import the generated calls need: `use graph::prelude::*;` (where `graph` is \
         the module that includes this file) brings `GraphClient`, the entry points of new \
         groups and the calls added under the SDK's own groups into scope.",
    );
    w.open("pub mod prelude {");
    // In rustfmt's order.
    for root in sdk {
        w.line(&format!(
            "pub use super::operations::{}Ext;",
            root.type_name
        ));
    }
    if !new.is_empty() {
        w.line("pub use super::GraphClientExt;");
    }
    w.line(&format!("pub use {}::GraphClient;", p.rt));
    w.close("}");
}
