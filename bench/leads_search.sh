#!/usr/bin/env bash
# bench/leads_search.sh BIN — lead search at scale: fills a store with LEADS (1,000,000) leads of
# one vendor straight into the tables of the SQLite schema (sqlite3 CLI, WITH RECURSIVE: ~20,000
# shopper emails, 50 countries x 20 languages, 2,000 product codes in 1-3 items per lead, five
# follow-ups each, creation times spread over two years, a realistic lead document), starts
# `BIN serve` on it and measures over HTTP, with a signed header:
#   - the latency of the first page of 200 sequential searches each (different values every
#     time) by Email, by Country+Language, by ProductCode and by a one-week StartDate/EndDate
#     range, plus GET /leads/{LeadCode}; target: p99 of every search under 10 ms;
#   - GET /leads/{LeadCode} requests/s with wrk beside nginx serving the same bytes statically.
# Knobs: LEADS, REPS (200), KEEP_DB=PATH (keep the generated database there and reuse it),
# and those of bench/common.sh.
set -euo pipefail
bin=$(realpath "${1:?usage: bench/leads_search.sh BIN}")
cd "$(dirname "$0")/.."
. bench/common.sh
need sqlite3 wrk curl openssl /usr/bin/python3
LEADS=${LEADS:-1000000}
REPS=${REPS:-200}
BENCH_OUT=$PWD/bench/out
mkdir -p "$BENCH_OUT"

db=${KEEP_DB:-$bench_dir/leads.db}

fill() {
  kassa_vendor "$bin" "$db"
  local vid now
  vid=$(sqlite3 "$db" "SELECT id FROM vendors WHERE code = '$BENCH_CODE'")
  now=$(date +%s)
  # Random values are drawn once per lead into a temporary table, then every column and the
  # document are derived from that row, so that they agree with each other.
  sqlite3 "$db" <<EOF
PRAGMA synchronous=OFF;
PRAGMA cache_size=-500000;
PRAGMA temp_store=FILE;
BEGIN;
CREATE TEMP TABLE countries(i INTEGER PRIMARY KEY, v TEXT);
INSERT INTO countries(i, v) SELECT key, value FROM json_each('["US","GB","DE","FR","RO","IT",
  "ES","NL","BE","SE","NO","DK","FI","PL","CZ","AT","CH","PT","IE","GR","HU","BG","HR","SK","SI",
  "LT","LV","EE","CA","MX","BR","AR","CL","CO","PE","AU","NZ","JP","KR","CN","IN","SG","MY","TH",
  "ID","PH","ZA","EG","TR","IL"]');
CREATE TEMP TABLE languages(i INTEGER PRIMARY KEY, v TEXT);
INSERT INTO languages(i, v) SELECT key, value FROM json_each('["en","de","fr","ro","it","es",
  "nl","sv","no","da","fi","pl","cs","pt","el","hu","bg","ja","ko","zh"]');
CREATE TEMP TABLE currencies(i INTEGER PRIMARY KEY, v TEXT);
INSERT INTO currencies(i, v) SELECT key, value FROM json_each('["USD","EUR","GBP","RON","JPY"]');
CREATE TEMP TABLE firsts(i INTEGER PRIMARY KEY, v TEXT);
INSERT INTO firsts(i, v) SELECT key, value FROM json_each('["Ana","John","Maria","Ion","Elena",
  "Peter","Laura","Mihai","Sofia","David","Ioana","Paul","Emma","Andrei","Julia","Thomas"]');
CREATE TEMP TABLE lasts(i INTEGER PRIMARY KEY, v TEXT);
INSERT INTO lasts(i, v) SELECT key, value FROM json_each('["Popescu","Smith","Muller","Rossi",
  "Garcia","Ionescu","Dubois","Jansen","Novak","Silva","Kowalski","Nagy","Andersen","Costa"]');

CREATE TEMP TABLE g AS
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $LEADS)
SELECT i,
       abs(random()) % 50 AS ci, abs(random()) % 20 AS li, abs(random()) % 5 AS cu,
       abs(random()) % 20000 AS ei, abs(random()) % 16 AS fi, abs(random()) % 14 AS lni,
       abs(random()) % 100 AS r, abs(random()) % 60 AS jitter,
       1 + (abs(random()) % 100 >= 60) + (abs(random()) % 100 >= 80) AS nitems,
       abs(random()) % 2000 AS p1, abs(random()) % 2000 AS p2, abs(random()) % 2000 AS p3
FROM n;

CREATE TEMP TABLE l AS
SELECT g.i AS id, printf('%010X', (g.i * 2654435761) % 1099511627776) AS code,
       cu.v AS currency, la.v AS language, co.v AS country,
       printf('shopper%d@example%d.com', g.ei, g.ei % 7) AS email, f.v AS first_name,
       s.v AS last_name,
       $now - 730 * 86400 + (g.i - 1) * (730 * 86400) / $LEADS + g.jitter AS created,
       g.r < 10 AS used, g.r < 3 AS used_success, g.r >= 95 AS stopped, g.nitems,
       printf('PRD-%04d', g.p1) AS c1, printf('PRD-%04d', g.p2) AS c2, printf('PRD-%04d', g.p3) AS c3
FROM g JOIN countries co ON co.i = g.ci JOIN languages la ON la.i = g.li
       JOIN currencies cu ON cu.i = g.cu JOIN firsts f ON f.i = g.fi JOIN lasts s ON s.i = g.lni
ORDER BY g.i;

INSERT INTO leads(id, vendor_id, code, generated_from, currency, language, country, email,
                  first_name, last_name, local_time, followed_up, used, used_success, stopped,
                  created, updated, doc)
SELECT id, $vid, code, 'API', currency, language, country, email, first_name, last_name,
       datetime(created, 'unixepoch'), 0, used, used_success, stopped, created, created,
       json_object('CartId', 'cart-' || id, 'Currency', currency, 'Language', language,
         'ExternalReference', 'REF-' || id, 'Source', 'shop.example.com',
         'LocalTime', datetime(created, 'unixepoch'),
         'Items', CASE nitems WHEN 1 THEN json_array(json(i1))
                              WHEN 2 THEN json_array(json(i1), json(i2))
                              ELSE json_array(json(i1), json(i2), json(i3)) END,
         'BillingDetails', json_object('FirstName', first_name, 'LastName', last_name,
            'Email', email, 'Address1', id || ' Main Street', 'City', 'Springfield',
            'Zip', '12345', 'CountryCode', country),
         'Promotions', json_array())
FROM (SELECT l.*,
        json_object('Code', c1, 'Quantity', 1, 'IsDynamic', json('false'),
                    'Tangible', json('false'), 'PurchaseType', 'PRODUCT') AS i1,
        json_object('Code', c2, 'Quantity', 2, 'IsDynamic', json('false'),
                    'Tangible', json('false'), 'PurchaseType', 'PRODUCT') AS i2,
        json_object('Code', c3, 'Quantity', 1, 'IsDynamic', json('false'),
                    'Tangible', json('false'), 'PurchaseType', 'PRODUCT') AS i3
      FROM l) ORDER BY id;

INSERT INTO lead_items(lead_id, seq, code)
SELECT id, 0, c1 FROM l UNION ALL
SELECT id, 1, c2 FROM l WHERE nitems >= 2 UNION ALL
SELECT id, 2, c3 FROM l WHERE nitems >= 3
ORDER BY 1, 2;

INSERT INTO lead_followups(lead_id, seq, due, state)
SELECT l.id, o.seq, l.created + o.off,
       CASE WHEN l.stopped THEN 2 WHEN l.created + o.off <= $now THEN 1 ELSE 0 END
FROM l, (SELECT 0 AS seq, 1200 AS off UNION ALL SELECT 1, 86400 UNION ALL SELECT 2, 604800
         UNION ALL SELECT 3, 2592000 UNION ALL SELECT 4, 7776000) o
ORDER BY l.id, o.seq;
COMMIT;
EOF
}

if [ -n "${KEEP_DB:-}" ] && [ -s "$db" ]; then
  echo "reusing $db ($(sqlite3 "$db" 'SELECT count(*) FROM leads') leads)"
  "$bin" migrate --db "sqlite:$db" >/dev/null 2>&1 || die "cannot migrate $db"
else
  rm -f "$db" "$db-wal" "$db-shm"
  t0=$(date +%s)
  fill
  "$bin" migrate --db "sqlite:$db" >/dev/null 2>&1 || die "cannot migrate $db"
  echo "filled $LEADS leads in $(($(date +%s) - t0)) s: $(du -h "$db" | cut -f1) on disk;" \
    "$(sqlite3 "$db" 'SELECT count(DISTINCT email) FROM leads') emails," \
    "$(sqlite3 "$db" 'SELECT count(*) FROM lead_items') items," \
    "$(sqlite3 "$db" 'SELECT count(*) FROM lead_followups') follow-ups"
fi
kassa_start "$bin" "$db"

# request lists drawn from the data, so that every search finds something
sample() { # SQL over a random lead id "r.k" -> one line per request
  sqlite3 "$db" "WITH RECURSIVE r(n, k) AS (SELECT 1, abs(random()) % $LEADS + 1 UNION ALL
                 SELECT n + 1, abs(random()) % $LEADS + 1 FROM r WHERE n < $REPS) $1"
}
P=/rest/6.0/leads/
sample "SELECT '$P?Email=' || email FROM r JOIN leads ON id = k" >"$bench_dir/q_email"
sample "SELECT '$P?Country=' || country || '&Language=' || language FROM r JOIN leads ON id = k" \
  >"$bench_dir/q_country"
sample "SELECT '$P?ProductCode=' || code FROM r JOIN lead_items ON lead_id = k AND seq = 0" \
  >"$bench_dir/q_product"
# a week in the vendor's time zone (GMT+02:00), starting on a day that has leads
sample "SELECT '$P?StartDate=' || date(created + 7200, 'unixepoch') || '&EndDate=' ||
        date(created + 7200 + 6 * 86400, 'unixepoch') FROM r JOIN leads ON id = k" >"$bench_dir/q_week"
sample "SELECT '$P' || code FROM r JOIN leads ON id = k" >"$bench_dir/q_get"

lat() { # NAME FILE ("-": stdin)
  if [ "$2" = - ]; then
    /usr/bin/python3 bench/latency.py "$kassa_url" "$BENCH_CODE" "$BENCH_SECRET" "$1"
  else
    /usr/bin/python3 bench/latency.py "$kassa_url" "$BENCH_CODE" "$BENCH_SECRET" "$1" <"$2"
  fi
}
# warm-up, not reported: the server's first requests and a cold page cache
cat "$bench_dir"/q_* | shuf -n "$((REPS / 2))" | lat warm-up - >/dev/null
echo "before: $(machine)"
echo "first page (Limit 10) of sequential requests over one keep-alive connection, milliseconds:"
printf '%-30s %5s %8s %8s %8s %8s %8s  %s\n' "" n p50 p90 p99 max mean matches
lat "search Email" "$bench_dir/q_email"
lat "search Country+Language" "$bench_dir/q_country"
lat "search ProductCode" "$bench_dir/q_product"
lat "search StartDate..EndDate (7d)" "$bench_dir/q_week"
lat "GET /leads/{LeadCode}" "$bench_dir/q_get"
# for the record: filters no index can serve count every lead of the vendor
head -20 "$bench_dir/q_email" | sed 's/?Email=.*/?Type=Stopped/' >"$bench_dir/q_type"
head -20 "$bench_dir/q_email" | sed 's/?Email=.*//' >"$bench_dir/q_all"
lat "search (no filter; 20)" "$bench_dir/q_all"
lat "search Type=Stopped (20)" "$bench_dir/q_type"

code=$(head -1 "$bench_dir/q_get" | sed 's|.*/||')
curl -fsS -H "X-Avangate-Authentication: $(auth_header)" "$kassa_url$P$code" \
  >"$bench_dir/lead.json" || die "could not read a lead"
nginx_start "$bench_dir/lead.json"
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency on a $LEADS-lead store;" \
  "response body $(wc -c <"$bench_dir/lead.json") bytes"
wrk_header
wrk_run kassa_get_lead_big "$kassa_url$P$code" "X-Avangate-Authentication: $(auth_header)"
wrk_run nginx_static "$nginx_url/static.json"
echo "after:  $(machine)"
echo "ratio kassa/nginx (requests/s): $(ratio "$rps_kassa_get_lead_big" "$rps_nginx_static")"
