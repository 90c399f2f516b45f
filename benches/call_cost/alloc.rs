//! A counting global allocator: how many allocations, and how many bytes, the client side
//! of the benchmark asks for.
//!
//! Threads marked with [`uncounted`] (the loopback server's) are left out, so the figures
//! are the client's alone. A `realloc` counts as one allocation of its new size: it is what
//! a growing buffer costs.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The allocator: [`System`], with counters.
pub struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LARGE: AtomicU64 = AtomicU64::new(0);

/// The largest request glibc's per-thread cache (tcache) serves, in bytes: a larger one
/// takes the slower path through the allocator's bins, and its block is consolidated with
/// its neighbours when freed.
pub const CACHED_MAX: usize = 1032;

thread_local! {
    // `const` and without a destructor: reading it never allocates.
    static UNCOUNTED: Cell<bool> = const { Cell::new(false) };
}

/// Leaves this thread's allocations out of the counts from now on.
pub fn uncounted() {
    UNCOUNTED.with(|c| c.set(true));
}

fn count(size: usize) {
    // A thread being torn down has lost its locals: count it, it can only be the client's.
    if !UNCOUNTED.try_with(Cell::get).unwrap_or(false) {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
        if size > CACHED_MAX {
            LARGE.fetch_add(1, Ordering::Relaxed);
        }
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// counting around it touches only atomics and a const thread-local, never the heap.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` through this allocator, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: as for `dealloc`; `new_size` is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocations and bytes counted so far.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    pub allocs: u64,
    pub bytes: u64,
    /// Allocations larger than [`CACHED_MAX`].
    pub large: u64,
}

/// The counters now.
pub fn snapshot() -> Snapshot {
    Snapshot {
        allocs: ALLOCS.load(Ordering::Relaxed),
        bytes: BYTES.load(Ordering::Relaxed),
        large: LARGE.load(Ordering::Relaxed),
    }
}

impl Snapshot {
    /// What was counted between `earlier` and `self`.
    pub fn since(self, earlier: Snapshot) -> Snapshot {
        Snapshot {
            allocs: self.allocs.saturating_sub(earlier.allocs),
            bytes: self.bytes.saturating_sub(earlier.bytes),
            large: self.large.saturating_sub(earlier.large),
        }
    }
}
