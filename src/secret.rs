//! Secret strings: passwords and tokens that never print and are wiped on drop.

use std::fmt;

use zeroize::Zeroize;

/// A password, token or other credential.
///
/// `Debug` and `Display` print `SecretString([redacted])`, never the value; the bytes are
/// overwritten with zeros when the value is dropped. It still serializes to and from a plain
/// JSON string, because Graph needs the value on the wire.
///
/// Deserializing one from JSON text in which the string has an escape (`\"`, `\\`,
/// `\u...`) leaves serde_json's unescaped copy in a buffer that serde_json frees without
/// wiping; the crate never reads a password out of JSON on the client side.
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
///
/// As an [`io::Write`](std::io::Write) it never leaves a copy behind: when a write does not
/// fit, it moves the bytes to a buffer twice as large and wipes the one it outgrew (a plain
/// `Vec` reallocates, and the allocator frees the old block with the bytes still in it).
pub(crate) struct WipeOnDrop(pub(crate) Vec<u8>);

impl WipeOnDrop {
    /// Room for `capacity` bytes before the first move.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    /// Moves the bytes to a buffer with room for `more` after them, writes `more` there,
    /// and wipes the old buffer.
    #[cold]
    #[inline(never)]
    fn grow_and_write(&mut self, more: &[u8]) {
        let needed = self.0.len().saturating_add(more.len());
        let mut bigger = Vec::with_capacity(needed.max(self.0.capacity().saturating_mul(2)));
        bigger.extend_from_slice(&self.0);
        bigger.extend_from_slice(more);
        // Dropping the old buffer as a `WipeOnDrop` wipes all its capacity.
        drop(WipeOnDrop(std::mem::replace(&mut self.0, bigger)));
    }
}

impl std::io::Write for WipeOnDrop {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    /// What serde_json calls for every piece: the fast path is exactly a checked copy.
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        // The branch taken proves the room, so the copy checks nothing more and never
        // reallocates.
        if buf.len() <= self.0.capacity() - self.0.len() {
            self.0.extend_from_slice(buf);
        } else {
            self.grow_and_write(buf);
        }
        Ok(())
    }

    #[inline]
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `value` as JSON in a buffer that is wiped on drop, with no unwiped copy left behind on
/// the way (`serde_json::to_vec` grows a plain `Vec` past 128 bytes by reallocating, which
/// frees the old block, password and all, without wiping it).
#[inline]
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<WipeOnDrop, serde_json::Error> {
    // serde_json's own first size: most bodies fit, and then nothing ever moves.
    let mut out = WipeOnDrop::with_capacity(128);
    serde_json::to_writer(&mut out, value)?;
    Ok(out)
}

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
    fn a_body_that_outgrows_its_buffer_moves_whole_into_one_twice_as_large() {
        use std::io::Write;
        let mut out = WipeOnDrop::with_capacity(4);
        out.write_all(b"abc").unwrap();
        let first = out.0.as_ptr();
        out.write_all(b"defgh").unwrap();
        assert_eq!(out.0, b"abcdefgh");
        assert_eq!(out.0.capacity(), 8);
        assert_ne!(out.0.as_ptr(), first, "the bytes moved to a new buffer");
        let long = "p".repeat(300);
        let json = to_json(&SecretString::from(long.as_str())).unwrap();
        assert_eq!(json.0, format!("\"{long}\"").into_bytes());
    }

    #[test]
    fn a_secret_serializes_as_a_plain_json_string() {
        let s = SecretString::from("p\"w");
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""p\"w""#);
        let back: SecretString = serde_json::from_str(r#""p\"w""#).unwrap();
        assert_eq!(back.expose_secret(), "p\"w");
    }
}
