#!/usr/bin/env bash
# Installs the Debian packages Kassa needs to build, run and test, when any is missing.
# Safe to run again: it installs nothing when everything is there. Needs root (or sudo).
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev libxml2-dev
            libsqlite3-dev libssl-dev libcurl4-openssl-dev)
test_pkgs=(clang libclang-rt-14-dev libcmocka-dev python3-pytest python3-requests
           python3-zeep python3-aiosmtpd php-cli php-soap php-curl sqlite3 curl
           chromium fonts-dejavu-core nodejs poppler-utils nginx-light)
bench_pkgs=(wrk nginx-light)

case "${1:-all}" in
  build) want=("${build_pkgs[@]}") ;;
  test)  want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  *)     want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The browser tests install playwright-core with npm: Debian's nodejs comes without it.
case "${1:-all}" in build) ;; *) command -v npm >/dev/null || missing+=(npm) ;; esac
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
