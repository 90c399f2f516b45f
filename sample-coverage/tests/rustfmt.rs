//! The code generated from the whole sample (about 200,000 lines, names of up to 90
//! characters) is already in rustfmt's style: formatting it changes nothing. Skipped,
//! saying so, when rustfmt is not installed.

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn the_code_generated_from_the_sample_is_already_rustfmt_formatted() {
    let code = include_str!(concat!(env!("OUT_DIR"), "/sample.rs"));
    // Formatted through stdin and compared here: `rustfmt --check` builds a diff of the
    // whole file, which takes more memory than the machine has when much differs.
    let child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("SKIPPED: rustfmt is not installed ({e}); the sample's code not checked");
            return;
        }
    };
    let mut stdin = child.stdin.take().expect("rustfmt's stdin");
    let writer = std::thread::spawn(move || stdin.write_all(code.as_bytes()));
    let out = child.wait_with_output().expect("rustfmt runs");
    writer
        .join()
        .expect("the writer thread")
        .expect("rustfmt reads the code");
    assert!(
        out.status.success(),
        "rustfmt fails: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let formatted = String::from_utf8_lossy(&out.stdout);
    let have: Vec<&str> = code.lines().collect();
    let want: Vec<&str> = formatted.lines().collect();
    if let Some(at) = (0..have.len().max(want.len())).find(|&i| have.get(i) != want.get(i)) {
        let show = |lines: &[&str]| {
            lines
                .iter()
                .skip(at.saturating_sub(3))
                .take(8)
                .copied()
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "the generated code is not in rustfmt's style from line {} on ({} lines generated, {} formatted):\n--- generated\n{}\n--- rustfmt\n{}",
            at + 1,
            have.len(),
            want.len(),
            show(&have),
            show(&want)
        );
    }
}
