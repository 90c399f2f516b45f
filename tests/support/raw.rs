//! A raw HTTP/1.1 server on loopback that misbehaves on purpose: resets, closes early,
//! truncates, streams without end.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Act {
    /// Close the connection with a TCP reset.
    Reset,
    /// Close the connection without answering.
    Close,
    /// Write these bytes, then close.
    Write(Vec<u8>),
    /// Write a 200 chunked body of `chunk` bytes over and over, until the client leaves.
    Endless { chunk: usize },
}

impl Act {
    /// A complete response with `status`, a JSON content type and `body`.
    pub fn respond(status: u16, body: &str) -> Act {
        Act::Write(
            format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        )
    }
}

/// A running raw server.
pub struct RawServer {
    pub uri: String,
    requests: Arc<AtomicUsize>,
}

impl RawServer {
    /// Starts a server that answers request number `n` (from 0) with `script(n)`.
    pub async fn start(script: impl Fn(usize) -> Act + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(AtomicUsize::new(0));
        let count = requests.clone();
        let script = Arc::new(script);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let count = count.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    serve(stream, count, script).await;
                });
            }
        });
        RawServer {
            uri: format!("http://{addr}"),
            requests,
        }
    }

    /// How many whole requests arrived.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut stream: TcpStream,
    count: Arc<AtomicUsize>,
    script: Arc<dyn Fn(usize) -> Act + Send + Sync>,
) {
    if !read_request(&mut stream).await {
        return;
    }
    let n = count.fetch_add(1, Ordering::SeqCst);
    match script(n) {
        Act::Reset => {
            #[allow(deprecated)] // SO_LINGER 0 is how a test makes a reset.
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
        }
        Act::Close => drop(stream),
        Act::Write(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Act::Endless { chunk } => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let data = vec![b' '; chunk];
            let frame_head = format!("{chunk:x}\r\n");
            loop {
                if stream.write_all(frame_head.as_bytes()).await.is_err()
                    || stream.write_all(&data).await.is_err()
                    || stream.write_all(b"\r\n").await.is_err()
                {
                    return;
                }
            }
        }
    }
}

/// Reads one request (head and `content-length` body); false if the client went away.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut tmp).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match stream.read(&mut tmp).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    }
    true
}
