#!/usr/bin/env bash
# Checks the simulated Graph against Microsoft's own Python SDKs (msgraph-sdk, v1.0, and
# msgraph-beta-sdk, beta): installs them pinned into target/compat-venv (kept while
# compat/requirements.txt is unchanged), starts three fake_graph servers on free loopback
# ports (one plain, two throttling every second call, with Retry-After 1 and 1.5), runs
# compat/ms_sdk_check.py against them, and stops them on exit. The plain one also serves
# its journal (--journal-endpoint): five query calls are made both by Microsoft's SDK and
# by msgraph-typed's generated call surface (the compat_calls example of
# examples/downstream-endpoint) and their requests compared from it. Then the same with
# Microsoft's JavaScript Graph client
# (compat/js, installed with `npm ci` into target/compat-js, kept while its lock file is
# unchanged) against three fresh servers: the Python checks changed a password. Without node
# or npm the JavaScript part is skipped with a SKIPPED line; the Python part is mandatory.
# Each part prints `N passed, N failed`; the last line is the total in the same form; the
# exit status is non-zero on any failure.
#
# Environment: PYTHON (default python3), NODE (node), NPM (npm), COMPAT_CHECK_TIMEOUT
# (seconds per check, 20), COMPAT_RUN_TIMEOUT (seconds for each part's run, 300),
# CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
node=${NODE:-node}
npm=${NPM:-npm}
target=${CARGO_TARGET_DIR:-target}
venv=$target/compat-venv
js_dir=$target/compat-js
requirements=compat/requirements.txt
seed=compat/seed.json
check_timeout=${COMPAT_CHECK_TIMEOUT:-20}
run_timeout=${COMPAT_RUN_TIMEOUT:-300}
server_start_timeout=30
install_timeout=900

# The summary line goes to the script's stdout even from inside a redirected function.
exec 3>&1
work=$(mktemp -d "${TMPDIR:-/tmp}/msgraph-compat.XXXXXX")
servers=()
cleanup() {
    for pid in "${servers[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A failure before the checks ran still ends with the summary line.
setup_failed() {
    printf 'compat: %s\n' "$*" >&2
    printf '0 passed, 1 failed\n' >&3
    exit 1
}

# 1. The SDKs, in a venv reused while the pins (and the Python running them) are unchanged.
command -v "$python" >/dev/null || setup_failed "$python not found (set PYTHON)"
fingerprint=$({ cat "$requirements"; "$python" --version; } | sha256sum | cut -d' ' -f1)
if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$fingerprint" ]; then
    echo "compat: installing $requirements into $venv"
    started=$SECONDS
    rm -rf "$venv"
    "$python" -m venv "$venv" >"$work/venv.log" 2>&1 ||
        { cat "$work/venv.log" >&2; setup_failed "cannot create a venv (python3-venv missing?)"; }
    if ! timeout "$install_timeout" "$venv/bin/python" -m pip install --quiet \
        --disable-pip-version-check -r "$requirements" >"$work/pip.log" 2>&1; then
        tail -n 30 "$work/pip.log" >&2
        rm -rf "$venv"
        setup_failed "pip install -r $requirements failed (log above)"
    fi
    echo "$fingerprint" >"$venv/.requirements.sha256"
    echo "compat: installed in $((SECONDS - started))s"
else
    echo "compat: reusing $venv ($requirements unchanged)"
fi

# 2. The fake, built as cargo builds its examples, and the calls of ours to compare.
cargo build --quiet --features mock --example fake_graph ||
    setup_failed "cargo build --example fake_graph failed"
fake_graph=$target/debug/examples/fake_graph
cargo build --quiet -p downstream-endpoint --example compat_calls ||
    setup_failed "cargo build -p downstream-endpoint --example compat_calls failed"
compat_calls=$target/debug/examples/compat_calls

# Starts fake_graph with the seed and any extra arguments; prints its base URL.
start_fake() {
    local out
    out=$(mktemp "$work/fake.XXXXXX")
    "$fake_graph" --seed "$seed" --port 0 "$@" >"$out" 2>"$out.err" &
    servers+=($!)
    local pid=$! waited=0 url=""
    while [ -z "$url" ]; do
        url=$(head -n 1 "$out")
        [ -n "$url" ] && break
        kill -0 "$pid" 2>/dev/null ||
            { cat "$out.err" >&2; setup_failed "fake_graph $* exited before serving"; }
        [ "$waited" -lt $((server_start_timeout * 10)) ] ||
            setup_failed "fake_graph $* printed no URL within ${server_start_timeout}s"
        sleep 0.1
        waited=$((waited + 1))
    done
    case $url in
    http://127.0.0.1:*) printf '%s\n' "$url" ;;
    *) setup_failed "fake_graph's first line is not its URL: $url" ;;
    esac
}

# Not `url=$(start_fake)`: a subshell would lose the server's pid (and its cleanup).
start_fake --journal-endpoint >"$work/plain.url"
start_fake --throttle-every 2 --retry-after 1 >"$work/throttled.url"
# Graph writes Retry-After with a fraction too (its throttling guide shows 2.128).
start_fake --throttle-every 2 --retry-after 1.5 >"$work/fraction.url"
url=$(cat "$work/plain.url")
throttled_url=$(cat "$work/throttled.url")
fraction_url=$(cat "$work/fraction.url")
echo "compat: fake_graph at $url, throttling fake_graph at $throttled_url (Retry-After: 1)" \
    "and $fraction_url (Retry-After: 1.5)"

# Prints the counts of a part's summary line (its last line) as "PASSED FAILED".
counts() {
    tail -n 1 "$1" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p'
}
total_passed=0
total_failed=0
# Adds a part's output ($1) and exit status ($2) to the totals; a part that ended without
# a summary line (killed by the timeout, say) counts as one failure.
tally() {
    local line
    line=$(counts "$1")
    if [ -z "$line" ]; then
        total_failed=$((total_failed + 1))
    else
        set -- $line "$2"
        total_passed=$((total_passed + $1))
        total_failed=$((total_failed + $2))
        [ "$3" -eq 0 ] || [ "$2" -gt 0 ] || total_failed=$((total_failed + 1))
    fi
}

# 3. The Python checks. Their last line is the summary.
status=0
timeout "$run_timeout" "$venv/bin/python" compat/ms_sdk_check.py \
    --url "$url" --throttled-url "$throttled_url" --fraction-url "$fraction_url" --seed "$seed" \
    --ours "$compat_calls" \
    --timeout "$check_timeout" | tee "$work/python.out" || status=$?
if [ "$status" -eq 124 ]; then
    printf 'compat: the Python checks did not finish within %ss\n' "$run_timeout" >&2
    printf '0 passed, 1 failed\n' | tee -a "$work/python.out"
fi
tally "$work/python.out" "$status"

# 4. Microsoft's JavaScript Graph client, when node and npm are here.
js_part() {
    local lock=compat/js/package-lock.json fingerprint started
    fingerprint=$({ cat compat/js/package.json "$lock"; "$node" --version; } |
        sha256sum | cut -d' ' -f1)
    if [ "$(cat "$js_dir/.lock.sha256" 2>/dev/null)" != "$fingerprint" ]; then
        echo "compat: installing $lock into $js_dir"
        started=$SECONDS
        rm -rf "$js_dir"
        mkdir -p "$js_dir"
        cp compat/js/package.json "$lock" "$js_dir/"
        if ! (cd "$js_dir" && timeout "$install_timeout" "$npm" ci --no-audit --no-fund \
            --loglevel=error) >"$work/npm.log" 2>&1; then
            tail -n 30 "$work/npm.log" >&2
            rm -rf "$js_dir"
            echo "compat: npm ci of $lock failed (log above)" >&2
            printf '0 passed, 1 failed\n'
            return 1
        fi
        echo "$fingerprint" >"$js_dir/.lock.sha256"
        echo "compat: installed in $((SECONDS - started))s"
    else
        echo "compat: reusing $js_dir ($lock unchanged)"
    fi
    local js_status=0
    NODE_PATH=$js_dir/node_modules timeout "$run_timeout" "$node" \
        compat/js/graph_client_check.js --url "$js_url" --throttled-url "$js_throttled_url" \
        --fraction-url "$js_fraction_url" --seed "$seed" --timeout "$check_timeout" ||
        js_status=$?
    if [ "$js_status" -eq 124 ]; then
        printf 'compat: the JavaScript checks did not finish within %ss\n' "$run_timeout" >&2
        printf '0 passed, 1 failed\n'
    fi
    return "$js_status"
}
if command -v "$node" >/dev/null && command -v "$npm" >/dev/null; then
    # Fresh servers: the Python checks changed Alice's password and advanced the throttle.
    start_fake >"$work/js-plain.url"
    start_fake --throttle-every 2 --retry-after 1 >"$work/js-throttled.url"
    start_fake --throttle-every 2 --retry-after 1.5 >"$work/js-fraction.url"
    js_url=$(cat "$work/js-plain.url")
    js_throttled_url=$(cat "$work/js-throttled.url")
    js_fraction_url=$(cat "$work/js-fraction.url")
    echo "compat: JavaScript client against fake_graph at $js_url, $js_throttled_url" \
        "and $js_fraction_url"
    js_status=0
    js_part | tee "$work/js.out" || js_status=$?
    tally "$work/js.out" "$js_status"
else
    echo "SKIPPED: node/npm not found ($node, $npm): Microsoft's JavaScript Graph client was not checked"
fi

printf '%s passed, %s failed\n' "$total_passed" "$total_failed"
[ "$total_failed" -eq 0 ]
