//! A small code writer whose output is already in rustfmt's style (edition 2021, default
//! configuration): four-space indentation, 100 columns, and rustfmt's choices for the few
//! shapes the emitter produces (function signatures, calls on the right of `let` or
//! `static`, struct literals, doc comments). The `rustfmt --check` test holds it to that.

/// rustfmt's `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width`: longer argument lists go one per line.
const FN_CALL_WIDTH: usize = 60;
/// rustfmt's `struct_lit_width`: longer struct literal bodies go one field per line.
const STRUCT_LIT_WIDTH: usize = 18;
/// rustfmt's `attr_fn_like_width`: longer attribute argument lists go one per line.
const ATTR_FN_LIKE_WIDTH: usize = 70;
/// rustfmt's `chain_width`: longer chains go one call per line.
const CHAIN_WIDTH: usize = 60;

/// Whether `c` changes the direction text is shown in: the bidirectional embeddings and
/// overrides (U+202A to U+202E), isolates (U+2066 to U+2069) and marks (U+200E, U+200F,
/// U+061C). rustc refuses the first two kinds written raw in a literal or a comment
/// (`text_direction_codepoint_in_literal`), since they can make code read otherwise than
/// it compiles; the emitter never writes any of them raw.
pub fn is_direction_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// A Rust string literal holding `s`: quotes and backslashes are escaped, and control and
/// direction characters ([`is_direction_control`]) written as `\u{..}`, so any text gives
/// a literal that compiles and reads as it is. Every string literal the emitter writes
/// goes through here.
pub fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || is_direction_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Accumulates Rust source text.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    /// An empty writer at indentation 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    fn pad(&self) -> String {
        "    ".repeat(self.indent)
    }

    fn width(&self) -> usize {
        self.indent * 4
    }

    /// One line at the current indentation (an empty `text` writes an empty line).
    pub fn line(&mut self, text: &str) {
        if !text.is_empty() {
            self.out.push_str(&self.pad());
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// A line written as is, without indentation (the inside of a multi-line string).
    pub fn raw_line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Whether `text` fits on one line at the current indentation.
    pub fn fits(&self, text: &str) -> bool {
        self.width() + text.len() <= MAX_WIDTH
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// A line that opens a block (`impl X {`); what follows is indented.
    pub fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += 1;
    }

    /// Closes a block with `text` (`}`, `};`) one level out.
    pub fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(1);
        self.line(text);
    }

    /// A doc comment (`///`, or `//!` when `inner`): paragraphs separated by blank lines,
    /// words wrapped to the line width.
    pub fn doc(&mut self, text: &str) {
        self.comment("///", text);
    }

    /// Page text in a comment: control characters other than line breaks and tabs, and
    /// direction characters ([`is_direction_control`]), are dropped (a comment cannot
    /// escape them, and rustc refuses a raw carriage return or direction override there).
    fn comment(&mut self, marker: &str, text: &str) {
        let clean: String;
        let text = if text
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_direction_control(c))
        {
            clean = text
                .chars()
                .filter(|&c| {
                    !((c.is_control() && c != '\n' && c != '\t') || is_direction_control(c))
                })
                .collect();
            clean.as_str()
        } else {
            text
        };
        let avail = MAX_WIDTH
            .saturating_sub(self.width() + marker.len() + 1)
            .max(40);
        let mut first = true;
        for para in text.split("\n\n") {
            let para = para.trim();
            if para.is_empty() {
                continue;
            }
            if !first {
                self.line(marker);
            }
            first = false;
            let mut current = String::new();
            for word in para.split_whitespace() {
                if !current.is_empty() && current.len() + 1 + word.len() > avail {
                    self.line(&format!("{marker} {current}"));
                    current.clear();
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
            if !current.is_empty() {
                self.line(&format!("{marker} {current}"));
            }
        }
    }

    /// A function signature and its opening brace: `prefix(params) -> ret {`, broken the
    /// way rustfmt breaks it when it is too long. The body that follows is indented.
    pub fn fn_open(&mut self, prefix: &str, params: &[String], ret: Option<&str>) {
        let arrow = ret.map(|r| format!(" -> {r}")).unwrap_or_default();
        let one = format!("{prefix}({}){arrow} {{", params.join(", "));
        if self.width() + one.len() <= MAX_WIDTH {
            self.open(&one);
            return;
        }
        if params.is_empty() {
            let no_brace = format!("{prefix}(){arrow}");
            if self.width() + no_brace.len() <= MAX_WIDTH + 1 {
                self.line(&no_brace);
                self.open("{");
                return;
            }
            let broken = format!("){arrow} {{");
            if self.width() + broken.len() <= MAX_WIDTH {
                self.line(&format!("{prefix}("));
                self.open(&broken);
                return;
            }
            self.ret_broken(&format!("{prefix}()"), ret);
            return;
        }
        self.open(&format!("{prefix}("));
        for p in params {
            self.generic_line(p, ",");
        }
        self.indent = self.indent.saturating_sub(1);
        // rustfmt keeps `) -> Ret {` only while the line plus its indentation once more fits
        // the width (measured, rustfmt 1.8); else it moves the brace to its own line while
        // `) -> Ret` still (nearly) fits, and only then breaks `Ret`.
        let close = format!("){arrow} {{");
        let no_brace = format!("){arrow}");
        if 2 * self.width() + close.len() <= MAX_WIDTH {
            self.open(&close);
        } else if self.width() + no_brace.len() <= MAX_WIDTH + 2 {
            self.line(&no_brace);
            self.open("{");
        } else {
            self.ret_broken(")", ret);
        }
    }

    /// `head -> Outer<` / `args,` / `> {`: the return type's generic arguments one per line.
    fn ret_broken(&mut self, head: &str, ret: Option<&str>) {
        let ret = ret.unwrap_or("");
        match (ret.find('<'), ret.rfind('>')) {
            (Some(lt), Some(gt)) if lt < gt => {
                let outer = ret.get(..lt).unwrap_or("");
                let inner = ret.get(lt + 1..gt).unwrap_or("");
                self.open(&format!("{head} -> {outer}<"));
                let args = split_top_level(inner);
                for arg in &args {
                    self.generic_line(arg, ",");
                }
                // A return type whose only argument is a lifetime (`Node<'a>`) gets here when
                // even `) -> Node<'a>` is too long; rustfmt then gives the signature up half
                // way and writes `>{`, and keeps it so (measured, rustfmt 1.9): that form is
                // the one `rustfmt --check` accepts.
                let lifetime_only = matches!(args.as_slice(), [a] if a.starts_with('\''));
                self.close(if lifetime_only { ">{" } else { "> {" });
                self.indent += 1;
            }
            _ => self.open(&format!("{head} -> {ret} {{")),
        }
    }

    /// `lhs callee(args)end` (e.g. `let request = crate::GraphRequest::new(&OP, path);`),
    /// on one line when it fits, else with the call on the next line, else with one
    /// argument per line.
    pub fn call(&mut self, lhs: &str, callee: &str, args: &[String], end: &str) {
        let joined = args.join(", ");
        let call = format!("{callee}({joined}){end}");
        // A single argument may overflow `fn_call_width` (rustfmt lets a lone last
        // argument run on as long as the line fits).
        let narrow = joined.len() <= FN_CALL_WIDTH || args.len() == 1;
        let sep = if lhs.is_empty() { "" } else { " " };
        if narrow && self.width() + lhs.len() + sep.len() + call.len() <= MAX_WIDTH {
            self.line(&format!("{lhs}{sep}{call}"));
            return;
        }
        if narrow && !lhs.is_empty() && self.width() + 4 + call.len() <= MAX_WIDTH {
            self.line(lhs);
            self.indent += 1;
            self.line(&call);
            self.indent -= 1;
            return;
        }
        // `let node = node.function("...")` too long either way: rustfmt breaks the chain
        // before the method when the method and its lone argument then fit.
        if let Some((receiver, method)) = callee.split_once('.') {
            let plain = !receiver.is_empty()
                && receiver
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            let rest = format!(".{method}({joined}){end}");
            if plain
                && !lhs.is_empty()
                && args.len() == 1
                && self.width() + 4 + rest.len() <= MAX_WIDTH
            {
                self.line(&format!("{lhs}{sep}{receiver}"));
                self.indent += 1;
                self.line(&rest);
                self.indent -= 1;
                return;
            }
        }
        let head = format!("{lhs}{sep}{callee}(");
        // rustfmt keeps `path::<T>(` whole while it is within 2 columns of the width
        // (measured, rustfmt 1.9), else breaks the turbofish: `path::<` / `T,` / `>(args)`.
        if lhs.is_empty() && self.width() + head.len() > MAX_WIDTH + 2 {
            if let Some((path, generics)) = turbofish(callee) {
                self.open(&format!("{path}::<"));
                for g in split_top_level(generics) {
                    self.generic_line(&g, ",");
                }
                self.indent -= 1;
                let rest = format!(">({joined}){end}");
                if narrow && self.fits(&rest) {
                    self.line(&rest);
                } else {
                    self.open(">(");
                    for a in args {
                        self.arg_line(a);
                    }
                    self.close(&format!("){end}"));
                }
                return;
            }
        }
        let next_line = !lhs.is_empty() && self.width() + head.len() > MAX_WIDTH;
        if next_line {
            self.line(lhs);
            self.indent += 1;
            self.open(&format!("{callee}("));
        } else {
            self.open(&head);
        }
        for a in args {
            self.arg_line(a);
        }
        self.close(&format!("){end}"));
        if next_line {
            self.indent -= 1;
        }
    }

    /// One argument of a call written one per line: `arg,`, or an array `&[a, b]` too long
    /// for the line with one element per line, as rustfmt breaks it.
    fn arg_line(&mut self, arg: &str) {
        let one = format!("{arg},");
        let items = arg.strip_prefix("&[").and_then(|a| a.strip_suffix(']'));
        match items {
            Some(items) if !self.fits(&one) => {
                self.open("&[");
                for item in split_top_level(items) {
                    self.line(&format!("{item},"));
                }
                self.close("],");
            }
            _ => self.line(&one),
        }
    }

    /// A method chain `receiver.a().b()` on one line when it is within rustfmt's
    /// `chain_width`, else one `.call()` per line under the receiver.
    pub fn chain(&mut self, receiver: &str, calls: &[String], end: &str) {
        let one = format!("{receiver}{}{end}", calls.concat());
        if one.len() - end.len() <= CHAIN_WIDTH && self.width() + one.len() <= MAX_WIDTH {
            self.line(&one);
            return;
        }
        self.line(receiver);
        self.indent += 1;
        let last = calls.len().saturating_sub(1);
        for (i, c) in calls.iter().enumerate() {
            let tail = if i == last { end } else { "" };
            self.line(&format!("{c}{tail}"));
        }
        self.indent -= 1;
    }

    /// A struct field `name: Type,`, with the type on the next line when it does not fit.
    /// rustfmt puts the type on the next line when it fits there; else it breaks the
    /// type's generic arguments one per line (`name: Outer<` / `Arg,` / `>,`).
    pub fn field(&mut self, name_colon: &str, ty: &str) {
        let one = format!("{name_colon} {ty},");
        if self.width() + one.len() <= MAX_WIDTH {
            self.line(&one);
        } else if self.fits(&format!("    {ty},")) || generics(ty).is_none() {
            self.line(name_colon);
            self.indent += 1;
            self.line(&format!("{ty},"));
            self.indent -= 1;
        } else {
            self.generic_line(&format!("{name_colon} {ty}"), ",");
        }
    }

    /// `text` + `end` on one line when it fits, else with the generic arguments of its
    /// last type broken one per line, each broken again when it does not fit
    /// (`name: Outer<` / `Inner<` / `Arg,` / `>,` / `>,`), as rustfmt breaks types.
    fn generic_line(&mut self, text: &str, end: &str) {
        let one = format!("{text}{end}");
        match generics(text) {
            Some((head, inner)) if !self.fits(&one) => {
                self.open(&format!("{head}<"));
                for arg in split_top_level(inner) {
                    self.generic_line(&arg, ",");
                }
                self.close(&format!(">{end}"));
            }
            _ => self.line(&one),
        }
    }

    /// A tuple struct of one field, `pub struct Name<'a>(Field);`, broken the way rustfmt
    /// breaks it when too long: the field on its own line while `pub struct Name<'a>(`
    /// fits, else the struct's generic parameters one per line.
    pub fn tuple_struct(&mut self, head: &str, params: &str, field: &str) {
        let one = format!("{head}<{params}>({field});");
        let open = format!("{head}<{params}>(");
        if self.fits(&one) {
            self.line(&one);
        } else if self.width() + open.len() <= MAX_WIDTH + 5 {
            // rustfmt lets `pub struct Name<'a>(` run up to 5 columns past the width
            // (measured, rustfmt 1.9).
            self.open(&open);
            self.line(&format!("{field},"));
            self.close(");");
        } else {
            self.open(&format!("{head}<"));
            for p in split_top_level(params) {
                self.line(&format!("{p},"));
            }
            self.close(&format!(">({field});"));
        }
    }

    /// An impl block's opening, `impl<P> Trait for Type {` (or `impl<P> Type {` when
    /// `trait_` is empty), broken the way rustfmt breaks it (measured, rustfmt 1.9): on
    /// one line while it is within 4 columns of the width; else `for Type` (or `Type`) on
    /// its own line, indented, and the brace on the next; a `Type<'a>` too long for that
    /// line has its generic arguments broken too, and one too long even for `Type<` stays
    /// on the one line (rustfmt gives the header up and keeps it so). What follows is
    /// indented.
    pub fn impl_open(&mut self, generics: &str, trait_: &str, ty: &str) {
        let impl_ = if generics.is_empty() {
            "impl".to_owned()
        } else {
            format!("impl<{generics}>")
        };
        let (first, second) = if trait_.is_empty() {
            (impl_, ty.to_owned())
        } else {
            (format!("{impl_} {trait_}"), format!("for {ty}"))
        };
        let one = format!("{first} {second} {{");
        let inner = self.width() + 4;
        let broken_type = generics_of_type(&second)
            .filter(|(head, _)| trait_.is_empty() && inner + head.len() < MAX_WIDTH + 1);
        if self.width() + one.len() <= MAX_WIDTH + 4
            || (inner + second.len() > MAX_WIDTH && broken_type.is_none())
        {
            self.open(&one);
            return;
        }
        self.line(&first);
        self.indent += 1;
        match broken_type {
            Some((head, args)) if inner + second.len() > MAX_WIDTH => {
                self.open(&format!("{head}<"));
                for a in split_top_level(args) {
                    self.line(&format!("{a},"));
                }
                self.close(">");
            }
            _ => self.line(&second),
        }
        self.indent -= 1;
        self.open("{");
    }

    /// A match arm `pattern => value,`, or `pattern => {` / `value` / `}` when too long.
    pub fn arm(&mut self, pattern: &str, value: &str) {
        let one = format!("{pattern} => {value},");
        if self.fits(&one) {
            self.line(&one);
        } else {
            self.open(&format!("{pattern} => {{"));
            self.line(value);
            self.close("}");
        }
    }

    /// An assignment `place = value;`, with the value on the next line when too long.
    pub fn assign(&mut self, place: &str, value: &str) {
        let one = format!("{place} = {value};");
        if self.fits(&one) {
            self.line(&one);
        } else {
            self.line(&format!("{place} ="));
            self.indent += 1;
            self.line(&format!("{value};"));
            self.indent -= 1;
        }
    }

    /// `pub static NAME: Type = callee(args);`. While `pub static NAME: Type =` fits, as
    /// [`call`](Self::call) writes it; else the way rustfmt breaks it: `pub static NAME:`,
    /// then `Type = callee(` indented, the arguments at that same indentation and `)end`
    /// back at the item's.
    pub fn static_call(&mut self, name_colon: &str, ty: &str, callee: &str, args: &[String]) {
        let lhs = format!("{name_colon} {ty} =");
        if self.fits(&lhs) {
            self.call(&lhs, callee, args, ";");
            return;
        }
        self.line(name_colon);
        self.indent += 1;
        self.line(&format!("{ty} = {callee}("));
        for a in args {
            self.line(&format!("{a},"));
        }
        self.close(");");
    }

    /// An attribute with a list, `#[name(a, b)]`, broken one item per line the way
    /// rustfmt breaks it: derives when the line is too long (with a trailing comma), other
    /// attributes also when the list is wider than `attr_fn_like_width` (without one).
    pub fn attr(&mut self, name: &str, items: &[String]) {
        let joined = items.join(", ");
        let one = format!("#[{name}({joined})]");
        let derive = name == "derive";
        let too_wide = !derive && joined.len() > ATTR_FN_LIKE_WIDTH;
        if !too_wide && self.width() + one.len() <= MAX_WIDTH {
            self.line(&one);
            return;
        }
        self.open(&format!("#[{name}("));
        let last = items.len().saturating_sub(1);
        for (i, item) in items.iter().enumerate() {
            let comma = if derive || i < last { "," } else { "" };
            self.line(&format!("{item}{comma}"));
        }
        self.close(")]");
    }

    /// A struct literal `head { fields }end`, one field per line when the fields are wider
    /// than rustfmt's `struct_lit_width`.
    pub fn struct_lit(&mut self, head: &str, fields: &[String], end: &str) {
        let body = fields.join(", ");
        let one = if fields.is_empty() {
            format!("{head} {{}}{end}")
        } else {
            format!("{head} {{ {body} }}{end}")
        };
        if fields.is_empty()
            || (body.len() <= STRUCT_LIT_WIDTH && self.width() + one.len() <= MAX_WIDTH)
        {
            self.line(&one);
            return;
        }
        self.open(&format!("{head} {{"));
        for f in fields {
            self.lit_field(f);
        }
        self.close(&format!("}}{end}"));
    }

    /// One `name: value` field of a struct literal, broken the way rustfmt breaks it when
    /// too long: a value ending in a method call (`"..".to_owned()`) breaks before the
    /// call while its receiver fits after the name; any other value goes on the next line.
    fn lit_field(&mut self, field: &str) {
        let one = format!("{field},");
        if self.fits(&one) {
            self.line(&one);
            return;
        }
        let Some((name, value)) = field.split_once(": ") else {
            self.line(&one);
            return;
        };
        if let Some((receiver, call)) = value.rsplit_once('.') {
            let bare_call = call.strip_suffix("()").is_some_and(|m| {
                !m.is_empty() && m.chars().all(|c| c.is_alphanumeric() || c == '_')
            });
            if bare_call && !receiver.is_empty() && self.fits(&format!("{name}: {receiver}")) {
                self.line(&format!("{name}: {receiver}"));
                self.indent += 1;
                self.line(&format!(".{call},"));
                self.indent -= 1;
                return;
            }
        }
        self.line(&format!("{name}:"));
        self.indent += 1;
        self.line(&format!("{value},"));
        self.indent -= 1;
    }
}

/// `path::<T>` -> (`path`, `T`): a callee whose last segment has a turbofish.
fn turbofish(callee: &str) -> Option<(&str, &str)> {
    let open = callee.find("::<")?;
    let inner = callee.get(open + 3..)?.strip_suffix('>')?;
    Some((callee.get(..open)?, inner))
}

/// `Outer<A, B>` -> (`Outer`, `A, B`), for a type written without spaces.
fn generics_of_type(ty: &str) -> Option<(&str, &str)> {
    generics(ty).filter(|(head, _)| !head.contains(' '))
}

/// `head Outer<A, B>` -> (`head Outer`, `A, B`): the generic arguments of the type that
/// ends `text`, when it ends with `>`.
fn generics(text: &str) -> Option<(&str, &str)> {
    let inner_end = text.strip_suffix('>')?.len();
    let mut depth = 0i32;
    for (k, c) in text.char_indices().rev() {
        match c {
            '>' => depth += 1,
            '<' => {
                depth -= 1;
                if depth == 0 {
                    let head = text.get(..k)?;
                    return (!head.ends_with(':') && !head.is_empty())
                        .then(|| Some((head, text.get(k + 1..inner_end)?)))
                        .flatten();
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits `a, B<c, d>, e` at the commas outside angle brackets and parentheses.
fn split_top_level(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in s.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(current.trim().to_owned());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_escapes_quotes_backslashes_and_control_characters() {
        assert_eq!(literal("a\"b"), r#""a\"b""#);
        assert_eq!(literal("c\\d"), r#""c\\d""#);
        assert_eq!(literal("e\nf\u{7}é"), r#""e\u{a}f\u{7}é""#);
    }

    #[test]
    fn a_lone_argument_too_long_for_the_let_breaks_the_chain_before_the_method() {
        let mut w = Writer::new();
        w.indent = 3;
        let arg = format!("\"{}\"", "x".repeat(70));
        w.call(
            "let node =",
            "node.function",
            std::slice::from_ref(&arg),
            ";",
        );
        assert_eq!(
            w.finish(),
            format!("            let node = node\n                .function({arg});\n")
        );
        // Longer still: the argument goes on a line of its own.
        let mut w = Writer::new();
        w.indent = 3;
        let arg = format!("\"{}\"", "x".repeat(84));
        w.call(
            "let node =",
            "node.function",
            std::slice::from_ref(&arg),
            ";",
        );
        assert_eq!(
            w.finish(),
            format!(
                "            let node = node.function(\n                {arg},\n            );\n"
            )
        );
    }

    #[test]
    fn a_short_signature_stays_on_one_line() {
        let mut w = Writer::new();
        w.fn_open("pub fn new", &["a: i32".into()], Some("Self"));
        w.close("}");
        assert_eq!(w.finish(), "pub fn new(a: i32) -> Self {\n}\n");
    }

    #[test]
    fn a_long_signature_puts_each_parameter_on_its_own_line() {
        let mut w = Writer::new();
        w.indent = 2;
        w.fn_open(
            "pub async fn validate_password",
            &[
                "&self".into(),
                "body: crate::models::ValidatePasswordRequest".into(),
            ],
            Some(
                "::std::result::Result<crate::models::PasswordValidationInformation, crate::Error>",
            ),
        );
        let want = "        pub async fn validate_password(\n            &self,\n            body: crate::models::ValidatePasswordRequest,\n        ) -> ::std::result::Result<crate::models::PasswordValidationInformation, crate::Error>\n        {\n";
        assert_eq!(w.finish(), want);
    }

    #[test]
    fn long_words_in_docs_wrap_at_the_line_width() {
        let mut w = Writer::new();
        w.doc(&"word ".repeat(40));
        let out = w.finish();
        assert!(out.lines().count() > 1);
        assert!(out.lines().all(|l| l.len() <= 100 && l.starts_with("/// ")));
    }

    #[test]
    fn wide_struct_literals_go_vertical() {
        let mut w = Writer::new();
        w.struct_lit("Self", &["client".into()], "");
        w.struct_lit("Self", &["password: password.into()".into()], "");
        assert_eq!(
            w.finish(),
            "Self { client }\nSelf {\n    password: password.into(),\n}\n"
        );
    }

    #[test]
    fn generic_arguments_split_at_top_level_commas() {
        assert_eq!(split_top_level("A<b, c>, D"), ["A<b, c>", "D"]);
    }
}
