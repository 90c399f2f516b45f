//! A small W3C WebDriver client: the dozen commands the browser test needs, as JSON over
//! plain HTTP/1.1 to a chromedriver this module starts on a free loopback port. Smaller to
//! build than a full WebDriver crate (and than an HTTP client, since the workspace's reqwest
//! is built without a TLS provider); the commands are those of the W3C recommendation.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The key under which WebDriver names an element.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub type Result<T> = std::result::Result<T, String>;

/// A chromedriver process and one headless Chromium session. Both end on drop.
pub struct Browser {
    driver: Child,
    session: String,
    /// chromedriver's `127.0.0.1:port`.
    address: String,
}

/// An element of the page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Browser {
    /// Starts `chromedriver` and a session of the `chromium` binary: headless, in a fresh
    /// profile under `profile`, with the flags a root user in a container needs.
    pub async fn start(chromedriver: &Path, chromium: &Path, profile: &Path) -> Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port for chromedriver: {e}"))?
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let mut browser = Self {
            driver,
            session: String::new(),
            address: format!("127.0.0.1:{port}"),
        };
        browser.wait_ready().await?;
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=720,760",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": chromium, "args": args },
            }}
        });
        let value = browser.send("POST", "/session", Some(capabilities)).await?;
        browser.session = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no sessionId in {value}"))?
            .to_owned();
        Ok(browser)
    }

    async fn wait_ready(&self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(v) = self.send("GET", "/status", None).await {
                if v["ready"] == json!(true) {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err("chromedriver was not ready within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends one command; returns its `value`, or WebDriver's error as text.
    async fn send(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let what = |e: std::io::Error| format!("{method} {path}: {e}");
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        );
        let mut stream = TcpStream::connect(&self.address).await.map_err(what)?;
        stream.write_all(request.as_bytes()).await.map_err(what)?;
        // chromedriver keeps the connection open despite `Connection: close`: read until
        // the body is whole, within a minute.
        let mut raw = Vec::new();
        let read = async {
            let mut buf = [0u8; 8192];
            while !is_whole(&raw) {
                let n = stream.read(&mut buf).await?;
                if n == 0 {
                    break;
                }
                raw.extend_from_slice(&buf[..n]);
            }
            Ok::<(), std::io::Error>(())
        };
        tokio::time::timeout(Duration::from_secs(60), read)
            .await
            .map_err(|_| format!("{method} {path}: no whole answer within 60 s"))?
            .map_err(what)?;
        let (status, body) = parse_response(&raw).ok_or_else(|| {
            format!(
                "{method} {path}: not an HTTP answer: {}",
                String::from_utf8_lossy(&raw)
            )
        })?;
        let value: Value = serde_json::from_slice(&body)
            .map_err(|e| format!("{method} {path}: {status}, not JSON ({e})"))?;
        if !(200..300).contains(&status) {
            return Err(format!("{method} {path}: {status} {}", value["value"]));
        }
        Ok(value["value"].clone())
    }

    fn at(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.send("POST", &self.at("/url"), Some(json!({ "url": url })))
            .await
            .map(drop)
    }

    /// The elements matching a CSS selector.
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let body = json!({ "using": "css selector", "value": css });
        let value = self.send("POST", &self.at("/elements"), Some(body)).await?;
        let list = value
            .as_array()
            .ok_or_else(|| format!("not a list: {value}"))?;
        list.iter()
            .map(|e| {
                e[ELEMENT]
                    .as_str()
                    .map(|id| Element(id.to_owned()))
                    .ok_or_else(|| format!("not an element: {e}"))
            })
            .collect()
    }

    /// The one element matching a CSS selector.
    pub async fn find(&self, css: &str) -> Result<Element> {
        let mut all = self.find_all(css).await?;
        match all.len() {
            1 => Ok(all.remove(0)),
            n => Err(format!("{n} elements match {css}")),
        }
    }

    /// Types `text` into `element` (one command: the browser sends a key event per character).
    pub async fn type_into(&self, element: &Element, text: &str) -> Result<()> {
        let path = self.at(&format!("/element/{}/value", element.0));
        self.send("POST", &path, Some(json!({ "text": text })))
            .await
            .map(drop)
    }

    /// Empties an input.
    pub async fn clear(&self, element: &Element) -> Result<()> {
        let path = self.at(&format!("/element/{}/clear", element.0));
        self.send("POST", &path, Some(json!({}))).await.map(drop)
    }

    /// Clicks `element`.
    pub async fn click(&self, element: &Element) -> Result<()> {
        let path = self.at(&format!("/element/{}/click", element.0));
        self.send("POST", &path, Some(json!({}))).await.map(drop)
    }

    /// The rendered text of `element`.
    pub async fn text(&self, element: &Element) -> Result<String> {
        let path = self.at(&format!("/element/{}/text", element.0));
        let value = self.send("GET", &path, None).await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// An attribute of `element` (`None` when absent).
    pub async fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>> {
        let path = self.at(&format!("/element/{}/attribute/{name}", element.0));
        let value = self.send("GET", &path, None).await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// A property of `element` as text (`""` when not a string), e.g. an input's `value`.
    pub async fn property(&self, element: &Element, name: &str) -> Result<String> {
        let path = self.at(&format!("/element/{}/property/{name}", element.0));
        let value = self.send("GET", &path, None).await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// A PNG of the window, as base64 text.
    pub async fn screenshot_base64(&self) -> Result<String> {
        let value = self.send("GET", &self.at("/screenshot"), None).await?;
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| "no screenshot".into())
    }

    /// Waits (up to 15 s, polling) until `probe` gives `Some`, and returns it.
    pub async fn wait_for<T, F, Fut>(&self, what: &str, mut probe: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(found) = probe().await? {
                return Ok(found);
            }
            if Instant::now() > deadline {
                return Err(format!("timed out after 15 s waiting for {what}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Ends the session (the browser exits), then chromedriver.
    pub async fn quit(mut self) {
        let _ = self
            .send("DELETE", &format!("/session/{}", self.session), None)
            .await;
        self.session.clear();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Not quit (a failed assertion): end the session with a blocking request, so that
        // chromedriver closes the browser before it is killed itself.
        if !self.session.is_empty() {
            use std::io::{Read, Write};
            let address = self.address.as_str();
            if let Ok(mut stream) = std::net::TcpStream::connect(address) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let request = format!(
                    "DELETE /session/{} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n",
                    self.session
                );
                let _ = stream.write_all(request.as_bytes());
                let (mut raw, mut buf) = (Vec::new(), [0u8; 4096]);
                while !is_whole(&raw) {
                    match stream.read(&mut buf) {
                        Ok(n) if n > 0 => raw.extend_from_slice(&buf[..n]),
                        _ => break,
                    }
                }
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The value of header `name` in `head` (names compared ignoring case).
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// Whether `raw` holds a whole answer: its head, and its body by `Content-Length` or up to
/// the last chunk.
fn is_whole(raw: &[u8]) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]);
    let body = &raw[end + 4..];
    match header(&head, "content-length").and_then(|v| v.parse::<usize>().ok()) {
        Some(len) => body.len() >= len,
        None => body.ends_with(b"0\r\n\r\n"),
    }
}

/// The status and body of a whole HTTP/1.1 answer;
/// a chunked body is joined.
fn parse_response(raw: &[u8]) -> Option<(u16, Vec<u8>)> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let body = &raw[end + 4..];
    let chunked = header(head, "transfer-encoding").is_some_and(|v| v.contains("chunked"));
    if !chunked {
        let len = header(head, "content-length").and_then(|v| v.parse().ok());
        let len = len.unwrap_or(body.len()).min(body.len());
        return Some((status, body[..len].to_vec()));
    }
    let (mut out, mut rest) = (Vec::new(), body);
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some((status, out));
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}
