#!/usr/bin/env bash
# Determinism across thread counts (issue 15, style.md): every tool that takes
# --threads prints the same numbers at 1 and at 2 threads for the same seed.
# Each tool runs at its test scale twice; lines naming the thread count or
# timing only are left out of the comparison. LibTorch training is covered
# through the trainer (networks/torch_threads.h says which LibTorch kernels
# need one thread and why).
# Usage (Bazel sh_test): thread_invariance_test.sh WEIGHT_ERROR_REPORT
#   MVM_ERROR_REPORT RUN_SEARCH QUICKSTART EVALUATE_CELL VANT_TABLE1
#   RASCH_SUPP_TABLE2 BENCHMARK_FILE
set -euo pipefail
WEIGHT=$1 MVM=$2 SEARCH=$3 QUICKSTART=$4 EVALUATE=$5 VANT=$6 RASCH=$7 BENCH=$8
TMP=${TEST_TMPDIR:-$(mktemp -d)}
export OPENBLAS_NUM_THREADS=1
failures=0

# Drops lines that state threads or wall time, and per-phase " in N s".
numbers() {
  grep -v -E '^wall time|^machine:|thread\(s\)|torch threads|time left|^epoch ' "$1" |
    sed -E 's/ in [0-9.]+ s$//; s/store: [^ ]*//' |
    awk '{ if (NF >= 9 && $2 ~ /^surrogate/) $(NF - 2) = "-"; print }'
}

check() {  # name, then the command (the thread flag is appended)
  local name=$1
  shift
  for t in 1 2; do
    if ! "$@" "--threads=$t" > "$TMP/$name.$t" 2> "$TMP/$name.$t.err"; then
      echo "FAIL $name: exit status at --threads=$t" >&2
      tail -5 "$TMP/$name.$t.err" >&2
      failures=$((failures + 1))
      return
    fi
  done
  if diff <(numbers "$TMP/$name.1") <(numbers "$TMP/$name.2") > "$TMP/$name.diff"; then
    echo "ok   $name: $(numbers "$TMP/$name.1" | wc -l) lines equal at 1 and 2 threads"
  else
    echo "FAIL $name: numbers differ between 1 and 2 threads:" >&2
    head -20 "$TMP/$name.diff" >&2
    failures=$((failures + 1))
  fi
}

check weight_error_report "$WEIGHT" --instances=2
check mvm_error_report "$MVM" --instances=2
check run_search_surrogate "$SEARCH" --benchmark="$BENCH" \
  --metric=analog_drift_86400 --algorithm=all --budget=40 --trials=2 --surrogate_train=200
# Digital training, PTQ, QAT, HWT, noisy/analog evaluation and drift.
check quickstart "$QUICKSTART" --train_images=512 --test_images=128 --epochs=2 \
  --batch_size=64 --qat_epochs=1 --hwt_epochs=1 --analog_repetitions=2 --channels=4
check evaluate_cell "$EVALUATE" --arch=1 --scale=test
# Each run gets its own model store, so the second trains afresh too.
check vant_table1 env STORE="$TMP/vant" sh -c \
  'exec "$0" --scale=test --store_dir="$STORE.$(echo "$@" | tr -dc 0-9)" "$@"' \
  "$VANT"
check rasch_supp_table2 env STORE="$TMP/rasch" sh -c \
  'exec "$0" --scale=test --store_dir="$STORE.$(echo "$@" | tr -dc 0-9)" "$@"' \
  "$RASCH"

if [[ $failures -gt 0 ]]; then
  echo "FAIL: $failures tool(s) depend on the thread count" >&2
  exit 1
fi
echo "PASS: every tool gives the same numbers at 1 and 2 threads"
