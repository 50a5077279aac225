#!/usr/bin/env bash
# `make test`: builds Kassa with AddressSanitizer + UndefinedBehaviorSanitizer and runs every
# suite against that build: unit (cmocka/CTest), end-to-end (pytest, the real binary), compat
# (real clients: PHP SoapClient and the JSON-RPC callRPC pattern), browser (headless Chromium
# driven by playwright-core), and a short smoke run of each fuzz target. `scripts/test.sh SUITE` runs one suite.
set -uo pipefail
cd "$(dirname "$0")/.."
ASAN_BUILD=${ASAN_BUILD:-build-asan}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=$(nproc 2>/dev/null || echo 2)
only=${1:-all}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export KASSA_BIN=$PWD/$ASAN_BUILD/kassa

passed=0 failed=0
declare -a failures=()
suite() { # name command...
  local name=$1; shift
  echo "=== $name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: ok ($((SECONDS - t0))s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAILED ($((SECONDS - t0))s)"
  fi
}

build_asan() {
  cmake -S . -B "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=Debug -DKS_SANITIZE=ON -DKS_TESTS=ON >/dev/null &&
    cmake --build "$ASAN_BUILD" -j "$JOBS" 2>&1 | grep -Ev '^\[|^-- |Built target|Scanning|Consolidate' || true
  [ -x "$KASSA_BIN" ]
}

run_unit() { (cd "$ASAN_BUILD" && ctest --output-on-failure -j "$JOBS"); }
run_e2e() {
  /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/e2e "$@"
  local rc=$?
  [ $rc -eq 5 ] && { echo "no e2e tests collected"; return 1; }
  return $rc
}
run_compat() { tests/compat/run.sh; }
run_browser() { tests/browser/run.sh; }
run_fuzz() { scripts/fuzz.sh "$FUZZ_BUILD" "${FUZZ_SMOKE_SECONDS:-10}"; }

suite build build_asan || { echo "build failed"; exit 1; }
case "$only" in
  unit) suite unit run_unit ;;
  e2e) suite e2e run_e2e ;;
  compat) suite compat run_compat ;;
  browser) suite browser run_browser ;;
  fuzz) suite fuzz run_fuzz ;;
  all)
    suite unit run_unit
    suite e2e run_e2e
    suite compat run_compat
    suite browser run_browser
    suite fuzz run_fuzz
    ;;
  *) echo "unknown suite $only"; exit 2 ;;
esac

echo
echo "suites: $passed passed, $failed failed"
[ $failed -eq 0 ] || { echo "failed: ${failures[*]}"; exit 1; }
