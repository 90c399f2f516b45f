//! Fuzz-ish: the seeds cut at every line boundary and every character boundary, and with
//! stray markup inserted at every line, are read (or refused) without a panic.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use msgraph_typed_codegen::parse::read_page;

const SEEDS: [(&str, &str); 2] = [
    (
        "user-changepassword.md",
        include_str!("../../pages/v1.0/api/user-changepassword.md"),
    ),
    (
        "user-validatepassword.txt",
        include_str!("../../pages/beta/api/user-validatepassword.txt"),
    ),
];

/// Reads `text`; returns whether it was accepted. Fails the test, naming the input, on a panic.
fn survives(name: &str, what: &str, text: &str) -> bool {
    match catch_unwind(AssertUnwindSafe(|| read_page(Path::new(name), text))) {
        Ok(result) => result.is_ok(),
        Err(_) => panic!("the reader panicked on {name} {what}"),
    }
}

#[test]
fn the_seeds_cut_at_every_line_boundary_never_panic() {
    for (name, text) in SEEDS {
        let mut cuts = 0;
        let mut accepted = 0;
        for (k, _) in text.match_indices('\n') {
            for end in [k, k + 1] {
                cuts += 1;
                accepted +=
                    usize::from(survives(name, &format!("cut at byte {end}"), &text[..end]));
            }
        }
        println!(
            "{name}: {cuts} line cuts, {accepted} read, {} refused with a diagnostic",
            cuts - accepted
        );
        assert!(cuts > 100);
    }
}

#[test]
fn the_seeds_cut_at_every_character_boundary_never_panic() {
    for (name, text) in SEEDS {
        let mut cuts = 0;
        for (end, _) in text.char_indices() {
            survives(name, &format!("cut at byte {end}"), &text[..end]);
            // The tail alone, too: a page that starts mid-way.
            survives(name, &format!("from byte {end}"), &text[end..]);
            cuts += 1;
        }
        assert_eq!(cuts, text.chars().count());
    }
}

#[test]
fn stray_markup_inserted_at_every_line_never_panics() {
    let strays = [
        "```",
        "<!--",
        "{",
        "}",
        "|",
        "| a |",
        "|---|",
        "[!INCLUDE [",
        "# ",
        "HTTP/1.1 200 OK",
        "POST https://x/",
        "POST /",
        "\"",
        "\\",
        "é|",
        "---",
    ];
    for (name, text) in SEEDS {
        let lines: Vec<&str> = text.lines().collect();
        for at in 0..=lines.len() {
            for stray in strays {
                let mut mutated: Vec<&str> = lines.clone();
                mutated.insert(at, stray);
                survives(
                    name,
                    &format!("with `{stray}` at line {}", at + 1),
                    &mutated.join("\n"),
                );
                if let Some(line) = lines.get(at) {
                    let glued = format!("{line}{stray}");
                    let mut mutated = lines.clone();
                    mutated[at] = &glued;
                    survives(
                        name,
                        &format!("with `{stray}` after line {}", at + 1),
                        &mutated.join("\n"),
                    );
                }
            }
        }
    }
}
