#!/usr/bin/env bash
# bench/run.sh BIN — `make bench`: requests/s and latency of an authenticated REST call against
# an nginx serving a static file of the same size on the same machine, the ceiling of what an
# HTTP server can do here. Kassa: GET /rest/6.0/leads/{LeadCode} of an existing lead (signature
# check, one vendor and one lead read from SQLite, JSON out). nginx: GET /static.json.
# Same wrk load for both (DURATION, THREADS, CONNECTIONS; see bench/common.sh). Prints the
# figures, the ratio Kassa/nginx and the machine's load; the shared machines are noisy, so
# compare ratios, not absolute numbers. wrk's full outputs go to bench/out/.
set -euo pipefail
bin=$(realpath "${1:?usage: bench/run.sh BIN}")
cd "$(dirname "$0")/.."
. bench/common.sh
need wrk curl openssl nginx
BENCH_OUT=$PWD/bench/out
mkdir -p "$BENCH_OUT"

db=$bench_dir/kassa.db
kassa_vendor "$bin" "$db"
kassa_start "$bin" "$db"

# one lead, as the seed's example sends it
lead='{"Currency":"EUR","Language":"en","ExternalReference":"REST_API_AVANGTE","Source":"testAPI.com","LocalTime":"2019-01-08 11:46:12","Items":[{"Code":"my_subscription_1","Quantity":"1","SKU":"df1","IsDynamic":false,"Tangible":false,"Name":"asd","Description":"asd","Price":{"Amount":23,"Type":"CUSTOM"}}],"BillingDetails":{"FirstName":"Customer","LastName":"Avangate","Email":"customer@avangate.com","Address1":"Test Address","City":"LA","Zip":"12345","CountryCode":"us","State":"CA"}}'
code=$(curl -fsS -X POST -H "X-Avangate-Authentication: $(auth_header)" \
  -H 'Content-Type: application/json' --data "$lead" "$kassa_url/rest/6.0/leads/" |
  sed -n 's/.*"LeadCode":"\([^"]*\)".*/\1/p')
[ -n "$code" ] || die "could not add the lead"
# the static file is the very answer Kassa gives, so both move the same bytes
curl -fsS -H "X-Avangate-Authentication: $(auth_header)" "$kassa_url/rest/6.0/leads/$code" \
  >"$bench_dir/lead.json" || die "could not read the lead back"
nginx_start "$bench_dir/lead.json"

echo "Kassa $("$bin" version | awk '{print $2}') ($bin, $KASSA_THREADS threads) vs nginx $(nginx -v 2>&1 | sed 's/.*\///') (worker_processes auto)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency; response body $(wc -c <"$bench_dir/lead.json") bytes"
echo "before: $(machine)"
wrk_header
# the header is signed once: a run must fit in the 10-minute date window
wrk_run kassa_get_lead "$kassa_url/rest/6.0/leads/$code" "X-Avangate-Authentication: $(auth_header)"
wrk_run nginx_static "$nginx_url/static.json"
echo "after:  $(machine)"
echo "ratio kassa/nginx (requests/s): $(ratio "$rps_kassa_get_lead" "$rps_nginx_static")"
