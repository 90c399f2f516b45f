//! The loopback server: a minimal HTTP/1.1 server with keep-alive that answers
//! `validatePassword` with a fixed 200 JSON body and `changePassword` with a 204.
//!
//! It runs on its own thread and its own single-threaded tokio runtime, its allocations are
//! left out of the counts, and its answers are bytes prepared once, so that it does as
//! little as a server can and is not what the benchmark measures.

use std::io;
use std::net::SocketAddr;

use memchr::memmem;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::affinity::{self, Tid};

/// The thread, the runtime and the accept loop, shared with `benches/batch_cost.rs`.
#[path = "../common/loopback.rs"]
mod loopback;

/// The body `validatePassword` answers: the shape of Graph's example response.
pub const VALIDATION_BODY: &str = concat!(
    r#"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#microsoft.graph.passwordValidationInformation","#,
    r#""isValid":false,"validationResults":[{"ruleName":"password_not_meet_complexity","#,
    r#""validationPassed":false,"message":"Password does not meet complexity requirements."}]}"#
);

/// The page `GET /v1.0/users?...` answers: three users with the selected properties.
pub const USERS_BODY: &str = concat!(
    r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail)","#,
    r#""value":[{"id":"87d349ed-44d7-43e1-9a83-5f2406dee5bd","displayName":"Adele Vance","#,
    r#""mail":"AdeleV@contoso.com"},{"id":"626cbf8c-5dde-46b0-8385-9e40d64736fe","#,
    r#""displayName":"Alex Wilber","mail":"AlexW@contoso.com"},"#,
    r#"{"id":"a6c4a1c8-8c3b-4f4a-bb5e-2f1f1b9b4d7e","displayName":"Allan Deyoung","#,
    r#""mail":"AllanD@contoso.com"}]}"#
);

const VALIDATE_LINE: &[u8] = b"POST /beta/users/validatePassword ";
const LIST_LINE: &[u8] = b"GET /v1.0/users?";
const CHANGE_LINE: &[u8] = b"POST /v1.0/me/changePassword ";
/// Requests larger than this are refused (the benchmark's are a few hundred bytes).
const MAX_REQUEST: usize = 64 * 1024;

/// The answers, as bytes on the wire.
struct Answers {
    validated: Vec<u8>,
    changed: Vec<u8>,
    listed: Vec<u8>,
    not_found: Vec<u8>,
}

impl Answers {
    fn new() -> Self {
        let head = "request-id: 0b1e5c8e-8d4b-4c1a-9a57-3f2e1d0c9b8a\r\n\
                    Cache-Control: no-cache\r\n";
        Self {
            validated: format!(
                "HTTP/1.1 200 OK\r\n{head}Content-Type: application/json\r\n\
                 Content-Length: {}\r\n\r\n{VALIDATION_BODY}",
                VALIDATION_BODY.len()
            )
            .into_bytes(),
            changed: format!("HTTP/1.1 204 No Content\r\n{head}\r\n").into_bytes(),
            listed: format!(
                "HTTP/1.1 200 OK\r\n{head}Content-Type: application/json\r\n\
                 Content-Length: {}\r\n\r\n{USERS_BODY}",
                USERS_BODY.len()
            )
            .into_bytes(),
            not_found: format!("HTTP/1.1 404 Not Found\r\n{head}Content-Length: 0\r\n\r\n")
                .into_bytes(),
        }
    }

    fn for_request_line(&self, head: &[u8]) -> &[u8] {
        if head.starts_with(VALIDATE_LINE) {
            &self.validated
        } else if head.starts_with(CHANGE_LINE) {
            &self.changed
        } else if head.starts_with(LIST_LINE) {
            &self.listed
        } else {
            &self.not_found
        }
    }
}

/// Starts the server on 127.0.0.1 and returns its address and its thread's id (to pin it;
/// `None` where threads cannot be pinned); it runs until the process ends.
pub fn start() -> io::Result<(SocketAddr, Option<Tid>)> {
    loopback::start(
        || {
            crate::alloc::uncounted();
            affinity::this_thread()
        },
        Answers::new,
        serve,
    )
}

/// Answers the requests of one keep-alive connection until the client closes it.
async fn serve(mut stream: TcpStream, answers: &Answers) -> io::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    loop {
        // Read until a whole head is in; each byte is searched once (a read that ends
        // inside the blank line is searched again from three bytes back).
        let mut searched = 0;
        let head_end = loop {
            if let Some(end) = memmem::find(&buf[searched..], HEAD_END) {
                break searched + end + HEAD_END.len();
            }
            searched = buf.len().saturating_sub(HEAD_END.len() - 1);
            if buf.len() > MAX_REQUEST {
                return Err(io::Error::other("request head too large"));
            }
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        };
        let body_len = content_length(buf.get(..head_end).unwrap_or_default())?;
        let total = head_end.saturating_add(body_len);
        if total > MAX_REQUEST {
            return Err(io::Error::other("request too large"));
        }
        while buf.len() < total {
            if stream.read_buf(&mut buf).await? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        let answer = answers.for_request_line(&buf);
        stream.write_all(answer).await?;
        buf.drain(..total);
    }
}

/// The end of a request head.
const HEAD_END: &[u8] = b"\r\n\r\n";

/// The `Content-Length` of a request head (0 when absent).
///
/// Found with a vectorized search for the lowercase name first (what hyper writes, which
/// both sides use), then line by line for any other spelling: the head carries a 1.5 KB
/// token, and a byte-at-a-time scan of it cost the server as much as a third of a call's
/// client instructions, which made header bytes look dearer than they are (BENCHMARKS.md).
fn content_length(head: &[u8]) -> io::Result<usize> {
    const NAME: &[u8] = b"content-length:";
    let value = match memmem::find(head, b"\ncontent-length:") {
        Some(at) => {
            let rest = head.get(at + 1 + NAME.len()..).unwrap_or_default();
            rest.split(|&b| b == b'\r').next().unwrap_or_default()
        }
        None => {
            let line = head.split(|&b| b == b'\n').find(|line| {
                line.get(..NAME.len())
                    .is_some_and(|name| name.eq_ignore_ascii_case(NAME))
            });
            match line {
                Some(line) => line.get(NAME.len()..).unwrap_or_default(),
                None => return Ok(0),
            }
        }
    };
    let value =
        std::str::from_utf8(value).map_err(|_| io::Error::other("Content-Length is not text"))?;
    value
        .trim()
        .parse()
        .map_err(|_| io::Error::other("Content-Length is not a number"))
}
