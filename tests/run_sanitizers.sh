#!/usr/bin/env bash
# Runs the test suite under gcc's ASan (leak checking on) and UBSan (tests/README.md,
# "Sanitizers"): bash tests/run_sanitizers.sh [--only=asan|ubsan] [PATTERN ...]
# (default patterns: //...). Too slow for CI's 90 minutes on 2 cores (LibTorch's
# translation units build twice more), so it is a script, not part of .ci/run. Runs in its
# own output base so the plain build's server and cache are untouched; objects of the two
# configs stay apart (--platform_suffix). Prints one "CONFIG: N passed, N failed" line per
# config and exits non-zero if any test failed or did not build.
set -uo pipefail
cd "$(dirname "$0")/.."

configs=(asan ubsan)
patterns=()
for arg in "$@"; do
  case "$arg" in
    --only=asan) configs=(asan) ;;
    --only=ubsan) configs=(ubsan) ;;
    --only=*) echo "run_sanitizers: unknown config '${arg#--only=}' (asan or ubsan)" >&2; exit 2 ;;
    -*) echo "run_sanitizers: unknown flag '$arg'" >&2; exit 2 ;;
    *) patterns+=("$arg") ;;
  esac
done
((${#patterns[@]} == 0)) && patterns=(//...)

output_base="${AIMC_SANITIZER_OUTPUT_BASE:-$HOME/.cache/aimc-nas-sanitizers}"
status=0
summary=()
for config in "${configs[@]}"; do
  log=$(mktemp)
  bazel --output_base="$output_base" test --config="$config" -k --test_timeout=900,1800,3600,3600 \
    "${patterns[@]}" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED( |$)' "$log")
  failed=$(grep -cE '^//[^ ]+ +.*(FAILED|TIMEOUT|NO STATUS|INCOMPLETE|FLAKY)' "$log")
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
  [[ $rc -eq 0 ]] || status=1
  summary+=("$config: $passed passed, $failed failed (log $log)")
done
printf '%s\n' "${summary[@]}"
exit "$status"
