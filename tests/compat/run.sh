#!/usr/bin/env bash
# run.sh — compatibility tests with real clients: every tests/compat/*.php runs under Debian's
# php-cli (php-soap, php-curl) against a freshly started kassa, each with a vendor of its own.
#
# Builds nothing. The binary is $KASSA_BIN, else build-asan/kassa, else build/kassa; $PHP
# picks another php. Prints one line per script, then whether the server stopped cleanly on
# SIGTERM (a sanitizer build reports leaks and errors through its exit code), then
# "N passed, M failed". Exits non-zero when anything failed. A failing script's output and the
# server log go to stderr.
set -u -o pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
php="${PHP:-php}"

bin="${KASSA_BIN:-}"
if [ -z "$bin" ]; then
    for b in "$root/build-asan/kassa" "$root/build/kassa"; do
        if [ -x "$b" ]; then
            bin="$b"
            break
        fi
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "run.sh: no kassa binary (set KASSA_BIN, or build build-asan/ or build/)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
modules="$("$php" -m 2>/dev/null)"
for ext in soap curl json; do
    if ! grep -qix "$ext" <<<"$modules"; then
        echo "run.sh: $php lacks the $ext extension (apt-get install php-cli php-soap php-curl)" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kassa-compat.XXXXXX")"
token="compat-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
pid=""
passed=0
failed=0

cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    "$php" -r '$s = stream_socket_server("tcp://127.0.0.1:0");
               $n = stream_socket_get_name($s, false);
               echo substr($n, strrpos($n, ":") + 1);'
}

# Starts kassa on a free port; sets $pid and $base. The port can be taken between the probe
# and the bind, hence the retries.
start_server() {
    local attempt port
    for attempt in 1 2 3; do
        port="$(free_port)"
        base="http://127.0.0.1:$port"
        rm -f "$tmp"/k.db*
        "$bin" serve --db "sqlite:$tmp/k.db" --listen "127.0.0.1:$port" --admin-token "$token" \
            </dev/null >>"$tmp/server.log" 2>&1 &
        pid=$!
        for _ in $(seq 1 300); do
            if ! kill -0 "$pid" 2>/dev/null; then
                wait "$pid" 2>/dev/null
                pid=""
                break
            fi
            if curl -fsS -o /dev/null --max-time 1 "$base/healthz" 2>/dev/null; then
                return 0
            fi
            sleep 0.1
        done
        if [ -n "$pid" ]; then
            kill -KILL "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            pid=""
        fi
        echo "run.sh: kassa did not start on port $port (attempt $attempt)" >&2
    done
    return 1
}

# Creates a vendor through the control API; prints "CODE SECRET".
new_vendor() {
    local code="$1" answer
    answer="$(curl -fsS --max-time 10 -X POST "$base/control/vendors/" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"Code\": \"$code\", \"SubscriptionDelaySeconds\": 0}")" || return 1
    printf '%s' "$answer" | "$php" -r '$v = json_decode(stream_get_contents(STDIN));
        if (!is_object($v) || !isset($v->Code, $v->Secret)) exit(1);
        echo $v->Code, " ", $v->Secret;'
}

if ! start_server; then
    echo "FAIL  kassa serve (did not start)"
    sed 's/^/    server: /' "$tmp/server.log" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

n=0
for script in "$here"/*.php; do
    [ -e "$script" ] || continue
    name="$(basename "$script")"
    n=$((n + 1))
    start=$(date +%s%N)
    if ! vendor="$(new_vendor "COMPAT$n")"; then
        echo "FAIL  $name (could not create a vendor)"
        failed=$((failed + 1))
        continue
    fi
    code="${vendor%% *}"
    secret="${vendor#* }"
    KASSA_URL="$base" KASSA_CODE="$code" KASSA_SECRET="$secret" KASSA_ADMIN_TOKEN="$token" \
        timeout 120 "$php" "$script" </dev/null >"$tmp/out" 2>&1
    rc=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    secs="$((ms / 1000)).$(((ms % 1000) / 100))"
    checks=$(grep -c '^  ok ' "$tmp/out")
    if [ "$rc" -eq 0 ]; then
        echo "PASS  $name ($checks checks, ${secs}s)"
        passed=$((passed + 1))
    else
        bad=$(grep -c '^  FAIL ' "$tmp/out")
        echo "FAIL  $name (exit $rc, $bad of $((checks + bad)) checks failed, ${secs}s)"
        sed "s/^/    $name: /" "$tmp/out" >&2
        failed=$((failed + 1))
    fi
done
if [ "$n" -eq 0 ]; then
    echo "FAIL  no tests/compat/*.php found"
    failed=$((failed + 1))
fi

# SIGTERM: the server drains and exits 0; under the sanitizers a leak or error makes it non-zero.
kill -TERM "$pid"
server_rc=""
for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"
        server_rc=$?
        break
    fi
    sleep 0.1
done
pid_was="$pid"
pid=""
if [ -z "$server_rc" ]; then
    kill -KILL "$pid_was" 2>/dev/null
    wait "$pid_was" 2>/dev/null
    echo "FAIL  kassa shutdown (still running 30s after SIGTERM)"
    failed=$((failed + 1))
elif [ "$server_rc" -ne 0 ] || grep -qE 'runtime error:|ERROR: (Address|Leak)Sanitizer' "$tmp/server.log"; then
    echo "FAIL  kassa shutdown (exit $server_rc after SIGTERM; see the server log)"
    tail -n 200 "$tmp/server.log" | sed 's/^/    server: /' >&2
    failed=$((failed + 1))
else
    echo "PASS  kassa shutdown (exit 0 on SIGTERM)"
    passed=$((passed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
