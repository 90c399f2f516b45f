//! Enums in the `models` module: one variant per documented value, plus a catch-all that
//! keeps any other value, so a value Graph adds later decodes instead of failing. serde is
//! written by hand (a string in, a string out), which also compiles faster than a derive.
//!
//! The catch-all has one name in every enum, [`CATCH_ALL`]: Graph's own name for a value
//! the client does not know. Graph's evolvable enums end with an `unknownFutureValue`
//! member, which Graph sends in place of members added after it unless the request opts
//! in to them; that member is the catch-all, not a variant of its own, so
//! `unknownFutureValue` and a value no page lists decode alike, keeping the text as sent
//! (and sent back as it came).

use super::docs;
use super::paths::Paths;
use super::writer::{literal, Writer};
use crate::ir::{Enum, EnumMember};

/// The catch-all variant of every enum.
pub const CATCH_ALL: &str = "UnknownFutureValue";

/// The members that get a variant of their own: all but the one the catch-all stands for
/// (`unknownFutureValue`, or any value whose Rust name is the catch-all's).
pub fn variants(e: &Enum) -> impl Iterator<Item = &EnumMember> {
    e.members.iter().filter(|m| m.rust_name != CATCH_ALL)
}

/// Writes one enum and its impls.
pub fn write_enum(w: &mut Writer, e: &Enum, p: &Paths) {
    let other = CATCH_ALL;
    let summary = if e.doc.trim().is_empty() {
        format!("The `{}` values.", docs::text(&e.doc_name))
    } else {
        docs::text(&e.doc)
    };
    w.doc(&format!(
        "{summary}\n\nEnum `{}`. Graph's `unknownFutureValue`, and any value the pages do not \
         list, decode as [`{}::{other}`], which keeps the value as sent.",
        docs::text(&e.doc_name),
        e.name
    ));
    w.line("#[derive(Debug, Clone, PartialEq, Eq, Hash)]");
    w.line("#[non_exhaustive]");
    w.open(&format!("pub enum {} {{", e.name));
    for m in variants(e) {
        if m.doc.trim().is_empty() {
            w.doc(&format!("`{}`.", docs::text(&m.json_name)));
        } else {
            w.doc(&format!(
                "`{}`: {}",
                docs::text(&m.json_name),
                docs::text(&m.doc)
            ));
        }
        w.line(&format!("{},", m.rust_name));
    }
    w.doc(
        "`unknownFutureValue`, or a value the pages do not list (one Graph added later): the \
         value as sent, sent back as it came.",
    );
    w.line(&format!("{other}(::std::string::String),"));
    w.close("}");
    w.blank();

    w.impl_open("", "", &e.name);
    w.doc("The value on the wire.");
    w.fn_open("pub fn as_str", &["&self".to_owned()], Some("&str"));
    w.open("match self {");
    for m in variants(e) {
        w.arm(&format!("Self::{}", m.rust_name), &literal(&m.json_name));
    }
    w.line(&format!("Self::{other}(value) => value.as_str(),"));
    w.close("}");
    w.close("}");
    w.close("}");
    w.blank();

    w.impl_open("", "::std::convert::From<&str>", &e.name);
    w.fn_open("fn from", &["value: &str".to_owned()], Some("Self"));
    w.open("match value {");
    for m in variants(e) {
        w.arm(&literal(&m.json_name), &format!("Self::{}", m.rust_name));
    }
    w.line(&format!("other => Self::{other}(other.to_owned()),"));
    w.close("}");
    w.close("}");
    w.close("}");
    w.blank();

    w.impl_open("", &format!("{}::Serialize", p.serde), &e.name);
    w.fn_open(
        &format!("fn serialize<S: {}::Serializer>", p.serde),
        &["&self".to_owned(), "serializer: S".to_owned()],
        Some("::std::result::Result<S::Ok, S::Error>"),
    );
    w.line("serializer.serialize_str(self.as_str())");
    w.close("}");
    w.close("}");
    w.blank();

    w.impl_open("'de", &format!("{}::Deserialize<'de>", p.serde), &e.name);
    w.fn_open(
        &format!("fn deserialize<D: {}::Deserializer<'de>>", p.serde),
        &["deserializer: D".to_owned()],
        Some("::std::result::Result<Self, D::Error>"),
    );
    w.call(
        "let value: ::std::borrow::Cow<'de, str> =",
        &format!("{}::Deserialize::deserialize", p.serde),
        &["deserializer".to_owned()],
        "?;",
    );
    w.line("Ok(Self::from(&*value))");
    w.close("}");
    w.close("}");
}
