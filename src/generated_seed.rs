// TARGET SHAPE, written by hand: the code the generator must emit for the SDK's pages.
// Replaced by `include!(concat!(env!("OUT_DIR"), "/generated.rs"))` once codegen lands.

/// Request and response models, generated from the documentation pages.
pub mod models {
    /// The request body of [`Me::change_password`](crate::operations::Me::change_password).
    ///
    /// From `user: changePassword` (v1.0).
    #[derive(Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    #[serde(crate = "::serde")]
    #[non_exhaustive]
    pub struct ChangePasswordRequest {
        /// Your current password.
        #[serde(rename = "currentPassword")]
        pub current_password: crate::SecretString,
        /// Your new password.
        #[serde(rename = "newPassword")]
        pub new_password: crate::SecretString,
    }

    impl ChangePasswordRequest {
        /// A request with every required parameter.
        pub fn new(
            current_password: impl Into<crate::SecretString>,
            new_password: impl Into<crate::SecretString>,
        ) -> Self {
            Self {
                current_password: current_password.into(),
                new_password: new_password.into(),
            }
        }
    }

    impl ::std::fmt::Debug for ChangePasswordRequest {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.debug_struct("ChangePasswordRequest")
                .field("current_password", &self.current_password)
                .field("new_password", &self.new_password)
                .finish()
        }
    }

    /// The request body of [`Users::validate_password`](crate::operations::Users::validate_password).
    ///
    /// From `user: validatePassword` (beta).
    #[derive(Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    #[serde(crate = "::serde")]
    #[non_exhaustive]
    pub struct ValidatePasswordRequest {
        /// The password to be validated by this action.
        #[serde(rename = "password")]
        pub password: crate::SecretString,
    }

    impl ValidatePasswordRequest {
        /// A request with every required parameter.
        pub fn new(password: impl Into<crate::SecretString>) -> Self {
            Self {
                password: password.into(),
            }
        }
    }

    impl ::std::fmt::Debug for ValidatePasswordRequest {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.debug_struct("ValidatePasswordRequest")
                .field("password", &self.password)
                .finish()
        }
    }

    /// Whether a password is valid under the tenant's password validation policy, and the
    /// outcome of each rule.
    ///
    /// Resource `passwordValidationInformation` (beta).
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    #[serde(crate = "::serde")]
    #[non_exhaustive]
    pub struct PasswordValidationInformation {
        /// True when the password passed every rule. Not nullable. Read-only.
        #[serde(rename = "isValid")]
        pub is_valid: bool,
        /// One entry per rule the password was checked against. Not nullable. Read-only.
        #[serde(rename = "validationResults")]
        pub validation_results: ::std::vec::Vec<ValidationResult>,
    }

    impl PasswordValidationInformation {
        /// A value with every non-nullable property.
        pub fn new(is_valid: bool, validation_results: ::std::vec::Vec<ValidationResult>) -> Self {
            Self {
                is_valid,
                validation_results,
            }
        }
    }

    /// The outcome of one password validation rule.
    ///
    /// Resource `validationResult` (beta).
    #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    #[serde(crate = "::serde")]
    #[non_exhaustive]
    pub struct ValidationResult {
        /// The rule's name. Not nullable. Read-only.
        #[serde(rename = "ruleName")]
        pub rule_name: ::std::string::String,
        /// Whether the password passed the rule. Not nullable. Read-only.
        #[serde(rename = "validationPassed")]
        pub validation_passed: bool,
        /// What the rule found. Not nullable. Read-only.
        #[serde(rename = "message")]
        pub message: ::std::string::String,
    }

    impl ValidationResult {
        /// A value with every non-nullable property.
        pub fn new(
            rule_name: impl Into<::std::string::String>,
            validation_passed: bool,
            message: impl Into<::std::string::String>,
        ) -> Self {
            Self {
                rule_name: rule_name.into(),
                validation_passed,
                message: message.into(),
            }
        }
    }
}

/// Operations, grouped by the first segment of their path.
pub mod operations {
    /// `user: changePassword`: `POST /v1.0/me/changePassword`.
    pub static CHANGE_PASSWORD: crate::Operation = crate::Operation::new(
        "user: changePassword",
        ::http::Method::POST,
        crate::ApiVersion::V1,
        "/me/changePassword",
        crate::Replay::OnlyUnprocessed,
    );

    /// `user: validatePassword`: `POST /beta/users/validatePassword`.
    pub static VALIDATE_PASSWORD: crate::Operation = crate::Operation::new(
        "user: validatePassword",
        ::http::Method::POST,
        crate::ApiVersion::Beta,
        "/users/validatePassword",
        crate::Replay::Safe,
    );

    /// Operations under `/me`: the signed-in user. Get it from
    /// [`GraphClient::me`](crate::GraphClient::me).
    #[derive(Clone, Copy)]
    pub struct Me<'a> {
        client: &'a dyn crate::GraphClient,
    }

    impl<'a> Me<'a> {
        /// Operations under `/me`, sent through `client`.
        pub fn new(client: &'a dyn crate::GraphClient) -> Self {
            Self { client }
        }

        /// The client these operations are sent through.
        pub fn client(&self) -> &'a dyn crate::GraphClient {
            self.client
        }

        /// Update the signed-in user's password. Any user can update their password
        /// without belonging to any administrator role.
        ///
        /// Sends a `POST` request to `/v1.0/me/changePassword` (`user: changePassword`).
        /// Graph answers `204 No Content`.
        pub async fn change_password(
            &self,
            body: crate::models::ChangePasswordRequest,
        ) -> ::std::result::Result<(), crate::Error> {
            let request =
                crate::GraphRequest::new(&CHANGE_PASSWORD, "/me/changePassword").json(&body)?;
            self.client.execute(request).await?.error_for_status()?.no_content()
        }
    }

    impl ::std::fmt::Debug for Me<'_> {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.debug_struct("Me").finish_non_exhaustive()
        }
    }

    /// Operations under `/users`. Get it from [`GraphClient::users`](crate::GraphClient::users).
    #[derive(Clone, Copy)]
    pub struct Users<'a> {
        client: &'a dyn crate::GraphClient,
    }

    impl<'a> Users<'a> {
        /// Operations under `/users`, sent through `client`.
        pub fn new(client: &'a dyn crate::GraphClient) -> Self {
            Self { client }
        }

        /// The client these operations are sent through.
        pub fn client(&self) -> &'a dyn crate::GraphClient {
            self.client
        }

        /// Check a user's password against the organization's password validation policy
        /// and report whether the password is valid.
        ///
        /// Sends a `POST` request to `/beta/users/validatePassword` (`user: validatePassword`).
        /// Graph answers `200 OK` with a
        /// [`PasswordValidationInformation`](crate::models::PasswordValidationInformation).
        ///
        /// **Beta:** APIs under `/beta` are subject to change and are not supported for
        /// production use.
        ///
        /// Permissions: in delegated scenarios with work or school accounts, the signed-in
        /// user needs one of these Microsoft Entra roles: Password Administrator, Helpdesk
        /// Administrator, User Administrator, Global Administrator.
        pub async fn validate_password(
            &self,
            body: crate::models::ValidatePasswordRequest,
        ) -> ::std::result::Result<crate::models::PasswordValidationInformation, crate::Error>
        {
            let request =
                crate::GraphRequest::new(&VALIDATE_PASSWORD, "/users/validatePassword").json(&body)?;
            self.client.execute(request).await?.error_for_status()?.json()
        }
    }

    impl ::std::fmt::Debug for Users<'_> {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.debug_struct("Users").finish_non_exhaustive()
        }
    }
}

/// Typed wiremock matchers, one per operation (feature `mock`).
#[cfg(feature = "mock")]
pub mod expectations {
    /// Matches a `user: changePassword` call: `POST /v1.0/me/changePassword`.
    pub fn change_password() -> crate::mock::OperationMatcher<crate::models::ChangePasswordRequest>
    {
        crate::mock::OperationMatcher::new(&crate::operations::CHANGE_PASSWORD)
    }

    /// Matches a `user: validatePassword` call: `POST /beta/users/validatePassword`.
    pub fn validate_password(
    ) -> crate::mock::OperationMatcher<crate::models::ValidatePasswordRequest> {
        crate::mock::OperationMatcher::new(&crate::operations::VALIDATE_PASSWORD)
    }
}

macro_rules! graph_client_entry_points {
    () => {
        /// Operations under `/me`: the signed-in user.
        fn me(&self) -> crate::operations::Me<'_> {
            crate::operations::Me::new(self.as_dyn())
        }

        /// Operations under `/users`.
        fn users(&self) -> crate::operations::Users<'_> {
            crate::operations::Users::new(self.as_dyn())
        }
    };
}
pub(crate) use graph_client_entry_points;

#[cfg(test)]
mod doc_examples {
    #[test]
    fn the_user_change_password_example_request_round_trips() {
        let json = r#"{
    "currentPassword": "xWwvJ]6NMw+bWH-d",
    "newPassword": "0eM85N54wFxWwvJ]"
}"#;
        crate::__private::assert_round_trip::<crate::models::ChangePasswordRequest>(json);
    }

    #[test]
    fn the_user_validate_password_example_request_round_trips() {
        let json = r#"{
"password": "1234567890"
}"#;
        crate::__private::assert_round_trip::<crate::models::ValidatePasswordRequest>(json);
    }

    #[test]
    fn the_user_validate_password_example_response_decodes() {
        let json = r#"{
"@odata.context": "https://graph.microsoft.com/beta/$metadata#users/$entity",
"isValid": false,
"validationResults": [
{
"ruleName": "password_not_meet_complexity",
"validationPassed": false,
"message": "Password does not meet complexity requirements."
}
]
}"#;
        crate::__private::assert_decodes::<crate::models::PasswordValidationInformation>(json);
    }
}
