//! Where the client's thread and the server's thread run: on one CPU, on two, or wherever
//! the scheduler puts them.
//!
//! At concurrency 1 a call is a ping-pong between the two threads, and its latency depends
//! on their placement more than on either client: on this machine (a 2-vCPU VM) a call took
//! about 23 µs with both threads on one CPU and about 68 µs with them on two, for the
//! typed client and the floor alike, for `validatePassword` and `changePassword` alike;
//! the client thread's CPU time per call doubled too (15 µs against 35 µs). Left to the
//! scheduler, a run got one placement or the other for a whole setting, which is what
//! made one operation look three times slower than the other in earlier runs. Pinning
//! makes the placement a setting of the run instead of a draw.
//!
//! The default is both threads on one CPU at every concurrency: a call's latency is then
//! the work of the two sides, not the machine's cost of waking a thread on another CPU,
//! and other work on the machine slows both clients' rounds alike (with the threads on
//! two CPUs, a build landing on one of them slowed the client or the server alone, and
//! pair ratios ranged from 0.6 to 1.3 where they ranged from 0.93 to 1.01 on one CPU).
//! Throughput at concurrency 16 and 64 is then bounded by the client's and the server's
//! CPU time together; the client's own cost stays visible in its CPU time per call.
//!
//! Linux only (`sched_setaffinity`, `gettid`); elsewhere every placement is `free`.

use std::fmt;
use std::io;

/// A thread id (`gettid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tid(i32);

/// How the run places the two threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Both threads on one CPU (the default).
    Same,
    /// The client on one CPU, the server on another, at every concurrency.
    Apart,
    /// Not pinned: the scheduler decides (the benchmark's behaviour before pinning).
    Free,
}

impl Placement {
    /// Parses `same`, `apart` or `free`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "same" => Ok(Self::Same),
            "apart" => Ok(Self::Apart),
            "free" => Ok(Self::Free),
            other => Err(format!("--placement {other:?}: use same, apart or free")),
        }
    }
}

/// The CPUs chosen for one setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pinned {
    /// Both threads may run on any CPU the process may use.
    Free,
    /// The client's thread on `client`, the server's on `server` (possibly the same CPU).
    On { client: usize, server: usize },
}

impl fmt::Display for Pinned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pinned::Free => f.write_str("free"),
            Pinned::On { client, server } if client == server => write!(f, "one CPU ({client})"),
            Pinned::On { client, server } => {
                write!(f, "two CPUs (client {client}, server {server})")
            }
        }
    }
}

/// The threads of the run and the CPUs they may use.
pub struct Threads {
    client: Tid,
    server: Tid,
    allowed: Vec<usize>,
}

impl Threads {
    /// `client` and `server` are the two threads' ids; the CPUs allowed are the calling
    /// thread's at the start (what `taskset` or a cgroup gave the process). `None` where
    /// threads cannot be pinned.
    pub fn new(client: Tid, server: Tid) -> Option<Self> {
        let allowed = imp::allowed(client).ok()?;
        if allowed.is_empty() {
            return None;
        }
        Some(Self {
            client,
            server,
            allowed,
        })
    }

    /// The CPUs `placement` gives the threads: the first CPU the process may use, and for
    /// `apart` the second (the first again when there is only one).
    pub fn plan(&self, placement: Placement) -> Pinned {
        let Some(&first) = self.allowed.first() else {
            return Pinned::Free;
        };
        let second = self.allowed.get(1).copied().unwrap_or(first);
        match placement {
            Placement::Free => Pinned::Free,
            Placement::Same => Pinned::On {
                client: first,
                server: first,
            },
            Placement::Apart => Pinned::On {
                client: first,
                server: second,
            },
        }
    }

    /// Pins both threads as `pinned` says, and checks that the kernel took it.
    pub fn apply(&self, pinned: Pinned) -> io::Result<()> {
        let (client, server) = match pinned {
            Pinned::Free => (self.allowed.clone(), self.allowed.clone()),
            Pinned::On { client, server } => (vec![client], vec![server]),
        };
        for (tid, cpus) in [(self.client, client), (self.server, server)] {
            imp::set(tid, &cpus)?;
            let now = imp::allowed(tid)?;
            if now != cpus {
                return Err(io::Error::other(format!(
                    "thread {} was pinned to CPUs {cpus:?} but runs on {now:?}",
                    tid.0
                )));
            }
        }
        Ok(())
    }
}

/// The calling thread's id; `None` where threads cannot be pinned.
pub fn this_thread() -> Option<Tid> {
    imp::gettid().map(Tid)
}

#[cfg(target_os = "linux")]
mod imp {
    //! The C library's calls, declared here to need no `libc` crate (as `cpu.rs` does).

    use super::Tid;
    use std::io;

    /// `cpu_set_t`: 1,024 bits.
    const WORDS: usize = 16;
    const BITS: usize = 64;

    extern "C" {
        #[link_name = "gettid"]
        fn c_gettid() -> i32;
        fn sched_setaffinity(pid: i32, size: usize, mask: *const u64) -> i32;
        fn sched_getaffinity(pid: i32, size: usize, mask: *mut u64) -> i32;
    }

    pub fn gettid() -> Option<i32> {
        // SAFETY: `gettid` takes nothing and cannot fail.
        Some(unsafe { c_gettid() })
    }

    pub fn allowed(tid: Tid) -> io::Result<Vec<usize>> {
        let mut mask = [0u64; WORDS];
        // SAFETY: `mask` is a writable buffer of exactly the size passed.
        let status =
            unsafe { sched_getaffinity(tid.0, std::mem::size_of_val(&mask), mask.as_mut_ptr()) };
        if status != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok((0..WORDS * BITS)
            .filter(|cpu| {
                mask.get(cpu / BITS)
                    .is_some_and(|word| word & (1 << (cpu % BITS)) != 0)
            })
            .collect())
    }

    pub fn set(tid: Tid, cpus: &[usize]) -> io::Result<()> {
        let mut mask = [0u64; WORDS];
        for &cpu in cpus {
            let word = mask
                .get_mut(cpu / BITS)
                .ok_or_else(|| io::Error::other(format!("CPU {cpu} is beyond 1,024")))?;
            *word |= 1 << (cpu % BITS);
        }
        // SAFETY: `mask` is a readable buffer of exactly the size passed.
        let status =
            unsafe { sched_setaffinity(tid.0, std::mem::size_of_val(&mask), mask.as_ptr()) };
        if status != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use super::Tid;
    use std::io;

    pub fn gettid() -> Option<i32> {
        None
    }

    pub fn allowed(_: Tid) -> io::Result<Vec<usize>> {
        Err(io::ErrorKind::Unsupported.into())
    }

    pub fn set(_: Tid, _: &[usize]) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }
}
