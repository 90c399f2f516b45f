//! Pages that write example GUIDs where the keys go
//! (`GET /education/classes/acdefc6b-.../assignments/cf6005fc-.../resources/8b01c1d0-...`)
//! give calls by key, `.classes().by_id(..)`, and no method named after a GUID. Compiled
//! only when the sample was found at build time.

#[cfg(sample_found)]
mod with_sample {
    use msgraph_typed::GraphCall;
    use msgraph_typed_sample_coverage::offline_client as client;
    use msgraph_typed_sample_coverage::sample::prelude::*;

    fn parts(call: impl GraphCall) -> (String, &'static str) {
        let (request, _) = call.into_parts().expect("the call is built");
        (request.path().to_owned(), request.operation().path)
    }

    #[test]
    fn the_education_pages_with_literal_guids_are_calls_by_key_with_key_templates() {
        let client = client();
        let classes = client.education().classes();
        assert_eq!(
            parts(
                classes
                    .by_id("c1")
                    .assignments()
                    .by_id("a1")
                    .resources()
                    .by_id("r1")
                    .get()
            ),
            (
                "/education/classes/c1/assignments/a1/resources/r1".to_owned(),
                "/education/classes/{classes_id}/assignments/{assignments_id}/resources/{resources_id}"
            )
        );
        let classes = client.education().classes();
        assert_eq!(
            parts(
                classes
                    .by_id("c1")
                    .assignments()
                    .by_id("a1")
                    .resources()
                    .list()
            ),
            (
                "/education/classes/c1/assignments/a1/resources".to_owned(),
                "/education/classes/{classes_id}/assignments/{assignments_id}/resources"
            )
        );
        let classes = client.education().classes();
        assert_eq!(
            parts(classes.by_id("c 2").assignment_settings().get()),
            (
                "/education/classes/c%202/assignmentSettings".to_owned(),
                "/education/classes/{classes_id}/assignmentSettings"
            )
        );
        let classes = client.education().classes();
        assert_eq!(
            parts(
                classes
                    .by_id("c1")
                    .assignments()
                    .by_id("a1")
                    .rubric()
                    .reference()
                    .delete()
            ),
            (
                "/education/classes/c1/assignments/a1/rubric/$ref".to_owned(),
                "/education/classes/{classes_id}/assignments/{assignments_id}/rubric/$ref"
            )
        );
    }

    /// `line` without its comment and the insides of its string literals.
    fn code_of(line: &str) -> String {
        let line = line.trim_start();
        if line.starts_with("//") {
            return String::new();
        }
        let mut out = String::new();
        let mut in_string = false;
        let mut escaped = false;
        for c in line.chars() {
            match (in_string, escaped, c) {
                (true, false, '\\') => escaped = true,
                (true, false, '"') => in_string = false,
                (true, ..) => escaped = false,
                (false, _, '"') => in_string = true,
                (false, ..) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn no_generated_name_is_made_of_a_guid() {
        let code = include_str!(concat!(env!("OUT_DIR"), "/sample.rs"));
        for (number, line) in code.lines().enumerate() {
            let names = code_of(line).to_ascii_lowercase();
            for part in ["acdefc6b", "cf6005fc", "8b01c1d0"] {
                assert!(
                    !names.contains(part),
                    "line {} of the generated code has a name made of a GUID: {line}",
                    number + 1
                );
            }
        }
    }
}
