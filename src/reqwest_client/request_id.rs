//! `client-request-id` values: a GUID per call, unique for the client, without asking the
//! operating system for randomness on every call.
//!
//! Graph asks for a GUID it can quote back; what matters is that no two calls share one.
//! A fresh random UUID per call costs a `getrandom` system call each time (most of the
//! client's per-call cost after the HTTP work itself, see BENCHMARKS.md). Instead each client
//! draws 128 random bits once and numbers its calls: call `n` gets a 64-bit bijective mix of
//! the seeded counter, spread over the UUID's free bits with the rest of the seed. Distinct
//! numbers give distinct ids (2^64 of them per client), ids of two clients differ by their
//! random seeds, and every id is a well-formed version 4, RFC 4122 variant UUID that does
//! not reveal how many calls came before it.

use std::sync::atomic::{AtomicU64, Ordering};

use uuid::Uuid;

/// The request ids of one client (shared by its clones).
pub(crate) struct RequestIds {
    /// Random, fixed per client: the starting point of the numbering.
    offset: u64,
    /// Random, fixed per client: the 58 low bits of every id.
    tail: u64,
    next: AtomicU64,
}

impl RequestIds {
    /// Seeded from the operating system's random source, once.
    pub(crate) fn new() -> Self {
        let seed = Uuid::new_v4().as_u128();
        Self::seeded(seed as u64, (seed >> 64) as u64)
    }

    fn seeded(offset: u64, tail: u64) -> Self {
        Self {
            offset,
            tail,
            next: AtomicU64::new(0),
        }
    }

    /// The next id.
    pub(crate) fn next(&self) -> Uuid {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        // An odd multiplier and an offset keep the map from n injective (mod 2^64).
        layout(
            mix(self
                .offset
                .wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15))),
            self.tail,
        )
    }
}

/// SplitMix64's finalizer: a bijection on u64 (xor-shifts and odd multiplications each are),
/// which scatters consecutive numbers over the whole range.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A version 4, RFC 4122 variant UUID holding all 64 bits of `v` (an injection: distinct
/// `v`, distinct ids) and 58 bits of `tail`. Bits from the most significant: 48 of `v`, the
/// version (4 bits, `0100`), 12 of `v`, the variant (2 bits, `10`), the last 4 of `v`, 58 of
/// `tail`.
fn layout(v: u64, tail: u64) -> Uuid {
    let high = ((v >> 16) << 16) | (0x4 << 12) | ((v >> 4) & 0xfff);
    let low = (0b10 << 62) | ((v & 0xf) << 58) | (tail & ((1 << 58) - 1));
    Uuid::from_u128((u128::from(high) << 64) | u128::from(low))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_id_is_a_version_4_rfc_4122_uuid() {
        let ids = RequestIds::new();
        for _ in 0..1000 {
            let id = ids.next();
            assert_eq!(id.get_version_num(), 4, "{id}");
            assert_eq!(id.get_variant(), uuid::Variant::RFC4122, "{id}");
        }
    }

    #[test]
    fn a_clients_ids_do_not_repeat() {
        let ids = RequestIds::new();
        let seen: HashSet<Uuid> = (0..200_000).map(|_| ids.next()).collect();
        assert_eq!(seen.len(), 200_000);
    }

    #[test]
    fn ids_that_differ_in_any_bit_of_the_mixed_number_differ() {
        // The layout keeps every bit of v: flipping any one changes the id.
        let base = layout(0, 0);
        for bit in 0..64 {
            assert_ne!(layout(1 << bit, 0), base, "bit {bit} was dropped");
        }
        assert_eq!(layout(u64::MAX, 0).get_version_num(), 4);
    }

    #[test]
    fn two_clients_give_different_ids() {
        let (a, b) = (RequestIds::new(), RequestIds::new());
        let first: HashSet<Uuid> = (0..1000).map(|_| a.next()).collect();
        assert!((0..1000).all(|_| !first.contains(&b.next())));
    }

    #[test]
    fn consecutive_ids_do_not_look_consecutive() {
        let ids = RequestIds::seeded(0, 0);
        let (a, b) = (ids.next().as_u128(), ids.next().as_u128());
        // Many bits change from one call to the next, not only the last.
        assert!((a ^ b).count_ones() > 16, "{a:x} {b:x}");
    }
}
