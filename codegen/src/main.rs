//! `msgraph-typed-codegen generate <DOCS_DIR>... --out <FILE> [--lenient]`: generates Rust
//! for a downstream crate from folders of Microsoft Graph documentation pages; `add` and
//! `list` bring pages from a docs checkout (see `msgraph_typed_codegen::docs_checkout`).

use std::process::ExitCode;

use msgraph_typed_codegen::{Generator, Mode};

const USAGE: &str = "\
usage: msgraph-typed-codegen generate <DOCS_DIR>... --out <FILE> [--lenient] [--manifest <FILE>]

Reads every page under the folders (recursively: *.md and *.txt) and writes Rust for a
crate whose only dependency is msgraph-typed; include! it from that crate.

options:
  --out <FILE>  where to write the generated code
  --lenient     skip pages that cannot be generated, printing `path:line: reason` for each
                (default: stop at the first one); keep a property or parameter of a type
                no page describes as JSON, printing `path:line: warning: ...` for each
  --manifest <FILE>
                also write what was generated as JSON: per operation its page and line,
                method, version, path template, Rust call and response type; per model
                its page
  -h, --help    print this help";

/// The parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help,
    Generate {
        dirs: Vec<String>,
        out: String,
        lenient: bool,
        manifest: Option<String>,
    },
}

fn parse(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        None => return Err("missing command: expected `generate`".into()),
        Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("generate") => {}
        Some(other) => return Err(format!("unknown command `{other}`: expected `generate`")),
    }
    let (mut dirs, mut out, mut lenient, mut manifest) = (Vec::new(), None, false, None);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--lenient" => lenient = true,
            "--out" => match it.next() {
                Some(file) if !file.starts_with("--") => set_out(&mut out, file)?,
                _ => return Err("`--out` needs a file".into()),
            },
            a if a.starts_with("--out=") => set_out(&mut out, a.trim_start_matches("--out="))?,
            "--manifest" => match it.next() {
                Some(file) if !file.starts_with("--") => manifest = Some(file.to_owned()),
                _ => return Err("`--manifest` needs a file".into()),
            },
            a if a.starts_with('-') => return Err(format!("unknown option `{a}`")),
            dir => dirs.push(dir.to_owned()),
        }
    }
    if dirs.is_empty() {
        return Err("no <DOCS_DIR> given".into());
    }
    let out = out.ok_or("missing `--out <FILE>`")?;
    Ok(Command::Generate {
        dirs,
        out,
        lenient,
        manifest,
    })
}

/// Records the `--out` file; a second `--out` is a usage error.
fn set_out(out: &mut Option<String>, file: &str) -> Result<(), String> {
    if out.is_some() {
        return Err("`--out` given twice: expected one output file".into());
    }
    *out = Some(file.to_owned());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if matches!(args.first().map(String::as_str), Some("add" | "list")) {
        return msgraph_typed_codegen::docs_checkout::cli::run(&args);
    }
    let (dirs, out, lenient, manifest) = match parse(&args) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            println!("\n{}", msgraph_typed_codegen::docs_checkout::cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Generate {
            dirs,
            out,
            lenient,
            manifest,
        }) => (dirs, out, lenient, manifest),
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut generator = Generator::new().mode(Mode::Downstream).lenient(lenient);
    for dir in &dirs {
        generator = generator.pages(dir);
    }
    let output = match generator.generate() {
        Ok(o) => o,
        Err(diagnostics) => {
            for d in diagnostics {
                eprintln!("{d}");
            }
            return ExitCode::FAILURE;
        }
    };
    // Skips and warnings, one list in path and line order as before they were split.
    let mut printed: Vec<&msgraph_typed_codegen::Diagnostic> =
        output.skipped.iter().chain(&output.warnings).collect();
    printed.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    for d in printed {
        eprintln!("{d}");
    }
    if let Err(e) = output.write_to(&out) {
        eprintln!("error: cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    if let Some(file) = &manifest {
        if let Err(e) = output.write_manifest_to(file) {
            eprintln!("error: cannot write {file}: {e}");
            return ExitCode::FAILURE;
        }
    }
    if lenient {
        println!("{}", output.summary());
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn generate_takes_folders_an_output_and_leniency() {
        assert_eq!(
            parse(&args("generate a b --out x.rs --lenient")),
            Ok(Command::Generate {
                dirs: vec!["a".into(), "b".into()],
                out: "x.rs".into(),
                lenient: true,
                manifest: None,
            })
        );
        assert_eq!(
            parse(&args("generate a --out x.rs --manifest m.json")),
            Ok(Command::Generate {
                dirs: vec!["a".into()],
                out: "x.rs".into(),
                lenient: false,
                manifest: Some("m.json".into()),
            })
        );
    }

    #[test]
    fn bad_usage_is_an_error_not_a_panic() {
        assert!(parse(&args("")).is_err());
        assert!(parse(&args("make a --out x")).is_err());
        assert!(parse(&args("generate --out x")).is_err());
        assert!(parse(&args("generate a")).is_err());
        assert!(parse(&args("generate a --out")).is_err());
        assert!(parse(&args("generate a --out x --manifest")).is_err());
        assert!(parse(&args("generate a --out x --frob")).is_err());
        assert!(parse(&args("generate a --out x --out y")).is_err());
        assert!(parse(&args("generate a --out=x --out y")).is_err());
        assert_eq!(parse(&args("--help")), Ok(Command::Help));
    }
}
