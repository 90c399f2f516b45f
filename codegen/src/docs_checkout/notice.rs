//! `DIR/NOTICE`: where the copied pages come from, under which licences, and, for each
//! page, the commit it was copied at and when. Rewritten on every `add` from what it
//! said before, so an entry stays until its page is copied again.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// The first line of a NOTICE that `add` wrote.
pub(super) const FIRST_LINE: &str = "Microsoft Graph documentation pages";

/// The line after which the entries are listed.
const ENTRIES_HEADER: &str = "Pages (path, commit of the docs checkout, date copied):";

/// The commit of a page copied from a folder that is not a git checkout.
pub(super) const NO_COMMIT: &str = "not-a-git-checkout";

/// One copied page: where it is under the folder, the commit it came from, the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub commit: String,
    pub date: String,
}

/// The entries a NOTICE lists, by page path (`v1.0/api/user-list.md`).
pub(super) fn entries(notice: &str) -> BTreeMap<String, Entry> {
    notice
        .lines()
        .skip_while(|l| l.trim() != ENTRIES_HEADER)
        .skip(1)
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let (path, commit, date) = (words.next()?, words.next()?, words.next()?);
            Some((
                path.to_owned(),
                Entry {
                    commit: commit.to_owned(),
                    date: date.to_owned(),
                },
            ))
        })
        .collect()
}

/// The NOTICE text for pages from `source` listed in `entries`.
pub(super) fn render(source: &str, entries: &BTreeMap<String, Entry>) -> String {
    let width = entries.keys().map(String::len).max().unwrap_or(0);
    let mut out = format!(
        "{FIRST_LINE}\n\
         \n\
         The pages under v1.0/ and beta/ in this folder are unmodified copies of pages of\n\
         Microsoft's Graph documentation, Copyright (c) Microsoft Corporation, taken from\n\
         {source}\n\
         They are not covered by the licence of the project that holds this folder.\n\
         \n\
         Licence: the documentation is licensed under the Creative Commons Attribution 4.0\n\
         International licence (CC-BY-4.0, https://creativecommons.org/licenses/by/4.0/),\n\
         the code samples in it under the MIT licence (the LICENSE and LICENSE-CODE files of\n\
         that repository).\n\
         \n\
         Written by `msgraph-typed-codegen add`, which keeps this file current.\n\
         \n\
         {ENTRIES_HEADER}\n"
    );
    for (path, e) in entries {
        out.push_str(&format!("  {path:width$}  {}  {}\n", e.commit, e.date));
    }
    out
}

/// Today (UTC) as `YYYY-MM-DD`, or the day of `SOURCE_DATE_EPOCH` when it is set (for
/// reproducible output).
pub(super) fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    let (y, m, d) = civil(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 -> (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch_become_calendar_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(59), (1970, 3, 1));
        assert_eq!(civil(11_016), (2000, 2, 29));
        assert_eq!(civil(20_788), (2026, 12, 1));
        assert_eq!(civil(-1), (1969, 12, 31));
    }

    #[test]
    fn a_rendered_notice_reads_back_its_entries() {
        let mut e = BTreeMap::new();
        e.insert(
            "v1.0/api/x.md".to_owned(),
            Entry {
                commit: "abc".into(),
                date: "2026-12-01".into(),
            },
        );
        e.insert(
            "v1.0/resources/longer-name.md".to_owned(),
            Entry {
                commit: NO_COMMIT.into(),
                date: "2026-11-30".into(),
            },
        );
        let text = render("https://example.invalid/docs", &e);
        assert_eq!(entries(&text), e);
        assert!(text.contains("CC-BY-4.0") && text.contains("MIT") && text.contains("unmodified"));
    }
}
