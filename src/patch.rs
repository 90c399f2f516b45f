//! One property of an update (PATCH) body: left out, sent as `null`, or sent with a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One property of an update (`PATCH`) request body.
///
/// Graph changes only the properties an update sends, and clears a property sent as
/// `null`. A generated update body (`UpdateUserRequest`, ...) keeps each property as a
/// `Patch`: [`Unchanged`](Patch::Unchanged) (the default) is left out of the JSON,
/// [`Clear`](Patch::Clear) is sent as `null`, [`Set`](Patch::Set) with its value. The
/// body's `with_<property>(value)` sets one, `clear_<property>()` clears one.
///
/// Decoding reads the same three states back: an absent property is `Unchanged`, `null`
/// is `Clear`, any other value is `Set`. A `Patch` serialized on its own (not as a field
/// of a body, where `Unchanged` is skipped) writes `Unchanged` as `null` too.
///
/// `Debug` is the value's own: a secret (`Patch<SecretString>`) prints redacted.
///
/// ```
/// use msgraph_typed::Patch;
///
/// let title: Patch<String> = Patch::Set("Lead".to_owned());
/// assert_eq!(title.as_set().map(String::as_str), Some("Lead"));
/// assert!(Patch::<String>::default().is_unchanged());
/// assert_eq!(serde_json::to_string(&Patch::<String>::Clear).unwrap(), "null");
/// ```
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Not sent: Graph keeps the property as it is.
    #[default]
    Unchanged,
    /// Sent as `null`: Graph clears the property.
    Clear,
    /// Sent with this value.
    Set(T),
}

impl<T> Patch<T> {
    /// Whether the property is left out of the body (what generated bodies skip).
    pub fn is_unchanged(&self) -> bool {
        matches!(self, Self::Unchanged)
    }

    /// Whether the property is sent as `null`.
    pub fn is_clear(&self) -> bool {
        matches!(self, Self::Clear)
    }

    /// The value sent, if one is set.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            Self::Unchanged | Self::Clear => None,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Set(value) => serializer.serialize_some(value),
            Self::Unchanged | Self::Clear => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Self::Set(value),
            None => Self::Clear,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretString;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Body {
        #[serde(
            rename = "jobTitle",
            default,
            skip_serializing_if = "Patch::is_unchanged"
        )]
        job_title: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
        secret: Patch<SecretString>,
    }

    #[test]
    fn an_unchanged_property_is_left_out_and_a_cleared_one_is_null() {
        let mut body = Body::default();
        assert_eq!(serde_json::to_string(&body).unwrap(), "{}");
        body.job_title = Patch::Clear;
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"jobTitle":null}"#
        );
        body.job_title = Patch::Set("Lead".into());
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"jobTitle":"Lead"}"#
        );
    }

    #[test]
    fn a_patch_of_any_type_defaults_to_unchanged() {
        struct NoDefault;
        assert!(Patch::<NoDefault>::default().is_unchanged());
    }

    #[test]
    fn absent_null_and_a_value_decode_into_the_three_states() {
        let absent: Body = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.job_title, Patch::Unchanged);
        let null: Body = serde_json::from_str(r#"{"jobTitle":null}"#).unwrap();
        assert_eq!(null.job_title, Patch::Clear);
        let set: Body = serde_json::from_str(r#"{"jobTitle":"Lead"}"#).unwrap();
        assert_eq!(set.job_title, Patch::Set("Lead".to_owned()));
    }

    #[test]
    fn a_secret_set_in_a_patch_never_shows_in_debug() {
        let body = Body {
            secret: Patch::Set(SecretString::from("Hunter-2-pw")),
            ..Body::default()
        };
        let debug = format!("{body:?}");
        assert!(!debug.contains("Hunter-2-pw"), "{debug}");
        assert!(debug.contains("Set(SecretString([redacted]))"), "{debug}");
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"secret":"Hunter-2-pw"}"#
        );
    }
}
