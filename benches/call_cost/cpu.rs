//! CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`). On a machine shared with
//! other work, wall time also counts the waits for a core; the CPU time of the client's
//! thread is the work the calls themselves cost.

use std::time::Duration;

/// This thread's CPU time so far; `None` where it is not available.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn thread_cpu() -> Option<Duration> {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        // From the C library std already links; declared here to need no `libc` crate.
        fn clock_gettime(clock: i32, now: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec (two 64-bit fields on 64-bit Linux), and
    // the clock id is Linux's thread CPU clock.
    let status = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return None;
    }
    let secs = u64::try_from(now.tv_sec).ok()?;
    let nanos = u32::try_from(now.tv_nsec).ok()?;
    Some(Duration::new(secs, nanos))
}

/// This thread's CPU time so far; `None` where it is not available.
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
pub fn thread_cpu() -> Option<Duration> {
    None
}
