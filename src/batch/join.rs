//! Runs futures with at most a given number in flight, giving their outputs in order.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

/// Awaits every future of `futures`, at most `limit` (at least 1) at a time, started in
/// order; the outputs come back in the order of `futures`.
pub(crate) async fn limited<F: Future>(futures: Vec<F>, limit: usize) -> Vec<F::Output> {
    let limit = limit.max(1);
    let total = futures.len();
    let mut waiting = futures.into_iter().enumerate();
    let mut running: Vec<(usize, Pin<Box<F>>)> = Vec::with_capacity(limit.min(total));
    let mut out: Vec<Option<F::Output>> = (0..total).map(|_| None).collect();
    poll_fn(|cx| loop {
        while running.len() < limit {
            match waiting.next() {
                Some((i, f)) => running.push((i, Box::pin(f))),
                None => break,
            }
        }
        if running.is_empty() {
            return Poll::Ready(());
        }
        let mut finished = false;
        let mut k = 0;
        while k < running.len() {
            if let Poll::Ready(value) = running[k].1.as_mut().poll(cx) {
                out[running[k].0] = Some(value);
                // Order among the running does not matter: outputs are placed by index.
                running.swap_remove(k);
                finished = true;
            } else {
                k += 1;
            }
        }
        // A slot came free: start the next ones (and poll them) at once.
        if !finished {
            return Poll::Pending;
        }
    })
    .await;
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[tokio::test(flavor = "current_thread")]
    async fn no_more_than_the_limit_run_at_once_and_outputs_keep_their_order() {
        let now = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let futures: Vec<_> = (0..7u64)
            .map(|i| {
                let (now, peak) = (now.clone(), peak.clone());
                async move {
                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(n, Ordering::SeqCst);
                    // Later ones finish first, so order must come from the index.
                    tokio::time::sleep(Duration::from_millis(10 * (7 - i))).await;
                    now.fetch_sub(1, Ordering::SeqCst);
                    i
                }
            })
            .collect();
        assert_eq!(limited(futures, 3).await, (0..7).collect::<Vec<_>>());
        assert_eq!(peak.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_limit_of_one_runs_them_one_after_the_other() {
        let peak = Arc::new(AtomicUsize::new(0));
        let now = Arc::new(AtomicUsize::new(0));
        let futures: Vec<_> = (0..3)
            .map(|i| {
                let (now, peak) = (now.clone(), peak.clone());
                async move {
                    peak.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    now.fetch_sub(1, Ordering::SeqCst);
                    i
                }
            })
            .collect();
        assert_eq!(limited(futures, 0).await, [0, 1, 2]);
        assert_eq!(peak.load(Ordering::SeqCst), 1);
        assert!(limited(Vec::<std::future::Ready<u8>>::new(), 4)
            .await
            .is_empty());
    }
}
