#!/usr/bin/env bash
# scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...] — builds the libFuzzer targets (clang, ASan +
# UBSan + LSan) and runs each for SECONDS on a copy of its seed corpus, so that a smoke run never
# writes into fuzz/corpus/. Crash artifacts go to fuzz/crashes/ (git-ignored). Prints one line
# per target and exits non-zero if any target crashed, leaked, timed out or ran out of memory.
#   make fuzz    60 s per target          make test    ~10 s per target (the fuzz suite)
# KEEP_CORPUS=1 merges what a run found back into fuzz/corpus/ (for long runs, not for CI).
set -uo pipefail
cd "$(dirname "$0")/.."

build=${1:?usage: scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
jobs=$(nproc 2>/dev/null || echo 2)

if ! command -v clang >/dev/null; then
  echo "fuzz: clang is not installed (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DKS_FUZZ=ON -DKS_TESTS=OFF >/dev/null || exit 2
if ! cmake --build "$build" -j "$jobs" --target fuzzers >"$build/fuzz-build.log" 2>&1; then
  grep -E 'error|warning' "$build/fuzz-build.log" >&2 || tail -20 "$build/fuzz-build.log" >&2
  echo "fuzz: build failed (log: $build/fuzz-build.log)" >&2
  exit 2
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi

# scratch corpora, logs and the targets' databases (tmpfs when there is one)
shm=/dev/shm
[ -d "$shm" ] && [ -w "$shm" ] || shm=${TMPDIR:-/tmp}
work=$(mktemp -d "$shm/kassa-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
export KS_FUZZ_DB_DIR=$work
mkdir -p fuzz/crashes

# leaks are errors; the fixture's store lives until exit and is not one
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
for t in "${targets[@]}"; do
  bin=$build/$t
  [ -x "$bin" ] || { echo "$t: FAILED (no binary $bin)"; failed=1; continue; }
  corpus=$work/$t
  mkdir -p "$corpus"
  [ -d "fuzz/corpus/$t" ] && cp -r "fuzz/corpus/$t/." "$corpus/"
  dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
  log=$work/$t.log
  "$bin" "$corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="fuzz/crashes/$t-" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  if [ $rc -eq 0 ]; then
    printf '%-18s ok      %10s execs (%s/s)  cov %s  ft %s  corpus %s\n' "$t" "${execs:-?}" \
      "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
    if [ "${KEEP_CORPUS:-0}" = 1 ]; then
      mkdir -p "fuzz/corpus/$t"
      "$bin" -merge=1 "fuzz/corpus/$t" "$corpus" >/dev/null 2>&1
    fi
  else
    failed=1
    what=$(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log")
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    printf '%-18s FAILED  %s\n' "$t" "${what:-exit $rc}"
    [ -n "$artifact" ] && echo "                   input: $artifact (reproduce: $bin $artifact)"
    cp "$log" "fuzz/crashes/$t.log"
    echo "                   log:   fuzz/crashes/$t.log"
  fi
done
exit $failed
