//! Report functions of the sample, as sent: the beta print reports, whose pages write
//! their arguments as `userId=userId-value`, take them as arguments (strings quoted, as
//! OData writes them; dates bare, as the page's example sends them); and the beta usage
//! reports, generated with their JSON `200 OK`, ask for it with `$format=application/json`
//! as their pages' example requests do. Compiled only when the sample was found at build
//! time.

#[cfg(sample_found)]
mod with_sample {
    use msgraph_typed::GraphCall;
    use msgraph_typed_sample_coverage::offline_client as client;
    use msgraph_typed_sample_coverage::sample::prelude::*;

    fn sent(call: impl GraphCall) -> (String, String) {
        let (request, _) = call.into_parts().expect("the call is built");
        (request.path().to_owned(), request.query().to_owned())
    }

    #[test]
    fn the_print_reports_take_their_parameters_as_arguments_with_strings_quoted() {
        let client = client();
        let (path, query) = sent(client.print().reports().get_user_archived_print_jobs(
            "016b5565-3bbf-4067-b9ff-4d68167eb1a6",
            "2021-05-24",
            "2021-05-25",
        ));
        assert_eq!(
            path,
            "/print/reports/getUserArchivedPrintJobs(userId='016b5565-3bbf-4067-b9ff-4d68167eb1a6',startDateTime=2021-05-24,endDateTime=2021-05-25)"
        );
        assert_eq!(query, "");
        let (path, _) = sent(client.reports().get_printer_archived_print_jobs(
            "p'1",
            "2021-05-24T00:00:00Z",
            "2021-05-25",
        ));
        assert_eq!(
            path,
            // The value's own quote doubled (`''`), as OData escapes it; each value
            // percent-encoded, as every argument is.
            "/reports/getPrinterArchivedPrintJobs(printerId='p%27%271',startDateTime=2021-05-24T00%3A00%3A00Z,endDateTime=2021-05-25)"
        );
        let empty = client
            .print()
            .reports()
            .get_user_archived_print_jobs("", "2021-05-24", "2021-05-25")
            .into_parts();
        let Err(err) = empty else {
            panic!("an empty argument is refused");
        };
        assert!(err.to_string().contains("userId"), "{err}");
    }

    #[test]
    fn the_json_usage_reports_ask_for_json_as_their_pages_examples_do() {
        let client = client();
        let (path, query) = sent(
            client
                .reports()
                .get_office365_groups_activity_file_counts("D7"),
        );
        assert_eq!(
            path,
            "/reports/getOffice365GroupsActivityFileCounts(period='D7')"
        );
        assert_eq!(query, "$format=application/json");
        // A v1.0 report answered with its CSV redirect sends no `$format`.
        let (_, query) = sent(client.reports().get_email_activity_user_counts("D7"));
        assert_eq!(query, "");
    }
}
