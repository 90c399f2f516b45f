//! Call cost: `ReqwestGraphClient` against the same requests written by hand with the same
//! reqwest (the floor), over one loopback server, at concurrency 1, 16 and 64.
//!
//! `cargo bench --bench call_cost` (under a minute), or `cargo bench --bench call_cost --
//! --quick` (a few seconds; its figures are indicative and it judges no goal). Other
//! flags: `--rounds N`, `--calls N` (per round), `--concurrency 1,16,64`, `--op validate|change|list|both|all` (default all; `list` is
//! `client.users().list()` with three query options, generated from a page), `--only typed|floor` (one client,
//! no ratios: for profiling one side under `valgrind --tool=callgrind`), `--placement
//! same|apart|free` (where the client's and the server's threads run, see `affinity.rs`:
//! both on one CPU by default), `--floor-headers all|none|id,sdk,ua,accept` (what the floor
//! sends besides Authorization, Content-Type and the body: `all`, the default, is the
//! same request as typed; `none` is the minimal by-hand call).
//!
//! Each round runs a fixed number of calls through one client; typed and floor rounds
//! alternate (the first of each pair alternates too), so that drift of the machine hits
//! both alike. Reported: the median over rounds of throughput, p50 and p99 latency,
//! allocations and bytes per call (client side only: the server's thread is not counted),
//! and the median of the per-pair ratios typed/floor. See BENCHMARKS.md.

mod affinity;
mod alloc;
mod clients;
mod cpu;
mod server;
mod stats;

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use affinity::{Placement, Threads};
use clients::{CallError, Clients, Op, Side};
use stats::{Ratios, Round, Summary};

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// The run's settings, from the command line.
struct Settings {
    rounds: usize,
    calls: usize,
    concurrency: Vec<usize>,
    ops: Vec<Op>,
    sides: Vec<Side>,
    placement: Placement,
    /// `--quick`: too short a run to judge the goals; its figures are indicative only.
    quick: bool,
    /// What the floor sends besides a minimal call (`--floor-headers`).
    extras: clients::Extras,
}

impl Settings {
    fn from_args() -> Result<Self, String> {
        let mut s = Settings {
            // Many short rounds: the median of many interleaved pairs resists the bursts of
            // other work on a shared machine better than a few long rounds.
            rounds: 25,
            calls: 1500,
            concurrency: vec![1, 16, 64],
            ops: vec![Op::Validate, Op::Change, Op::List],
            sides: vec![Side::Typed, Side::Floor],
            placement: Placement::Same,
            quick: false,
            extras: clients::Extras::ALL,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
            match arg.as_str() {
                "--quick" => {
                    s.rounds = 5;
                    s.calls = 500;
                    s.quick = true;
                }
                "--rounds" => s.rounds = number(&value("--rounds")?)?,
                "--calls" => s.calls = number(&value("--calls")?)?,
                "--concurrency" => {
                    s.concurrency = value("--concurrency")?
                        .split(',')
                        .map(number)
                        .collect::<Result<_, _>>()?;
                }
                "--op" => {
                    s.ops = match value("--op")?.as_str() {
                        "validate" => vec![Op::Validate],
                        "change" => vec![Op::Change],
                        "list" => vec![Op::List],
                        "both" => vec![Op::Validate, Op::Change],
                        "all" => vec![Op::Validate, Op::Change, Op::List],
                        other => {
                            return Err(format!(
                                "--op {other:?}: use validate, change, list, both or all"
                            ))
                        }
                    }
                }
                "--only" => {
                    s.sides = match value("--only")?.as_str() {
                        "typed" => vec![Side::Typed],
                        "floor" => vec![Side::Floor],
                        other => return Err(format!("--only {other:?}: use typed or floor")),
                    }
                }
                "--placement" => s.placement = Placement::parse(&value("--placement")?)?,
                "--floor-headers" => s.extras = clients::Extras::parse(&value("--floor-headers")?)?,
                // `cargo bench` passes `--bench` to every bench binary.
                "--bench" => {}
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        if s.rounds == 0 || s.calls == 0 || s.concurrency.contains(&0) {
            return Err("rounds, calls and concurrency must be more than zero".into());
        }
        Ok(s)
    }
}

fn number(text: &str) -> Result<usize, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number"))
}

/// Runs `calls` calls through one client, `concurrency` at a time.
async fn round(
    clients: &Arc<Clients>,
    side: Side,
    op: Op,
    concurrency: usize,
    calls: usize,
) -> Result<Round, CallError> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    let mut latencies: Vec<Vec<Duration>> = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (clients, next) = (Arc::clone(clients), Arc::clone(&next));
        // Room for every call, so that recording a latency never allocates.
        let mut mine: Vec<Duration> = Vec::with_capacity(calls);
        // On the current-thread runtime a spawned task does not start before the first
        // `.await` below: the allocations of spawning are not counted.
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < calls {
                let started = Instant::now();
                clients.call(side, op).await?;
                mine.push(started.elapsed());
            }
            Ok::<_, CallError>(mine)
        }));
    }
    let before = alloc::snapshot();
    let cpu_before = cpu::thread_cpu();
    let started = Instant::now();
    for task in tasks {
        latencies.push(task.await??);
    }
    let elapsed = started.elapsed();
    let counted = alloc::snapshot().since(before);
    // The client runtime is single-threaded: this thread did all of the client's work.
    let cpu = cpu::thread_cpu()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    let mut all: Vec<Duration> = latencies.into_iter().flatten().collect();
    Ok(Round::new(&mut all, elapsed, cpu, counted))
}

/// Warms both clients up at this concurrency (connections, pools), then runs the rounds.
async fn measure(
    clients: &Arc<Clients>,
    op: Op,
    concurrency: usize,
    settings: &Settings,
) -> Result<(Vec<Round>, Vec<Round>), CallError> {
    let warmup = (concurrency * 20).max(settings.calls / 4);
    for &side in &settings.sides {
        round(clients, side, op, concurrency, warmup).await?;
    }
    let mut typed = Vec::with_capacity(settings.rounds);
    let mut floor = Vec::with_capacity(settings.rounds);
    for i in 0..settings.rounds {
        let order = if i % 2 == 0 {
            [Side::Typed, Side::Floor]
        } else {
            [Side::Floor, Side::Typed]
        };
        for side in order.into_iter().filter(|s| settings.sides.contains(s)) {
            let r = round(clients, side, op, concurrency, settings.calls).await?;
            match side {
                Side::Typed => typed.push(r),
                Side::Floor => floor.push(r),
            }
        }
    }
    Ok((typed, floor))
}

/// A goal's verdict; none in a quick run, whose few rounds cannot judge a 3 % margin.
fn verdict(ok: bool, quick: bool) -> &'static str {
    match (quick, ok) {
        (true, _) => "not judged (--quick)",
        (false, true) => "met",
        (false, false) => "NOT met",
    }
}

/// The run's last line: the goals' verdict, or in a quick run, why there is none.
fn goals_line(all_met: bool, quick: bool, seconds: f64) -> String {
    const GOALS: &str = "throughput >= 0.97 and p99 <= 1.05 of the floor";
    if quick {
        format!(
            "--quick: figures from {seconds:.1} s of measurement are indicative only; the goals \
             ({GOALS}) are judged by the full run, `cargo bench --bench call_cost`"
        )
    } else {
        format!(
            "goals ({GOALS}): {}; measured in {seconds:.1} s",
            verdict(all_met, false)
        )
    }
}

async fn run(settings: Settings) -> Result<bool, CallError> {
    let (addr, server_thread) = server::start()?;
    let threads = affinity::this_thread()
        .zip(server_thread)
        .and_then(|(client, server)| Threads::new(client, server));
    let clients = Arc::new(Clients::new(addr, settings.extras)?);
    println!(
        "call_cost: {} rounds x {} calls per client and setting; server {addr}",
        settings.rounds, settings.calls
    );
    println!("floor: {}", settings.extras.describe());
    match &threads {
        Some(t) => {
            let pinned = t.plan(settings.placement);
            t.apply(pinned)?;
            println!("client and server threads: {pinned}");
        }
        None => println!("client and server threads: free (they cannot be pinned here)"),
    }
    println!();
    println!(
        "| operation | conc | client | calls/s | p50 µs | p99 µs | client CPU µs/call | allocs/call | bytes/call |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|");
    let mut verdicts = Vec::new();
    let started = Instant::now();
    for &op in &settings.ops {
        for &conc in &settings.concurrency {
            let (typed, floor) = measure(&clients, op, conc, &settings).await?;
            let (t, f) = (Summary::of(&typed), Summary::of(&floor));
            for (name, s, rounds) in [("typed", t, &typed), ("floor", f, &floor)] {
                if rounds.is_empty() {
                    continue;
                }
                println!(
                    "| {} | {conc} | {name} | {:.0} | {:.1} | {:.1} | {:.2} | {:.1} | {:.0} |",
                    op.name(),
                    s.throughput,
                    s.p50_us,
                    s.p99_us,
                    s.cpu_us,
                    s.allocs,
                    s.bytes
                );
            }
            verdicts.push((op, conc, Ratios::of(&typed, &floor), t, f));
        }
    }
    if settings.sides.len() < 2 {
        return Ok(false);
    }
    println!();
    println!("| operation | conc | throughput typed/floor (range) | p50 ratio | p99 ratio | CPU ratio | extra allocs/call | goals |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut all_met = true;
    for (op, conc, r, t, f) in verdicts {
        let met = r.throughput >= 0.97 && r.p99 <= 1.05;
        all_met &= met;
        println!(
            "| {} | {conc} | {:.3} ({:.3}-{:.3}) | {:.3} | {:.3} | {:.3} | {:+.1} | {} |",
            op.name(),
            r.throughput,
            r.throughput_range.0,
            r.throughput_range.1,
            r.p50,
            r.p99,
            r.cpu,
            t.allocs - f.allocs,
            verdict(met, settings.quick)
        );
    }
    println!();
    println!(
        "{}",
        goals_line(all_met, settings.quick, started.elapsed().as_secs_f64())
    );
    Ok(all_met)
}

fn main() -> ExitCode {
    let settings = match Settings::from_args() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("call_cost: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("call_cost: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(settings)) {
        // A goal not met is a figure, not a failure of the benchmark.
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("call_cost: a call failed: {e}");
            ExitCode::FAILURE
        }
    }
}
