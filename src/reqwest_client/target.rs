//! The Graph root a client talks to, and the checks that keep the token on it.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::IpAddr;
use std::sync::Mutex;

use reqwest::Url;

use crate::cloud::Cloud;
use crate::error::Error;
use crate::request::{ApiVersion, GraphRequest, Operation};

/// A validated Graph root: `https://host[:port]`, or `http://` to a loopback host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Root {
    /// The origin without a trailing slash, e.g. `https://graph.microsoft.com`.
    origin: String,
    /// The origin parsed once, so that a request's URL is resolved against it without
    /// parsing the host again on every call (host parsing is most of a URL parse). `None`
    /// only if the origin did not parse, which a validated origin always does.
    base: Option<Url>,
    /// The URLs of operations called at their path template as written.
    fixed: FixedUrls,
}

impl Root {
    /// Checks a base URL given to the builder.
    ///
    /// No error repeats the text given: a base URL may carry a password (`user:pw@`) or a
    /// token in its query, and errors end up in logs. The URL parser's own message (e.g.
    /// "invalid port number") never quotes its input.
    pub(crate) fn parse(base: &str) -> Result<Self, Error> {
        let url = Url::parse(base.trim())
            .map_err(|e| Error::builder(format!("the base URL is not a URL: {e}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::builder(
                "base URL must not carry credentials (user:password@)",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::builder(
                "the base URL must be a root only: no query or fragment",
            ));
        }
        if !matches!(url.path(), "" | "/") {
            return Err(Error::builder(
                "the base URL must be a root only, e.g. https://graph.microsoft.com: \
                 the version (/v1.0, /beta) comes from each operation",
            ));
        }
        if url.host_str().is_none() {
            return Err(Error::builder("the base URL has no host"));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => {
                return Err(Error::insecure(format!(
                    "plain http to {} would send the token in clear text; use https \
                     (plain http is allowed to loopback only: 127.0.0.0/8, ::1, localhost)",
                    url.host_str().unwrap_or("?")
                )))
            }
            other => {
                return Err(Error::builder(format!(
                    "base URL scheme {other:?} is not supported; use https"
                )))
            }
        }
        Ok(Self::from_origin(url.origin().ascii_serialization()))
    }

    /// The root of a national cloud.
    pub(crate) fn cloud(cloud: Cloud) -> Self {
        Self::from_origin(cloud.root().to_owned())
    }

    fn from_origin(origin: String) -> Self {
        let base = Url::parse(&origin).ok();
        Self {
            origin,
            base,
            fixed: FixedUrls::default(),
        }
    }

    /// The global Graph root.
    pub(crate) fn global() -> Self {
        Self::cloud(Cloud::Global)
    }

    /// The origin, e.g. `https://graph.microsoft.com`.
    pub(crate) fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether the root is plain http (to loopback).
    pub(crate) fn is_plain_http(&self) -> bool {
        self.origin.starts_with("http:")
    }

    /// The URL of `request` under this root; refused if it would leave the root's origin
    /// or if a path segment is empty, `.` or `..` (see [`check_path_segments`]).
    ///
    /// A request at its operation's path template as written (an operation without path
    /// parameters, such as `/me/changePassword`) gets a clone of the URL resolved the first
    /// time: the URL depends only on the root, the version and the path, and this path
    /// passed the checks then. Other paths are checked and resolved on every call.
    pub(crate) fn url_for(&self, request: &GraphRequest) -> Result<Url, Error> {
        // A request from a link Graph sent (a page's nextLink) goes only to this root.
        if let Some(origin) = request.origin().filter(|o| *o != self.origin) {
            return Err(Error::insecure(format!(
                "the link Graph sent points to {origin}, not to {}; not sent, the token \
                 stays with its host",
                self.origin
            )));
        }
        let operation = request.operation();
        let fixed = request.path() == operation.path;
        let mut url = match fixed.then(|| self.fixed.get(operation)).flatten() {
            Some(url) => url,
            None => {
                let url = self.resolve(request)?;
                if fixed {
                    self.fixed.insert(operation, &url);
                }
                url
            }
        };
        // The query was encoded when it was added (`GraphRequest::with_query`), or is a
        // link's as Graph wrote it; `set_query` leaves `%XX` as it is.
        let query = request.query();
        if !query.is_empty() {
            url.set_query(Some(query));
        }
        Ok(url)
    }

    /// Checks `request`'s path and resolves it under this root.
    fn resolve(&self, request: &GraphRequest) -> Result<Url, Error> {
        check_path_segments(request)?;
        let path = request.path();
        // Joined by hand: `format!` costs more than the three copies (this runs on every
        // request whose URL is not cached).
        let version = request.version().as_str();
        let mut under_version = String::with_capacity(1 + version.len() + path.len());
        under_version.push('/');
        under_version.push_str(version);
        under_version.push_str(path);
        // Resolved against the parsed root: the same URL as parsing origin + path whole.
        let url = match &self.base {
            Some(base) => Url::options().base_url(Some(base)).parse(&under_version),
            None => Url::parse(&format!("{}{under_version}", self.origin)),
        }
        .map_err(|e| Error::builder(format!("request path {path:?} is not valid: {e}")))?;
        if !same_origin(&url, &self.origin) {
            return Err(Error::insecure(format!(
                "request path {path:?} leads away from {}; the token stays with its host",
                self.origin
            )));
        }
        Ok(url)
    }
}

/// Resolved URLs of operations called at their path template, keyed by the operation's
/// address (each `Operation` is a `'static`, so an address names one operation for the life
/// of the program). An entry also keeps the version and path it was resolved from and is
/// used only when they match the operation asking, so the cache stays right even if two
/// operations ever share an address (identical constants merged by the compiler, or
/// memory reused after unloading code). A cache, not part of a root's identity: clones
/// start empty and every two caches compare equal.
#[derive(Default)]
struct FixedUrls(Mutex<HashMap<usize, Fixed, BuildHasherDefault<AddressHasher>>>);

/// Hashes an operation's address for [`FixedUrls`]: one multiplication, where the default
/// SipHash costs a measurable share of a call. The keys are addresses of `'static`s, not
/// input an attacker chooses, so SipHash's resistance to chosen collisions buys nothing.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        // Fibonacci hashing; the high half is folded down in `finish` so that the low bits
        // (the table's index) depend on every bit of the address, not only its low ones.
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// One kept URL and what it was resolved from.
struct Fixed {
    version: ApiVersion,
    path: &'static str,
    url: Url,
}

impl FixedUrls {
    /// At most this many operations are kept (the generated SDK has a few hundred; this
    /// bounds a program that leaks `Operation`s made at run time).
    const MAX: usize = 4096;

    fn key(operation: &'static Operation) -> usize {
        std::ptr::from_ref(operation).addr()
    }

    /// A clone of the URL kept for `operation`. A poisoned lock is a miss (nothing panics
    /// while holding it, but a miss is always correct).
    fn get(&self, operation: &'static Operation) -> Option<Url> {
        let urls = self.0.lock().ok()?;
        let fixed = urls.get(&Self::key(operation))?;
        (fixed.version == operation.version && fixed.path == operation.path)
            .then(|| fixed.url.clone())
    }

    fn insert(&self, operation: &'static Operation, url: &Url) {
        if let Ok(mut urls) = self.0.lock() {
            if urls.len() < Self::MAX {
                let fixed = Fixed {
                    version: operation.version,
                    path: operation.path,
                    url: url.clone(),
                };
                urls.insert(Self::key(operation), fixed);
            }
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.lock().map_or(0, |urls| urls.len())
    }
}

impl Clone for FixedUrls {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for FixedUrls {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for FixedUrls {}

impl fmt::Debug for FixedUrls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FixedUrls")
    }
}

/// Refuses a request whose path does not start with `/` or holds a `?` or `#` (the query
/// travels apart, in [`GraphRequest::query`]), or whose path has a segment that is empty, `.`
/// or `..`, with the dots spelled in any mix of `.` and `%2E`/`%2e`: URL parsers resolve such
/// segments, so `/users/{id}/changePassword` with `id` = `..` would go out as
/// `/v1.0/changePassword`, another operation. `\` counts as a separator (URL parsers read
/// it as `/` in http(s) URLs), and tabs and line breaks, which parsers drop, are refused.
///
/// Every request passes here (the one place, for the HTTP and in-process clients alike), or
/// passed here when the URL it reuses was kept (an operation called at its path template;
/// see `FixedUrls`); the error names the operation and its path template, not the values in
/// the path.
pub(crate) fn check_path_segments(request: &GraphRequest) -> Result<(), Error> {
    let path = request.path();
    let bytes = path.as_bytes();
    if bytes.first() != Some(&b'/') {
        return Err(Error::builder(format!(
            "request path {path:?} must start with '/'"
        )));
    }
    let refuse = |what: String| {
        let operation = request.operation();
        Error::builder(format!(
            "request for {} ({}) not sent: {what}; a path parameter was probably empty, \
             '.' or '..'",
            operation.name, operation.path
        ))
    };
    // One pass over the bytes (this runs on every request): segments end at `/` or `\`,
    // the path at `?`, `#` or its end. The text before the leading '/' is not a segment.
    let (mut start, mut number) = (1, 1);
    for i in 1..=bytes.len() {
        let byte = bytes.get(i).copied();
        match byte {
            Some(b'\t' | b'\n' | b'\r') => {
                return Err(refuse("its path has a tab or line break".to_owned()))
            }
            Some(b'?' | b'#') => {
                return Err(refuse(
                    "its path holds a '?' or '#': the query goes in GraphRequest::with_query"
                        .to_owned(),
                ))
            }
            Some(b'/' | b'\\') | None => {
                let what = match dots(bytes.get(start..i).unwrap_or_default()) {
                    Some(0) => "empty",
                    Some(1) => "'.'",
                    Some(2) => "'..'",
                    _ if matches!(byte, Some(b'/' | b'\\')) => {
                        (start, number) = (i + 1, number + 1);
                        continue;
                    }
                    _ => break,
                };
                return Err(refuse(format!("path segment {number} is {what}")));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// How many dots `segment` is, if it is only dots (`.`, `%2E` or `%2e`); `Some(0)` if empty.
fn dots(segment: &[u8]) -> Option<usize> {
    let mut rest = segment;
    let mut count = 0;
    loop {
        rest = match rest {
            [] => return Some(count),
            [b'.', tail @ ..] => tail,
            [b'%', b'2', e, tail @ ..] if e.eq_ignore_ascii_case(&b'e') => tail,
            _ => return None,
        };
        count += 1;
    }
}

/// Whether `url` is under `origin` (`scheme://host[:port]`, as [`Root`] keeps it). The
/// serialization of an http(s) URL starts with its scheme, authority and a `/`, so this is
/// the origin comparison without building the URL's origin (which allocates on every call).
fn same_origin(url: &Url, origin: &str) -> bool {
    url.as_str()
        .strip_prefix(origin)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// 127.0.0.0/8, ::1 and `localhost`.
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_hasher_spreads_aligned_addresses_over_the_low_bits() {
        use std::hash::BuildHasher;
        // Operations are `'static`s laid out a few dozen bytes apart; the table indexes
        // with the hash's low bits, which a bare multiplication would leave all zero.
        let hasher = BuildHasherDefault::<AddressHasher>::default();
        for step in [8usize, 40, 96] {
            let low: std::collections::HashSet<u64> = (0..1000usize)
                .map(|i| hasher.hash_one(0x55d0_c0a3_1000 + step * i) & 0xff)
                .collect();
            assert!(low.len() > 200, "step {step}: {} of 256 buckets", low.len());
        }
    }

    #[test]
    fn an_https_root_keeps_its_origin() {
        let r = Root::parse("https://graph.microsoft.com/").unwrap();
        assert_eq!(r.origin(), "https://graph.microsoft.com");
        assert!(!r.is_plain_http());
        let r = Root::parse("https://graph.microsoft.com:8443").unwrap();
        assert_eq!(r.origin(), "https://graph.microsoft.com:8443");
    }

    #[test]
    fn a_cloud_root_is_what_parsing_it_gives() {
        for cloud in [
            Cloud::Global,
            Cloud::UsGovL4,
            Cloud::UsGovL5Dod,
            Cloud::China,
        ] {
            assert_eq!(Root::cloud(cloud), Root::parse(cloud.root()).unwrap());
        }
    }

    #[test]
    fn plain_http_is_allowed_to_loopback_only() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://[::1]:80",
            "http://localhost:1",
            "http://LOCALHOST",
        ] {
            assert!(Root::parse(ok).unwrap().is_plain_http(), "{ok}");
        }
        for bad in [
            "http://graph.microsoft.com",
            "http://10.0.0.1",
            "http://128.0.0.1",
            "http://localhost.evil.com",
            "http://[::2]",
        ] {
            assert!(Root::parse(bad).unwrap_err().is_insecure(), "{bad}");
        }
    }

    #[test]
    fn a_base_url_with_a_version_or_extras_is_a_builder_error() {
        for bad in [
            "https://graph.microsoft.com/v1.0",
            "https://graph.microsoft.com/?a=b",
            "https://graph.microsoft.com/#x",
            "https://user:pw@graph.microsoft.com",
            "ftp://graph.microsoft.com",
            "not a url",
            "",
        ] {
            let e = Root::parse(bad).unwrap_err();
            assert!(e.is_builder(), "{bad}: {e}");
            assert!(!e.to_string().contains("pw@"), "{e}");
        }
    }

    #[test]
    fn a_bad_base_url_error_does_not_repeat_a_password_or_token_it_carried() {
        for (bad, secret) in [
            ("https://user:hunter2@graph.microsoft.com:99999", "hunter2"),
            ("https://graph.microsoft.com/?access_token=SECRET", "SECRET"),
            (
                "https://graph.microsoft.com/v1.0?access_token=SECRET",
                "SECRET",
            ),
            ("https://graph.microsoft.com/#access_token=SECRET", "SECRET"),
            (
                "https://graph.microsoft.com:99999/?access_token=SECRET",
                "SECRET",
            ),
        ] {
            let e = Root::parse(bad).unwrap_err();
            assert!(e.is_builder(), "{e}");
            for text in [e.to_string(), format!("{e:?}"), format!("{e:#?}")] {
                assert!(!text.contains(secret), "{bad}: {text}");
            }
        }
    }

    #[test]
    fn a_request_url_is_the_same_as_parsing_root_and_path_whole() {
        static OP: crate::Operation = crate::Operation::new(
            "t",
            http::Method::GET,
            crate::ApiVersion::V1,
            "/users",
            crate::Replay::Safe,
        );
        let root = Root::parse("https://graph.microsoft.com").unwrap();
        let unparsed = Root {
            base: None,
            ..root.clone()
        };
        for path in [
            "/users",
            "/users/a%20b/x",
            "/users/x/.../a.b/%2E%2E%2E",
            "/users/a%5Cevil.example/x",
            "/users/caf\u{e9}",
        ] {
            let request = GraphRequest::new(&OP, path);
            let fast = root.url_for(&request).unwrap();
            let whole = unparsed.url_for(&request).unwrap();
            assert_eq!(fast, whole, "{path}");
            assert_eq!(fast.host_str(), Some("graph.microsoft.com"), "{path}");
        }
    }

    #[test]
    fn a_path_with_an_empty_or_dot_segment_in_any_spelling_is_refused_naming_the_operation() {
        static OP: crate::Operation = crate::Operation::new(
            "user: changePassword",
            http::Method::POST,
            crate::ApiVersion::V1,
            "/users/{id}/changePassword",
            crate::Replay::OnlyUnprocessed,
        );
        let root = Root::parse("https://graph.microsoft.com").unwrap();
        for id in [
            "", ".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E", "\\..", "..\\x", ".\t.",
        ] {
            let path = format!("/users/{id}/changePassword");
            let e = root
                .url_for(&GraphRequest::new(&OP, path.as_str()))
                .unwrap_err();
            assert!(e.is_builder(), "{path}: {e}");
            let text = e.to_string();
            assert!(text.contains("user: changePassword"), "{path}: {text}");
            assert!(
                text.contains("/users/{id}/changePassword"),
                "{path}: {text}"
            );
        }
        for path in [
            "/me/",
            "/users//changePassword",
            "/users/./x?$top=1",
            "/users/..?$top=1",
            "/users/x/#top",
            "/users/x/changePassword?$filter=a",
            "/users/x/changePassword#..",
        ] {
            let request = GraphRequest::new(&OP, path);
            assert!(root.url_for(&request).unwrap_err().is_builder(), "{path}");
        }
        // Dots inside a segment, more than two dots, and dots in the query are fine.
        for path in [
            "/users/a.b/changePassword",
            "/users/.../changePassword",
            "/users/%2E%2E%2E/changePassword",
        ] {
            let url = root.url_for(&GraphRequest::new(&OP, path)).unwrap();
            assert!(url.path().ends_with("/changePassword"), "{path}: {url}");
        }
        for value in ["a/../b", "..", "#.."] {
            let request =
                GraphRequest::new(&OP, "/users/x/changePassword").with_query("$filter", value);
            let url = root.url_for(&request).unwrap();
            assert!(url.path().ends_with("/changePassword"), "{value}: {url}");
            assert!(url.fragment().is_none(), "{value}: {url}");
        }
    }

    #[test]
    fn a_url_with_another_host_port_scheme_or_user_is_not_under_the_root() {
        let origin = Root::parse("https://graph.microsoft.com").unwrap();
        for (url, under) in [
            ("https://graph.microsoft.com/v1.0/me", true),
            ("https://GRAPH.microsoft.com:443/beta/users", true),
            ("https://graph.microsoft.com.evil.example/v1.0/me", false),
            ("https://evil.example/graph.microsoft.com/v1.0", false),
            ("https://graph.microsoft.com:8443/v1.0/me", false),
            ("http://graph.microsoft.com/v1.0/me", false),
            ("https://user@graph.microsoft.com/v1.0/me", false),
        ] {
            let url = Url::parse(url).unwrap();
            assert_eq!(same_origin(&url, origin.origin()), under, "{url}");
            // The same answer as comparing the origins themselves.
            assert_eq!(
                url.origin().ascii_serialization() == origin.origin() && url.username().is_empty(),
                under,
                "{url}"
            );
        }
    }

    static MESSAGES: crate::Operation = crate::Operation::new(
        "t",
        http::Method::GET,
        crate::ApiVersion::V1,
        "/me/messages",
        crate::Replay::Safe,
    );

    #[test]
    fn an_operation_called_at_its_template_is_resolved_once_and_other_paths_every_time() {
        static USER: crate::Operation = crate::Operation::new(
            "t",
            http::Method::GET,
            crate::ApiVersion::Beta,
            "/users/{id}",
            crate::Replay::Safe,
        );
        let root = Root::parse("https://graph.microsoft.com").unwrap();
        let first = root
            .url_for(&GraphRequest::new(&MESSAGES, "/me/messages"))
            .unwrap();
        assert_eq!(root.fixed.len(), 1);
        let again = root
            .url_for(&GraphRequest::new(&MESSAGES, "/me/messages"))
            .unwrap();
        assert_eq!(first, again);
        assert_eq!(
            again.as_str(),
            "https://graph.microsoft.com/v1.0/me/messages"
        );
        for id in ["alice", "bob"] {
            let request = GraphRequest::new(&USER, format!("/users/{id}"));
            let url = root.url_for(&request).unwrap();
            assert_eq!(url.path(), format!("/beta/users/{id}"));
        }
        assert_eq!(root.fixed.len(), 1, "paths with parameters are not kept");
        // A query rides on the kept URL without changing it.
        let query = GraphRequest::new(&MESSAGES, "/me/messages")
            .with_query("$top", "1")
            .with_query("$filter", "startswith(subject,'a b')");
        assert_eq!(
            root.url_for(&query).unwrap().query(),
            Some("$top=1&$filter=startswith(subject,%27a%20b%27)")
        );
        assert_eq!(root.fixed.len(), 1);
        assert_eq!(
            root.url_for(&GraphRequest::new(&MESSAGES, "/me/messages"))
                .unwrap()
                .query(),
            None
        );
        // A query inside the path is refused, not sent.
        let inside = GraphRequest::new(&MESSAGES, "/me/messages?$top=1");
        assert!(root.url_for(&inside).unwrap_err().is_builder());
        assert_eq!(root.clone().fixed.len(), 0, "a clone starts empty");
    }

    #[test]
    fn two_operations_with_one_template_on_two_versions_keep_their_own_urls() {
        static V1: crate::Operation = crate::Operation::new(
            "v1",
            http::Method::GET,
            crate::ApiVersion::V1,
            "/me/messages",
            crate::Replay::Safe,
        );
        static BETA: crate::Operation = crate::Operation::new(
            "beta",
            http::Method::GET,
            crate::ApiVersion::Beta,
            "/me/messages",
            crate::Replay::Safe,
        );
        let root = Root::parse("https://graph.microsoft.com").unwrap();
        for _ in 0..2 {
            let v1 = root
                .url_for(&GraphRequest::new(&V1, "/me/messages"))
                .unwrap();
            let beta = root
                .url_for(&GraphRequest::new(&BETA, "/me/messages"))
                .unwrap();
            assert_eq!(v1.path(), "/v1.0/me/messages");
            assert_eq!(beta.path(), "/beta/me/messages");
        }
        assert_eq!(root.fixed.len(), 2);
    }

    #[test]
    fn a_kept_url_is_not_used_for_an_operation_of_another_version_or_path_at_its_address() {
        static FIRST: crate::Operation = crate::Operation::new(
            "first",
            http::Method::GET,
            crate::ApiVersion::V1,
            "/me/messages",
            crate::Replay::Safe,
        );
        static OTHER: crate::Operation = crate::Operation::new(
            "other",
            http::Method::GET,
            crate::ApiVersion::Beta,
            "/me/events",
            crate::Replay::Safe,
        );
        let root = Root::parse("https://graph.microsoft.com").unwrap();
        let kept = root
            .url_for(&GraphRequest::new(&FIRST, "/me/messages"))
            .unwrap();
        // Plant FIRST's entry at OTHER's address, as if the two shared one.
        let planted = Fixed {
            version: FIRST.version,
            path: FIRST.path,
            url: kept,
        };
        root.fixed
            .0
            .lock()
            .unwrap()
            .insert(FixedUrls::key(&OTHER), planted);
        let url = root
            .url_for(&GraphRequest::new(&OTHER, "/me/events"))
            .unwrap();
        assert_eq!(url.path(), "/beta/me/events");
    }

    #[test]
    fn a_kept_url_does_not_let_a_link_to_another_origin_through() {
        let root = Root::parse("https://graph.microsoft.com").unwrap();
        root.url_for(&GraphRequest::new(&MESSAGES, "/me/messages"))
            .unwrap();
        let link = GraphRequest::new(&MESSAGES, "/me/messages")
            .at_origin("https://evil.example".to_owned());
        assert!(root.url_for(&link).unwrap_err().is_insecure());
    }

    #[test]
    fn a_template_that_fails_the_path_check_is_refused_every_time_and_never_kept() {
        static BAD: crate::Operation = crate::Operation::new(
            "t",
            http::Method::GET,
            crate::ApiVersion::V1,
            "/users/../me",
            crate::Replay::Safe,
        );
        let root = Root::parse("https://graph.microsoft.com").unwrap();
        for _ in 0..2 {
            let e = root
                .url_for(&GraphRequest::new(&BAD, "/users/../me"))
                .unwrap_err();
            assert!(e.is_builder(), "{e}");
        }
        assert_eq!(root.fixed.len(), 0);
    }

    #[test]
    fn a_request_url_is_version_then_path_under_the_root() {
        static OP: crate::Operation = crate::Operation::new(
            "t",
            http::Method::POST,
            crate::ApiVersion::Beta,
            "/users/validatePassword",
            crate::Replay::Safe,
        );
        let r = Root::parse("http://127.0.0.1:9").unwrap();
        let url = r
            .url_for(&GraphRequest::new(&OP, "/users/validatePassword"))
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/beta/users/validatePassword"
        );
        assert!(r
            .url_for(&GraphRequest::new(&OP, "users"))
            .unwrap_err()
            .is_builder());
    }
}
