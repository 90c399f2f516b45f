//! Validates a password through msgraph-typed: the typed side of the build-cost comparison.

use msgraph_typed::models::ValidatePasswordRequest;
use msgraph_typed::{GraphClient, ReqwestGraphClient};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN")?;
    let client = ReqwestGraphClient::builder().bearer_token(token).build()?;
    let info = client
        .users()
        .validate_password(ValidatePasswordRequest::new("Tr0ub4dor&3-horse"))
        .await?;
    println!("valid: {}", info.is_valid);
    Ok(())
}
