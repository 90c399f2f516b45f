//! Seed files: a tenant described in JSON, as `fake_graph --seed FILE` reads it.
//!
//! ```json
//! {"users": [{"userPrincipalName": "alice@contoso.com", "password": "Old-Passw0rd!",
//!             "token": "alice-token", "roles": []}],
//!  "applications": [{"displayName": "daemon", "token": "app-token"}]}
//! ```
//!
//! `roles` may be left out (no roles); so may either list. Unknown fields are refused, so
//! that a misspelt field does not silently drop a setting.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::graph::SimulatedGraph;
use super::schema::{self, ENTITY_SETS};
use super::store::new_id;
use super::tenant::{SimulatedApplication, SimulatedUser};
use crate::secret::SecretString;

/// A tenant that could not be built: a seed file that does not read or parse, or users and
/// applications that clash. The message names the file (when there is one) and what is
/// wrong; it never contains a password or a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantError {
    file: Option<PathBuf>,
    problem: String,
}

impl TenantError {
    pub(crate) fn invalid(problem: String) -> Self {
        Self {
            file: None,
            problem,
        }
    }

    fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    /// The seed file, when the tenant came from one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// What is wrong.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for TenantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "seed file {}: {}", file.display(), self.problem),
            None => write!(f, "simulated tenant: {}", self.problem),
        }
    }
}

impl std::error::Error for TenantError {}

#[derive(Deserialize)]
struct Seed {
    #[serde(default)]
    users: Vec<SeedUser>,
    #[serde(default)]
    applications: Vec<SeedApplication>,
    /// Further entity sets (`groups`, `devices`, ...), checked against Graph's names.
    #[serde(flatten)]
    sets: Map<String, Value>,
}

/// A user: the seed's own keys (`password`, `token`, `roles`, never returned as
/// properties), then any Graph property.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedUser {
    user_principal_name: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    password: Option<SecretString>,
    #[serde(default)]
    token: Option<SecretString>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(flatten)]
    properties: Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedApplication {
    display_name: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    token: Option<SecretString>,
    #[serde(flatten)]
    properties: Map<String, Value>,
}

/// serde_json quotes the offending string value in some messages (`invalid type: string
/// "..."`, escaped as Rust's `Debug` does); a misplaced password must not end up on a
/// terminal, so quoted text is hidden. Inside quotes a `\` escapes the next character, so
/// an escaped quote (`\"`) does not end the hidden part; an unclosed quote hides the rest.
fn without_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        out.push_str("(value hidden)");
        while let Some(hidden) = chars.next() {
            match hidden {
                '"' => break,
                '\\' => {
                    chars.next();
                }
                _ => {}
            }
        }
    }
    out
}

impl SimulatedGraph {
    /// A tenant from a seed document (see the [seed format](crate::mock#seed-files)).
    pub fn from_seed_json(json: &str) -> Result<Self, TenantError> {
        let seed: Seed = serde_json::from_str(json)
            .map_err(|e| TenantError::invalid(without_quoted_values(&e.to_string())))?;
        let mut builder = SimulatedGraph::builder();
        for u in seed.users {
            let mut user = match u.token {
                Some(token) => SimulatedUser::new(
                    u.user_principal_name,
                    u.password.unwrap_or_else(|| "".into()),
                    token,
                ),
                None => SimulatedUser::signed_out(String::new(), u.user_principal_name, "".into())
                    .with_password(u.password.unwrap_or_else(|| "".into())),
            };
            user = user.id(u.id.unwrap_or_else(new_id));
            user = u.roles.into_iter().fold(user, SimulatedUser::role);
            for (k, v) in u.properties {
                user = user.property(k, v);
            }
            builder = builder.user(user);
        }
        for a in seed.applications {
            match a.token {
                Some(token) => {
                    let mut app = SimulatedApplication::new(a.display_name, token)
                        .id(a.id.unwrap_or_else(new_id));
                    for (k, v) in a.properties {
                        app = app.property(k, v);
                    }
                    builder = builder.add_application(app);
                }
                None => {
                    let mut e = a.properties;
                    e.insert("displayName".into(), Value::String(a.display_name));
                    if let Some(id) = a.id {
                        e.insert("id".into(), Value::String(id));
                    }
                    builder = builder.entity("applications", Value::Object(e));
                }
            }
        }
        for (name, entities) in seed.sets {
            if schema::find(ENTITY_SETS, &name).is_none() {
                return Err(TenantError::invalid(format!(
                    "unknown field `{name}`: expected `users`, `applications` or another of Graph's \
                     entity sets (`groups`, `devices`, `servicePrincipals`, ...)"
                )));
            }
            let Value::Array(entities) = entities else {
                return Err(TenantError::invalid(format!(
                    "`{name}` must be a list of objects"
                )));
            };
            for e in entities {
                builder = builder.entity(name.clone(), e);
            }
        }
        builder.build()
    }

    /// A tenant from a seed file; errors name the file.
    pub fn from_seed_file(path: impl AsRef<Path>) -> Result<Self, TenantError> {
        let path = path.as_ref();
        // The text holds the seed's passwords: wiped on drop. std sizes the string from the
        // file's length, so it is read into one buffer that never moves.
        let text = std::fs::read_to_string(path)
            .map(zeroize::Zeroizing::new)
            .map_err(|e| TenantError::invalid(format!("cannot read it: {e}")).in_file(path))?;
        Self::from_seed_json(&text).map_err(|e| e.in_file(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUE_SEED: &str = r#"{"users": [{"userPrincipalName": "alice@contoso.com", "password": "Old-Passw0rd!",
            "token": "alice-token", "roles": []},
           {"userPrincipalName": "admin@contoso.com", "password": "Adm1n-Passw0rd!",
            "token": "admin-token", "roles": ["Password Administrator"]}],
 "applications": [{"displayName": "daemon", "token": "app-token"}]}"#;

    #[test]
    fn the_seed_file_of_the_issue_builds_a_tenant() {
        let g = SimulatedGraph::from_seed_json(ISSUE_SEED).unwrap();
        assert!(g.password_works("alice@contoso.com", "Old-Passw0rd!"));
        assert!(g.password_works("ADMIN@contoso.com", "Adm1n-Passw0rd!"));
        assert!(!g.password_works("alice@contoso.com", "Adm1n-Passw0rd!"));
    }

    #[test]
    fn a_seed_with_a_missing_field_names_the_field_and_the_line() {
        let e = SimulatedGraph::from_seed_json(
            "{\"users\": [\n{\"password\": \"p\", \"token\": \"t\"}]}",
        )
        .unwrap_err();
        assert!(e.problem().contains("userPrincipalName"), "{e}");
        assert!(e.problem().contains("line 2"), "{e}");
    }

    #[test]
    fn a_seed_error_never_echoes_a_string_value() {
        let e = SimulatedGraph::from_seed_json(r#"{"users": "Sekr1t-Passw0rd!"}"#).unwrap_err();
        assert!(!e.to_string().contains("Sekr1t"), "{e}");
        assert!(e.to_string().contains("invalid type"), "{e}");
    }

    #[test]
    fn a_seed_error_hides_a_string_value_with_escaped_quotes_and_backslashes() {
        for seed in [
            r#"{"users":"ab\"Sekr1t-Passw0rd"}"#,
            r#"{"users":"ab\\\"Sekr1t-Passw0rd\\"}"#,
            r#"{"users":"\"\"Sekr1t-Passw0rd\""}"#,
        ] {
            let e = SimulatedGraph::from_seed_json(seed).unwrap_err();
            for text in [e.to_string(), format!("{e:?}")] {
                assert!(!text.contains("Sekr1t"), "{seed}: {text}");
                assert!(text.contains("invalid type"), "{seed}: {text}");
                assert!(text.contains("(value hidden)"), "{seed}: {text}");
            }
        }
        assert_eq!(
            without_quoted_values(r#"a "b\"c" d "e"#),
            "a (value hidden) d (value hidden)"
        );
    }

    #[test]
    fn a_misspelt_field_is_refused() {
        let e = SimulatedGraph::from_seed_json(r#"{"user": []}"#).unwrap_err();
        assert!(e.problem().contains("unknown field"), "{e}");
    }

    #[test]
    fn a_token_used_twice_is_refused_naming_the_entry_not_the_token() {
        let e = SimulatedGraph::from_seed_json(
            r#"{"users": [{"userPrincipalName": "a@x", "password": "p", "token": "same-tok"}],
                "applications": [{"displayName": "d", "token": "same-tok"}]}"#,
        )
        .unwrap_err();
        assert!(e.problem().contains("applications[0] (d)"), "{e}");
        assert!(!e.to_string().contains("same-tok"), "{e}");
    }

    #[test]
    fn an_unreadable_seed_file_is_an_error_naming_the_file() {
        let e = SimulatedGraph::from_seed_file("/no/such/seed.json").unwrap_err();
        assert_eq!(e.file(), Some(Path::new("/no/such/seed.json")));
        assert!(e
            .to_string()
            .starts_with("seed file /no/such/seed.json: cannot read it"));
    }
}
