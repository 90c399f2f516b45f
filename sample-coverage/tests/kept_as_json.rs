//! A property of a type no sample page describes is generated as JSON: the beta
//! `remoteItem` resource's `webUrl` (of type `Url`, which is neither a primitive nor a
//! page) is an `Option<serde_json::Value>` that decodes whatever Graph sends. And a type
//! whose page is named like a licence file (`licenseassignmentstate.md`) is read like any
//! other page: the user resource's `licenseAssignmentStates` is typed. Compiled only when
//! the sample was found at build time.

#[cfg(sample_found)]
mod with_sample {
    use msgraph_typed_sample_coverage::sample::models::{
        LicenseAssignmentState, RemoteItemBeta, User,
    };
    use serde_json::{json, Value};

    /// Compiles only while the field has exactly this type.
    fn web_url(item: &RemoteItemBeta) -> &Option<Value> {
        &item.web_url
    }

    /// Compiles only while the field has exactly this type.
    fn states(user: &User) -> &Option<Vec<LicenseAssignmentState>> {
        &user.license_assignment_states
    }

    /// A user with every non-nullable property, and `extra` merged in.
    fn user_json(extra: Value) -> Value {
        let mut user = json!({
            "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
            "accountEnabled": true,
            "assignedLicenses": [],
            "assignedPlans": [],
            "consentProvidedForMinor": "notRequired",
            "displayName": "Adele Vance",
            "legalAgeGroupClassification": "adult",
            "passwordProfile": {
                "forceChangePasswordNextSignInWithMfa": false,
                "password": "not-a-real-one"
            },
            "provisionedPlans": [],
            "proxyAddresses": [],
            "usageLocation": "US",
            "userPrincipalName": "AdeleV@contoso.com"
        });
        if let (Some(user), Value::Object(extra)) = (user.as_object_mut(), extra) {
            user.extend(extra);
        }
        user
    }

    #[test]
    fn a_remote_item_decodes_its_web_url_as_the_json_value_graph_sent() {
        let sent = json!("https://contoso.sharepoint.com/sites/x/y.docx");
        let item: RemoteItemBeta =
            serde_json::from_value(json!({ "webUrl": sent.clone() })).expect("the item decodes");
        assert_eq!(web_url(&item), &Some(sent.clone()));
        let back = serde_json::to_value(&item).expect("the item encodes");
        assert_eq!(back.get("webUrl"), Some(&sent));
        let item: RemoteItemBeta =
            serde_json::from_value(json!({ "webUrl": { "not": "a string" } }))
                .expect("any JSON decodes");
        assert_eq!(web_url(&item), &Some(json!({ "not": "a string" })));
    }

    #[test]
    fn a_user_decodes_its_license_assignment_states_into_their_type() {
        let sent = json!([
            {
                "disabledPlans": [],
                "error": "None",
                "skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df",
                "state": "Active"
            },
            { "skuId": "b05e124f-c7cc-45a0-a6aa-8cf78c946968", "state": "ActiveWithError" }
        ]);
        let json = user_json(json!({ "licenseAssignmentStates": sent.clone() }));
        let user: User = serde_json::from_value(json).expect("the user decodes");
        let got = states(&user).as_deref().unwrap_or_default();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].sku_id.as_deref(),
            Some("c7df2760-2c81-4ef7-b578-5b5392b571df")
        );
        assert_eq!(got[0].disabled_plans.as_deref(), Some(&[][..]));
        assert_eq!(got[1].state.as_deref(), Some("ActiveWithError"));
        let back = serde_json::to_value(&user).expect("the user encodes");
        assert_eq!(back.get("licenseAssignmentStates"), Some(&sent));
    }

    #[test]
    fn a_user_without_license_assignment_states_decodes_to_none() {
        let user: User = serde_json::from_value(user_json(json!({}))).expect("the user decodes");
        assert_eq!(states(&user), &None);
    }
}

#[cfg(not(sample_found))]
#[test]
fn the_kept_as_json_tests_need_the_sample() {
    let c = msgraph_typed_sample_coverage::coverage();
    assert!(!c.sample_found);
    eprintln!("SKIPPED: the Graph docs sample is not at {}", c.sample_dir);
}
