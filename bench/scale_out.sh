#!/usr/bin/env bash
# bench/scale_out.sh BIN — the same three figures on each way Kassa can be deployed, in one run:
#   sqlite        one server on an SQLite file (the embedded default);
#   postgresql    one server on PostgreSQL;
#   postgresql×2  two servers on one PostgreSQL database behind nginx (round robin).
# For each: an authenticated GET /rest/6.0/leads/{code} from CONNECTIONS (64) connections
# (requests/s, p99); placeOrder from 32 connections for DURATION (orders/s; each order has a
# monthly subscription); then renewals: the clock advanced 31 days through the control API, so
# that every subscription those orders made renews once (renewals/s: the renewal orders over
# the time the advance took, every server's job runners claiming from the one queue).
#
# PostgreSQL: PG_URL (postgresql://user@host:port/db) names a server whose user may create
# databases; without it, scripts/pg.sh starts a throwaway one for the run. SKIP_PG=1 measures
# SQLite only. Knobs: those of bench/common.sh.
set -euo pipefail
bin=$(realpath "${1:?usage: bench/scale_out.sh BIN}")
cd "$(dirname "$0")/.."
. bench/common.sh
need wrk curl openssl nginx
DURATION=${DURATION:-10s}
ADMIN=bench-admin-token-0123456789
BENCH_OUT=$PWD/bench/out
mkdir -p "$BENCH_OUT"

# start_servers NAME URL N: N servers on the database URL (vendor and demo catalog created
# first); sets base (the one server, or an nginx in front of them) and admin_base.
start_servers() {
  local name=$1 url=$2 n=$3 i port ports=()
  "$bin" vendor add --db "$url" --code "$BENCH_CODE" --secret "$BENCH_SECRET" \
    >"$bench_dir/$name.vendor.log" 2>&1 || { cat "$bench_dir/$name.vendor.log" >&2; die "$name: vendor add"; }
  "$bin" vendor seed-demo --db "$url" --code "$BENCH_CODE" >"$bench_dir/$name.seed.log" 2>&1 ||
    { cat "$bench_dir/$name.seed.log" >&2; die "$name: seed-demo"; }
  for i in $(seq 1 "$n"); do
    port=$(free_port)
    "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads "$KASSA_THREADS" --quiet \
      --admin-token "$ADMIN" 2>"$bench_dir/$name.$i.log" &
    bench_pids+=($!)
    wait_http "http://127.0.0.1:$port/healthz" || { cat "$bench_dir/$name.$i.log" >&2; die "$name: server $i did not start"; }
    ports+=("$port")
  done
  base=http://127.0.0.1:${ports[0]}
  [ "$n" -gt 1 ] && balancer "$name" "${ports[@]}"
  admin_base=$base
}

# balancer NAME PORT...: nginx on loopback in front of the servers; sets base.
balancer() {
  local name=$1 d=$bench_dir/lb-$1 port p; shift
  port=$(free_port)
  mkdir -p "$d/tmp"
  {
    echo "worker_processes auto; pid $d/nginx.pid; error_log $d/error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http { access_log off; client_body_temp_path $d/tmp/body; proxy_temp_path $d/tmp/proxy;"
    echo "  fastcgi_temp_path $d/tmp/fastcgi; uwsgi_temp_path $d/tmp/uwsgi; scgi_temp_path $d/tmp/scgi;"
    echo "  upstream kassa {"
    for p in "$@"; do echo "    server 127.0.0.1:$p;"; done
    echo "    keepalive 64; }"
    echo "  server { listen 127.0.0.1:$port; location / { proxy_pass http://kassa;"
    echo "    proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_read_timeout 600s; } } }"
  } >"$d/nginx.conf"
  nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" 2>"$d/start.log" ||
    { cat "$d/start.log" >&2; die "$name: nginx did not start"; }
  lb_pids+=("$d/nginx.pid")
  base=http://127.0.0.1:$port
  wait_http "$base/healthz" || die "$name: nginx does not reach the servers"
}
lb_pids=()
stop_balancers() {
  local f
  for f in "${lb_pids[@]}"; do [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  return 0
}
trap 'stop_balancers; bench_cleanup' EXIT

orders_count() {
  curl -fsS -H "X-Avangate-Authentication: $(auth_header)" "$base/rest/6.0/orders/?Limit=1" |
    sed -n 's/.*"Count":\([0-9]*\).*/\1/p'
}

# measure NAME URL N: one configuration's three figures, one line.
measure() {
  local name=$1 url=$2 n=$3 code before after t0 t1 subs renewals secs
  start_servers "$name" "$url" "$n"
  code=$(curl -fsS -X POST -H "X-Avangate-Authentication: $(auth_header)" \
    -H 'Content-Type: application/json' --data \
    '{"Currency":"EUR","Language":"en","Items":[{"Code":"USB-KEY","Quantity":1}],"BillingDetails":{"FirstName":"Ann","LastName":"Lee","Email":"ann@example.com","CountryCode":"DE"}}' \
    "$base/rest/6.0/leads/" | sed -n 's/.*"LeadCode":"\([^"]*\)".*/\1/p')
  [ -n "$code" ] || die "$name: could not create the lead"
  WRK_CONNECTIONS=64 wrk_run "${name}_get" "$base/rest/6.0/leads/$code" \
    "X-Avangate-Authentication: $(auth_header)" >"$bench_dir/$name.get.line"
  post_lua "$bench_dir/post.lua" "$bench_dir/order.json" application/json
  before=$(orders_count)
  WRK_CONNECTIONS=32 wrk_run "${name}_order" "$base/rest/6.0/orders/" \
    "X-Avangate-Authentication: $(auth_header)" "$bench_dir/post.lua" >"$bench_dir/$name.order.line"
  sleep 1 # the requests wrk left in flight finish
  after=$(orders_count)
  subs=$((after - before))
  t0=$(date +%s.%N)
  curl -fsS -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    --data '{"Days": 31}' "$admin_base/control/clock/advance/" >"$bench_dir/$name.advance.json" ||
    die "$name: clock advance failed"
  t1=$(date +%s.%N)
  renewals=$(($(orders_count) - after))
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  eval "get_rps=\$rps_${name}_get get_p99=\$(awk '{print \$5}' \"$bench_dir/$name.get.line\")"
  eval "order_rps=\$rps_${name}_order"
  printf '%-16s %10s %9s %10s %9s/%-7s %8.0f\n' "$name" "$get_rps" "$get_p99" "$order_rps" \
    "$renewals" "$subs" "$(awk -v r="$renewals" -v s="$secs" 'BEGIN { print (s > 0 ? r / s : 0) }')"
  [ "$renewals" -eq "$subs" ] || echo "bench: WARNING: $name renewed $renewals of $subs subscriptions" >&2
}

order_body "$bench_dir/order.json" '[{"Code": "CLOUD-BASIC", "Quantity": 1, "PriceOptions": ["USERS=3"]}]'

pg_url=${PG_URL:-}
if [ -z "$pg_url" ] && [ "${SKIP_PG:-0}" != 1 ]; then
  [ -x scripts/pg.sh ] || die "no PG_URL and no scripts/pg.sh"
  pg_url=$(scripts/pg.sh start "$bench_dir/pg") || die "could not start PostgreSQL"
  trap 'stop_balancers; scripts/pg.sh stop "$bench_dir/pg" >/dev/null 2>&1; bench_cleanup' EXIT
fi
# pg_db NAME: a fresh database on pg_url's server; prints its URL.
pg_db() {
  local admin=${pg_url%/*}/postgres
  psql -q "$admin" -c "DROP DATABASE IF EXISTS kassa_bench_$1" -c "CREATE DATABASE kassa_bench_$1" \
    >/dev/null || die "cannot create database kassa_bench_$1"
  echo "${pg_url%/*}/kassa_bench_$1"
}

machine
echo "kassa $("$bin" version | awk '{print $2}'), $KASSA_THREADS threads per server; wrk $DURATION per figure"
echo
printf '%-16s %10s %9s %10s %17s %8s\n' "" "GET lead/s" "GET p99" "orders/s" "renewed/subs" "renew/s"
measure sqlite "sqlite:$bench_dir/scale.db" 1
if [ -n "$pg_url" ]; then
  measure postgresql "$(pg_db one)" 1
  measure postgresql_x2 "$(pg_db two)" 2
fi
echo
machine
