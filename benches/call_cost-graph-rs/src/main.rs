//! Call cost, typed against graph-rs-sdk 3.0.1: msgraph-typed's `ReqwestGraphClient` and
//! graph-rs-sdk's `GraphClient` making the same two calls, over the `call_cost` bench's
//! loopback server, in its interleaved rounds, with its token, its counting allocator and
//! its thread placement (its modules, included from `../../call_cost/`).
//!
//! `cargo run --release -- --quick` (a few seconds, indicative only), or `cargo run
//! --release` (the full run). Flags as `call_cost`'s: `--rounds N`, `--calls N`,
//! `--concurrency 1,16,64`, `--op validate|change|both|all`, `--only typed|graph-rs`,
//! `--placement same|apart|free`. See README.md.

#[path = "../../call_cost/affinity.rs"]
mod affinity;
#[path = "../../call_cost/alloc.rs"]
mod alloc;
#[path = "../../call_cost/cpu.rs"]
mod cpu;
mod graph_rs;
#[path = "../../call_cost/paired.rs"]
mod paired;
#[path = "../../call_cost/server.rs"]
mod server;
#[path = "../../call_cost/stats.rs"]
mod stats;
#[path = "../../call_cost/typed.rs"]
mod typed;

use std::net::SocketAddr;
use std::process::ExitCode;

use msgraph_typed::ReqwestGraphClient;

use graph_rs::GraphRs;
use paired::{CallError, Goal, Op, Pair, Side};

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// Both clients, against one server, with the same token.
struct Clients {
    typed: ReqwestGraphClient,
    graph_rs: GraphRs,
}

impl Pair for Clients {
    const NAME: &'static str = "call-cost-graph-rs";
    const BASELINE: &'static str = "graph-rs";
    const OPS: &'static [Op] = &[Op::Validate, Op::Change];
    // Issue 14's goal: at least as fast as graph-rs-sdk, at every concurrency.
    const GOAL: Goal = Goal {
        throughput: 1.0,
        p99: None,
    };
    const FULL_RUN: &'static str = "cargo run --release";
    const FLAGS: &'static [&'static str] = &[];
    type Options = ();

    fn option(_: &mut (), flag: &str, _: &str) -> Result<(), String> {
        Err(format!("unknown argument {flag:?}"))
    }

    fn new(addr: SocketAddr, _: &()) -> Result<Self, CallError> {
        let token = typed::bench_token();
        Ok(Self {
            typed: typed::client(addr, &token)?,
            graph_rs: GraphRs::new(addr, &token)?,
        })
    }

    fn describe(&self) -> String {
        graph_rs::DESCRIPTION.into()
    }

    async fn call(&self, side: Side, op: Op) -> Result<(), CallError> {
        match (side, op) {
            (Side::Typed, Op::Validate) => typed::validate(&self.typed).await,
            (Side::Typed, Op::Change) => typed::change(&self.typed).await,
            (Side::Baseline, Op::Validate) => self.graph_rs.validate().await,
            (Side::Baseline, Op::Change) => self.graph_rs.change().await,
            (_, Op::List) => Err("the list call is not measured against graph-rs-sdk".into()),
        }
    }
}

fn main() -> ExitCode {
    paired::main::<Clients>()
}
