//! The simulated Graph's cost: a list of 1,000 users with `$filter` and `$top`, answered
//! in-process, against a loopback HTTP round trip measured in the same run.
//!
//! `cargo bench --bench mock_directory` (a few seconds), `-- --quick` (under a second,
//! indicative only). Three figures, each the median of interleaved rounds:
//!
//! - `in-process list`: `GraphClient::execute` on `SimulatedGraph::client_as` for
//!   `GET /v1.0/users?$filter=department eq 'Sales'&$top=50&$select=id,displayName` over
//!   1,000 users (every other one in Sales), the page decoded as JSON;
//! - `loopback round trip` (the baseline): `ReqwestGraphClient` sending a GET to a
//!   loopback server that answers `{}` at once, decoded as JSON: the least an HTTP
//!   mock costs per call, whatever it does;
//! - `same list over HTTP`: the same list from `SimulatedGraph::serve`, for scale.
//!
//! The result line states the in-process list as a fraction of the loopback round trip
//! and of the same list over HTTP.

use std::time::{Duration, Instant};

use msgraph_typed::http::Method;
use msgraph_typed::mock::{SimulatedGraph, SimulatedUser};
use msgraph_typed::{ApiVersion, GraphClient, GraphRequest, Operation, Replay, ReqwestGraphClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

static LIST_USERS: Operation = Operation::new(
    "user: list",
    Method::GET,
    ApiVersion::V1,
    "/users",
    Replay::Safe,
);

fn list_request() -> GraphRequest {
    GraphRequest::new(&LIST_USERS, "/users")
        .with_query("$filter", "department eq 'Sales'")
        .with_query("$top", "50")
        .with_query("$select", "id,displayName")
}

fn tenant() -> SimulatedGraph {
    let mut b = SimulatedGraph::builder().user(SimulatedUser::new(
        "admin@contoso.com",
        "Adm1n-Passw0rd!",
        "admin-token",
    ));
    for i in 0..999 {
        b = b.user(
            SimulatedUser::new(
                format!("user{i}@contoso.com"),
                "Passw0rd!x",
                format!("token-{i}"),
            )
            .property("displayName", format!("User {i:04}"))
            .property("department", if i % 2 == 0 { "Sales" } else { "Research" })
            .property("jobTitle", "Staff")
            .property("mail", format!("user{i}@contoso.com")),
        );
    }
    b.build().expect("the bench tenant builds")
}

/// A loopback server answering every request `200 {}` with keep-alive.
async fn empty_server() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut pending = Vec::new();
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    pending.extend_from_slice(&buf[..n]);
                    // GETs only: a request ends at its blank line.
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        let answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
                        if socket.write_all(answer).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    Ok(format!("http://{addr}"))
}

async fn time_calls(client: &dyn GraphClient, request: &GraphRequest, calls: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        let response = client
            .execute(request.clone())
            .await
            .expect("the call is answered");
        let value: serde_json::Value = response.json().expect("JSON");
        std::hint::black_box(value);
    }
    start.elapsed() / u32::try_from(calls).unwrap_or(u32::MAX)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, calls) = if quick { (3, 20) } else { (15, 100) };
    let graph = tenant();
    let in_process = graph.client_as("admin-token");
    let check = in_process.execute(list_request()).await.expect("answered");
    let page: serde_json::Value = check.json().expect("JSON");
    assert_eq!(check.status, 200);
    assert_eq!(page["value"].as_array().map(Vec::len), Some(50));
    assert!(page["@odata.nextLink"].is_string());

    let empty = empty_server().await.expect("a loopback server");
    let baseline = ReqwestGraphClient::builder()
        .base_url(empty)
        .bearer_token("admin-token")
        .build()
        .expect("a client");
    let served = graph.serve().await.expect("serves on loopback");
    let over_http = ReqwestGraphClient::builder()
        .base_url(served.uri())
        .bearer_token("admin-token")
        .build()
        .expect("a client");
    let trivial = GraphRequest::new(&LIST_USERS, "/users");

    // Warm-up, then interleaved rounds.
    time_calls(&in_process, &list_request(), calls / 4 + 1).await;
    time_calls(&baseline, &trivial, calls / 4 + 1).await;
    time_calls(&over_http, &list_request(), calls / 4 + 1).await;
    let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ratios, mut to_http) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let x = time_calls(&in_process, &list_request(), calls).await;
        let y = time_calls(&baseline, &trivial, calls).await;
        let z = time_calls(&over_http, &list_request(), calls).await;
        ratios.push(x.as_secs_f64() / y.as_secs_f64());
        to_http.push(x.as_secs_f64() / z.as_secs_f64());
        a.push(x);
        b.push(y);
        c.push(z);
    }
    ratios.sort_by(f64::total_cmp);
    to_http.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    let http_ratio = to_http[to_http.len() / 2];
    println!("mock_directory: {rounds} rounds of {calls} calls, medians (release build, 1,000 users, $filter + $top=50 + $select)");
    println!(
        "  in-process list      {:>10.1} us a call",
        median(a).as_secs_f64() * 1e6
    );
    println!(
        "  loopback round trip  {:>10.1} us a call (baseline: a GET answered {{}} at once)",
        median(b).as_secs_f64() * 1e6
    );
    println!(
        "  same list over HTTP  {:>10.1} us a call",
        median(c).as_secs_f64() * 1e6
    );
    println!(
        "  in-process list / loopback round trip: {ratio:.3}; in-process list / same list over HTTP: {http_ratio:.3} (medians of the per-round ratios){}",
        if quick {
            "; --quick: indicative only"
        } else {
            ""
        }
    );
}
