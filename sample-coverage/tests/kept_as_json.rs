//! A property of a type no sample page describes is generated as JSON: the user
//! resource's `licenseAssignmentStates` (`licenseAssignmentState collection`, a type with
//! no page in the sample) is an `Option<Vec<serde_json::Value>>` that decodes whatever
//! Graph sends. Compiled only when the sample was found at build time.

#[cfg(sample_found)]
mod with_sample {
    use msgraph_typed_sample_coverage::sample::models::User;
    use serde_json::{json, Value};

    /// Compiles only while the field has exactly this type.
    fn states(user: &User) -> &Option<Vec<Value>> {
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
    fn a_user_decodes_its_license_assignment_states_as_the_json_values_graph_sent() {
        let sent = json!([
            {
                "assignedByGroup": null,
                "disabledPlans": [],
                "error": "None",
                "skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df",
                "state": "Active"
            },
            { "skuId": "b05e124f-c7cc-45a0-a6aa-8cf78c946968", "state": "ActiveWithError" }
        ]);
        let json = user_json(json!({ "licenseAssignmentStates": sent.clone() }));
        let user: User = serde_json::from_value(json).expect("the user decodes");
        assert_eq!(states(&user), &sent.as_array().cloned());
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
