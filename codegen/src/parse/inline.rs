//! Inline markup to plain text: links keep their text (the first target is reported),
//! code spans keep their content, emphasis markers go, HTML tags become spaces, character
//! references are decoded, backslash escapes (`\|`) are resolved, whitespace is collapsed.

/// Plain text of one piece of inline markup, and the first link target in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct InlineText {
    /// The text, whitespace collapsed and trimmed.
    pub text: String,
    /// The first `[text](target)` target, if any.
    pub link: Option<String>,
}

/// Reduces `src` to text. Never fails: markup it does not recognise is kept as written.
pub(crate) fn to_text(src: &str) -> InlineText {
    let mut out = Writer::default();
    let mut link = None;
    render(src, &mut out, &mut link);
    InlineText {
        text: out.finish(),
        link,
    }
}

/// Whether a cell's raw text is wholly bold (`**x**`, `__x__`, `<b>x</b>`, `<strong>x</strong>`).
pub(crate) fn is_wholly_bold(raw: &str) -> bool {
    let t = raw.trim();
    let wrapped = |open: &str, close: &str| {
        t.len() > open.len() + close.len() && t.starts_with(open) && t.ends_with(close) && {
            let inner = &t[open.len()..t.len() - close.len()];
            !inner.trim().is_empty() && !inner.contains(open) && !inner.contains(close)
        }
    };
    wrapped("**", "**")
        || wrapped("__", "__")
        || wrapped("<b>", "</b>")
        || wrapped("<strong>", "</strong>")
}

/// Accumulates text with whitespace collapsed to single spaces.
#[derive(Default)]
struct Writer {
    text: String,
    pending_space: bool,
}

impl Writer {
    fn push(&mut self, c: char) {
        if c.is_whitespace() || c == '\u{a0}' {
            self.pending_space = true;
        } else if c == '\u{feff}' || c == '\u{200b}' {
            // Zero-width characters carry nothing.
        } else {
            if self.pending_space && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push(c);
        }
    }

    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn finish(self) -> String {
        self.text
    }
}

fn render(src: &str, out: &mut Writer, link: &mut Option<String>) {
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '\\' => {
                let next = rest[1..].chars().next();
                match next {
                    Some(n) if n.is_ascii_punctuation() => {
                        out.push(n);
                        i += 2;
                    }
                    _ => {
                        out.push('\\');
                        i += 1;
                    }
                }
            }
            '`' => {
                let run = rest.bytes().take_while(|&b| b == b'`').count();
                let fence = &rest[..run];
                match rest[run..].find(fence) {
                    Some(end) => {
                        out.push_str(rest[run..run + end].trim());
                        i += run + end + run;
                    }
                    None => {
                        out.push_str(fence);
                        i += run;
                    }
                }
            }
            '!' if rest[1..].starts_with('[') => match link_at(&rest[1..]) {
                Some(found) => {
                    render(found.text, out, link);
                    i += 1 + found.len;
                }
                None => {
                    out.push('!');
                    i += 1;
                }
            },
            '[' => match link_at(rest) {
                Some(found) => {
                    if link.is_none() && !found.target.is_empty() {
                        *link = Some(found.target.to_string());
                    }
                    render(found.text, out, link);
                    i += found.len;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            '*' | '_' => {
                let run = rest.bytes().take_while(|&b| b == c as u8).count();
                let before = src[..i].chars().next_back();
                let after = rest[run..].chars().next();
                if is_emphasis(c, before, after) {
                    i += run;
                } else {
                    out.push_str(&rest[..run]);
                    i += run;
                }
            }
            '<' => match tag_len(rest) {
                Some(Tag::Markup(len)) => {
                    out.space();
                    i += len;
                }
                Some(Tag::Autolink(len)) => {
                    out.push_str(&rest[1..len - 1]);
                    i += len;
                }
                None => {
                    out.push('<');
                    i += 1;
                }
            },
            '&' => match entity_at(rest) {
                Some((decoded, len)) => {
                    out.push(decoded);
                    i += len;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            },
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
        debug_assert!(i <= bytes.len());
    }
}

/// Whether a run of `*` or `_` between `before` and `after` is an emphasis marker.
/// Underscores inside words (`user_changepassword`) and lone stars between spaces stay.
fn is_emphasis(c: char, before: Option<char>, after: Option<char>) -> bool {
    let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
    let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    let opens = !space(after);
    let closes = !space(before);
    if c == '_' {
        (opens && !word(before)) || (closes && !word(after))
    } else {
        opens || closes
    }
}

/// A `[text](target)` found at the start of a string.
struct Link<'a> {
    text: &'a str,
    target: &'a str,
    len: usize,
}

/// Reads `[text](target "title")` at the start of `s` (which begins with `[`).
fn link_at(s: &str) -> Option<Link<'_>> {
    let mut depth = 0usize;
    let mut close = None;
    let mut escaped = false;
    for (k, b) in s.bytes().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' => escaped = true,
            b'[' => depth += 1,
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let mut paren = 0usize;
    let mut end = None;
    for (k, b) in after.bytes().enumerate() {
        match b {
            b'(' => paren += 1,
            b')' => {
                paren = paren.saturating_sub(1);
                if paren == 0 {
                    end = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let end = end?;
    let mut target = after[1..end].trim();
    if let Some(sp) = target.find(char::is_whitespace) {
        target = &target[..sp];
    }
    let target = target
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(target);
    Some(Link {
        text: &s[1..close],
        target,
        len: close + 1 + end + 1,
    })
}

/// What a `<` starts.
enum Tag {
    /// An HTML tag or comment of this many bytes.
    Markup(usize),
    /// `<https://...>`, kept as its URL.
    Autolink(usize),
}

fn tag_len(s: &str) -> Option<Tag> {
    if let Some(body) = s.strip_prefix("<!--") {
        return body.find("-->").map(|end| Tag::Markup(4 + end + 3));
    }
    let second = s[1..].chars().next()?;
    if !(second.is_ascii_alphabetic() || second == '/') {
        return None;
    }
    let end = s.find('>')?;
    let inner = &s[1..end];
    if inner.contains('<') {
        return None;
    }
    if inner.contains("://") && !inner.contains(char::is_whitespace) {
        return Some(Tag::Autolink(end + 1));
    }
    let name_len = inner
        .trim_start_matches('/')
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let after_name = inner.trim_start_matches('/')[name_len..].chars().next();
    if name_len == 0 || !after_name.is_none_or(|c| c.is_whitespace() || c == '/') {
        return None;
    }
    Some(Tag::Markup(end + 1))
}

/// Decodes `&name;`, `&#N;` or `&#xN;` at the start of `s`.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        to_text(s).text
    }

    #[test]
    fn a_link_keeps_its_text_and_reports_its_target() {
        let t = to_text("See [validationResult](../resources/validationresult.md) collection");
        assert_eq!(t.text, "See validationResult collection");
        assert_eq!(t.link.as_deref(), Some("../resources/validationresult.md"));
    }

    #[test]
    fn only_the_first_link_target_is_reported() {
        let t = to_text("[a](one.md) or [b](two.md)");
        assert_eq!(t.text, "a or b");
        assert_eq!(t.link.as_deref(), Some("one.md"));
    }

    #[test]
    fn a_link_title_is_not_part_of_the_target() {
        let t = to_text(r#"[x](x.md "the title")"#);
        assert_eq!(t.link.as_deref(), Some("x.md"));
    }

    #[test]
    fn an_image_keeps_its_alt_text_and_is_not_a_link() {
        let t = to_text("![diagram](img.png) here");
        assert_eq!(t.text, "diagram here");
        assert_eq!(t.link, None);
    }

    #[test]
    fn bold_italics_and_backticks_are_removed() {
        assert_eq!(
            text("**isValid** is `true` or *false*"),
            "isValid is true or false"
        );
        assert_eq!(text("__strong__ and _em_"), "strong and em");
    }

    #[test]
    fn underscores_inside_words_are_kept() {
        assert_eq!(text("user_change_password"), "user_change_password");
        assert_eq!(text("`snake_case` name"), "snake_case name");
    }

    #[test]
    fn a_code_span_keeps_markup_inside_it() {
        assert_eq!(
            text("tag `<at id=\"{index}\">` here"),
            "tag <at id=\"{index}\"> here"
        );
        assert_eq!(text("`**not bold**`"), "**not bold**");
    }

    #[test]
    fn html_tags_become_spaces_and_entities_are_decoded() {
        assert_eq!(text("one<br>two<br/>three</br>four"), "one two three four");
        assert_eq!(text("<b>bold</b>&nbsp;text"), "bold text");
        assert_eq!(
            text("Collection&lt;String&gt; &amp; more"),
            "Collection<String> & more"
        );
        assert_eq!(text("attacker&#124;victim &#x41;"), "attacker|victim A");
        assert_eq!(text("<ul><li>a</li><li>b</li></ul>"), "a b");
    }

    #[test]
    fn a_less_than_sign_that_is_not_a_tag_is_kept() {
        assert_eq!(text("a < b and 1<2"), "a < b and 1<2");
        assert_eq!(text("unclosed <b"), "unclosed <b");
    }

    #[test]
    fn an_autolink_keeps_its_url() {
        assert_eq!(text("see <https://aka.ms/x>"), "see https://aka.ms/x");
    }

    #[test]
    fn an_inline_comment_is_dropped() {
        assert_eq!(text("kept <!-- hidden --> too"), "kept too");
    }

    #[test]
    fn escaped_pipes_and_other_escapes_are_resolved() {
        assert_eq!(text(r"a \| b \* c"), "a | b * c");
        assert_eq!(text(r"back\slash"), r"back\slash");
    }

    #[test]
    fn whitespace_and_tabs_collapse_to_single_spaces() {
        assert_eq!(text("  a\t\t b  \u{feff}c "), "a b c");
    }

    #[test]
    fn unbalanced_markup_is_kept_as_written() {
        assert_eq!(text("[no close"), "[no close");
        assert_eq!(text("[text] (not a link)"), "[text] (not a link)");
        assert_eq!(text("``unclosed code"), "``unclosed code");
        assert_eq!(text("& alone &unknown;"), "& alone &unknown;");
        assert_eq!(text("a * b"), "a * b");
    }

    #[test]
    fn a_wholly_bold_cell_is_recognised() {
        assert!(is_wholly_bold(" **Attachments** "));
        assert!(is_wholly_bold("<b>Owners</b>"));
        assert!(!is_wholly_bold("**a** and **b**"));
        assert!(!is_wholly_bold("plain"));
        assert!(!is_wholly_bold("****"));
    }
}
