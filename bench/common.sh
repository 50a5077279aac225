# bench/common.sh — what the benchmark scripts share (sourced, not run): a temporary directory
# removed on exit with everything started in it, free ports, the REST signature, a Kassa server,
# an nginx serving one static file, and wrk runs reduced to one line of figures.
#
# Knobs (environment): DURATION (10s), THREADS (2), CONNECTIONS (32), KASSA_THREADS (4).

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
KASSA_THREADS=${KASSA_THREADS:-4}
BENCH_CODE=BENCHVENDOR
BENCH_SECRET=bench-secret-0123456789abcdef

bench_dir=$(mktemp -d "${TMPDIR:-/tmp}/kassa-bench.XXXXXX")
bench_pids=()

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${bench_pids[@]}"; do
    wait "$pid" 2>/dev/null
  done
  # nginx's master writes its own pid file; its workers follow it
  if [ -s "$bench_dir/nginx/nginx.pid" ]; then
    kill "$(cat "$bench_dir/nginx/nginx.pid")" 2>/dev/null
    sleep 0.2
  fi
  rm -rf "$bench_dir"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "bench: $*" >&2; exit 1; }

need() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null || die "$c is not installed"
  done
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# X-Avangate-Authentication for the bench vendor, signed now (valid for the 10-minute window).
auth_header() {
  local date msg hash
  date=$(date -u '+%Y-%m-%d %H:%M:%S')
  msg="${#BENCH_CODE}${BENCH_CODE}${#date}${date}"
  hash=$(printf '%s' "$msg" | openssl dgst -sha256 -hmac "$BENCH_SECRET" | awk '{print $NF}')
  printf 'code="%s" date="%s" hash="%s" algo="sha256"' "$BENCH_CODE" "$date" "$hash"
}

# A JSON-RPC session of the bench vendor (login, sha256): prints the sessionID.
rpc_session() { # URL
  local date msg hash
  date=$(date -u '+%Y-%m-%d %H:%M:%S')
  msg="${#BENCH_CODE}${BENCH_CODE}${#date}${date}"
  hash=$(printf '%s' "$msg" | openssl dgst -sha256 -hmac "$BENCH_SECRET" | awk '{print $NF}')
  curl -fsS -H 'Content-Type: application/json' --data \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\",\"params\":[\"$BENCH_CODE\",\"$date\",\"$hash\",\"sha256\"]}" \
    "$1/rpc/6.0/" | sed -n 's/.*"result":"\([0-9a-f]*\)".*/\1/p'
}

# post_lua FILE BODYFILE CONTENT-TYPE [HEADER VALUE]: a wrk script that POSTs the body.
post_lua() {
  # (not ${4:+...} inside the here-document: bash drops the quotes of the Lua strings there,
  # and wrk, unable to load the script, silently ran plain GETs instead)
  local extra=
  [ -z "${4:-}" ] || extra="wrk.headers[\"$4\"] = \"$5\""
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "$3"
$extra
local f = io.open("$2", "r")
wrk.body = f:read("*a")
f:close()
LUA
}

# rss PID: "VmRSS now / VmHWM peak" of a process, in MiB.
rss() {
  awk '/^VmRSS/ {r = $2} /^VmHWM/ {h = $2} END {printf "%.1f MiB now, %.1f MiB peak", r / 1024, h / 1024}' \
    "/proc/$1/status"
}

wait_http() { # url
  local i
  for i in $(seq 1 100); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.1
  done
  return 1
}

# kassa_start BIN DB: the vendor must exist; sets kassa_url.
kassa_start() {
  local bin=$1 db=$2 port
  port=$(free_port)
  "$bin" serve --db "sqlite:$db" --listen "127.0.0.1:$port" --threads "$KASSA_THREADS" --quiet \
    2>"$bench_dir/kassa.log" &
  bench_pids+=($!)
  kassa_url=http://127.0.0.1:$port
  wait_http "$kassa_url/healthz" || { cat "$bench_dir/kassa.log" >&2; die "kassa did not start"; }
}

kassa_vendor() { # BIN DB
  "$1" vendor add --db "sqlite:$2" --code "$BENCH_CODE" --secret "$BENCH_SECRET" \
    >"$bench_dir/vendor.log" 2>&1 || { cat "$bench_dir/vendor.log" >&2; die "cannot create the bench vendor"; }
}

# nginx_start FILE: serves FILE as /static.json (application/json) from a minimal config in the
# temporary directory (pid, logs and temp paths there too); sets nginx_url.
nginx_start() {
  local file=$1 port d=$bench_dir/nginx
  need nginx
  port=$(free_port)
  mkdir -p "$d/www" "$d/tmp"
  cp "$file" "$d/www/static.json"
  # when we are root, nginx's workers drop to nobody: let them read the file
  chmod 755 "$bench_dir" "$d" "$d/www"
  chmod 644 "$d/www/static.json"
  cat >"$d/nginx.conf" <<EOF
worker_processes auto;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $d/www;
    location / { default_type application/json; }
  }
}
EOF
  nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" 2>"$d/start.log" ||
    { cat "$d/start.log" "$d/error.log" >&2 2>/dev/null; die "nginx did not start"; }
  nginx_url=http://127.0.0.1:$port
  wait_http "$nginx_url/static.json" || die "nginx does not serve the file"
}

# wrk_run NAME URL [HEADER [SCRIPT]]: runs wrk --latency (WRK_THREADS and WRK_CONNECTIONS
# override THREADS and CONNECTIONS for one run), keeps its output in $bench_dir/NAME.wrk and
# prints "NAME req/s p50 p90 p99 errors"; sets rps_NAME and p50_NAME.
wrk_run() {
  local name=$1 url=$2 header=${3:-} script=${4:-} out=$bench_dir/$1.wrk
  local args=(-t"${WRK_THREADS:-$THREADS}" -c"${WRK_CONNECTIONS:-$CONNECTIONS}" -d"$DURATION" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed on $url"; }
  # a script wrk cannot load is reported and ignored: the run would measure GETs instead
  if [ -n "$script" ] && grep -qF "$script:" "$out"; then
    cat "$out" >&2
    die "wrk could not load $script"
  fi
  local rps p50 p90 p99 bad errs
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p90=$(awk '$1 == "90%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  errs=$(awk '/Socket errors:/ {print $0}' "$out")
  printf '%-28s %12s %10s %10s %10s  %s\n' "$name" "$rps" "$p50" "$p90" "$p99" \
    "${bad:+non-2xx: $bad }${errs}"
  [ -z "$bad" ] || echo "bench: WARNING: $name had $bad non-2xx answers" >&2
  [ -d "${BENCH_OUT:-}" ] && cp "$out" "$BENCH_OUT/"
  eval "rps_${name//[^a-zA-Z0-9]/_}=$rps"
  eval "p50_${name//[^a-zA-Z0-9]/_}=$(echo "$p50" | awk '/us$/ {print $1 / 1000; next} /ms$/ {print $1 + 0; next} /s$/ {print $1 * 1000}')"
}

wrk_header() {
  printf '%-28s %12s %10s %10s %10s\n' "" "requests/s" "p50" "p90" "p99"
}

machine() {
  echo "machine: $(nproc) CPUs, $(uname -sr); $(uptime | sed 's/.*\(load average\)/\1/')"
}

ratio() { # a b
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f\n", a / b; else print "n/a" }'
}

# bare_commits: the disk's ceiling for a write path that commits each change alone: the sqlite3
# CLI inserts COMMITS (2000) single rows into a WAL database with synchronous=FULL, each its own
# transaction (one fsync each), in the temporary directory. Sets commit_rate (commits/s).
bare_commits() {
  local db=$bench_dir/commits.db start end rows
  {
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
    echo "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL);"
    for _ in $(seq 1 "${COMMITS:-2000}"); do
      echo "INSERT INTO t(v) VALUES('0123456789abcdef0123456789abcdef');"
    done
  } >"$bench_dir/commits.sql"
  start=$(date +%s.%N)
  sqlite3 "$db" <"$bench_dir/commits.sql" >/dev/null
  end=$(date +%s.%N)
  commit_rate=$(awk -v n="${COMMITS:-2000}" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')
  rows=$(sqlite3 "$db" "SELECT count(*) FROM t")
  [ "$rows" = "${COMMITS:-2000}" ] || die "bare commits: $rows rows, expected ${COMMITS:-2000}"
}

# order_body FILE ITEMS: a catalog order of the demo catalog (seed-demo) with the JSON array
# ITEMS, billed to a US address and paid with the Visa test card, written to FILE.
order_body() {
  cat >"$1" <<EOF
{"Currency": "USD", "Language": "en", "Country": "US", "LocalTime": "2025-03-04 10:11:12",
 "Items": $2,
 "BillingDetails": {"FirstName": "John", "LastName": "Doe", "CountryCode": "US",
   "State": "California", "City": "San Francisco", "Address1": "1 Example Street",
   "Zip": "94105", "Email": "john.doe@example.com"},
 "PaymentDetails": {"Type": "TEST", "Currency": "USD", "PaymentMethod": {
   "CardNumber": "4111111111111111", "CardType": "VISA", "ExpirationYear": "2035",
   "ExpirationMonth": "12", "CCID": "123", "HolderName": "John Doe", "RecurringEnabled": true,
   "Vendor3DSReturnURL": "https://shop.example.com/ok",
   "Vendor3DSCancelURL": "https://shop.example.com/no"}}}
EOF
}
