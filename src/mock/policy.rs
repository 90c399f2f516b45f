//! The tenant's password policy: what `validatePassword` reports and what `changePassword`
//! enforces.

use std::fmt;
use std::sync::Arc;

use crate::models::{PasswordValidationInformation, ValidationResult};

/// Graph's rule name for the character-kinds rule (from the `validatePassword` page).
pub const RULE_COMPLEXITY: &str = "password_not_meet_complexity";
/// The simulation's own rule name: the password is shorter than the minimum length.
pub const RULE_TOO_SHORT: &str = "password_too_short";
/// The simulation's own rule name: the password is longer than the maximum length.
pub const RULE_TOO_LONG: &str = "password_too_long";
/// The simulation's own rule name: the password contains a banned password.
pub const RULE_BANNED: &str = "password_banned";
/// The simulation's own rule name: the password has a character Entra ID does not allow
/// (see [`PasswordPolicy`] for the allowed set).
pub const RULE_INVALID_CHARACTERS: &str = "password_invalid_characters";

/// The symbols Entra ID allows in a password, besides letters, digits and the blank space.
/// They are exactly ASCII's 32 punctuation characters.
pub const ALLOWED_SYMBOLS: &str = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<>";

/// Graph's message for a password that fails the complexity rule.
pub const COMPLEXITY_FAILED: &str = "Password does not meet complexity requirements.";

type RuleFn = dyn Fn(&str) -> bool + Send + Sync;

/// A rule the tenant adds to the built-in ones: a name, the message reported when a
/// password fails it, and a check that returns `true` when the password passes.
#[derive(Clone)]
struct ExtraRule {
    name: String,
    message: String,
    check: Arc<RuleFn>,
}

/// A tenant's password policy.
///
/// The default is Microsoft Entra ID's policy for cloud accounts: 8 to 256 characters, at
/// least three of the four kinds (lowercase, uppercase, digits, symbols), no banned
/// passwords (the tenant sets the list), and only the characters Entra ID allows. Lengths
/// count characters, not bytes.
///
/// The allowed characters come from Microsoft's page "Password policies and account
/// restrictions in Microsoft Entra ID": the ASCII letters `A-Z` and `a-z`, the digits `0-9`,
/// the symbols of [`ALLOWED_SYMBOLS`] (every ASCII punctuation character) and the blank space;
/// the page rules out Unicode characters, so anything else (an accented letter, an emoji, a
/// tab or another control character) fails `password_invalid_characters`. The four kinds of
/// the complexity rule are lowercase `a-z`, uppercase `A-Z`, digits `0-9` and symbols, where
/// a symbol is one of [`ALLOWED_SYMBOLS`] or the blank space (the page lists the space with
/// the allowed characters without saying which kind it is: counting it as a symbol is this
/// simulation's choice). A character that is not allowed counts as no kind. Graph documents
/// no rule name for the character rule; the name is the simulation's own.
///
/// `validate` reports one [`ValidationResult`] per rule, in this order:
///
/// | rule name | whose | fails when |
/// |---|---|---|
/// | `password_not_meet_complexity` | Graph's | fewer kinds than required |
/// | `password_too_short` | this simulation's | fewer characters than the minimum |
/// | `password_too_long` | this simulation's | more characters than the maximum |
/// | `password_banned` | this simulation's | it contains a banned password, ignoring case |
/// | `password_invalid_characters` | this simulation's | it has a character outside the allowed set |
/// | yours | yours | your check returns `false` |
///
/// ```
/// use msgraph_typed::mock::PasswordPolicy;
///
/// let policy = PasswordPolicy::default()
///     .min_length(12)
///     .ban("contoso")
///     .rule("no_year", "Password must not contain a year.", |pw| !pw.contains("2024"));
///
/// let info = policy.validate("Contoso-2024!xyz");
/// assert!(!info.is_valid);
/// let failed: Vec<_> = info.validation_results.iter()
///     .filter(|r| !r.validation_passed)
///     .map(|r| r.rule_name.as_str())
///     .collect();
/// assert_eq!(failed, ["password_banned", "no_year"]);
/// ```
#[derive(Clone)]
pub struct PasswordPolicy {
    min_length: usize,
    max_length: usize,
    required_kinds: usize,
    banned: Vec<String>,
    extra: Vec<ExtraRule>,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self::entra_default()
    }
}

impl PasswordPolicy {
    /// Entra ID's policy for cloud accounts, with an empty banned list.
    pub fn entra_default() -> Self {
        Self {
            min_length: 8,
            max_length: 256,
            required_kinds: 3,
            banned: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// The fewest characters a password may have.
    #[must_use]
    pub fn min_length(mut self, chars: usize) -> Self {
        self.min_length = chars;
        self
    }

    /// The most characters a password may have.
    #[must_use]
    pub fn max_length(mut self, chars: usize) -> Self {
        self.max_length = chars;
        self
    }

    /// How many of the four kinds (lowercase, uppercase, digits, symbols) a password needs;
    /// values above 4 mean 4.
    #[must_use]
    pub fn required_kinds(mut self, kinds: usize) -> Self {
        self.required_kinds = kinds.min(4);
        self
    }

    /// Bans passwords containing `word`, ignoring case (Entra's list works on terms, not
    /// whole passwords). An empty word is ignored.
    #[must_use]
    pub fn ban(mut self, word: impl Into<String>) -> Self {
        let word = word.into().to_lowercase();
        if !word.is_empty() {
            self.banned.push(word);
        }
        self
    }

    /// Bans every word of `words` (see [`ban`](Self::ban)).
    #[must_use]
    pub fn banned<I, S>(self, words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        words.into_iter().fold(self, Self::ban)
    }

    /// Adds a rule: `check` returns `true` when the password passes; `message` is reported
    /// when it fails.
    #[must_use]
    pub fn rule(
        mut self,
        name: impl Into<String>,
        message: impl Into<String>,
        check: impl Fn(&str) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.extra.push(ExtraRule {
            name: name.into(),
            message: message.into(),
            check: Arc::new(check),
        });
        self
    }

    /// Checks `password` against every rule: `isValid` and one result per rule.
    pub fn validate(&self, password: &str) -> PasswordValidationInformation {
        let chars = password.chars().count();
        let kinds = kinds_in(password);
        let banned_hit = {
            // A copy of the password: wiped on drop like the password.
            let lower = crate::SecretString::from(password.to_lowercase());
            self.banned
                .iter()
                .any(|w| lower.expose_secret().contains(w.as_str()))
        };
        let mut results = vec![
            outcome(
                RULE_COMPLEXITY,
                kinds >= self.required_kinds,
                "Password meets complexity requirements.",
                COMPLEXITY_FAILED,
            ),
            outcome(
                RULE_TOO_SHORT,
                chars >= self.min_length,
                "Password is long enough.",
                &format!(
                    "Password must have at least {} characters.",
                    self.min_length
                ),
            ),
            outcome(
                RULE_TOO_LONG,
                chars <= self.max_length,
                "Password is not too long.",
                &format!("Password must have at most {} characters.", self.max_length),
            ),
            outcome(
                RULE_BANNED,
                !banned_hit,
                "Password contains no banned password.",
                "Password contains a banned password.",
            ),
            outcome(
                RULE_INVALID_CHARACTERS,
                password.chars().all(allowed),
                "Password contains only allowed characters.",
                "Password contains a character that is not allowed: only ASCII letters, \
                 digits, symbols and the blank space are.",
            ),
        ];
        for rule in &self.extra {
            results.push(outcome(
                &rule.name,
                (rule.check)(password),
                "Password passes this rule.",
                &rule.message,
            ));
        }
        let is_valid = results.iter().all(|r| r.validation_passed);
        PasswordValidationInformation::new(is_valid, results)
    }
}

fn outcome(name: &str, passed: bool, ok: &str, failed: &str) -> ValidationResult {
    ValidationResult::new(name, passed, if passed { ok } else { failed })
}

/// Whether Entra ID allows `c` in a password: ASCII letters, digits, symbols and the blank
/// space, which are exactly the printable ASCII characters.
fn allowed(c: char) -> bool {
    c == ' ' || c.is_ascii_graphic()
}

/// How many of lowercase, uppercase, digits and symbols occur in `password`; a character
/// that is not allowed counts as none of them.
fn kinds_in(password: &str) -> usize {
    let (mut lower, mut upper, mut digit, mut symbol) = (false, false, false, false);
    for c in password.chars() {
        match c {
            'a'..='z' => lower = true,
            'A'..='Z' => upper = true,
            '0'..='9' => digit = true,
            ' ' => symbol = true,
            c if c.is_ascii_punctuation() => symbol = true,
            _ => {}
        }
    }
    [lower, upper, digit, symbol].iter().filter(|k| **k).count()
}

impl fmt::Debug for PasswordPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordPolicy")
            .field("min_length", &self.min_length)
            .field("max_length", &self.max_length)
            .field("required_kinds", &self.required_kinds)
            .field("banned", &self.banned.len())
            .field(
                "extra_rules",
                &self
                    .extra
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(info: &PasswordValidationInformation) -> Vec<&str> {
        info.validation_results
            .iter()
            .filter(|r| !r.validation_passed)
            .map(|r| r.rule_name.as_str())
            .collect()
    }

    #[test]
    fn a_password_with_three_kinds_and_eight_characters_is_valid() {
        let info = PasswordPolicy::default().validate("abcDEF12");
        assert!(info.is_valid);
        assert_eq!(info.validation_results.len(), 5);
        assert!(failed(&info).is_empty());
    }

    #[test]
    fn two_kinds_fail_the_complexity_rule_with_graphs_message() {
        let info = PasswordPolicy::default().validate("1234567890");
        assert!(!info.is_valid);
        assert_eq!(failed(&info), [RULE_COMPLEXITY]);
        let rule = &info.validation_results[0];
        assert_eq!(rule.message, COMPLEXITY_FAILED);
    }

    #[test]
    fn lengths_count_characters_and_both_bounds_apply() {
        let p = PasswordPolicy::default();
        assert_eq!(failed(&p.validate("aB1!xyz")), [RULE_TOO_SHORT]);
        let long = format!("aB1!{}", "x".repeat(253));
        assert_eq!(failed(&p.validate(&long)), [RULE_TOO_LONG]);
        assert!(p.validate(&long[..256]).is_valid);
        // Eight characters, more than eight bytes: long enough, but not allowed.
        assert_eq!(failed(&p.validate("ééééaB1!")), [RULE_INVALID_CHARACTERS]);
        // 256 characters, more than 256 bytes: not too long.
        let wide = format!("aB1!{}", "é".repeat(252));
        assert_eq!(failed(&p.validate(&wide)), [RULE_INVALID_CHARACTERS]);
    }

    #[test]
    fn every_printable_ascii_character_is_allowed_and_the_blank_space_is_a_symbol() {
        let p = PasswordPolicy::default();
        let every: String = (' '..='~').collect();
        assert_eq!(every.chars().count(), 95);
        assert!(p.validate(&every).is_valid);
        for symbol in ALLOWED_SYMBOLS.chars() {
            let info = p.validate(&format!("abcdEFGH{symbol}"));
            assert!(info.is_valid, "{symbol:?} should be an allowed symbol");
        }
        // Lowercase, uppercase and a space: three kinds.
        assert!(p.validate("abcd EFGH").is_valid);
    }

    #[test]
    fn the_allowed_symbols_are_exactly_asciis_punctuation() {
        let ascii: Vec<char> = ('!'..='~').filter(char::is_ascii_punctuation).collect();
        let mut listed: Vec<char> = ALLOWED_SYMBOLS.chars().collect();
        listed.sort_unstable();
        listed.dedup();
        assert_eq!(listed, ascii);
        assert_eq!(ALLOWED_SYMBOLS.chars().count(), 32);
    }

    #[test]
    fn a_unicode_character_fails_the_character_rule_and_counts_as_no_kind() {
        let p = PasswordPolicy::default();
        for pw in ["Passw0rd€", "Pässword1", "Password1😀", "Пароль-Passw0rd"] {
            let info = p.validate(pw);
            assert!(!info.is_valid, "{pw}");
            assert_eq!(failed(&info), [RULE_INVALID_CHARACTERS], "{pw}");
        }
        // Lowercase, digits and a euro sign: the euro sign is not a symbol.
        assert_eq!(
            failed(&p.validate("password1€")),
            [RULE_COMPLEXITY, RULE_INVALID_CHARACTERS]
        );
        let rule = &p.validate("Passw0rd€").validation_results[4];
        assert_eq!(rule.rule_name, RULE_INVALID_CHARACTERS);
        assert!(!rule.message.contains('€'), "{}", rule.message);
    }

    #[test]
    fn a_tab_or_a_newline_is_not_allowed() {
        let p = PasswordPolicy::default();
        assert_eq!(failed(&p.validate("Passw0rd\t")), [RULE_INVALID_CHARACTERS]);
        assert_eq!(failed(&p.validate("Passw0rd\n")), [RULE_INVALID_CHARACTERS]);
        assert_eq!(
            failed(&p.validate("Pass\u{0}w0rd")),
            [RULE_INVALID_CHARACTERS]
        );
    }

    #[test]
    fn a_banned_word_is_found_inside_a_password_ignoring_case() {
        let p = PasswordPolicy::default().banned(["Contoso", ""]);
        assert_eq!(failed(&p.validate("MyCONTOSO-pass1")), [RULE_BANNED]);
        assert!(p.validate("Fabrikam-pass1").is_valid);
    }

    #[test]
    fn an_extra_rule_reports_under_its_own_name_and_message() {
        let p = PasswordPolicy::default().rule("no_spaces", "No spaces.", |pw| !pw.contains(' '));
        let info = p.validate("Has Space-1");
        assert_eq!(failed(&info), ["no_spaces"]);
        assert_eq!(info.validation_results[5].message, "No spaces.");
    }

    #[test]
    fn required_kinds_is_configurable() {
        let p = PasswordPolicy::default().required_kinds(4);
        assert_eq!(failed(&p.validate("abcDEF12")), [RULE_COMPLEXITY]);
        assert!(p.validate("abcDEF1!").is_valid);
    }
}
