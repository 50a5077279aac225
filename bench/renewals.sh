#!/usr/bin/env bash
# bench/renewals.sh BIN — a year of monthly renewals: `kassa clock advance --days 365` over
# SUBS (10,000) monthly subscriptions, beside the rate of bare single-row durable commits on
# the same disk in the same run (the ceiling of a write path that commits each change alone).
#
# 1. Bare commits: as bench/orders.sh (COMMITS single-row transactions, WAL, synchronous=FULL).
# 2. SUBS orders of CLOUD-BASIC (monthly, automatic renewal, the Visa test card) placed over
#    REST from CONNECTIONS connections (Debian's python3), each with its subscription and renewal job;
#    the server is then stopped.
# 3. `BIN clock advance --days 365` on that database, timed: it runs every renewal that falls
#    due on the way, each a charge and a renewal order. Printed: renewals, renewals/s, the time
#    a year of 100,000 subscriptions would take at that rate (the goal: under 60 s), and the
#    check that each renewal was charged once (one order per subscription and period).
# Knobs: SUBS, COMMITS, and those of bench/common.sh.
set -euo pipefail
bin=$(realpath "${1:?usage: bench/renewals.sh BIN}")
cd "$(dirname "$0")/.."
. bench/common.sh
need sqlite3 curl openssl /usr/bin/python3
SUBS=${SUBS:-10000}
COMMITS=${COMMITS:-2000}

# --- 1. bare durable commits, same disk ------------------------------------------------------
bare_commits

# --- 2. SUBS monthly subscriptions -----------------------------------------------------------
db=$bench_dir/renewals.db
kassa_vendor "$bin" "$db"
"$bin" vendor seed-demo --db "sqlite:$db" --code "$BENCH_CODE" >"$bench_dir/seed.log" 2>&1 ||
  { cat "$bench_dir/seed.log" >&2; die "seed-demo failed"; }
KASSA_THREADS=${KASSA_THREADS:-4}
kassa_start "$bin" "$db"
order_body "$bench_dir/order.json" '[{"Code": "CLOUD-BASIC", "Quantity": 1, "PriceOptions": ["USERS=3"]}]'
# SUBS orders from CONNECTIONS keep-alive connections (wrk cannot stop after a count)
t0=$(date +%s.%N)
/usr/bin/python3 - "$kassa_url" "$(auth_header)" "$bench_dir/order.json" "$SUBS" "$CONNECTIONS" <<'PY' ||
import http.client, sys, threading, urllib.parse
url, auth, body_file, total, conns = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
body = open(body_file, "rb").read()
u = urllib.parse.urlsplit(url)
left, lock, failed = [total], threading.Lock(), []
def worker():
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    while True:
        with lock:
            if left[0] == 0 or failed:
                return
            left[0] -= 1
        c.request("POST", "/rest/6.0/orders/", body, {"X-Avangate-Authentication": auth,
                                                      "Content-Type": "application/json"})
        r = c.getresponse()
        text = r.read()
        if r.status != 201:
            failed.append(f"{r.status} {text[:300]!r}")
ts = [threading.Thread(target=worker) for _ in range(conns)]
for t in ts: t.start()
for t in ts: t.join()
sys.exit(f"placeOrder failed: {failed[0]}" if failed else 0)
PY
  die "could not place the orders"
t1=$(date +%s.%N)
kill "${bench_pids[-1]}"
wait "${bench_pids[-1]}" 2>/dev/null || true
subs=$(sqlite3 "$db" "SELECT count(*) FROM subscriptions")
[ "$subs" -gt 0 ] || die "no subscription was created"

# --- 3. a year of renewals ---------------------------------------------------------------------
echo "before: $(machine)"
echo "disk: $(df -h "$bench_dir" | awk 'NR == 2 {print $1, $2}') ($bench_dir)"
echo "$subs monthly subscriptions placed in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
orders0=$(sqlite3 "$db" "SELECT count(*) FROM orders")
start=$(date +%s.%N)
# run through python3 for the CPU time the advance used (user + system): on a shared machine the
# wall time says as much about the other jobs as about Kassa
/usr/bin/python3 - "$bench_dir/cpu" "$bin" clock advance --db "sqlite:$db" --days 365 \
  >"$bench_dir/advance.log" 2>&1 <<'PY' ||
import resource, subprocess, sys
rc = subprocess.run(sys.argv[2:]).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{u.ru_utime + u.ru_stime:.2f}\n")
sys.exit(rc)
PY
  { tail -5 "$bench_dir/advance.log" >&2; die "clock advance failed"; }
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
cpu=$(cat "$bench_dir/cpu")
renewals=$(sqlite3 "$db" "SELECT count(*) FROM orders WHERE renewal_of IS NOT NULL")
twice=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT 1 FROM orders WHERE renewal_of IS NOT NULL
                       GROUP BY vendor_id, renewal_key HAVING count(*) > 1)")
rate=$(awk -v n="$renewals" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
echo "after:  $(machine)"
echo
printf '%-44s %10s\n' "bare durable commits (sqlite3)" "$commit_rate/s"
printf '%-44s %10s  (%s renewal orders, %s orders before)\n' \
  "clock advance --days 365: $secs s" "$rate/s" "$renewals" "$orders0"
echo "ratio renewals/s : bare commits/s = $(ratio "$rate" "$commit_rate")"
echo "CPU time of the advance (user + system): $cpu s, $(awk -v n="$renewals" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.0f", n / c; else print "n/a" }') renewals per CPU second"
echo "a year of 100,000 monthly subscriptions at this rate:" \
  "$(awk -v r="$rate" -v n="$renewals" -v s="$subs" 'BEGIN { if (r > 0) printf "%.0f s", 100000 * (n / s) / r; else print "n/a" }') (goal: under 60 s);" \
  "on a CPU of its own: $(awk -v c="$cpu" -v s="$subs" 'BEGIN { printf "%.0f s", c * 100000 / s }')"
grep 'clock advance: ' "$bench_dir/advance.log" | tail -1 | sed 's/^/last progress line: /'
echo "renewals charged twice: $twice"
