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
//! The rounds, interleaved typed and floor, and the report are `paired.rs`'s (shared with
//! `benches/call_cost-graph-rs`, which pairs typed with graph-rs-sdk). See BENCHMARKS.md.

mod affinity;
mod alloc;
mod clients;
mod cpu;
mod paired;
mod server;
mod stats;
mod typed;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

fn main() -> ExitCode {
    paired::main::<clients::Clients>()
}
