#!/usr/bin/env bash
# bench/console.sh BIN — the sandbox console's pages on a vendor with ORDERS orders (100,000).
#
# Places two real orders through REST (a one-off and a monthly subscription), then clones them
# straight through SQL (`sqlite3`, `WITH RECURSIVE`) into ORDERS orders spread over the past
# year: order rows with their lines and status history, ~5,000 customer emails, 90% COMPLETE,
# 5% CANCELED, 5% REFUND, one in ten a renewal (24 of them of the real subscription, the others
# of 5,000 references). Then logs in to the console
# and times each page REPS times (curl), printing the median and the slowest in milliseconds.
# KEEP_DB=PATH keeps the database and reuses it on the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh

bin=$(realpath "${1:?usage: bench/console.sh BIN}")
ORDERS=${ORDERS:-100000}
REPS=${REPS:-20}
TOKEN=bench-admin-token-0123456789
need sqlite3 curl openssl /usr/bin/python3

db=${KEEP_DB:-$bench_dir/console.db}
if [ ! -s "$db" ]; then
  "$bin" vendor add --db "sqlite:$db" --code "$BENCH_CODE" --secret "$BENCH_SECRET" \
    --subscription-delay 0 >/dev/null
  "$bin" vendor seed-demo --db "sqlite:$db" --code "$BENCH_CODE" >/dev/null
  kassa_start "$bin" "$db"
  order() { # items-json
    curl -fsS -X POST "$kassa_url/rest/6.0/orders/" -H "X-Avangate-Authentication: $(auth_header)" \
      -H 'Content-Type: application/json' -d "{\"Currency\":\"USD\",\"Country\":\"US\",
      \"Language\":\"en\",\"Items\":$1,\"BillingDetails\":{\"FirstName\":\"Bench\",
      \"LastName\":\"Shopper\",\"CountryCode\":\"US\",\"State\":\"California\",\"City\":\"SF\",
      \"Address1\":\"1 Main St\",\"Zip\":\"94105\",\"Email\":\"bench@example.com\"},
      \"PaymentDetails\":{\"Type\":\"TEST\",\"Currency\":\"USD\",\"CustomerIP\":\"10.0.0.1\",
      \"PaymentMethod\":{\"CardNumber\":\"4111111111111111\",\"CardType\":\"VISA\",
      \"ExpirationYear\":\"2035\",\"ExpirationMonth\":\"12\",\"CCID\":\"123\",
      \"HolderName\":\"Bench Shopper\",\"RecurringEnabled\":true,
      \"Vendor3DSReturnURL\":\"https://shop.example.com/ok\",
      \"Vendor3DSCancelURL\":\"https://shop.example.com/no\"}}}" >/dev/null
  }
  order '[{"Code":"USB-KEY","Quantity":2}]'
  order '[{"Code":"CLOUD-BASIC","Quantity":1,"PriceOptions":["USERS=2"]}]'
  # stopped now, and out of the list that the exit's cleanup kills
  kill "${bench_pids[-1]}"; wait "${bench_pids[-1]}" 2>/dev/null || true
  unset 'bench_pids[-1]' 
  echo "filling $ORDERS orders..." >&2
  t0=$SECONDS
  ocols=$(sqlite3 "$db" "SELECT group_concat(name) FROM pragma_table_info('orders') WHERE name NOT IN
    ('id','ref_no','order_no','created','finished','status','bill_email','renewal_of',
     'renewal_key','auth_token','refunded')")
  lcols=$(sqlite3 "$db" "SELECT group_concat(name) FROM pragma_table_info('order_lines')
    WHERE name <> 'order_id'")
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
BEGIN;
CREATE TEMP TABLE tpl AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM orders;
CREATE TEMP TABLE last AS SELECT max(id) AS id FROM orders;
CREATE TEMP TABLE sub AS SELECT reference FROM subscriptions LIMIT 1;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ORDERS - 2)
INSERT INTO orders(ref_no, order_no, created, finished, status, bill_email, renewal_of,
                   renewal_key, refunded, $ocols)
SELECT printf('%09d', 500000000 + i), 100 + i,
       CAST(strftime('%s','now') AS INTEGER) - 31536000 + i * (31536000 / $ORDERS),
       CAST(strftime('%s','now') AS INTEGER) - 31536000 + i * (31536000 / $ORDERS),
       CASE WHEN i % 20 = 0 THEN 'CANCELED' WHEN i % 20 = 1 THEN 'REFUND' ELSE 'COMPLETE' END,
       'shopper' || (i % 5000) || '@example.com',
       CASE WHEN i % 10 = 5 AND i > $ORDERS - 250 THEN (SELECT reference FROM sub)
            WHEN i % 10 = 5 THEN 'BENCHSUB' || (i % 5000) END,
       CASE WHEN i % 10 = 5 THEN 'BENCHSUB@' || i END,
       CASE WHEN i % 20 = 1 THEN gross_discounted ELSE 0 END,
       $ocols
FROM n JOIN tpl t ON t.k = i % 2 JOIN orders o ON o.id = t.id;
INSERT INTO order_lines(order_id, $lcols)
SELECT o.id, $(echo "$lcols" | sed 's/\([a-z_0-9]*\)/l.\1/g')
FROM orders o JOIN tpl t ON t.k = o.order_no % 2 JOIN order_lines l ON l.order_id = t.id
WHERE o.id > (SELECT id FROM last);
INSERT INTO order_events(order_id, seq, status, approve_status, at)
SELECT id, 0, status, 'OK', created FROM orders WHERE id > (SELECT id FROM last);
COMMIT;
ANALYZE;
SQL
  echo "filled in $((SECONDS - t0)) s" >&2
fi

port=$(free_port)
"$bin" serve --db "sqlite:$db" --listen "127.0.0.1:$port" --threads "$KASSA_THREADS" --quiet \
  --admin-token "$TOKEN" 2>"$bench_dir/kassa.log" &
bench_pids+=($!)
kassa_url=http://127.0.0.1:$port
wait_http "$kassa_url/healthz" || { cat "$bench_dir/kassa.log" >&2; die "kassa did not start"; }

jar=$bench_dir/cookies
csrf=$(curl -fsS -c "$jar" "$kassa_url/console/" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -fsS -b "$jar" -c "$jar" -o /dev/null -d "token=$TOKEN&csrf=$csrf" "$kassa_url/console/login"
ref=$(sqlite3 "$db" "SELECT ref_no FROM orders ORDER BY id DESC LIMIT 1")
sub=$(sqlite3 "$db" "SELECT reference FROM subscriptions LIMIT 1")
V=/console/v/$BENCH_CODE
echo "console pages, $(sqlite3 "$db" 'SELECT count(*) FROM orders') orders of one vendor," \
     "$REPS requests each (load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-58s %8s %8s\n' page 'p50 ms' 'max ms'
for path in "$V/" "$V/?range=1y" "$V/orders" "$V/orders?page=2000" "$V/orders?status=CANCELED" \
            "$V/orders?email=shopper42%40example.com" "$V/orders?from=2020-01-01&to=2099-01-01" \
            "$V/orders/$ref" "$V/subscriptions" "$V/subscriptions/$sub" "$V/clock" \
            "$V/catalog"; do
  code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$kassa_url$path")
  [ "$code" = 200 ] || die "$path answered $code"
  for _ in $(seq "$REPS"); do
    curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$kassa_url$path"
  done | sort -n | awk -v p="$path" '{t[NR]=$1} END {printf "%-58s %8.1f %8.1f\n", p,
    t[int((NR+1)/2)]*1000, t[NR]*1000}'
done
