//! Generator speed: every page of the Graph docs sample read, parsed, lowered and emitted,
//! at 1x, 2x and 4x copies of the sample, to show the time and that it grows linearly.
//!
//! `cargo bench -p msgraph-typed-codegen --bench generator_speed` (a few seconds);
//! `-- --quick` for fewer repetitions, `-- --sample DIR` for another folder of pages
//! (default: `../shared/graph-docs-sample` beside the repository, or `$MSGRAPH_DOCS_SAMPLE`).
//!
//! Each scale is a fresh copy of the sample under the temp folder (copy `k` of the pages in
//! `copy{k}/`), read through the public API as a build script would, in lenient mode (the
//! sample has pages the generator skips by design). Reported per scale: the median wall
//! time of the whole `Generator::generate` over the repetitions, the median of each stage
//! (read files, parse, lower, emit) timed apart, and the cost per page. See BENCHMARKS.md.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use msgraph_typed_codegen::emit::{self, Options};
use msgraph_typed_codegen::{lower, parse, Generator, Mode};

/// The goal for the whole sample at 1x.
const GOAL: Duration = Duration::from_secs(1);
/// Per-page cost at 4x may be at most this much above 1x to call the cost linear.
const LINEAR_SLACK: f64 = 1.25;

struct Settings {
    sample: PathBuf,
    reps: usize,
}

impl Settings {
    fn from_args() -> Result<Self, String> {
        let default = std::env::var_os("MSGRAPH_DOCS_SAMPLE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs-sample")
            });
        let mut s = Settings {
            sample: default,
            reps: 7,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => s.reps = 3,
                "--sample" => {
                    s.sample = args
                        .next()
                        .map(PathBuf::from)
                        .ok_or("--sample needs a folder")?
                }
                // `cargo bench` passes `--bench` to every bench binary.
                "--bench" => {}
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        if !s.sample.is_dir() {
            return Err(format!(
                "the sample folder {} does not exist: pass --sample DIR or set MSGRAPH_DOCS_SAMPLE",
                s.sample.display()
            ));
        }
        Ok(s)
    }
}

/// Copies the page tree at `from` into `to`.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The page files under `dir`, as the generator picks them (`*.md`, `*.txt`, not README or
/// LICENSE files), in path order.
fn pages_under(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            pages_under(&path, out)?;
        } else {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let upper = name.to_ascii_uppercase();
            let page = (upper.ends_with(".MD") || upper.ends_with(".TXT"))
                && upper != "README.MD"
                && !upper.starts_with("LICENSE");
            if page {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(())
}

/// The timings of one pass, stage by stage.
#[derive(Default, Clone, Copy)]
struct Stages {
    read: Duration,
    parse: Duration,
    lower: Duration,
    emit: Duration,
}

/// One pass through the stages by hand (the same calls `Generator::generate` makes).
fn stages(root: &Path) -> Result<(Stages, usize), String> {
    let mut s = Stages::default();
    let t = Instant::now();
    let mut files = Vec::new();
    pages_under(root, &mut files).map_err(|e| format!("{}: {e}", root.display()))?;
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|p| fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect();
    s.read = t.elapsed();
    let t = Instant::now();
    let pages: Vec<_> = texts
        .iter()
        .filter_map(|(p, text)| parse::read_page(p, text).ok())
        .collect();
    s.parse = t.elapsed();
    let t = Instant::now();
    let lowered = lower::lower(&pages, true).map_err(|d| format!("lowering failed: {d:?}"))?;
    s.lower = t.elapsed();
    let t = Instant::now();
    let code = emit::emit(&lowered.api, &Options::for_mode(Mode::Sdk));
    s.emit = t.elapsed();
    Ok((s, std::hint::black_box(code).len()))
}

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

/// What one scale produced, and how long it took.
struct Scale {
    copies: usize,
    pages: usize,
    operations: usize,
    models: usize,
    skipped: usize,
    code_bytes: usize,
    total: Duration,
    /// CPU time of the whole generation (this thread), where known.
    cpu: Option<Duration>,
    stages: Stages,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn measure(root: &Path, copies: usize, reps: usize) -> Result<Scale, String> {
    let generator = Generator::new().pages(root).mode(Mode::Sdk).lenient(true);
    let mut totals = Vec::with_capacity(reps);
    let mut cpus = Vec::with_capacity(reps);
    let mut per_stage: Vec<Stages> = Vec::with_capacity(reps);
    let mut last = None;
    for _ in 0..reps {
        let cpu_before = thread_cpu();
        let t = Instant::now();
        let output = generator
            .generate()
            .map_err(|d| format!("generation failed: {d:?}"))?;
        totals.push(t.elapsed());
        if let (Some(after), Some(before)) = (thread_cpu(), cpu_before) {
            cpus.push(after.saturating_sub(before));
        }
        last = Some(output);
        per_stage.push(stages(root)?.0);
    }
    let output = last.ok_or("no repetitions")?;
    let pick = |f: fn(&Stages) -> Duration| median(per_stage.iter().map(f).collect());
    Ok(Scale {
        copies,
        pages: output.files.len(),
        operations: output.api.operations.len(),
        models: output.api.models.len(),
        // Skipped pages only: lenient warnings are in `output.warnings`.
        skipped: output.skipped.len(),
        code_bytes: output.code.len(),
        total: median(totals),
        cpu: (cpus.len() == reps).then(|| median(cpus)),
        stages: Stages {
            read: pick(|s| s.read),
            parse: pick(|s| s.parse),
            lower: pick(|s| s.lower),
            emit: pick(|s| s.emit),
        },
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn run(settings: &Settings) -> Result<(), String> {
    let work = std::env::temp_dir().join(format!("msgraph-codegen-bench-{}", std::process::id()));
    let result = (|| {
        let mut scales = Vec::new();
        for copies in [1, 2, 4] {
            let root = work.join(format!("x{copies}"));
            for k in 1..=copies {
                copy_tree(&settings.sample, &root.join(format!("copy{k}")))
                    .map_err(|e| format!("copying the sample: {e}"))?;
            }
            scales.push(measure(&root, copies, settings.reps)?);
        }
        Ok::<_, String>(scales)
    })();
    // The copies are ours; a failure to remove them is not worth failing the run for.
    let _ = fs::remove_dir_all(&work);
    let scales = result?;

    println!(
        "generator_speed: {} repetitions per scale, sample {}",
        settings.reps,
        settings.sample.display()
    );
    println!();
    println!("| copies | pages | operations | models | skipped | code KiB | generate ms | CPU ms | read | parse | lower | emit | µs/page |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for s in &scales {
        println!(
            "| {} | {} | {} | {} | {} | {:.0} | {:.1} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
            s.copies,
            s.pages,
            s.operations,
            s.models,
            s.skipped,
            s.code_bytes as f64 / 1024.0,
            ms(s.total),
            s.cpu.map_or("-".to_owned(), |c| format!("{:.1}", ms(c))),
            ms(s.stages.read),
            ms(s.stages.parse),
            ms(s.stages.lower),
            ms(s.stages.emit),
            s.total.as_secs_f64() * 1e6 / s.pages.max(1) as f64
        );
    }
    let per_page = |s: &Scale| s.total.as_secs_f64() / s.pages.max(1) as f64;
    let (first, last) = match (scales.first(), scales.last()) {
        (Some(f), Some(l)) => (f, l),
        _ => return Err("no scales measured".into()),
    };
    let growth = per_page(last) / per_page(first);
    println!();
    // Judged on CPU time where known: on a shared machine wall time counts waits for a core.
    let judged = first.cpu.unwrap_or(first.total);
    println!(
        "1x under {} s (CPU time where known): {} (wall {:.0} ms, CPU {}); \
         linear (µs/page at 4x within {LINEAR_SLACK}x of 1x): {} ({growth:.2}x)",
        GOAL.as_secs(),
        if judged < GOAL { "met" } else { "NOT met" },
        ms(first.total),
        first
            .cpu
            .map_or("unknown".to_owned(), |c| format!("{:.0} ms", ms(c))),
        if growth <= LINEAR_SLACK {
            "met"
        } else {
            "NOT met"
        },
    );
    Ok(())
}

fn main() -> ExitCode {
    match Settings::from_args().and_then(|s| run(&s)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generator_speed: {e}");
            ExitCode::FAILURE
        }
    }
}
