//! The share of the sample's operation pages the generator turns into code (the code itself
//! is compiled into this crate). Skipped, saying so, when the sample is absent.

use msgraph_typed_sample_coverage::coverage;

#[test]
fn at_least_95_percent_of_the_sample_operation_pages_are_generated() {
    let c = coverage();
    if !c.sample_found {
        eprintln!("SKIPPED: the Graph docs sample is not at {}", c.sample_dir);
        return;
    }
    for line in c.skipped {
        println!("{line}");
    }
    println!("{}", c.summary());
    println!("share: {:.1}%", c.share() * 100.0);
    assert!(
        c.operation_pages >= 100,
        "the sample has {} operation pages",
        c.operation_pages
    );
    assert!(
        c.share() >= 0.95,
        "only {:.1}% generated",
        c.share() * 100.0
    );
}

#[test]
fn every_skipped_page_has_a_place_and_a_reason() {
    for line in coverage().skipped {
        let Some((_path, rest)) = line.rsplit_once(".md:") else {
            panic!("no `path.md:` in {line}");
        };
        let (number, reason) = rest.split_once(": ").unwrap_or(("", ""));
        assert!(number.parse::<usize>().is_ok(), "no line number in {line}");
        assert!(reason.len() > 10, "no reason in {line}");
    }
}
