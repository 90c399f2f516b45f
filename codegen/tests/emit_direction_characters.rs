//! Mutations: a direction character (U+202E and the other bidirectional embeddings,
//! overrides, isolates and marks) or a control character, inserted into every line of a
//! seed page, never reaches the generated code raw: it is escaped in string literals and
//! dropped from doc comments. rustc refuses such characters raw in a literal or a
//! comment (`text_direction_codepoint_in_literal`, a bare carriage return in a doc
//! comment), so code generated from such a page would not compile otherwise.

use std::fs;
use std::process::Command;

use msgraph_typed_codegen::emit::writer::{is_direction_control, literal, Writer};
use msgraph_typed_codegen::Generator;

const SEED: &str = include_str!("../../pages/v1.0/api/user-changepassword.md");

/// What a page may carry that rustc refuses raw (or that would change how the code reads).
const INSERTED: [char; 16] = [
    '\u{202E}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200E}', '\u{200F}', '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\r',
];

/// A character the emitter must never write raw.
fn refused(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_direction_control(c)
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "msgraph-typed-codegen-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn direction_and_control_characters_on_any_line_never_reach_the_code_raw() {
    let dir = temp("direction");
    let file = dir.join("user-changepassword.md");
    let lines: Vec<&str> = SEED.lines().collect();
    let (mut runs, mut generated) = (0, 0);
    for (at, line) in lines.iter().enumerate() {
        // In the middle of the line (inside a word, a table cell, a JSON string) and at
        // its end.
        let middle = line
            .char_indices()
            .map(|(i, _)| i)
            .nth(line.chars().count() / 2)
            .unwrap_or(line.len());
        for cut in [middle, line.len()] {
            for c in INSERTED {
                let mut mutated = lines.clone();
                let glued = format!("{}{c}{}", &line[..cut], &line[cut..]);
                mutated[at] = &glued;
                fs::write(&file, mutated.join("\n")).unwrap();
                runs += 1;
                let Ok(out) = Generator::new().pages(&file).generate() else {
                    continue; // refused with a diagnostic: nothing emitted
                };
                generated += 1;
                if let Some((n, bad)) = out
                    .code
                    .lines()
                    .enumerate()
                    .find(|(_, l)| l.chars().any(refused))
                {
                    panic!(
                        "U+{:04X} at line {} of the page reached line {} of the code raw: {bad:?}",
                        u32::from(c),
                        at + 1,
                        n + 1
                    );
                }
            }
        }
    }
    let _ = fs::remove_dir_all(&dir);
    println!("{runs} mutated pages, {generated} generated, none with a raw character");
    assert!(generated > runs / 2, "{generated} of {runs} generated");
}

/// Compiles `source` as a library with rustc; `None` when rustc cannot be run.
fn rustc_accepts(name: &str, source: &str) -> Option<(bool, String)> {
    let dir = temp(name);
    let file = dir.join("lib.rs");
    fs::write(&file, source).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let out = Command::new(rustc)
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--emit",
            "metadata",
        ])
        .arg("--out-dir")
        .arg(&dir)
        .arg(&file)
        .output();
    let _ = fs::remove_dir_all(&dir);
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            eprintln!("SKIPPED: rustc cannot be run ({e})");
            return None;
        }
    };
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn rustc_accepts_doc_comments_and_literals_written_from_text_with_direction_characters() {
    let text: String = INSERTED
        .iter()
        .map(|c| format!("a{c}b "))
        .collect::<String>();
    let mut w = Writer::new();
    w.doc(&text);
    w.line(&format!("pub const TEXT: &str = {};", literal(&text)));
    let emitted = w.finish();
    assert!(!emitted.chars().any(refused), "{emitted:?}");
    let Some((ok, stderr)) = rustc_accepts("direction-emitted", &emitted) else {
        return;
    };
    assert!(ok, "rustc refused the emitted code:\n{emitted}\n{stderr}");
    // The same text written raw is what rustc refuses: the check above means something.
    let raw = format!("/// {text}\npub const TEXT: &str = \"{text}\";\n");
    let (ok, stderr) = rustc_accepts("direction-raw", &raw).unwrap_or((false, String::new()));
    assert!(!ok, "rustc accepted raw direction characters");
    assert!(
        stderr.contains("unicode codepoint changing visible direction of text"),
        "{stderr}"
    );
    // The literal still holds the text, every character escaped, not lost.
    assert!(literal(&text).contains("\\u{202e}"));
}
