#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz (clang, ASan, UBSan: --config=fuzz,
# in its own output base so the gcc cache is kept) and runs each on a copy of
# its seed corpus. One summary line per fuzzer; exits 1 if any fuzzer found a
# crash, a hang (> 10 s on one input), a leak or a sanitizer report.
#   tests/fuzz/run_fuzzers.sh [--runs N] [--max_total_time S] [NAME...]
# NAME is a fuzzer without "_fuzzer" (cell, idx, ...); default: all.
# --runs defaults to 10^7; with --max_total_time the first bound reached stops.
# Artifacts (crashing inputs, logs) go to a temp dir printed at the end.
set -uo pipefail

ALL=(cell benchmark_store record_io tile_config cost_config device_config csv_import
     arch_genotype qpim_genotype search_state cifar10 idx)
runs=10000000
max_total_time=0
names=()
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --runs=*) runs="${1#*=}"; shift ;;
    --max_total_time) max_total_time="$2"; shift 2 ;;
    --max_total_time=*) max_total_time="${1#*=}"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "run_fuzzers.sh: unknown flag $1" >&2; exit 2 ;;
    *) names+=("${1%_fuzzer}"); shift ;;
  esac
done
((${#names[@]})) || names=("${ALL[@]}")

cd "$(dirname "$0")/../.." || exit 2
# One output base per checkout (an output base belongs to one workspace).
output_base="${AIMC_FUZZ_OUTPUT_BASE:-$HOME/.cache/aimc-nas-fuzz/$(pwd | md5sum | cut -c1-12)}"
bazel_fuzz() { bazel --output_base="$output_base" "$@"; }
targets=()
for n in "${names[@]}"; do
  [[ -d "tests/fuzz/corpus/$n" ]] || { echo "run_fuzzers.sh: no fuzzer '$n'" >&2; exit 2; }
  targets+=("//tests/fuzz:${n}_fuzzer")
done
# The fuzzers are tagged manual, so they are named (//tests/fuzz:all skips them).
# --symlink_prefix=/: no bazel-bin/bazel-out links, which would otherwise point
# the checkout's links at this output base and break the gcc build's //...
bazel_fuzz build --config=fuzz --symlink_prefix=/ "${targets[@]}" || exit 2
bin="$(bazel_fuzz info --config=fuzz bazel-bin)/tests/fuzz"

work="$(mktemp -d "${TMPDIR:-/tmp}/aimc_fuzz.XXXXXX")"
# Harnesses of path-only parsers rewrite one file per input: on this VM's disk
# open+truncate+close costs ~3 ms (cifar10 ran at ~300 exec/s), on tmpfs ~0.1 ms
# (~6,700 exec/s). AIMC_FUZZ_SCRATCH overrides.
scratch_root="${AIMC_FUZZ_SCRATCH:-}"
[[ -z "$scratch_root" && -d /dev/shm && -w /dev/shm ]] && scratch_root=/dev/shm
scratch="$(mktemp -d "${scratch_root:-$work}/aimc_fuzz_tmp.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
found=0
for n in "${names[@]}"; do
  dir="$work/$n"
  mkdir -p "$dir/corpus" "$dir/artifacts" "$scratch/$n"
  cp -r "tests/fuzz/corpus/$n/." "$dir/corpus/"  # libFuzzer adds to it: never the repo's
  limits=(-runs="$runs")
  ((max_total_time > 0)) && limits+=(-max_total_time="$max_total_time")
  start=$(date +%s.%N)
  # TMPDIR: where harnesses write inputs for path-only parsers (fuzz_util.h).
  TMPDIR="$scratch/$n" nice -n 10 "$bin/${n}_fuzzer" "${limits[@]}" -timeout=10 -rss_limit_mb=2560 \
    -artifact_prefix="$dir/artifacts/" -print_final_stats=1 "$dir/corpus" >"$dir/log" 2>&1
  rc=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  # libFuzzer's own average is 0 for runs under a second: rate over wall time.
  rate=$(echo "${execs:-0} / ($secs + 0.001)" | bc)
  secs=$(printf '%.1f' "$secs")
  artifacts=$(find "$dir/artifacts" -type f | tr '\n' ' ')
  reports=$(grep -c "ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:\|ERROR: libFuzzer\|fuzz invariant broken" "$dir/log")
  if ((rc != 0)) || [[ -n "$artifacts" ]] || ((reports > 0)); then
    found=1
    echo "FAIL ${n}_fuzzer: ${execs:-?} execs, ${rate:-?} exec/s, ${secs} s; exit $rc, $reports reports; artifacts: ${artifacts:-none}; log: $dir/log"
  else
    echo "ok   ${n}_fuzzer: ${execs:-?} execs, ${rate:-?} exec/s, ${secs} s; 0 crashes, 0 timeouts, 0 sanitizer reports"
  fi
done
echo "work dir (logs, grown corpora): $work"
exit "$found"
