#!/usr/bin/env bash
# Checks the simulated Graph against Microsoft's own Python SDKs (msgraph-sdk, v1.0, and
# msgraph-beta-sdk, beta): installs them pinned into target/compat-venv (kept while
# compat/requirements.txt is unchanged), starts two fake_graph servers on free loopback
# ports (one plain, one throttling every second call), runs compat/ms_sdk_check.py against
# them, and stops them on exit. The last line is `N passed, N failed`; the exit status is
# non-zero on any failure.
#
# Environment: PYTHON (default python3), COMPAT_CHECK_TIMEOUT (seconds per check, 20),
# COMPAT_RUN_TIMEOUT (seconds for the whole Python run, 300), CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
target=${CARGO_TARGET_DIR:-target}
venv=$target/compat-venv
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

# 2. The fake, built as cargo builds its examples.
cargo build --quiet --features mock --example fake_graph ||
    setup_failed "cargo build --example fake_graph failed"
fake_graph=$target/debug/examples/fake_graph

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
start_fake >"$work/plain.url"
start_fake --throttle-every 2 --retry-after 1 >"$work/throttled.url"
url=$(cat "$work/plain.url")
throttled_url=$(cat "$work/throttled.url")
echo "compat: fake_graph at $url, throttling fake_graph at $throttled_url"

# 3. The checks. Their last line is the summary.
status=0
timeout "$run_timeout" "$venv/bin/python" compat/ms_sdk_check.py \
    --url "$url" --throttled-url "$throttled_url" --seed "$seed" \
    --timeout "$check_timeout" || status=$?
if [ "$status" -eq 124 ]; then
    printf 'compat: the checks did not finish within %ss\n' "$run_timeout" >&2
    printf '0 passed, 1 failed\n'
fi
exit "$status"
