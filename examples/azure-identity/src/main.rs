//! Checks a password against the tenant's policy (`user: validatePassword`, beta) with a
//! token from the Azure CLI, through msgraph-typed's `azure` feature.
//!
//! ```sh
//! az login                                  # once; or `azd auth login`
//! cargo run -p azure-identity-example       # asks for a password, prints each rule
//! GRAPH_CLOUD=usgov cargo run -p azure-identity-example   # a national cloud's Graph and scope
//! ```
//!
//! The token comes from azure_identity's `DeveloperToolsCredential` (`az`, then `azd`),
//! asked for the Graph scope of the cloud (`https://graph.microsoft.com/.default` for the
//! global one) and cached by the client until near its expiry. Without a sign-in (no `az`,
//! or not logged in) it says why and asks the built-in simulated Graph instead, as the
//! crate's other examples do without `GRAPH_TOKEN`. The password is asked for at a prompt
//! (not echoed at a terminal) and never printed. Needs Rust 1.88 (azure_core's minimum).

#[path = "../../support/mod.rs"]
mod support;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;
use msgraph_typed::models::ValidatePasswordRequest;
use msgraph_typed::{Cloud, GraphClient, ReqwestGraphClient, SecretString};

use support::simulated;

/// Where the call goes.
#[derive(Debug)]
enum Target {
    /// The real Graph of a cloud, with tokens from the credential.
    Real(ReqwestGraphClient, Cloud),
    /// The simulated Graph, signed in as its password administrator.
    Simulated(simulated::Tenant),
}

impl Target {
    fn client(&self) -> &dyn GraphClient {
        match self {
            Target::Real(client, _) => client,
            Target::Simulated(tenant) => tenant.as_admin(),
        }
    }
}

/// The real Graph when `credential` exists and hands out a token for `cloud`'s Graph scope;
/// else the simulated Graph, with the reason written to `log`.
async fn choose(
    credential: azure_core::Result<Arc<dyn TokenCredential>>,
    cloud: Cloud,
    log: &mut dyn Write,
) -> Result<Target, String> {
    let reason = match credential {
        Err(e) => e.to_string(),
        // Asked once here to choose; the client asks again and caches what it gets.
        Ok(credential) => match credential.get_token(&[cloud.scope()], None).await {
            Ok(_) => {
                let client = ReqwestGraphClient::builder()
                    .cloud(cloud)
                    .azure_credential(credential)
                    .build()
                    .map_err(|e| e.to_string())?;
                return Ok(Target::Real(client, cloud));
            }
            Err(e) => e.to_string(),
        },
    };
    writeln!(log, "No token from the developer tools ({reason}).").map_err(|e| e.to_string())?;
    let tenant = simulated::Tenant::start().await?;
    writeln!(
        log,
        "Asking the simulated Graph at {} instead, as {}.",
        tenant.uri(),
        support::tenant::ADMIN
    )
    .map_err(|e| e.to_string())?;
    Ok(Target::Simulated(tenant))
}

/// Validates `password` and writes the verdict and each rule to `out`; true when valid.
async fn validate(
    client: &dyn GraphClient,
    password: SecretString,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let answer = client
        .users()
        .validate_password(ValidatePasswordRequest::new(password))
        .await;
    match answer {
        Ok(info) => {
            let verdict = if info.is_valid { "valid" } else { "not valid" };
            writeln!(out, "The password is {verdict}.")?;
            support::write_rules(out, &info.validation_results, "  ")?;
            Ok(info.is_valid)
        }
        Err(e) => {
            writeln!(out, "{}", support::failure_text(&e))?;
            Ok(false)
        }
    }
}

async fn main_result() -> Result<bool, String> {
    let cloud = match std::env::var("GRAPH_CLOUD") {
        Ok(name) if !name.trim().is_empty() => support::cloud_named(&name)?,
        _ => Cloud::Global,
    };
    let credential =
        azure_identity::DeveloperToolsCredential::new(None).map(|c| c as Arc<dyn TokenCredential>);
    let target = choose(credential, cloud, &mut io::stderr()).await?;
    if let Target::Real(_, cloud) = &target {
        eprintln!(
            "Calling Graph at {cloud}, with a token for {}.",
            cloud.scope()
        );
    }
    let password = support::prompt_secret("Password to validate").map_err(|e| e.to_string())?;
    validate(target.client(), password, &mut io::stdout())
        .await
        .map_err(|e| e.to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    match main_result().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("azure-identity-example: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use azure_core::credentials::{AccessToken, TokenRequestOptions};
    use azure_core::error::ErrorKind;
    use azure_core::time::{Duration, OffsetDateTime};

    /// Signed in (`Some(token)`) or not.
    #[derive(Debug)]
    struct Cli(Option<&'static str>);

    #[async_trait::async_trait]
    impl TokenCredential for Cli {
        async fn get_token(
            &self,
            _scopes: &[&str],
            _options: Option<TokenRequestOptions<'_>>,
        ) -> azure_core::Result<AccessToken> {
            match self.0 {
                Some(token) => Ok(AccessToken::new(
                    token,
                    OffsetDateTime::now_utc() + Duration::hours(1),
                )),
                None => Err(azure_core::Error::with_message(
                    ErrorKind::Credential,
                    "Please run 'az login' to set up an account",
                )),
            }
        }
    }

    #[tokio::test]
    async fn without_a_sign_in_the_simulated_graph_answers_and_the_reason_is_shown() {
        let mut log = Vec::new();
        let target = choose(Ok(Arc::new(Cli(None))), Cloud::Global, &mut log)
            .await
            .unwrap();
        let log = String::from_utf8(log).unwrap();
        assert!(log.contains("az login"), "{log}");
        assert!(matches!(target, Target::Simulated(_)));
        let mut out = Vec::new();
        let valid = validate(
            target.client(),
            SecretString::new("Blue-Harbor-42-long"),
            &mut out,
        )
        .await
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("The password is"), "{out}");
        assert!(valid == out.starts_with("The password is valid"));
    }

    #[tokio::test]
    async fn a_credential_that_cannot_start_falls_back_too() {
        let mut log = Vec::new();
        let failed = Err(azure_core::Error::with_message(
            ErrorKind::Other,
            "no az on PATH",
        ));
        let target = choose(failed, Cloud::Global, &mut log).await.unwrap();
        assert!(String::from_utf8(log).unwrap().contains("no az on PATH"));
        assert!(matches!(target, Target::Simulated(_)));
    }

    #[tokio::test]
    async fn with_a_sign_in_the_real_graph_of_the_chosen_cloud_is_called() {
        let mut log = Vec::new();
        let target = choose(
            Ok(Arc::new(Cli(Some("eyJ-test")))),
            Cloud::UsGovL4,
            &mut log,
        )
        .await
        .unwrap();
        assert!(log.is_empty());
        match target {
            Target::Real(client, cloud) => {
                assert_eq!(cloud, Cloud::UsGovL4);
                assert!(!format!("{client:?}").contains("eyJ-test"));
            }
            Target::Simulated(_) => panic!("fell back although signed in"),
        }
    }
}
