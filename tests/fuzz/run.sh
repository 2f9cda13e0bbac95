#!/usr/bin/env bash
# Build every libFuzzer target (tests/fuzz/fuzz_*.c) into build/fuzz/ and
# run each (or only the TARGETs named, e.g. fuzz_rules) for an equal
# share of SECONDS (default 60), starting from a scratch copy of its seed
# corpus in tests/fuzz/corpus/<target>/ (the committed corpus is never
# written), with tests/fuzz/<target>.dict as its dictionary when there is
# one. Fails on any crash, leak, timeout or sanitizer report; the input
# that caused it is kept under build/fuzz/artifacts/<target>/ and its log
# under build/fuzz/logs/.
#
# Exits 0 with "skipped" only when clang's fuzzer runtime is missing
# (Debian: clang-14 and libclang-rt-14-dev, listed in scripts/deps.sh).
set -euo pipefail

total=${1:-60}
case "$total" in
  '' | *[!0-9]*) echo "usage: $0 [SECONDS [TARGET...]]" >&2; exit 2 ;;
esac
[ "$#" -gt 0 ] && shift

cd "$(dirname "$0")/../.."

clang=${CLANG:-}
if [ -z "$clang" ]; then
  for c in clang-14 clang; do
    if command -v "$c" >/dev/null; then clang=$c; break; fi
  done
fi

# Can this clang link a fuzzer with the sanitizers we use?
probe_dir=$(mktemp -d)
trap 'rm -rf "$probe_dir"' EXIT
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
  'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
  >"$probe_dir/probe.c"
if [ -z "$clang" ] || ! "$clang" -fsanitize=fuzzer,address,undefined \
    -o "$probe_dir/probe" "$probe_dir/probe.c" >"$probe_dir/probe.log" 2>&1; then
  echo "fuzz: skipped: no clang with the libFuzzer runtime" \
       "(install clang-14 and libclang-rt-14-dev: bash scripts/deps.sh)"
  [ -s "$probe_dir/probe.log" ] && sed 's/^/fuzz:   /' "$probe_dir/probe.log" | head -5
  exit 0
fi

# The library needs the generated sources of the main build.
make --no-print-directory build/gen/web_assets.c build/gen/sql_migrations.c \
  build/gen/rule_set_files.c >/dev/null
jobs=$(nproc 2>/dev/null || echo 2)
make --no-print-directory -f tests/fuzz/fuzz.mk -j"$jobs" CLANG="$clang"

targets=()
for src in tests/fuzz/fuzz_*.c; do
  targets+=("$(basename "$src" .c)")
done
if [ "$#" -gt 0 ]; then
  for t in "$@"; do
    if [ ! -f "tests/fuzz/$t.c" ]; then
      echo "fuzz: no target $t (tests/fuzz/$t.c)" >&2
      exit 2
    fi
  done
  targets=("$@")
fi
n=${#targets[@]}
per=$(( total / n ))
[ "$per" -ge 1 ] || per=1

mkdir -p build/fuzz/logs build/fuzz/artifacts
scratch=$(mktemp -d build/fuzz/run.XXXXXX)
trap 'rm -rf "$probe_dir" "$scratch"' EXIT

failed=()
for t in "${targets[@]}"; do
  corpus="$scratch/$t"
  mkdir -p "$corpus" "build/fuzz/artifacts/$t"
  if [ -d "tests/fuzz/corpus/$t" ]; then
    cp -R "tests/fuzz/corpus/$t/." "$corpus/"
  fi
  log="build/fuzz/logs/$t.log"
  echo "fuzz: $t for ${per}s"
  dict=()
  if [ -f "tests/fuzz/$t.dict" ]; then dict=(-dict="tests/fuzz/$t.dict"); fi
  rc=0
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
  LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "build/fuzz/$t" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 \
      -max_len=4096 -print_final_stats=1 \
      -artifact_prefix="build/fuzz/artifacts/$t/" ${dict[@]+"${dict[@]}"} "$corpus" \
      >"$log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -a -Eo 'cov: [0-9]+' "$log" | tail -1 || true)
  if [ "$rc" -ne 0 ]; then
    echo "fuzz: $t FAILED (exit $rc); log: $log"
    grep -a -E 'ERROR|invariant failed|runtime error|SUMMARY|Test unit written' "$log" \
      | head -20 | sed 's/^/fuzz:   /'
    failed+=("$t")
  else
    echo "fuzz: $t ok: ${runs:-?} runs, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs"
  fi
done

if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz: all ${n} targets passed (${per}s each)"
