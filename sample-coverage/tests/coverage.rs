//! The share of the sample's operation pages the generator turns into code (the code itself
//! is compiled into this crate). Skipped, saying so, when the sample is absent.

use msgraph_typed_sample_coverage::{coverage, Ratchet};

/// The best share of operation pages generated so far. Raise it with every gain (the test
/// says so when the share is above it); never lower it. The goal, 0.99, is reached.
const GENERATED: Ratchet = Ratchet {
    what: "operation pages generated",
    best: 0.9970,
};

#[test]
fn the_share_of_sample_operation_pages_generated_never_falls_below_its_best() {
    let c = coverage();
    if !c.sample_found {
        eprintln!("SKIPPED: the Graph docs sample is not at {}", c.sample_dir);
        return;
    }
    for line in c.skipped {
        println!("{line}");
    }
    for line in c.warnings {
        println!("{line}");
    }
    println!(
        "not operation pages: {} (not in the share), by reason:",
        c.not_operation_pages()
    );
    for (reason, n) in c.not_operation {
        println!("  {n:5}  {reason}");
    }
    println!(
        "of which {} are in an `api` folder or say `doc_type: apiPageType`:",
        c.not_operation_contrary.len()
    );
    for line in c.not_operation_contrary {
        println!("  {line}");
    }
    println!("{}", c.summary());
    println!("share: {:.1}%", c.share() * 100.0);
    println!("warnings: {}", c.warnings.len());
    assert!(
        c.operation_pages >= 100,
        "the sample has {} operation pages",
        c.operation_pages
    );
    if let Err(e) = GENERATED.check(c.share()) {
        panic!("{e}");
    }
}

#[test]
fn every_skipped_page_and_warning_has_a_place_and_a_reason() {
    let c = coverage();
    for line in c
        .skipped
        .iter()
        .chain(c.warnings)
        .chain(c.not_operation_contrary)
    {
        let Some((_path, rest)) = line.rsplit_once(".md:") else {
            panic!("no `path.md:` in {line}");
        };
        let (number, reason) = rest.split_once(": ").unwrap_or(("", ""));
        assert!(number.parse::<usize>().is_ok(), "no line number in {line}");
        assert!(reason.len() > 10, "no reason in {line}");
    }
}

#[test]
fn the_user_resource_is_generated_with_its_license_assignment_states_typed() {
    let c = coverage();
    if !c.sample_found {
        eprintln!("SKIPPED: the Graph docs sample is not at {}", c.sample_dir);
        return;
    }
    // `licenseassignmentstate.md` is a resource page, not a licence file: it is read, so
    // the user resource has no property kept as JSON.
    assert!(
        !c.warnings
            .iter()
            .any(|w| w.contains("v1.0/resources/user.md:")),
        "{:#?}",
        c.warnings
    );
    let remote_item =
        "beta/resources/remoteitem.md:74: warning: type Url unknown; kept as JSON (`webUrl`)";
    assert!(
        c.warnings.iter().any(|w| w.ends_with(remote_item)),
        "{:#?}",
        c.warnings
    );
    for page in [
        "intune-mam-user-create.md",
        "intune-onboarding-user-create.md",
    ] {
        assert!(
            !c.skipped.iter().any(|s| s.contains(page)),
            "{page} is generated now that user is: {:#?}",
            c.skipped
        );
    }
}

#[test]
fn pages_left_out_of_the_share_are_each_resource_pages_by_their_structure() {
    let c = coverage();
    if !c.sample_found {
        eprintln!("SKIPPED: the Graph docs sample is not at {}", c.sample_dir);
        return;
    }
    // Every page whose front matter says operation page and is left out of the share is
    // a resource page by its structure: no `## HTTP request`, a resource's sections.
    for line in c.not_operation_contrary {
        assert!(
            line.contains("/resources/") && line.contains("no `## HTTP request` section"),
            "{line}"
        );
    }
    assert!(
        c.not_operation_contrary
            .iter()
            .any(|l| l.contains("v1.0/resources/fido2authenticationmethodconfiguration.md:")),
        "{:#?}",
        c.not_operation_contrary
    );
    // ...and so its type is known: the page that gets it now generates.
    assert!(
        !c.skipped
            .iter()
            .any(|s| s.contains("v1.0/api/fido2authenticationmethodconfiguration-get.md")),
        "{:#?}",
        c.skipped
    );
    let counted: usize = c.not_operation_pages() + c.operation_pages;
    assert!(counted > 4_000, "{counted} pages classified");
}
