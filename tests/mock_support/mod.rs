//! A raw HTTP/1.1 client for the mock tests: requests written byte by byte, answers read
//! as they arrived (status line, headers in order, body), so the wire format is checked
//! without any client library in between.
#![allow(dead_code)]

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An answer as it came off the wire.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawAnswer {
    /// The value of header `name` (ignoring case), if sent once or more (the first).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Sends `method path` with `headers` and `body` to `addr`, `Connection: close`, and reads
/// the whole answer.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> RawAnswer {
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("reads");
    parse(&raw)
}

fn parse(raw: &[u8]) -> RawAnswer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a blank line ends the head");
    let head = std::str::from_utf8(&raw[..split]).expect("head is text");
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("a status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("name: value");
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let answer = RawAnswer {
        status,
        headers,
        body,
    };
    if let Some(len) = answer.header("content-length") {
        assert_eq!(
            len.parse::<usize>().ok(),
            Some(answer.body.len()),
            "Content-Length is the body's length"
        );
    }
    assert!(
        answer.header("transfer-encoding").is_none(),
        "answers are not chunked"
    );
    answer
}

/// The built-in tenant's seed, as the issue gives it.
pub const ISSUE_SEED: &str = r#"{"users": [{"userPrincipalName": "alice@contoso.com", "password": "Old-Passw0rd!",
            "token": "alice-token", "roles": []},
           {"userPrincipalName": "admin@contoso.com", "password": "Adm1n-Passw0rd!",
            "token": "admin-token", "roles": ["Password Administrator"]}],
 "applications": [{"displayName": "daemon", "token": "app-token"}]}"#;
