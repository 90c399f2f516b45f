//! The start-up of the benchmarks' loopback servers: a thread of its own, named
//! `loopback-server`, running a single-threaded tokio runtime that accepts connections on
//! 127.0.0.1 and serves each in a task of its own until the process ends. What a server
//! answers is the including benchmark's (`serve`); this is only the plumbing they share.
//!
//! Included by `#[path]` from `benches/call_cost/server.rs` (and so from
//! `benches/call_cost-graph-rs`) and from `benches/batch_cost.rs`.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::mpsc;

use tokio::net::{TcpListener, TcpStream};

/// Starts the server and returns its address and what `on_thread` gave.
///
/// On the server's thread, in this order: `on_thread` runs first (before the runtime is
/// built, so that it can, say, leave the thread's allocations out of a count), then the
/// runtime is built and the listener bound, then `answers` makes what `serve` answers
/// from, which lives until the process ends. Each accepted connection gets `TCP_NODELAY`
/// and is handed to `serve` in a task of its own; a connection's error ends only that
/// connection, and a failed accept is reported on stderr and the server goes on.
pub fn start<T, A, S, F>(
    on_thread: impl FnOnce() -> T + Send + 'static,
    answers: impl FnOnce() -> A + Send + 'static,
    serve: S,
) -> io::Result<(SocketAddr, T)>
where
    T: Send + 'static,
    A: Sync + 'static,
    S: Fn(TcpStream, &'static A) -> F + Send + 'static,
    F: Future<Output = io::Result<()>> + Send + 'static,
{
    let (ready, started) = mpsc::channel();
    std::thread::Builder::new()
        .name("loopback-server".into())
        .spawn(move || {
            let value = on_thread();
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready.send(Err(e));
                    return;
                }
            };
            runtime.block_on(async move {
                let listener = match TcpListener::bind("127.0.0.1:0").await {
                    Ok(l) => l,
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
                let _ = ready.send(listener.local_addr().map(|a| (a, value)));
                let answers: &'static A = Box::leak(Box::new(answers()));
                loop {
                    match listener.accept().await {
                        Ok((stream, _)) => {
                            let _ = stream.set_nodelay(true);
                            let served = serve(stream, answers);
                            tokio::spawn(async move {
                                // A connection the client drops ends here; nothing to report.
                                let _ = served.await;
                            });
                        }
                        Err(e) => eprintln!("loopback server: accept failed: {e}"),
                    }
                }
            });
        })?;
    started
        .recv()
        .map_err(|_| io::Error::other("the loopback server thread ended before starting"))?
}
