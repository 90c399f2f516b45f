//! The `add` and `list` commands of `msgraph-typed-codegen`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{add, list, version_folder, version_from_folder, AddOptions, AddReport, ChangeKind};
use super::{Checkout, Error};
use crate::ir::Version;

/// The usage lines of the two commands, for the program's help.
pub const USAGE: &str = "\
       msgraph-typed-codegen add --docs <DOCS> --into <DIR> [--version v1.0|beta] [--update] <PAGE>...
       msgraph-typed-codegen list --docs <DOCS> [--version v1.0|beta] [FILTER]

add: copies api pages from a checkout of Microsoft's Graph docs (DOCS: its root, or its
api-reference folder) into DIR/{version}/api, with the resource pages their types need
into DIR/{version}/resources, lists the types that stay unresolved, and keeps DIR/NOTICE
current. A PAGE is an api page's file name (user-list, user-list.md) or a request line
(\"GET /groups/{id}/members\"; any {key} matches any {key}). A page already in DIR is
kept and said so; --update replaces the copies that differ from DOCS (with no PAGE: every
api page of the version in DIR). Nothing is deleted.
list: prints every operation of the version (request line, page file) whose request line
or file name contains FILTER.";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Add(AddOptions),
    List {
        docs: PathBuf,
        version: Version,
        filter: Option<String>,
    },
}

/// Runs `add ...` or `list ...` (`args` starts with the command's name). Exit code 2 for
/// bad input, 1 when the folder cannot be written.
pub fn run(args: &[String]) -> ExitCode {
    let result = parse(args).and_then(|command| match command {
        Command::Add(options) => add(&options).map(|report| print_add(&options, &report)),
        Command::List {
            docs,
            version,
            filter,
        } => print_list(&docs, version, filter.as_deref()),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn parse(args: &[String]) -> Result<Command, Error> {
    let usage = |m: String| Error::Input(format!("{m} (see --help)"));
    let mut it = args.iter();
    let command = it.next().map(String::as_str).unwrap_or_default();
    let (mut docs, mut into, mut version, mut update) = (None, None, None, false);
    let mut free = Vec::new();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, Error> {
            match inline.clone().or_else(|| it.next().cloned()) {
                Some(v) if !v.is_empty() && !v.starts_with("--") => Ok(v),
                _ => Err(usage(format!("`{name}` needs a value"))),
            }
        };
        match flag {
            "--docs" => set(&mut docs, value("--docs")?, "--docs")?,
            "--into" if command == "add" => set(&mut into, value("--into")?, "--into")?,
            "--version" => {
                let v = value("--version")?;
                let parsed = version_from_folder(&v)
                    .ok_or_else(|| usage(format!("`--version {v}`: expected v1.0 or beta")))?;
                set(&mut version, parsed, "--version")?;
            }
            "--update" if command == "add" => update = true,
            f if f.starts_with('-') && f.len() > 1 => {
                return Err(usage(format!("unknown option `{f}` for `{command}`")))
            }
            _ => free.push(arg.clone()),
        }
    }
    let docs = PathBuf::from(docs.ok_or_else(|| usage("missing `--docs <DOCS>`".into()))?);
    let version = version.unwrap_or(Version::V1);
    if command == "list" {
        if free.len() > 1 {
            return Err(usage(format!(
                "`list` takes one FILTER, got {}: {}",
                free.len(),
                free.join(" ")
            )));
        }
        return Ok(Command::List {
            docs,
            version,
            filter: free.pop(),
        });
    }
    let into = PathBuf::from(into.ok_or_else(|| usage("missing `--into <DIR>`".into()))?);
    if free.is_empty() && !update {
        return Err(usage(
            "no PAGE given: name an api page (user-list) or a request line (\"GET /users\")".into(),
        ));
    }
    Ok(Command::Add(AddOptions {
        docs,
        into,
        version,
        update,
        pages: free,
    }))
}

fn set<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<(), Error> {
    if slot.is_some() {
        return Err(Error::Input(format!(
            "`{name}` given twice: expected it once (see --help)"
        )));
    }
    *slot = Some(value);
    Ok(())
}

fn print_add(options: &AddOptions, report: &AddReport) {
    let width = report
        .changes
        .iter()
        .map(|c| c.kind.word().len())
        .max()
        .unwrap_or(0);
    for c in &report.changes {
        println!("{:width$}  {}{}", c.kind.word(), c.path, c.kind.note());
    }
    for u in &report.unresolved {
        println!("unresolved  {u}");
    }
    let into = options.into.display();
    let pages = format!(
        "{} api page{} and {} resource page{}",
        report.api_pages,
        plural(report.api_pages),
        report.resource_pages,
        plural(report.resource_pages)
    );
    let counts = format!(
        "{} added, {} updated, {} unchanged, {} differing",
        report.count(ChangeKind::Added),
        report.count(ChangeKind::Updated),
        report.count(ChangeKind::Unchanged),
        report.count(ChangeKind::Differs)
    );
    let unresolved = match report.unresolved.len() {
        0 => "every type resolved".to_owned(),
        n => format!(
            "{n} unresolved (a strict `generate` stops at them; --lenient keeps them as JSON)"
        ),
    };
    if report.changed() {
        println!(
            "{pages} ({}) in {into}: {counts}; {unresolved}",
            version_folder(options.version)
        );
    } else {
        println!("nothing changed in {into}: {pages} already there ({counts}); {unresolved}");
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn print_list(docs: &std::path::Path, version: Version, filter: Option<&str>) -> Result<(), Error> {
    let checkout = Checkout::open(docs)?;
    let listing = list(&checkout, version, filter)?;
    let width = listing
        .operations
        .iter()
        .map(|o| o.request.len())
        .max()
        .unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for o in &listing.operations {
        // A closed pipe (`list ... | head`) ends the listing, quietly.
        if writeln!(out, "{:width$}  {}", o.request, o.page).is_err() {
            return Ok(());
        }
    }
    for d in &listing.unreadable {
        eprintln!(
            "warning: {}:{}: {} (page left out)",
            checkout.relative(&d.path).display(),
            d.line,
            d.message
        );
    }
    if listing.operations.is_empty() {
        eprintln!(
            "no {} operation{}",
            version_folder(version),
            filter.map_or(String::new(), |f| format!(" matches `{f}`"))
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn add_takes_docs_a_folder_a_version_and_pages() {
        assert_eq!(
            parse(&args(
                "add --docs d --into p --version beta --update a b.md"
            )),
            Ok(Command::Add(AddOptions {
                docs: "d".into(),
                into: "p".into(),
                version: Version::Beta,
                update: true,
                pages: vec!["a".into(), "b.md".into()],
            }))
        );
        assert_eq!(
            parse(&args("list --docs=d x")),
            Ok(Command::List {
                docs: "d".into(),
                version: Version::V1,
                filter: Some("x".into())
            })
        );
    }

    #[test]
    fn bad_usage_is_an_input_error() {
        for bad in [
            "add --into p a",
            "add --docs d a",
            "add --docs d --into p",
            "add --docs d --into p --version v2 a",
            "add --docs d --docs e --into p a",
            "add --docs --into p a",
            "add --docs d --into p --frob a",
            "list --docs d --into p",
            "list --docs d a b",
        ] {
            assert!(matches!(parse(&args(bad)), Err(Error::Input(_))), "{bad}");
        }
    }
}
