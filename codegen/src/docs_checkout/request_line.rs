//! Request lines as the docs write them (`GET /groups/{id}/members`), compared segment by
//! segment: a `{...}` segment matches any `{...}` segment, whatever key name it gives.

use std::fmt;

/// The HTTP methods a request line may start with.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// A method and a path, split into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    method: String,
    segments: Vec<String>,
}

impl RequestLine {
    /// Reads `GET /groups/{id}/members` (an `https://graph.microsoft.com/v1.0` prefix, a
    /// leading `/v1.0` or `/beta` and a query string are dropped). `None` when the text
    /// does not start with an HTTP method followed by a path.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (method, path) = text.split_once(char::is_whitespace)?;
        let method = method.to_ascii_uppercase();
        if !METHODS.contains(&method.as_str()) {
            return None;
        }
        Self::from_parts(&method, path)
    }

    /// A request line from its method and path, as the page reader gives them.
    pub fn from_parts(method: &str, path: &str) -> Option<Self> {
        let mut path = path.trim();
        for scheme in ["https://", "http://"] {
            if let Some(rest) = path.strip_prefix(scheme) {
                path = rest.find('/').map_or("", |i| &rest[i..]);
            }
        }
        if !path.starts_with('/') {
            return None;
        }
        let path = path.split('?').next().unwrap_or(path);
        let mut segments: Vec<String> = path
            .split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if segments
            .first()
            .is_some_and(|s| s == "v1.0" || s.eq_ignore_ascii_case("beta"))
        {
            segments.remove(0);
        }
        Some(Self {
            method: method.to_ascii_uppercase(),
            segments,
        })
    }

    /// Whether the two lines name the same request: the same method, and segment by
    /// segment the same text (ignoring case) or two `{...}` keys.
    pub fn matches(&self, other: &Self) -> bool {
        self.method == other.method
            && self.segments.len() == other.segments.len()
            && self
                .segments
                .iter()
                .zip(&other.segments)
                .all(|(a, b)| (is_key(a) && is_key(b)) || a.eq_ignore_ascii_case(b))
    }

    /// How alike two lines are, to order the candidates an error lists: two for each
    /// leading segment they share, two for the same last segment, one for as many
    /// segments, one for the same method.
    pub fn likeness(&self, other: &Self) -> usize {
        let same = |a: &String, b: &String| (is_key(a) && is_key(b)) || a.eq_ignore_ascii_case(b);
        let shared = self
            .segments
            .iter()
            .zip(&other.segments)
            .take_while(|(a, b)| same(a, b))
            .count();
        let last = match (self.segments.last(), other.segments.last()) {
            (Some(a), Some(b)) => same(a, b),
            _ => false,
        };
        shared * 2
            + usize::from(last) * 2
            + usize::from(self.segments.len() == other.segments.len())
            + usize::from(self.method == other.method)
    }
}

fn is_key(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

impl fmt::Display for RequestLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} /{}", self.method, self.segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> RequestLine {
        RequestLine::parse(s).unwrap()
    }

    #[test]
    fn a_key_segment_matches_any_key_name() {
        assert!(line("GET /groups/{id}/members").matches(&line("GET /groups/{group-id}/members")));
        assert!(line("get /Groups/{x}/members").matches(&line("GET /groups/{id | name}/members")));
        assert!(!line("GET /groups/{id}/members").matches(&line("GET /groups/abc/members")));
        assert!(!line("GET /groups/{id}/members").matches(&line("POST /groups/{id}/members")));
        assert!(!line("GET /groups/{id}/members").matches(&line("GET /groups/{id}/members/$ref")));
    }

    #[test]
    fn the_host_the_version_and_the_query_are_not_part_of_the_match() {
        let bare = line("GET /users");
        assert!(bare.matches(&line("GET https://graph.microsoft.com/v1.0/users?$top=5")));
        assert!(bare.matches(&line("GET /beta/users/")));
        assert_eq!(bare.to_string(), "GET /users");
    }

    #[test]
    fn a_line_with_the_same_last_segment_is_more_alike_than_one_without() {
        let wanted = line("GET /groups/{id}/members");
        let members = line("GET /users/{id}/members");
        let calendar = line("GET /groups/{id}/calendar");
        let deep = line("GET /groups/{id}/threads/{id}/posts");
        assert!(wanted.likeness(&calendar) > wanted.likeness(&deep));
        assert!(
            wanted.likeness(&line("GET /groups/{id}/members/$ref")) > wanted.likeness(&calendar)
        );
        assert!(wanted.likeness(&members) > 0);
    }

    #[test]
    fn text_without_a_method_and_a_path_is_no_request_line() {
        assert_eq!(RequestLine::parse("user-list"), None);
        assert_eq!(RequestLine::parse("FETCH /users"), None);
        assert_eq!(RequestLine::parse("GET users"), None);
    }
}
