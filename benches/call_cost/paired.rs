//! The paired run: a typed client against a baseline client (the floor in `call_cost`,
//! graph-rs-sdk in `benches/call_cost-graph-rs`), over one loopback server, in
//! interleaved rounds; the command line, the rounds and the report.
//!
//! Each round runs a fixed number of calls through one client; typed and baseline rounds
//! alternate (the first of each pair alternates too), so that drift of the machine hits
//! both alike. Reported: the median over rounds of throughput, p50 and p99 latency,
//! allocations and bytes per call (client side only: the server's thread is not counted),
//! and the median of the per-pair ratios typed/baseline. See BENCHMARKS.md.

use std::error::Error as StdError;
use std::future::Future;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::affinity::{self, Placement, Threads};
use crate::stats::{Ratios, Round, Summary};
use crate::{alloc, cpu, server};

/// A failed call, with what went wrong.
pub type CallError = Box<dyn StdError + Send + Sync>;

/// Which operation a round calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `POST /beta/users/validatePassword`, 200 with a JSON body.
    Validate,
    /// `POST /v1.0/me/changePassword`, 204.
    Change,
    /// `GET /v1.0/users?$select=..&$filter=..&$top=5`, 200 with a page of users: a call
    /// generated from a page (the example crate's), with three query options.
    List,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Validate => "validate_password",
            Op::Change => "change_password",
            Op::List => "list_users",
        }
    }
}

/// Which client a round uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Typed,
    /// The client typed is measured against.
    Baseline,
}

/// A run's goals: typed/baseline throughput at least `throughput`, and p99 at most `p99`.
#[derive(Debug, Clone, Copy)]
pub struct Goal {
    pub throughput: f64,
    pub p99: Option<f64>,
}

/// The two clients of a run, and what the run is called and judged by.
pub trait Pair: Sized + Send + Sync + 'static {
    /// The program's name, first word of its output and of its errors.
    const NAME: &'static str;
    /// The baseline's name: in the tables, in `--only` and in the goals.
    const BASELINE: &'static str;
    /// The operations it measures: the default of `--op`, and all `--op` may choose.
    const OPS: &'static [Op];
    const GOAL: Goal;
    /// The command of the full run, named by a quick run's last line.
    const FULL_RUN: &'static str;
    /// Flags of its own, each taking a value (`--floor-headers`).
    const FLAGS: &'static [&'static str];
    /// What those flags set.
    type Options: Default;

    /// Reads one of [`Pair::FLAGS`] into `options`.
    fn option(options: &mut Self::Options, flag: &str, value: &str) -> Result<(), String>;
    /// Both clients, against the server at `addr`.
    fn new(addr: SocketAddr, options: &Self::Options) -> Result<Self, CallError>;
    /// What the baseline sends, for the output's second line.
    fn describe(&self) -> String;
    /// One call; checks the answer so that both sides do the same work.
    fn call(&self, side: Side, op: Op) -> impl Future<Output = Result<(), CallError>> + Send + '_;
}

/// The run's settings, from the command line.
struct Settings<P: Pair> {
    rounds: usize,
    calls: usize,
    concurrency: Vec<usize>,
    ops: Vec<Op>,
    sides: Vec<Side>,
    placement: Placement,
    /// `--quick`: too short a run to judge the goals; its figures are indicative only.
    quick: bool,
    /// The flags of the pair's own.
    options: P::Options,
}

impl<P: Pair> Settings<P> {
    fn from_args() -> Result<Self, String> {
        let mut s = Settings::<P> {
            // Many short rounds: the median of many interleaved pairs resists the bursts of
            // other work on a shared machine better than a few long rounds.
            rounds: 25,
            calls: 1500,
            concurrency: vec![1, 16, 64],
            ops: P::OPS.to_vec(),
            sides: vec![Side::Typed, Side::Baseline],
            placement: Placement::Same,
            quick: false,
            options: P::Options::default(),
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
                "--op" => s.ops = ops::<P>(&value("--op")?)?,
                "--only" => {
                    s.sides = match value("--only")?.as_str() {
                        "typed" => vec![Side::Typed],
                        other if other == P::BASELINE => vec![Side::Baseline],
                        other => {
                            return Err(format!("--only {other:?}: use typed or {}", P::BASELINE))
                        }
                    }
                }
                "--placement" => s.placement = Placement::parse(&value("--placement")?)?,
                // `cargo bench` passes `--bench` to every bench binary.
                "--bench" => {}
                flag if P::FLAGS.contains(&flag) => {
                    P::option(&mut s.options, flag, &value(flag)?)?;
                }
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        if s.rounds == 0 || s.calls == 0 || s.concurrency.contains(&0) {
            return Err("rounds, calls and concurrency must be more than zero".into());
        }
        Ok(s)
    }
}

/// `--op`'s value: `validate`, `change`, `list`, `both` (the first two) or `all`.
fn ops<P: Pair>(text: &str) -> Result<Vec<Op>, String> {
    let chosen = match text {
        "validate" => vec![Op::Validate],
        "change" => vec![Op::Change],
        "list" => vec![Op::List],
        "both" => vec![Op::Validate, Op::Change],
        "all" => P::OPS.to_vec(),
        other => {
            return Err(format!(
                "--op {other:?}: use validate, change, list, both or all"
            ))
        }
    };
    match chosen.iter().find(|op| !P::OPS.contains(op)) {
        Some(op) => Err(format!(
            "--op {text}: {} does not measure {}",
            P::NAME,
            op.name()
        )),
        None => Ok(chosen),
    }
}

fn number(text: &str) -> Result<usize, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number"))
}

/// Runs `calls` calls through one client, `concurrency` at a time.
async fn round<P: Pair>(
    clients: &Arc<P>,
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
async fn measure<P: Pair>(
    clients: &Arc<P>,
    op: Op,
    concurrency: usize,
    settings: &Settings<P>,
) -> Result<(Vec<Round>, Vec<Round>), CallError> {
    let warmup = (concurrency * 20).max(settings.calls / 4);
    for &side in &settings.sides {
        round(clients, side, op, concurrency, warmup).await?;
    }
    let mut typed = Vec::with_capacity(settings.rounds);
    let mut baseline = Vec::with_capacity(settings.rounds);
    for i in 0..settings.rounds {
        let order = if i % 2 == 0 {
            [Side::Typed, Side::Baseline]
        } else {
            [Side::Baseline, Side::Typed]
        };
        for side in order.into_iter().filter(|s| settings.sides.contains(s)) {
            let r = round(clients, side, op, concurrency, settings.calls).await?;
            match side {
                Side::Typed => typed.push(r),
                Side::Baseline => baseline.push(r),
            }
        }
    }
    Ok((typed, baseline))
}

/// A goal's verdict; none in a quick run, whose few rounds cannot judge a 3 % margin.
fn verdict(ok: bool, quick: bool) -> &'static str {
    match (quick, ok) {
        (true, _) => "not judged (--quick)",
        (false, true) => "met",
        (false, false) => "NOT met",
    }
}

impl Goal {
    fn met(self, r: &Ratios) -> bool {
        r.throughput >= self.throughput && self.p99.is_none_or(|p99| r.p99 <= p99)
    }

    fn describe(self, baseline: &str) -> String {
        match self.p99 {
            Some(p99) => format!(
                "throughput >= {:.2} and p99 <= {p99:.2} of the {baseline}",
                self.throughput
            ),
            None => format!("throughput >= {:.2} of {baseline}", self.throughput),
        }
    }
}

/// The run's last line: the goals' verdict, or in a quick run, why there is none.
fn goals_line<P: Pair>(all_met: bool, quick: bool, seconds: f64) -> String {
    let goals = P::GOAL.describe(P::BASELINE);
    if quick {
        format!(
            "--quick: figures from {seconds:.1} s of measurement are indicative only; the goals \
             ({goals}) are judged by the full run, `{}`",
            P::FULL_RUN
        )
    } else {
        format!(
            "goals ({goals}): {}; measured in {seconds:.1} s",
            verdict(all_met, false)
        )
    }
}

async fn run<P: Pair>(settings: Settings<P>) -> Result<bool, CallError> {
    let (addr, server_thread) = server::start()?;
    let threads = affinity::this_thread()
        .zip(server_thread)
        .and_then(|(client, server)| Threads::new(client, server));
    let clients = Arc::new(P::new(addr, &settings.options)?);
    println!(
        "{}: {} rounds x {} calls per client and setting; server {addr}",
        P::NAME,
        settings.rounds,
        settings.calls
    );
    println!("{}: {}", P::BASELINE, clients.describe());
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
        "| operation | conc | client | calls/s | p50 µs | p99 µs | client CPU µs/call | allocs/call | bytes/call | allocs > {} B/call |",
        alloc::CACHED_MAX
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut verdicts = Vec::new();
    let started = Instant::now();
    for &op in &settings.ops {
        for &conc in &settings.concurrency {
            let (typed, baseline) = measure(&clients, op, conc, &settings).await?;
            let (t, b) = (Summary::of(&typed), Summary::of(&baseline));
            for (name, s, rounds) in [("typed", t, &typed), (P::BASELINE, b, &baseline)] {
                if rounds.is_empty() {
                    continue;
                }
                println!(
                    "| {} | {conc} | {name} | {:.0} | {:.1} | {:.1} | {:.2} | {:.1} | {:.0} | {:.2} |",
                    op.name(),
                    s.throughput,
                    s.p50_us,
                    s.p99_us,
                    s.cpu_us,
                    s.allocs,
                    s.bytes,
                    s.large
                );
            }
            verdicts.push((op, conc, Ratios::of(&typed, &baseline), t, b));
        }
    }
    if settings.sides.len() < 2 {
        return Ok(false);
    }
    println!();
    println!(
        "| operation | conc | throughput typed/{} (range) | p50 ratio | p99 ratio | CPU ratio | extra allocs/call | goals |",
        P::BASELINE
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut all_met = true;
    for (op, conc, r, t, b) in verdicts {
        let met = P::GOAL.met(&r);
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
            t.allocs - b.allocs,
            verdict(met, settings.quick)
        );
    }
    println!();
    println!(
        "{}",
        goals_line::<P>(all_met, settings.quick, started.elapsed().as_secs_f64())
    );
    Ok(all_met)
}

/// The program: reads the command line, runs the pair on a current-thread runtime, prints
/// the report. A goal not met is a figure, not a failure: the exit code says only whether
/// the run itself worked.
pub fn main<P: Pair>() -> ExitCode {
    let settings = match Settings::<P>::from_args() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", P::NAME);
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{}: cannot start the runtime: {e}", P::NAME);
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(settings)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: a call failed: {e}", P::NAME);
            ExitCode::FAILURE
        }
    }
}
