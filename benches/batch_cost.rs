//! Batch cost: 20 typed GETs in one JSON batch against the same 20 GETs sent as single
//! calls (one after the other, and all at once), through one `ReqwestGraphClient` and one
//! loopback server.
//!
//! `cargo bench --bench batch_cost` (a few seconds), `-- --rounds N` for more rounds.
//!
//! The server answers from bytes prepared once (a user for a GET, the 20 answers of a
//! batch for `$batch`), on its own thread, so that what differs is the client's work and
//! the round trips. Each round runs the three ways in turn (their order rotates between
//! rounds, so drift of a shared machine hits all alike). Reported: the median over rounds
//! of wall time and client CPU time (the calling thread's, where the OS gives it) per step,
//! and the median of the per-round ratios against 20 single calls one after the other.

use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Instant;

use http::Method;
use msgraph_typed::{
    ApiVersion, Decoder, Error, GraphCall, GraphClient, GraphRequest, GraphResponse, Operation,
    Replay, ReqwestGraphClient,
};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The calling thread's CPU time, as `benches/call_cost` measures it.
#[path = "call_cost/cpu.rs"]
mod cpu;
/// The server's thread, runtime and accept loop, shared with `benches/call_cost`.
#[path = "common/loopback.rs"]
mod loopback;

use cpu::thread_cpu;

const STEPS: usize = 20;

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read by serde: what a typed GET decodes
struct User {
    id: String,
    #[serde(rename = "displayName")]
    display_name: String,
    mail: Option<String>,
}

const USER_BODY: &str = r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users/$entity","id":"87d349ed-44d7-43e1-9a83-5f2406dee5bd","displayName":"Adele Vance","mail":"AdeleV@contoso.com"}"#;

static GET_USER: Operation = Operation::new(
    "user: get",
    Method::GET,
    ApiVersion::V1,
    "/users/{id}",
    Replay::Safe,
);

fn decode_user(_: &'static Operation, response: GraphResponse) -> Result<User, Error> {
    response.error_for_status()?.json()
}

struct GetUser(usize);

impl GraphCall for GetUser {
    type Output = User;
    fn into_parts(self) -> Result<(GraphRequest, Decoder<User>), Error> {
        let request = GraphRequest::new(&GET_USER, format!("/users/u{}", self.0))
            .with_query("$select", "id,displayName,mail");
        Ok((request, decode_user))
    }
}

async fn single(client: &ReqwestGraphClient, i: usize) -> Result<User, Error> {
    let (request, decode) = GetUser(i).into_parts()?;
    let operation = request.operation();
    decode(operation, client.execute(request).await?)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Way {
    OneByOne,
    AllAtOnce,
    Batch,
}

async fn run(client: &ReqwestGraphClient, way: Way) -> Result<(), Error> {
    match way {
        Way::OneByOne => {
            for i in 0..STEPS {
                single(client, i).await?;
            }
        }
        Way::AllAtOnce => {
            let tasks: Vec<_> = (0..STEPS)
                .map(|i| {
                    let client = client.clone();
                    tokio::spawn(async move { single(&client, i).await })
                })
                .collect();
            for task in tasks {
                task.await.expect("task ran")?;
            }
        }
        Way::Batch => {
            let mut batch = client.batch();
            let steps: Vec<_> = (0..STEPS).map(|i| batch.add(GetUser(i))).collect();
            let mut done = batch.send().await?;
            for step in steps {
                done.take(step)?;
            }
        }
    }
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}

fn main() -> ExitCode {
    let mut rounds = 100usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 => rounds = n,
                _ => {
                    eprintln!("batch_cost: --rounds needs a positive number");
                    return ExitCode::FAILURE;
                }
            },
            // What `cargo bench` passes to every bench target.
            "--bench" => {}
            other => {
                eprintln!("batch_cost: unknown argument {other:?} (try --rounds N)");
                return ExitCode::FAILURE;
            }
        }
    }
    let addr = match start_server() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("batch_cost: the loopback server did not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let client = ReqwestGraphClient::builder()
        .base_url(format!("http://{addr}"))
        .bearer_token("bench-token")
        .build()
        .expect("the client builds");
    let ways = [Way::OneByOne, Way::AllAtOnce, Way::Batch];
    // [way] -> per-round (wall µs per step, cpu µs per step)
    let mut wall: [Vec<f64>; 3] = Default::default();
    let mut cpu: [Vec<f64>; 3] = Default::default();
    let result: Result<(), Error> = runtime.block_on(async {
        // Warm up: connections open, caches filled.
        for way in ways {
            for _ in 0..3 {
                run(&client, way).await?;
            }
        }
        for round in 0..rounds {
            for k in 0..3 {
                let w = (round + k) % 3;
                let (t0, c0) = (Instant::now(), thread_cpu());
                // Five runs a sample: 100 steps, long enough for the clocks.
                for _ in 0..5 {
                    run(&client, ways[w]).await?;
                }
                let per = 1e6 / (5 * STEPS) as f64;
                wall[w].push(t0.elapsed().as_secs_f64() * per);
                if let (Some(c0), Some(c1)) = (c0, thread_cpu()) {
                    cpu[w].push((c1 - c0).as_secs_f64() * per);
                }
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        eprintln!("batch_cost: a call failed: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "batch_cost: {rounds} rounds x 5 x {STEPS} steps each way, one client, loopback \
         server on its own thread"
    );
    println!(
        "{:<32} {:>14} {:>12} {:>14} {:>12} {:>12}",
        "way", "wall µs/step", "steps/s", "client CPU µs", "wall ratio", "CPU ratio"
    );
    for (w, way) in ways.iter().enumerate() {
        let ratio = |v: &[Vec<f64>; 3]| {
            if v[w].is_empty() {
                return f64::NAN;
            }
            median(v[w].iter().zip(&v[0]).map(|(a, b)| a / b).collect())
        };
        let name = match way {
            Way::OneByOne => "20 single calls, one by one",
            Way::AllAtOnce => "20 single calls, all at once",
            Way::Batch => "1 batch of 20 steps",
        };
        let wall_us = median(wall[w].clone());
        println!(
            "{:<32} {:>14.1} {:>12.0} {:>14.1} {:>12.3} {:>12.3}",
            name,
            wall_us,
            1e6 / wall_us,
            median(cpu[w].clone()),
            ratio(&wall),
            ratio(&cpu),
        );
    }
    println!("ratios: median of per-round ratios against '20 single calls, one by one'");
    ExitCode::SUCCESS
}

/// The answers, as bytes on the wire.
struct Answers {
    user: Vec<u8>,
    batch: Vec<u8>,
    not_found: Vec<u8>,
}

fn answers() -> Answers {
    let head = "request-id: 0b1e5c8e-8d4b-4c1a-9a57-3f2e1d0c9b8a\r\nCache-Control: no-cache\r\n";
    let steps: Vec<String> = (1..=STEPS)
        .map(|id| {
            format!(
                r#"{{"id":"{id}","status":200,"headers":{{"Content-Type":"application/json;odata.metadata=minimal"}},"body":{USER_BODY}}}"#
            )
        })
        .collect();
    let batch_body = format!(r#"{{"responses":[{}]}}"#, steps.join(","));
    let response = |status: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\n{head}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    };
    Answers {
        user: response("200 OK", USER_BODY),
        batch: response("200 OK", &batch_body),
        not_found: response("404 Not Found", ""),
    }
}

fn start_server() -> io::Result<SocketAddr> {
    loopback::start(|| (), answers, serve).map(|(a, ())| a)
}

async fn serve(mut stream: TcpStream, answers: &Answers) -> io::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        let head_end = loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let body_len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + body_len {
            if stream.read_buf(&mut buf).await? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        let answer = if head.starts_with("get /v1.0/users/") {
            &answers.user
        } else if head.starts_with("post /v1.0/$batch ") {
            &answers.batch
        } else {
            &answers.not_found
        };
        stream.write_all(answer).await?;
        buf.drain(..head_end + body_len);
    }
}
