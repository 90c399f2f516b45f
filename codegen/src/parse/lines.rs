//! Splitting a page into numbered lines.

/// One line of a page and its 1-based number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub no: usize,
    /// The text, without its line ending.
    pub text: &'a str,
}

/// Splits `text` into lines (`\n` or `\r\n`), dropping a leading byte-order mark.
pub(crate) fn split(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(k, text)| Line { no: k + 1, text })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_from_one_and_lose_their_endings() {
        let lines = split("\u{feff}a\r\nb\n\nc");
        let texts: Vec<_> = lines.iter().map(|l| (l.no, l.text)).collect();
        assert_eq!(texts, vec![(1, "a"), (2, "b"), (3, ""), (4, "c")]);
    }
}
