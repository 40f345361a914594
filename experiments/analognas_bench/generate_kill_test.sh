#!/usr/bin/env bash
# kill -9 at random points of a generation, resumed each time: the merged
# records equal those of an uninterrupted run (records digest of `merge`).
# Usage (Bazel sh_test): generate_kill_test.sh GENERATE MERGE
set -euo pipefail
GENERATE=$1
MERGE=$2
TMP=${TEST_TMPDIR:-$(mktemp -d)}
ARGS=(--cells=stratified:4 --scale=test --threads=1 --code_version=test --seed=5)

"$GENERATE" "${ARGS[@]}" --output="$TMP/whole" > /dev/null 2> "$TMP/whole.log"
want=$("$MERGE" --shards="$TMP/whole" --output="$TMP/whole.bench" | grep 'records digest')

RANDOM=12345  # the kill times are repeatable
kills=0
for attempt in $(seq 1 20); do
  "$GENERATE" "${ARGS[@]}" --output="$TMP/killed" > /dev/null 2>> "$TMP/killed.log" &
  pid=$!
  delay_ms=$((200 + RANDOM % 2500))
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
echo "killed $kills times, $before of 4 representatives done before the last run; uninterrupted: $want; killed and resumed: $got"
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
