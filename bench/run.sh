#!/usr/bin/env bash
# bench/run.sh BIN — `make bench`: the authenticated hot read path against its ceiling, nginx
# serving a static file of the same bytes on the same machine in the same run. Kassa:
# GET /rest/6.0/leads/{LeadCode} of an existing lead (signature check, vendor and lead read
# from SQLite, JSON out), and getLead over JSON-RPC and SOAP (a session from login); nginx:
# GET /static.json. Three loads:
#   - CONNECTIONS (64) connections: requests/s and p50/p90/p99 of each, the ratio to nginx;
#   - one connection (sequential calls, what a test suite sees): p50 of Kassa and nginx;
#   - Kassa's memory (RSS) after the runs.
# The machine's load average is printed before and after; the shared machines are noisy, so
# compare ratios, not absolute numbers. wrk's full outputs go to bench/out/.
set -euo pipefail
bin=$(realpath "${1:?usage: bench/run.sh BIN}")
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-64}
. bench/common.sh
need wrk curl openssl nginx
BENCH_OUT=$PWD/bench/out
mkdir -p "$BENCH_OUT"

db=$bench_dir/kassa.db
kassa_vendor "$bin" "$db"
kassa_start "$bin" "$db"
kassa_pid=${bench_pids[-1]}

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

# getLead over JSON-RPC and SOAP, with a session
sid=$(rpc_session "$kassa_url")
[ -n "$sid" ] || die "JSON-RPC login failed"
printf '{"jsonrpc":"2.0","id":1,"method":"getLead","params":["%s","%s"]}' "$sid" "$code" \
  >"$bench_dir/rpc.json"
post_lua "$bench_dir/rpc.lua" "$bench_dir/rpc.json" application/json
cat >"$bench_dir/soap.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:kassa:soap:6.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body><ns1:getLead><sessionID xsi:type="xsd:string">$sid</sessionID><LeadCode xsi:type="xsd:string">$code</LeadCode></ns1:getLead></SOAP-ENV:Body></SOAP-ENV:Envelope>
XML
post_lua "$bench_dir/soap.lua" "$bench_dir/soap.xml" "text/xml; charset=utf-8" SOAPAction \
  "urn:kassa:soap:6.0#getLead"
curl -fsS -H 'Content-Type: application/json' --data @"$bench_dir/rpc.json" "$kassa_url/rpc/6.0/" |
  grep -q "\"LeadCode\":\"$code\"" || die "JSON-RPC getLead failed"
curl -fsS -H 'Content-Type: text/xml; charset=utf-8' --data-binary @"$bench_dir/soap.xml" \
  "$kassa_url/soap/6.0/" | grep -q "$code" || die "SOAP getLead failed"

echo "Kassa $("$bin" version | awk '{print $2}') ($bin, $KASSA_THREADS threads) vs nginx $(nginx -v 2>&1 | sed 's/.*\///') (worker_processes auto)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency; response body $(wc -c <"$bench_dir/lead.json") bytes"
echo "before: $(machine)"
wrk_header
# the header is signed once: a run must fit in the 10-minute date window
h="X-Avangate-Authentication: $(auth_header)"
wrk_run kassa_get_lead "$kassa_url/rest/6.0/leads/$code" "$h"
wrk_run nginx_static "$nginx_url/static.json"
wrk_run kassa_rpc_getLead "$kassa_url/rpc/6.0/" "" "$bench_dir/rpc.lua"
wrk_run kassa_soap_getLead "$kassa_url/soap/6.0/" "" "$bench_dir/soap.lua"
echo "one connection (sequential calls):"
WRK_THREADS=1 WRK_CONNECTIONS=1 wrk_run kassa_get_lead_1 "$kassa_url/rest/6.0/leads/$code" "$h"
WRK_THREADS=1 WRK_CONNECTIONS=1 wrk_run nginx_static_1 "$nginx_url/static.json"
echo "after:  $(machine)"
echo "Kassa's memory: $(rss "$kassa_pid")"
echo "ratio kassa/nginx (requests/s, $CONNECTIONS connections): REST $(ratio "$rps_kassa_get_lead" "$rps_nginx_static")," \
  "JSON-RPC $(ratio "$rps_kassa_rpc_getLead" "$rps_nginx_static"), SOAP $(ratio "$rps_kassa_soap_getLead" "$rps_nginx_static")"
echo "p50 on one connection: Kassa ${p50_kassa_get_lead_1} ms, nginx ${p50_nginx_static_1} ms:" \
  "$(ratio "$p50_kassa_get_lead_1" "$p50_nginx_static_1")x nginx's"
