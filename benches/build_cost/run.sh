#!/usr/bin/env bash
# Build cost: a clean debug build of a one-line app on msgraph-typed, against the same app
# calling Graph by hand with reqwest (json, default features) + serde + tokio.
#
#   bash benches/build_cost/run.sh             # 2 interleaved runs of each variant
#   RUNS=3 VARIANTS="by_hand typed_ring" bash benches/build_cost/run.sh
#
# Variants:
#   by_hand          benches/build_cost/by_hand (reqwest defaults: rustls + aws-lc-rs, h2, ...)
#   typed_ring       benches/build_cost/typed, msgraph-typed's default features (rustls + ring)
#   typed_aws_lc_rs  the same, with msgraph-typed's rustls provider switched to aws-lc-rs
#   typed_native_tls the same, with `default-features = false, features = ["native-tls"]`
#
# The typed variants build the committed HEAD (git archive), not the working tree, so
# uncommitted edits do not change the figures. Every run gets a fresh CARGO_TARGET_DIR under
# $WORK; sources are fetched before timing. WORK defaults to a new `mktemp -d` folder, so
# two runs never share one; set WORK to reuse a folder: the figures and timing reports of
# an earlier run in it are cleared first, so the report only shows this run's builds. Wall time and
# CPU time (user + sys of cargo and everything it runs) come from /usr/bin/time; the load
# average is recorded around each build, since other work on the machine slows wall time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/msgraph-build-cost.XXXXXX")}"
RUNS="${RUNS:-2}"
VARIANTS="${VARIANTS:-by_hand typed_ring typed_aws_lc_rs typed_native_tls}"
results="$WORK/results.tsv"

mkdir -p "$WORK"
rm -rf "$WORK/timings" "$results" "$WORK/time" "$WORK/build.log"
echo "build cost: working in $WORK" >&2
rm -rf "$WORK/src" && mkdir -p "$WORK/src"
git -C "$repo" archive HEAD | tar -x -C "$WORK/src"

# One app folder per variant, inside the exported tree so that `../../..` is the crate.
prepare() {
    local variant=$1 app
    case "$variant" in
    by_hand) app="$WORK/src/benches/build_cost/by_hand" ;;
    typed_ring) app="$WORK/src/benches/build_cost/typed" ;;
    typed_native_tls)
        app="$WORK/src/benches/build_cost/typed_native_tls"
        rm -rf "$app" && cp -r "$WORK/src/benches/build_cost/typed" "$app"
        sed -i 's|^msgraph-typed = .*|msgraph-typed = { path = "../../..", default-features = false, features = ["native-tls"] }|' "$app/Cargo.toml"
        ;;
    typed_aws_lc_rs)
        # A second copy of the crate with the provider switched in its two places.
        local crate="$WORK/src-aws-lc-rs"
        rm -rf "$crate" && cp -r "$WORK/src" "$crate"
        sed -i 's|features = \["ring", "std", "tls12"\]|features = ["aws_lc_rs", "std", "tls12"]|' "$crate/Cargo.toml"
        sed -i 's|rustls::crypto::ring::default_provider()|rustls::crypto::aws_lc_rs::default_provider()|' "$crate/src/reqwest_client/tls.rs"
        grep -q '"aws_lc_rs", "std"' "$crate/Cargo.toml" || { echo "aws-lc-rs patch of Cargo.toml failed" >&2; exit 1; }
        grep -q 'aws_lc_rs::default_provider' "$crate/src/reqwest_client/tls.rs" || { echo "aws-lc-rs patch of tls.rs failed" >&2; exit 1; }
        app="$crate/benches/build_cost/typed"
        ;;
    *) echo "unknown variant $variant" >&2; exit 2 ;;
    esac
    (cd "$app" && cargo fetch --quiet) >&2
    echo "$app"
}

declare -A apps
for v in $VARIANTS; do
    apps[$v]="$(prepare "$v")"
done

load() { cut -d' ' -f1 /proc/loadavg; }
printf 'variant\trun\twall_s\tcpu_s\tload_before\tload_after\n' > "$results"
for run in $(seq 1 "$RUNS"); do
    for v in $VARIANTS; do
        target="$WORK/target-$v"
        rm -rf "$target"
        before=$(load)
        ( cd "${apps[$v]}" && CARGO_TARGET_DIR="$target" /usr/bin/time -f '%e %U %S' -o "$WORK/time" \
            cargo build --quiet --timings >/dev/null 2>"$WORK/build.log" ) ||
            { cat "$WORK/build.log" >&2; echo "build of $v failed" >&2; exit 1; }
        after=$(load)
        read -r wall user sys < "$WORK/time"
        cpu=$(echo "$user + $sys" | bc)
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$run" "$wall" "$cpu" "$before" "$after" >> "$results"
        printf '%-17s run %s: wall %6.1f s  cpu %6.1f s  (load %s -> %s)\n' "$v" "$run" "$wall" "$cpu" "$before" "$after"
        mkdir -p "$WORK/timings/$v-$run"
        cp "$target"/cargo-timings/cargo-timing.html "$WORK/timings/$v-$run/" 2>/dev/null || true
    done
done

python3 "$repo/benches/build_cost/report.py" "$WORK"
echo "figures: $results; cargo's timing reports: $WORK/timings" >&2
