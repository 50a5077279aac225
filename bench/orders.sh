#!/usr/bin/env bash
# bench/orders.sh BIN — placeOrder per second with durable commits, beside the rate of bare
# single-row durable commits on the same disk in the same run.
#
# 1. Bare commits: the sqlite3 CLI inserts COMMITS (2000) single rows into a WAL database with
#    synchronous=FULL, each its own transaction (one fsync each): the ceiling any durable
#    write path on this disk has when commits are not grouped.
# 2. Kassa: `BIN serve --quiet` on a fresh database with the demo catalog; wrk POSTs the same
#    catalog order (2 items, a subscription product, a test card) to /rest/6.0/orders/ with a
#    signed header, first from 1 connection (sequential orders), then from CONNECTIONS (32).
#    Each order is checked, priced, paid, and committed with its customer, lines, status
#    history and subscription in one transaction before the 201 is sent.
# It prints both rates and their ratio. Knobs: COMMITS, and those of bench/common.sh.
set -euo pipefail
bin=$(realpath "${1:?usage: bench/orders.sh BIN}")
cd "$(dirname "$0")/.."
. bench/common.sh
need sqlite3 wrk curl openssl
COMMITS=${COMMITS:-2000}
BENCH_OUT=$PWD/bench/out
mkdir -p "$BENCH_OUT"

# --- 1. bare durable commits, same disk ------------------------------------------------------
bare_commits

# --- 2. placeOrder over REST -------------------------------------------------------------------
db=$bench_dir/orders.db
kassa_vendor "$bin" "$db"
"$bin" vendor seed-demo --db "sqlite:$db" --code "$BENCH_CODE" >"$bench_dir/seed.log" 2>&1 ||
  { cat "$bench_dir/seed.log" >&2; die "seed-demo failed"; }
kassa_start "$bin" "$db"

order_body "$bench_dir/order.json" '[{"Code": "CLOUD-BASIC", "Quantity": 2, "PriceOptions": ["USERS=3"]}, {"Code": "USB-KEY", "Quantity": 1}]'
status=$(curl -s -o "$bench_dir/first.json" -w '%{http_code}' -X POST \
  -H "X-Avangate-Authentication: $(auth_header)" -H 'Content-Type: application/json' \
  --data-binary @"$bench_dir/order.json" "$kassa_url/rest/6.0/orders/")
[ "$status" = 201 ] || { cat "$bench_dir/first.json" >&2; die "placeOrder answered $status"; }
grep -q '"Status":"COMPLETE"' "$bench_dir/first.json" || die "the order did not complete"

cat >"$bench_dir/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$bench_dir/order.json", "r")
wrk.body = f:read("*a")
f:close()
EOF

# wrk_post NAME THREADS CONNECTIONS: prints "NAME orders/s p50 p90 p99"; sets rps_NAME.
wrk_post() {
  local name=$1 out=$bench_dir/$1.wrk rps p50 p90 p99 bad
  wrk -t"$2" -c"$3" -d"$DURATION" --latency -s "$bench_dir/post.lua" \
    -H "X-Avangate-Authentication: $(auth_header)" "$kassa_url/rest/6.0/orders/" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed"; }
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p90=$(awk '$1 == "90%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  printf '%-34s %12s %10s %10s %10s  %s\n' "$name" "$rps" "$p50" "$p90" "$p99" \
    "${bad:+non-2xx: $bad}"
  [ -z "$bad" ] || echo "bench: WARNING: $name had $bad non-2xx answers" >&2
  cp "$out" "$BENCH_OUT/"
  eval "rps_$name=\$rps"
}

machine
echo "disk: $(df -h "$bench_dir" | awk 'NR == 2 {print $1, $2}') ($bench_dir)"
echo
printf '%-34s %12s\n' "bare durable commits (sqlite3)" "commits/s"
printf '%-34s %12s  (%s single-row transactions, WAL, synchronous=FULL)\n' "" "$commit_rate" \
  "$COMMITS"
echo
printf '%-34s %12s %10s %10s %10s\n' "placeOrder (REST, durable)" "orders/s" "p50" "p90" "p99"
wrk_post placeorder_1_connection 1 1
wrk_post "placeorder_${CONNECTIONS}_connections" "$THREADS" "$CONNECTIONS"
sleep 1 # the requests wrk left in flight finish
counts=$(sqlite3 -separator ' ' "$db" \
  "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM subscriptions)")
echo
echo "stored: ${counts% *} orders, ${counts#* } subscriptions (one per order)"
eval "many=\$rps_placeorder_${CONNECTIONS}_connections"
echo "ratio orders/s : bare commits/s = $(ratio "$rps_placeorder_1_connection" "$commit_rate") (1 connection)," \
  "$(ratio "$many" "$commit_rate") ($CONNECTIONS connections)"
echo "after: $(uptime | sed 's/.*\(load average\)/\1/')"
