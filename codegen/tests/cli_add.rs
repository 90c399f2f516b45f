//! `msgraph-typed-codegen add --docs DOCS --into DIR [--version v] [--update] PAGE...`,
//! run as a user runs it, on a small checkout the tests write (see `support/docs.rs`)
//! and, when it is there, on the Graph docs sample in `../shared`.

#[path = "support/docs.rs"]
mod docs;

use std::fs;
use std::path::Path;
use std::process::Output;

use docs::{bin, checkout, files, temp, text, write};

fn add(docs: &Path, into: &Path, args: &[&str]) -> Output {
    bin()
        .arg("add")
        .arg("--docs")
        .arg(docs)
        .arg("--into")
        .arg(into)
        .args(args)
        .output()
        .unwrap()
}

fn generate(dir: &Path, out: &Path, lenient: bool) -> Output {
    let mut c = bin();
    c.arg("generate").arg(dir).arg("--out").arg(out);
    if lenient {
        c.arg("--lenient");
    }
    c.output().unwrap()
}

/// Whether a line of `out`, its runs of spaces taken as one, contains `words`.
fn has_line(out: &str, words: &str) -> bool {
    let words = squeeze(words);
    out.lines().any(|l| squeeze(l).contains(&words))
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An error run: exit code 2 and one line on stderr, which contains `want`.
fn assert_input_error(run: &Output, want: &[&str]) -> String {
    let (stdout, stderr) = text(run);
    assert_eq!(run.status.code(), Some(2), "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for w in want {
        assert!(stderr.contains(w), "`{w}` in: {stderr}");
    }
    stderr
}

#[test]
fn pages_named_by_file_and_by_request_line_come_with_only_the_resource_pages_they_need() {
    let root = temp("add-closure");
    let docs = checkout(&root);
    let into = root.join("pages");
    let run = add(&docs, &into, &["widget-get", "POST /gadgets/{id}/polish"]);
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stdout}{stderr}");
    assert_eq!(
        files(&into),
        [
            "NOTICE",
            "v1.0/api/gadget-polish.md",
            "v1.0/api/widget-get.md",
            "v1.0/resources/entity.md",
            "v1.0/resources/enums.md",
            "v1.0/resources/finish.md",
            "v1.0/resources/size.md",
            "v1.0/resources/widget.md",
        ],
        "the response type, its base, its property's type, that type's enum, the body's \
         type; not gizmo, not unrelated: {stdout}"
    );
    assert!(
        has_line(&stdout, "added  v1.0/resources/entity.md"),
        "{stdout}"
    );
    assert!(stdout.contains("every type resolved"), "{stdout}");
    for f in files(&into).iter().filter(|f| f.ends_with(".md")) {
        assert_eq!(
            fs::read(into.join(f)).unwrap(),
            fs::read(docs.join("api-reference").join(f)).unwrap(),
            "{f} is copied unmodified"
        );
    }
}

#[test]
fn the_added_pages_generate_strictly_and_without_a_warning() {
    let root = temp("add-generate");
    let docs = checkout(&root);
    let into = root.join("pages");
    let run = add(&docs, &into, &["widget-get.md", "gadget-polish"]);
    assert!(run.status.success(), "{:?}", text(&run));
    let strict = generate(&into, &root.join("strict.rs"), false);
    assert!(strict.status.success(), "{:?}", text(&strict));
    let lenient = generate(&into, &root.join("lenient.rs"), true);
    let (stdout, stderr) = text(&lenient);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(
        stdout.lines().last(),
        Some("generated 2 of 2 operation pages (0 skipped)")
    );
    let code = fs::read_to_string(root.join("strict.rs")).unwrap();
    for model in [
        "pub struct Widget",
        "pub struct Size",
        "pub enum SizeUnit",
        "pub struct Finish",
    ] {
        assert!(code.contains(model), "{model}");
    }
}

#[test]
fn a_type_no_page_describes_is_listed_with_its_page_and_line_as_generate_then_warns() {
    let root = temp("add-unresolved");
    let docs = checkout(&root);
    let into = root.join("pages");
    let run = add(&docs, &into, &["gizmo-get"]);
    let (stdout, _) = text(&run);
    assert!(run.status.success(), "{stdout}");
    assert!(
        has_line(
            &stdout,
            "unresolved  v1.0/resources/gizmo.md:17: type sprocket unknown"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("1 unresolved"), "{stdout}");
    let lenient = generate(&into, &root.join("g.rs"), true);
    let (_, stderr) = text(&lenient);
    let page = into.join("v1.0/resources/gizmo.md");
    assert!(
        stderr.contains(&format!(
            "{}:17: warning: type sprocket unknown",
            page.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_request_line_several_pages_claim_is_an_error_listing_them_and_nothing_is_copied() {
    let root = temp("add-ambiguous");
    let docs = checkout(&root);
    let into = root.join("pages");
    let run = add(&docs, &into, &["widget-get", "GET /widgets"]);
    assert_input_error(
        &run,
        &[
            "`GET /widgets`",
            "widget-list.md",
            "widget-list-all.md",
            "name the page",
        ],
    );
    assert!(!into.exists(), "nothing is copied, not even the first page");
}

#[test]
fn a_request_line_matches_whatever_key_names_it_gives() {
    let root = temp("add-keys");
    let docs = checkout(&root);
    let into = root.join("pages");
    let run = add(&docs, &into, &["get /WIDGETS/{x}"]);
    assert!(run.status.success(), "{:?}", text(&run));
    assert!(into.join("v1.0/api/widget-get.md").is_file());
}

#[test]
fn a_request_line_no_page_has_is_an_error_listing_the_closest_ones() {
    let root = temp("add-no-line");
    let docs = checkout(&root);
    let run = add(&docs, &root.join("pages"), &["GET /widgets/{id}/parts"]);
    assert_input_error(
        &run,
        &[
            "`GET /widgets/{id}/parts`",
            "`GET /widgets/{widget-id}` (widget-get.md)",
        ],
    );
}

#[test]
fn a_page_name_that_matches_nothing_is_an_error_listing_candidates() {
    let root = temp("add-no-page");
    let docs = checkout(&root);
    let into = root.join("pages");
    let run = add(&docs, &into, &["widget-lis"]);
    assert_input_error(
        &run,
        &[
            "`widget-lis`",
            "candidates: widget-list.md, widget-list-all.md",
        ],
    );
    let run = add(&docs, &into, &["sprocket-get"]);
    assert_input_error(&run, &["`sprocket-get`", "no page comes close"]);
    assert!(!into.exists());
}

#[test]
fn a_page_or_request_line_only_the_other_version_has_is_an_error_saying_so() {
    let root = temp("add-other-version");
    let docs = checkout(&root);
    let into = root.join("pages");
    let run = add(&docs, &into, &["widget-reset"]);
    assert_input_error(
        &run,
        &[
            "no v1.0 api page `widget-reset`",
            "beta has it: widget-reset.md (--version beta)",
        ],
    );
    let run = add(&docs, &into, &["POST /widgets/{id}/reset"]);
    assert_input_error(&run, &["beta has it: widget-reset.md (--version beta)"]);
    assert!(!into.exists());
    let run = add(
        &docs,
        &into,
        &["--version", "beta", "POST /widgets/{id}/reset"],
    );
    assert!(run.status.success(), "{:?}", text(&run));
}

#[test]
fn no_such_docs_checkout_is_a_one_line_error_with_exit_code_2() {
    let root = temp("add-no-docs");
    let into = root.join("pages");
    let run = add(&root.join("nowhere"), &into, &["widget-get"]);
    assert_input_error(&run, &["nowhere", "no such folder"]);
    fs::create_dir_all(root.join("empty")).unwrap();
    let run = add(&root.join("empty"), &into, &["widget-get"]);
    assert_input_error(&run, &["empty", "not a docs checkout"]);
    assert!(!into.exists());
}

#[test]
fn an_unreadable_page_is_an_error_naming_it_and_nothing_is_copied() {
    let root = temp("add-unreadable");
    let docs = checkout(&root);
    write(
        &docs.join("api-reference/v1.0/api/broken.md"),
        b"---\ntitle: \"Broken\"\n---\n\n# Broken \xff\xfe\n",
    );
    let into = root.join("pages");
    let run = add(&docs, &into, &["widget-get", "broken"]);
    assert_input_error(&run, &["v1.0/api/broken.md:5", "UTF-8"]);
    assert!(!into.exists(), "widget-get was not copied either");
}

#[test]
fn a_page_that_is_no_api_page_is_refused() {
    let root = temp("add-not-api");
    let docs = checkout(&root);
    write(
        &docs.join("api-reference/v1.0/api/overview.md"),
        b"# Widgets overview\n\nAbout widgets.\n",
    );
    let run = add(&docs, &root.join("pages"), &["overview"]);
    assert_input_error(&run, &["v1.0/api/overview.md:1", "not an API page"]);
}

#[test]
fn adding_a_page_already_there_changes_nothing_and_says_so() {
    let root = temp("add-again");
    let docs = checkout(&root);
    let into = root.join("pages");
    assert!(add(&docs, &into, &["widget-get"]).status.success());
    let notice = fs::read(into.join("NOTICE")).unwrap();
    let before = files(&into);
    let run = bin()
        .env("SOURCE_DATE_EPOCH", "1796169600") // a day later
        .args(["add", "--docs"])
        .arg(&docs)
        .arg("--into")
        .arg(&into)
        .arg("widget-get")
        .output()
        .unwrap();
    let (stdout, _) = text(&run);
    assert!(run.status.success(), "{stdout}");
    assert!(
        has_line(&stdout, "unchanged  v1.0/api/widget-get.md (already there)"),
        "{stdout}"
    );
    assert!(stdout.contains("nothing changed in"), "{stdout}");
    assert!(!stdout.lines().any(|l| l.starts_with("added")), "{stdout}");
    assert_eq!(files(&into), before);
    assert_eq!(
        fs::read(into.join("NOTICE")).unwrap(),
        notice,
        "not even the date"
    );
}

#[test]
fn a_copy_that_differs_is_kept_without_update_and_replaced_with_it() {
    let root = temp("add-update");
    let docs = checkout(&root);
    let into = root.join("pages");
    assert!(add(&docs, &into, &["widget-get"]).status.success());
    let page = docs.join("api-reference/v1.0/resources/widget.md");
    let old = fs::read(&page).unwrap();
    let new = String::from_utf8(old.clone()).unwrap().replace(
        "| name | String | The name. |",
        "| name | String | The name, as shown. |",
    );
    write(&page, new.as_bytes());

    let run = add(&docs, &into, &["widget-get"]);
    let (stdout, _) = text(&run);
    assert!(run.status.success(), "{stdout}");
    assert!(
        has_line(&stdout, "differs    v1.0/resources/widget.md (kept: differs from the checkout's; --update replaces it)"),
        "{stdout}"
    );
    assert_eq!(
        fs::read(into.join("v1.0/resources/widget.md")).unwrap(),
        old
    );

    let run = add(&docs, &into, &["--update", "widget-get"]);
    let (stdout, _) = text(&run);
    assert!(run.status.success(), "{stdout}");
    assert!(
        has_line(&stdout, "updated    v1.0/resources/widget.md"),
        "{stdout}"
    );
    assert!(
        has_line(&stdout, "unchanged  v1.0/resources/entity.md"),
        "{stdout}"
    );
    assert!(stdout.contains("1 updated"), "{stdout}");
    assert_eq!(
        fs::read_to_string(into.join("v1.0/resources/widget.md")).unwrap(),
        new
    );
}

#[test]
fn update_without_pages_refreshes_every_api_page_and_names_what_it_keeps_but_no_longer_needs() {
    let root = temp("add-update-all");
    let docs = checkout(&root);
    let into = root.join("pages");
    assert!(add(&docs, &into, &["widget-get", "gadget-polish"])
        .status
        .success());
    // The widget loses its size; the polish page leaves the docs.
    let widget = docs.join("api-reference/v1.0/resources/widget.md");
    write(
        &widget,
        docs::resource("widget", Some("entity"), "| name | String | The name. |").as_bytes(),
    );
    fs::remove_file(docs.join("api-reference/v1.0/api/gadget-polish.md")).unwrap();

    let run = add(&docs, &into, &["--update"]);
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stdout}{stderr}");
    for line in [
        "updated v1.0/resources/widget.md",
        "gone      v1.0/api/gadget-polish.md (kept: no longer in the checkout",
        "unneeded  v1.0/resources/size.md (kept: no api page here needs it",
        "unneeded  v1.0/resources/enums.md (kept",
        "unneeded  v1.0/resources/finish.md (kept",
    ] {
        assert!(has_line(&stdout, line), "`{line}` in:\n{stdout}");
    }
    for kept in [
        "api/gadget-polish.md",
        "resources/size.md",
        "resources/finish.md",
    ] {
        assert!(
            into.join("v1.0").join(kept).is_file(),
            "{kept} is not deleted"
        );
    }
}

#[test]
fn the_notice_names_the_source_the_licences_and_each_page_with_its_commit_and_date() {
    let root = temp("add-notice");
    let docs = checkout(&root);
    let sha = "0123456789abcdef0123456789abcdef01234567";
    write(&docs.join(".git/HEAD"), b"ref: refs/heads/main\n");
    write(
        &docs.join(".git/refs/heads/main"),
        format!("{sha}\n").as_bytes(),
    );
    write(
        &docs.join(".git/config"),
        b"[remote \"origin\"]\n\turl = https://someone:secret-token@example.com/graph-docs.git\n",
    );
    let into = root.join("pages");
    assert!(add(&docs, &into, &["gadget-polish"]).status.success());
    let notice = fs::read_to_string(into.join("NOTICE")).unwrap();
    assert!(
        notice.contains("https://example.com/graph-docs.git"),
        "{notice}"
    );
    assert!(
        !notice.contains("secret-token") && !notice.contains("someone"),
        "{notice}"
    );
    assert!(
        notice.contains("CC-BY-4.0") && notice.contains("MIT"),
        "{notice}"
    );
    assert!(notice.contains("unmodified"), "{notice}");
    assert!(
        has_line(
            &notice,
            &format!("v1.0/api/gadget-polish.md {sha} 2026-12-01")
        ),
        "{notice}"
    );

    // A later add at another commit keeps the earlier entries as they were.
    let later = "fedcba9876543210fedcba9876543210fedcba98";
    write(
        &docs.join(".git/refs/heads/main"),
        format!("{later}\n").as_bytes(),
    );
    let run = bin()
        .env("SOURCE_DATE_EPOCH", "1796169600")
        .args(["add", "--docs"])
        .arg(&docs)
        .arg("--into")
        .arg(&into)
        .arg("widget-get")
        .output()
        .unwrap();
    assert!(run.status.success(), "{:?}", text(&run));
    let notice = fs::read_to_string(into.join("NOTICE")).unwrap();
    assert!(
        has_line(
            &notice,
            &format!("v1.0/api/gadget-polish.md {sha} 2026-12-01")
        ),
        "{notice}"
    );
    assert!(
        has_line(
            &notice,
            &format!("v1.0/api/widget-get.md {later} 2026-12-02")
        ),
        "{notice}"
    );
}

#[test]
fn a_notice_that_add_did_not_write_is_not_overwritten() {
    let root = temp("add-foreign-notice");
    let docs = checkout(&root);
    let into = root.join("pages");
    write(&into.join("NOTICE"), b"My project's own notice.\n");
    let run = add(&docs, &into, &["widget-get"]);
    assert_input_error(&run, &["NOTICE was not written by `add`"]);
    assert_eq!(
        fs::read(into.join("NOTICE")).unwrap(),
        b"My project's own notice.\n"
    );
    assert_eq!(files(&into), ["NOTICE"]);
}

#[test]
fn the_api_reference_folder_itself_and_the_beta_version_can_be_given() {
    let root = temp("add-beta");
    let docs = checkout(&root);
    let into = root.join("pages");
    let run = add(
        &docs.join("api-reference"),
        &into,
        &["--version", "beta", "GET /widgets/{id}"],
    );
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stdout}{stderr}");
    assert_eq!(
        files(&into),
        [
            "NOTICE",
            "beta/api/widget-get.md",
            "beta/resources/entity.md",
            "beta/resources/size.md",
            "beta/resources/widget.md",
        ]
    );
    let notice = fs::read_to_string(into.join("NOTICE")).unwrap();
    assert!(notice.contains("not-a-git-checkout"), "{notice}");
}

#[test]
fn the_sample_s_endpoints_come_with_tens_of_resource_pages_and_generate_without_warnings() {
    let sample = docs::shared().join("graph-docs-sample");
    if !sample.join("beta/api").is_dir() {
        println!("no Graph docs sample at {}; skipping", sample.display());
        return;
    }
    let root = temp("add-sample");
    let into = root.join("pages");
    // The sample has `group-list-members` in beta only, and neither `user-list` nor
    // `message-get`: those are said so, with the pages that come close.
    let run = add(&sample, &into, &["user-list"]);
    assert_input_error(&run, &["`user-list`", "user-list-createdobjects.md"]);
    let run = add(&sample, &into, &["GET /groups/{id}/members"]);
    assert_input_error(
        &run,
        &["beta has it: group-list-members.md (--version beta)"],
    );
    let run = add(
        &sample,
        &into,
        &[
            "--version",
            "beta",
            "GET /groups/{id}/members",
            "user-list-ownedobjects",
            "message-replyall",
        ],
    );
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stdout}{stderr}");
    let copied = files(&into);
    let resources = copied
        .iter()
        .filter(|f| f.starts_with("beta/resources/"))
        .count();
    println!(
        "{} resource pages copied of {}",
        resources,
        fs::read_dir(sample.join("beta/resources")).unwrap().count()
    );
    assert!((3..100).contains(&resources), "{resources}: {copied:?}");
    assert!(copied.contains(&"beta/api/group-list-members.md".to_owned()));
    let strict = generate(&into, &root.join("g.rs"), false);
    assert!(strict.status.success(), "{:?}", text(&strict));
    let lenient = generate(&into, &root.join("l.rs"), true);
    let (stdout, stderr) = text(&lenient);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(
        stdout.lines().last(),
        Some("generated 3 of 3 operation pages (0 skipped)")
    );
}
