#!/usr/bin/env bash
# Checks run.sh's bookkeeping in seconds, with a stand-in `cargo` that builds nothing:
# two runs without WORK get two folders, and a run that reuses a folder reports only the
# variants it built, not an earlier run's.
#
#   bash benches/build_cost/selftest.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# Everything goes under one folder, removed at the end: the stand-in, the logs, and the
# WORK folders run.sh makes (it makes them under $TMPDIR).
stub="$(mktemp -d)"
trap 'rm -rf "$stub"' EXIT

# The stand-in: `cargo fetch` does nothing; `cargo build --timings` writes a timing report
# with one unit of msgraph-typed, as cargo would under $CARGO_TARGET_DIR.
cat > "$stub/cargo" <<'STUB'
#!/usr/bin/env bash
if [ "$1" = build ]; then
    mkdir -p "$CARGO_TARGET_DIR/cargo-timings"
    printf 'const UNIT_DATA = [{"name":"msgraph-typed","target":"","start":0,"duration":1.5}];\n' \
        > "$CARGO_TARGET_DIR/cargo-timings/cargo-timing.html"
fi
STUB
chmod +x "$stub/cargo"

fail() { echo "selftest: $*" >&2; exit 1; }
# Runs run.sh with the stand-in; prints its output, then its WORK folder on the last line.
run() {
    local err
    err="$(mktemp -p "$stub")"
    PATH="$stub:$PATH" TMPDIR="$stub" RUNS=1 bash "$here/run.sh" 2>"$err" ||
        { cat "$err" >&2; fail "run.sh failed"; }
    sed -n 's/^build cost: working in //p' "$err"
}

first="$(VARIANTS="by_hand typed_ring" run)"
work1="$(tail -n1 <<<"$first")"
[ -d "$work1" ] && [[ "$work1" == "$stub"/msgraph-build-cost.* ]] ||
    fail "no fresh WORK folder named in: $first"
grep -q 'typed_ring-1: msgraph-typed lib 1.5' <<<"$first" || fail "first run's report: $first"

second="$(VARIANTS="by_hand" run)"
work2="$(tail -n1 <<<"$second")"
[ "$work1" != "$work2" ] || fail "two runs without WORK shared $work1"

reused="$(WORK="$work1" VARIANTS="by_hand" run)"
grep -q 'by_hand-1: msgraph-typed lib 1.5' <<<"$reused" || fail "reused run's report: $reused"
! grep -q 'typed_ring' <<<"$reused" || fail "a reused WORK reported an earlier run's variant: $reused"
[ ! -e "$work1/timings/typed_ring-1" ] || fail "an earlier run's timing report was left in $work1"
[ "$(grep -c '^by_hand' "$work1/results.tsv")" = 1 ] || fail "results.tsv: $(cat "$work1/results.tsv")"
echo "selftest: run.sh keeps each run's figures apart (3 runs checked)"
