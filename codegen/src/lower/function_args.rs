//! The quotes of a function's string arguments. OData writes a string argument in quotes
//! (`getUserArchivedPrintJobs(userId='...',startDateTime=2021-05-24)`); a request line
//! that leaves them out (`userId=userId-value`, `address={address}`) would send the value
//! bare. The page's parameter table says which arguments are strings: each such argument
//! gets its quotes in the function's template (and the runtime doubles a quote inside the
//! value, as OData escapes it). Dates, numbers and booleans stay bare.

use crate::ir::Step;
use crate::parse::DocPage;

/// Quotes, in each function step of `steps`, the arguments the page's parameter tables
/// type as `String` (`Edm.String`) and the request line left bare.
pub fn quote_string_arguments(steps: &mut [Step], page: &DocPage) {
    for step in steps.iter_mut() {
        let Step::Function { template, args, .. } = step else {
            continue;
        };
        if !template.contains('(') {
            // `roleTemplateId={id}`: a key given by a property, not a function call.
            continue;
        }
        let strings: Vec<bool> = args
            .iter()
            .map(|(doc_name, _)| is_string_parameter(page, doc_name))
            .collect();
        *template = quote_slots(template, &strings);
    }
}

/// `template` with its `k`th `{}` put in quotes when `quote[k]` and it is bare.
fn quote_slots(template: &str, quote: &[bool]) -> String {
    let mut out = String::with_capacity(template.len() + 2 * quote.len());
    let mut rest = template;
    let mut k = 0;
    while let Some(at) = rest.find("{}") {
        let before = rest.get(..at).unwrap_or_default();
        out.push_str(before);
        let bare = !out.ends_with('\'');
        if bare && quote.get(k).copied().unwrap_or(false) {
            out.push_str("'{}'");
        } else {
            out.push_str("{}");
        }
        rest = rest.get(at + 2..).unwrap_or_default();
        k += 1;
    }
    out.push_str(rest);
    out
}

/// Whether a parameter table of the page (a table under a heading that names parameters,
/// with a `Type` column) has a row for `name` typed `String` or `Edm.String`.
fn is_string_parameter(page: &DocPage, name: &str) -> bool {
    page.tables
        .iter()
        .filter(|t| {
            t.section
                .as_deref()
                .is_some_and(|s| s.to_ascii_lowercase().contains("parameter"))
        })
        .any(|t| {
            let Some(ty) = t
                .header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case("type"))
            else {
                return false;
            };
            t.rows.iter().filter(|r| !r.subheading).any(|r| {
                let named = r
                    .cells
                    .first()
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case(name));
                let string = r.cells.get(ty).is_some_and(|c| {
                    let c = c.trim();
                    c.eq_ignore_ascii_case("string") || c.eq_ignore_ascii_case("edm.string")
                });
                named && string
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_slots_marked_as_strings_get_quotes() {
        assert_eq!(
            quote_slots("f(a={},b={},c='{}')", &[true, false, true]),
            "f(a='{}',b={},c='{}')"
        );
        assert_eq!(quote_slots("f({})", &[true]), "f('{}')");
        assert_eq!(quote_slots("f(a={})", &[]), "f(a={})");
    }
}
