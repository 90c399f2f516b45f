//! The simulated Graph over HTTP: a wiremock server whose one responder routes every
//! request to the tenant's handler.

use std::fmt;
use std::net::{SocketAddr, TcpListener};

use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use super::graph::SimulatedGraph;
use super::handler::Incoming;

/// The simulated Graph served on a loopback port. Point any HTTP client (a
/// `ReqwestGraphClient`, `curl`, Microsoft's SDKs) at [`uri`](Self::uri). It stops when
/// dropped.
pub struct SimulatedGraphServer {
    server: MockServer,
    graph: SimulatedGraph,
}

impl SimulatedGraphServer {
    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash, no version).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The socket address it listens on.
    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }

    /// The tenant it serves (the same one as the [`SimulatedGraph`] it was started from).
    pub fn graph(&self) -> &SimulatedGraph {
        &self.graph
    }
}

impl fmt::Debug for SimulatedGraphServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimulatedGraphServer")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

impl SimulatedGraph {
    /// Serves this tenant over HTTP on `127.0.0.1`, on a free port.
    pub async fn serve(&self) -> std::io::Result<SimulatedGraphServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        Ok(self.serve_on(listener).await)
    }

    /// Serves this tenant over HTTP on `listener` (bind it to loopback: the tenant's
    /// passwords and tokens are test data, but a test server has no business on a
    /// network).
    pub async fn serve_on(&self, listener: TcpListener) -> SimulatedGraphServer {
        let server = MockServer::builder()
            .listener(listener)
            .disable_request_recording()
            .start()
            .await;
        Mock::given(wiremock::matchers::any())
            .respond_with(TenantResponder {
                graph: self.clone(),
            })
            .named("simulated Graph tenant")
            .mount(&server)
            .await;
        SimulatedGraphServer {
            server,
            graph: self.clone(),
        }
    }
}

/// Where a server whose tenant has [`SimulatedGraph::set_journal_endpoint`] on serves the
/// journal: `GET` gives it as JSON (`{"value": [entry, ...]}`, see
/// [`JournalEntry::to_json`](super::JournalEntry::to_json)), `DELETE` clears it. Not a
/// path of Graph's (those start with a version), and its calls are not journaled.
pub const JOURNAL_ENDPOINT: &str = "/_mock/journal";

/// The answer at [`JOURNAL_ENDPOINT`].
fn journal_endpoint(graph: &SimulatedGraph, method: &http::Method) -> ResponseTemplate {
    let json = |status: u16, body: serde_json::Value| {
        ResponseTemplate::new(status)
            .insert_header("content-type", "application/json")
            .set_body_bytes(body.to_string())
    };
    match *method {
        http::Method::GET => json(200, graph.journal_json()),
        http::Method::DELETE => {
            graph.clear_journal();
            ResponseTemplate::new(204)
        }
        _ => json(
            405,
            serde_json::json!({"error": {"code": "MethodNotAllowed",
                "message": format!("{JOURNAL_ENDPOINT} answers GET (the journal) and DELETE (clears it).")}}),
        )
        .insert_header("allow", "GET, DELETE"),
    }
}

/// Hands every HTTP request to the tenant's handler.
struct TenantResponder {
    graph: SimulatedGraph,
}

impl Respond for TenantResponder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        if request.url.path() == JOURNAL_ENDPOINT && self.graph.journal_endpoint() {
            return journal_endpoint(&self.graph, &request.method);
        }
        // Requests in origin form carry their authority in `Host`, not in the URL; behind
        // a proxy, `X-Forwarded-Host` and `X-Forwarded-Proto` say where the client sent
        // the request, so links (`@odata.nextLink`) name that host.
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|h| h.to_str().ok())
                .map(str::trim)
                .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        };
        let authority = header("x-forwarded-host")
            .or_else(|| header("host"))
            .map_or_else(|| request.url.authority().to_owned(), str::to_owned);
        let scheme = header("x-forwarded-proto")
            .filter(|p| *p == "https" || *p == "http")
            .unwrap_or_else(|| request.url.scheme());
        let base_url = format!("{scheme}://{authority}");
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let outgoing = self.graph.handle(&Incoming {
            method: &request.method,
            path: request.url.path(),
            query: request.url.query().unwrap_or_default(),
            pairs: &pairs,
            headers: &request.headers,
            body: &request.body,
            base_url: &base_url,
        });
        super::respond::template(outgoing.response, outgoing.delay)
    }
}
