//! Figures of one round, and the medians and paired ratios over rounds.

use std::time::Duration;

use crate::alloc::Snapshot;

/// What one round of one client measured.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    /// Calls per second.
    pub throughput: f64,
    /// Median latency, microseconds.
    pub p50_us: f64,
    /// 99th percentile latency, microseconds.
    pub p99_us: f64,
    /// CPU time of the client's thread per call, microseconds (NaN where unknown).
    pub cpu_us: f64,
    /// Allocations per call (client side).
    pub allocs: f64,
    /// Bytes allocated per call (client side).
    pub bytes: f64,
    /// Allocations per call past the allocator's per-thread cache (client side).
    pub large: f64,
}

impl Round {
    /// From the latencies of every call, the wall time of the round and its allocations.
    pub fn new(
        latencies: &mut [Duration],
        elapsed: Duration,
        cpu: Option<Duration>,
        counted: Snapshot,
    ) -> Self {
        latencies.sort_unstable();
        let calls = latencies.len().max(1) as f64;
        Self {
            throughput: calls / elapsed.as_secs_f64().max(f64::MIN_POSITIVE),
            p50_us: micros(percentile(latencies, 50.0)),
            p99_us: micros(percentile(latencies, 99.0)),
            cpu_us: cpu.map_or(f64::NAN, |d| micros(d) / calls),
            allocs: counted.allocs as f64 / calls,
            bytes: counted.bytes as f64 / calls,
            large: counted.large as f64 / calls,
        }
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Nearest-rank percentile of sorted values (zero for none).
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    let index = rank.clamp(1, sorted.len()) - 1;
    sorted.get(index).copied().unwrap_or_default()
}

/// The median of `values` (NaN for none).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    match (values.get(n / 2), n % 2) {
        (Some(&mid), 1) => mid,
        (Some(&upper), _) => values
            .get(n / 2 - 1)
            .map_or(upper, |&lower| (lower + upper) / 2.0),
        (None, _) => f64::NAN,
    }
}

/// The medians over rounds of one client's figures.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub throughput: f64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub cpu_us: f64,
    pub allocs: f64,
    pub bytes: f64,
    pub large: f64,
}

impl Summary {
    pub fn of(rounds: &[Round]) -> Self {
        let field = |f: fn(&Round) -> f64| median(&mut rounds.iter().map(f).collect::<Vec<_>>());
        Self {
            throughput: field(|r| r.throughput),
            p50_us: field(|r| r.p50_us),
            p99_us: field(|r| r.p99_us),
            cpu_us: field(|r| r.cpu_us),
            allocs: field(|r| r.allocs),
            bytes: field(|r| r.bytes),
            large: field(|r| r.large),
        }
    }
}

/// Typed over floor, round by round (rounds are paired: each typed round ran next to a
/// floor round), then the median of those ratios.
#[derive(Debug, Clone, Copy)]
pub struct Ratios {
    pub throughput: f64,
    pub p50: f64,
    pub p99: f64,
    /// Client CPU time per call.
    pub cpu: f64,
    /// The lowest and highest per-round throughput ratio: how much the pairs disagree.
    pub throughput_range: (f64, f64),
}

impl Ratios {
    pub fn of(typed: &[Round], floor: &[Round]) -> Self {
        let paired = |f: fn(&Round) -> f64| -> Vec<f64> {
            typed.iter().zip(floor).map(|(t, b)| f(t) / f(b)).collect()
        };
        let mut thr = paired(|r| r.throughput);
        let lo = thr.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = thr.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Self {
            throughput: median(&mut thr),
            p50: median(&mut paired(|r| r.p50_us)),
            p99: median(&mut paired(|r| r.p99_us)),
            cpu: median(&mut paired(|r| r.cpu_us)),
            throughput_range: (lo, hi),
        }
    }
}
