//! Validates a password with reqwest and serde by hand: the baseline of the build-cost
//! comparison. Same request as the typed app: headers, body, typed response.

use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct ValidatePasswordRequest<'a> {
    password: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ValidationResult {
    rule_name: String,
    validation_passed: bool,
    message: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordValidationInformation {
    is_valid: bool,
    #[allow(dead_code)]
    validation_results: Vec<ValidationResult>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN")?;
    let info: PasswordValidationInformation = reqwest::Client::new()
        .post("https://graph.microsoft.com/beta/users/validatePassword")
        .bearer_auth(token)
        .header("client-request-id", uuid::Uuid::new_v4().to_string())
        .header(reqwest::header::ACCEPT, "application/json")
        .json(&ValidatePasswordRequest { password: "Tr0ub4dor&3-horse" })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    println!("valid: {}", info.is_valid);
    Ok(())
}
