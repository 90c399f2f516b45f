//! Which steps go in which batch request of a round. Pure: no I/O, no clock.
//!
//! Graph takes at most [`MAX_STEPS`] steps in one `$batch`, all under one version, and a
//! step's `dependsOn` must name a step of the same request. Steps are placed in the order
//! they were added; a step and the steps that depend on it, directly or through others (a
//! chain), go in one request when the chain fits in one: in the open request if there is
//! room, else in a new one. A chain longer than [`MAX_STEPS`] is cut: a step that does not
//! fit in its dependency's request waits for a later round, and is sent once its
//! dependency has answered (the sender then enforces the dependency itself).

use std::collections::HashMap;

use crate::request::ApiVersion;

/// The most steps Graph takes in one batch request.
pub(crate) const MAX_STEPS: usize = super::MAX_BATCH_STEPS;

/// A step ready to be sent this round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ready {
    /// The step's index in the batch (its order of addition).
    pub(crate) index: usize,
    pub(crate) version: ApiVersion,
    /// The step it depends on, when that step is also sent this round (under the same
    /// version, with a smaller index: a step can only depend on one added before it).
    pub(crate) after: Option<usize>,
}

/// One batch request: its version and the indexes of its steps, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chunk {
    pub(crate) version: ApiVersion,
    pub(crate) steps: Vec<usize>,
}

/// Places `ready` (in index order) into requests of at most `max` steps; gives the
/// requests in the order they were opened and the steps left for a later round.
pub(crate) fn pack(ready: &[Ready], max: usize) -> (Vec<Chunk>, Vec<usize>) {
    let max = max.max(1);
    // The chain of each step: the first step of its chain this round.
    let mut root: HashMap<usize, usize> = HashMap::with_capacity(ready.len());
    let mut chains: Vec<(usize, Vec<Ready>)> = Vec::new();
    let mut chain_of_root: HashMap<usize, usize> = HashMap::new();
    for step in ready {
        let r = match step.after.and_then(|d| root.get(&d).copied()) {
            Some(r) => r,
            None => step.index,
        };
        root.insert(step.index, r);
        let at = *chain_of_root.entry(r).or_insert_with(|| {
            chains.push((r, Vec::new()));
            chains.len() - 1
        });
        chains[at].1.push(*step);
    }

    let mut chunks: Vec<Chunk> = Vec::new();
    let mut open: HashMap<ApiVersion, usize> = HashMap::new();
    let mut deferred = Vec::new();
    for (_, chain) in chains {
        let version = chain[0].version;
        let room = |chunks: &Vec<Chunk>, open: &HashMap<ApiVersion, usize>| {
            open.get(&version)
                .map_or(0, |&c| max - chunks[c].steps.len())
        };
        if chain.len() <= max {
            if room(&chunks, &open) < chain.len() {
                chunks.push(Chunk {
                    version,
                    steps: Vec::with_capacity(max),
                });
                open.insert(version, chunks.len() - 1);
            }
            let c = open[&version];
            chunks[c].steps.extend(chain.iter().map(|s| s.index));
            continue;
        }
        // Too long for one request: each step goes where its dependency went, if there is
        // room; a step that finds none waits, and so do the steps after it.
        let mut placed: HashMap<usize, usize> = HashMap::new();
        for step in chain {
            let target = match step.after {
                Some(dep) => match placed.get(&dep) {
                    Some(&c) if chunks[c].steps.len() < max => Some(c),
                    _ => None,
                },
                None => {
                    if room(&chunks, &open) == 0 {
                        chunks.push(Chunk {
                            version,
                            steps: Vec::with_capacity(max),
                        });
                        open.insert(version, chunks.len() - 1);
                    }
                    Some(open[&version])
                }
            };
            match target {
                Some(c) => {
                    chunks[c].steps.push(step.index);
                    placed.insert(step.index, c);
                }
                None => deferred.push(step.index),
            }
        }
    }
    (chunks, deferred)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApiVersion::{Beta, V1};

    fn alone(index: usize) -> Ready {
        Ready {
            index,
            version: V1,
            after: None,
        }
    }

    fn after(index: usize, dep: usize) -> Ready {
        Ready {
            index,
            version: V1,
            after: Some(dep),
        }
    }

    #[test]
    fn forty_five_independent_steps_fill_requests_of_twenty_in_order() {
        let ready: Vec<Ready> = (0..45).map(alone).collect();
        let (chunks, deferred) = pack(&ready, MAX_STEPS);
        assert!(deferred.is_empty());
        let sizes: Vec<usize> = chunks.iter().map(|c| c.steps.len()).collect();
        assert_eq!(sizes, [20, 20, 5]);
        let order: Vec<usize> = chunks.iter().flat_map(|c| c.steps.clone()).collect();
        assert_eq!(order, (0..45).collect::<Vec<_>>());
    }

    #[test]
    fn steps_of_two_versions_go_in_separate_requests() {
        let ready = [
            alone(0),
            Ready {
                version: Beta,
                ..alone(1)
            },
            alone(2),
        ];
        let (chunks, _) = pack(&ready, MAX_STEPS);
        assert_eq!(
            chunks,
            [
                Chunk {
                    version: V1,
                    steps: vec![0, 2]
                },
                Chunk {
                    version: Beta,
                    steps: vec![1]
                },
            ]
        );
    }

    #[test]
    fn a_chain_that_does_not_fit_the_open_request_starts_a_new_one_whole() {
        // 18 lone steps, then a chain of three: 18 + 3 > 20, so the chain moves on whole.
        let mut ready: Vec<Ready> = (0..18).map(alone).collect();
        ready.extend([alone(18), after(19, 18), after(20, 19), alone(21)]);
        let (chunks, deferred) = pack(&ready, MAX_STEPS);
        assert!(deferred.is_empty());
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].steps, (0..18).collect::<Vec<_>>());
        assert_eq!(chunks[1].steps, [18, 19, 20, 21]);
    }

    #[test]
    fn a_chain_longer_than_a_request_is_cut_and_its_rest_waits_for_a_later_round() {
        let mut ready = vec![alone(0)];
        ready.extend((1..25).map(|i| after(i, i - 1)));
        let (chunks, deferred) = pack(&ready, MAX_STEPS);
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].steps, (0..20).collect::<Vec<_>>());
        assert_eq!(deferred, (20..25).collect::<Vec<_>>());
    }

    #[test]
    fn a_wide_fan_out_keeps_each_dependent_with_the_step_it_depends_on() {
        // One step with 24 dependents: a dependent goes with it or waits, never into a
        // request without it.
        let mut ready = vec![alone(0)];
        ready.extend((1..25).map(|i| after(i, 0)));
        let (chunks, deferred) = pack(&ready, MAX_STEPS);
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].steps.len(), 20);
        assert_eq!(chunks[0].steps[0], 0);
        assert_eq!(deferred.len(), 5);
    }

    #[test]
    fn interleaved_chains_stay_whole() {
        let ready = [alone(0), alone(1), after(2, 0), after(3, 1), after(4, 2)];
        let (chunks, _) = pack(&ready, 3);
        assert_eq!(chunks[0].steps, [0, 2, 4]);
        assert_eq!(chunks[1].steps, [1, 3]);
    }
}
