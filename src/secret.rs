//! Secret strings: passwords and tokens that never print and are wiped on drop.

use std::fmt;

use zeroize::Zeroize;

/// A password, token or other credential.
///
/// `Debug` and `Display` print `SecretString([redacted])`, never the value; the bytes are
/// overwritten with zeros when the value is dropped. It still serializes to and from a plain
/// JSON string, because Graph needs the value on the wire.
///
/// ```
/// use msgraph_typed::SecretString;
///
/// let password = SecretString::from("Sup3r-Secret!");
/// assert_eq!(format!("{password:?}"), "SecretString([redacted])");
/// assert_eq!(password.expose_secret(), "Sup3r-Secret!");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a value as a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call it only where the value must leave the program.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Length of the secret in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for SecretString {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString([redacted])")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&String> for SecretString {
    fn from(value: &String) -> Self {
        Self(value.clone())
    }
}

impl serde::Serialize for SecretString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// Bytes that are wiped when the last owner drops them (used for request bodies, which
/// carry passwords).
pub(crate) struct WipeOnDrop(pub(crate) Vec<u8>);

impl AsRef<[u8]> for WipeOnDrop {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for WipeOnDrop {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_shows_in_debug_or_display() {
        let s = SecretString::from("hunter2-Passw0rd");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert!(!format!("{:#?}", vec![s.clone()]).contains("hunter2"));
    }

    #[test]
    fn a_secret_serializes_as_a_plain_json_string() {
        let s = SecretString::from("p\"w");
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""p\"w""#);
        let back: SecretString = serde_json::from_str(r#""p\"w""#).unwrap();
        assert_eq!(back.expose_secret(), "p\"w");
    }
}
