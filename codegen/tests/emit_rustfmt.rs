//! The emitter writes rustfmt's style itself (the codegen crate has no dependencies, so no
//! prettyplease): the checked-in snapshots, and the code of pages with names long enough
//! to make rustfmt break lines, must pass `rustfmt --check --edition 2021` unchanged.
//! Skipped, saying so, when rustfmt is not installed.

use std::path::Path;
use std::process::Command;

use msgraph_typed_codegen::{Generator, Mode};

fn rustfmt_check(file: &Path) {
    let run = Command::new("rustfmt")
        .args(["--check", "--edition", "2021"])
        .arg(file)
        .output();
    match run {
        Err(e) => eprintln!(
            "SKIPPED: rustfmt is not installed ({e}); {} not checked",
            file.display()
        ),
        Ok(out) => assert!(
            out.status.success(),
            "{} is not in rustfmt's style:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn the_sdk_snapshot_is_already_rustfmt_formatted() {
    rustfmt_check(&root().join("codegen/tests/snapshots/sdk.rs"));
}

#[test]
fn the_downstream_snapshot_is_already_rustfmt_formatted() {
    rustfmt_check(&root().join("codegen-check/src/generated.rs"));
}

/// An action page of our own, in the docs' format, whose names are long: the request
/// model `RotateTheClientSecretOfTheFederatedProviderRequest` (in the generated tests'
/// turbofish calls `assert_debug_hides::<super::models::...>(json, &[..])`), a node type
/// of 80 characters and more, and a body property whose `with_` setter's assignment does
/// not fit on one line.
const LONG_NAMES_PAGE: &str = r#"---
title: "federatedIdentityProviderConfiguration: rotateTheClientSecretOfTheFederatedProvider"
doc_type: apiPageType
---

# federatedIdentityProviderConfiguration: rotateTheClientSecretOfTheFederatedProvider

Namespace: microsoft.graph

Rotates the client secret of a federated provider. (A page written for the generator's tests.)

## HTTP request

```http
POST /identity/federatedIdentityProviderConfigurations/{id}/externalAuthenticationMethodConfigurations/{id}/rotateTheClientSecretOfTheFederatedProvider
```

## Request body

| Parameter | Type | Description |
|:----------|:-----|:------------|
| clientSecret | String | The new secret. |
| displayNameOfTheFederatedIdentityProviderAfterTheRotationOfItsSecret | String | Optional. A name. |

## Response

If successful, this action returns a `204 No Content` response code.

## Example

```http
POST https://graph.microsoft.com/v1.0/identity/federatedIdentityProviderConfigurations/p1/externalAuthenticationMethodConfigurations/c1/rotateTheClientSecretOfTheFederatedProvider
Content-type: application/json

{
  "clientSecret": "not-a-real-one",
  "displayNameOfTheFederatedIdentityProviderAfterTheRotationOfItsSecret": "Contoso"
}
```
"#;

#[test]
fn code_generated_for_long_names_is_already_rustfmt_formatted() {
    let dir = std::env::temp_dir().join(format!("msgraph-typed-long-names-{}", std::process::id()));
    let api = dir.join("pages/v1.0/api");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::write(api.join("federatedidp-rotate.md"), LONG_NAMES_PAGE).unwrap();
    let out = Generator::new()
        .pages(dir.join("pages"))
        .mode(Mode::Sdk)
        .generate()
        .unwrap_or_else(|d| panic!("the page generates: {d:?}"));
    // What makes rustfmt break lines is there (else the check below proves nothing).
    for shape in [
        "assert_debug_hides::<super::models::RotateTheClientSecretOfTheFederatedProviderRequest",
        "pub struct IdentityFederatedIdentityProviderConfigurationsItemExternalAuthenticationMethodConfigurationsItem<",
        "self.display_name_of_the_federated_identity_provider_after_the_rotation_of_its_secret =",
    ] {
        let flat: String = out.code.split_whitespace().collect();
        let shape: String = shape.split_whitespace().collect();
        assert!(
            flat.contains(&shape),
            "the generated code has no `{shape}`:\n{}",
            out.code
        );
    }
    let file = dir.join("generated.rs");
    std::fs::write(&file, &out.code).unwrap();
    rustfmt_check(&file);
    let _ = std::fs::remove_dir_all(&dir);
}
