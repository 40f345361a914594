#!/usr/bin/env bash
# kill -9 at random points of a generation, resumed each time: the merged
# records equal those of an uninterrupted run (records digest of `merge`).
# Usage (Bazel sh_test): generate_kill_test.sh GENERATE MERGE
set -euo pipefail
GENERATE=$1
MERGE=$2
TMP=${TEST_TMPDIR:-$(mktemp -d)}
CELLS=6
ARGS=(--cells=stratified:$CELLS --scale=test --threads=1 --code_version=test --seed=5)

ms_now() { echo $(($(date +%s%N) / 1000000)); }
t0=$(ms_now)
"$GENERATE" "${ARGS[@]}" --output="$TMP/whole" > /dev/null 2> "$TMP/whole.log"
t1=$(ms_now)
# A run on a finished shard: start-up alone (LibTorch, the cell list).
"$GENERATE" "${ARGS[@]}" --output="$TMP/whole" > /dev/null 2>> "$TMP/whole.log"
t2=$(ms_now)
startup_ms=$((t2 - t1))
cell_ms=$(((t1 - t0 - startup_ms) / CELLS))
if [[ $cell_ms -lt 50 ]]; then cell_ms=50; fi
want=$("$MERGE" --shards="$TMP/whole" --output="$TMP/whole.bench" | grep 'records digest')
# Kill times from half the start-up to start-up + 2 cells, measured on this
# machine now (a loaded machine is slower at both): each killed run finishes
# 0-2 cells, so there are several kills and finished cells survive them.
lo_ms=$((startup_ms / 2))
span_ms=$((startup_ms / 2 + 2 * cell_ms))

RANDOM=12345  # the draws are repeatable (the times scale with the machine)
kills=0
for attempt in $(seq 1 20); do
  "$GENERATE" "${ARGS[@]}" --output="$TMP/killed" > /dev/null 2>> "$TMP/killed.log" &
  pid=$!
  delay_ms=$((lo_ms + RANDOM % span_ms))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -9 "$pid" 2> /dev/null; then
    wait "$pid" 2> /dev/null || true
    kills=$((kills + 1))
    continue
  fi
  wait "$pid"  # finished before the kill: must have succeeded
  break
done
# Whatever state the kills left, one more run completes the shard.
"$GENERATE" "${ARGS[@]}" --output="$TMP/killed" > "$TMP/final.out" 2> "$TMP/final.log"
before=$(sed -n 's/.* cells, \([0-9]*\) already in .*/\1/p' "$TMP/final.log")
got=$("$MERGE" --shards="$TMP/killed" --output="$TMP/killed.bench" --require_complete | grep 'records digest')
echo "start-up ${startup_ms} ms, ${cell_ms} ms per cell, kill delays ${lo_ms} ms + [0, ${span_ms} ms); killed $kills times, $before of $CELLS representatives done before the last run; uninterrupted: $want; killed and resumed: $got"
if [[ $kills -lt 3 ]]; then
  echo "FAIL: expected at least 3 kills mid-run (got $kills)" >&2
  exit 1
fi
if [[ -z "$before" || $before -lt 1 ]]; then
  echo "FAIL: the killed runs kept no finished cell" >&2
  exit 1
fi
if [[ "$want" != "$got" ]]; then
  echo "FAIL: records differ after kill -9 and resume" >&2
  exit 1
fi
