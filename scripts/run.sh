#!/usr/bin/env bash
# `make run`: creates the database with a demo vendor on first use, prints how to reach it,
# and serves in the foreground (Ctrl-C stops it cleanly).
set -euo pipefail
bin=$1 db=$2 listen=$3
url="sqlite:$db"

if ! "$bin" vendor show --db "$url" --code DEMO >/dev/null 2>&1; then
  "$bin" vendor add --db "$url" --code DEMO >/dev/null 2>&1
fi
# the demo catalog (products, option groups, a promotion, a cross-sell campaign) and the demo
# partner DEMO-PARTNER with its pricing list; objects that exist already are left alone
"$bin" vendor seed-demo --db "$url" --code DEMO >/dev/null
# the admin token opens the control API and the console; a fresh one each run unless given
token=${KASSA_ADMIN_TOKEN:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
shown=$("$bin" vendor show --db "$url" --code DEMO --reveal-secret 2>/dev/null)
secret=$(printf '%s\n' "$shown" | sed -n 's/.*"Secret": "\(.*\)".*/\1/p')
word=$(printf '%s\n' "$shown" | sed -n 's/.*"SecretWord": "\(.*\)".*/\1/p')

cat <<EOT

  Kassa — the 2Checkout API 6.0, self-hosted
  ------------------------------------------
  demo merchant code : DEMO
  demo secret key    : $secret
  secret word        : $word   (signs ConvertPlus buy-links)
  REST               : http://$listen/rest/6.0/
  JSON-RPC           : http://$listen/rpc/6.0/
  SOAP (WSDL)        : http://$listen/soap/6.0/?wsdl
  console            : http://$listen/console/
  admin token        : $token   (console login, and the control API's Bearer token)
  demo shop          : http://$listen/checkout/demo   (open it in a browser; test card 4111 1111 1111 1111)
  Channel Manager    : http://$listen/channel-manager/2.1/rpc/  and  .../2.1/soap/?wsdl
  demo partner       : DEMO-PARTNER (setPartner), pricing list DEMO-LIST: the catalog at 20% off
  demo catalog       : CLOUD-BASIC, CLOUD-PRO, DESKTOP-LICENSE, USB-KEY; coupon WELCOME10
  database           : $db

EOT
KASSA_ADMIN_TOKEN=$token exec "$bin" serve --db "$url" --listen "$listen"
