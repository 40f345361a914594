#!/usr/bin/env bash
# kill -9 at random points of a training job with checkpoints (the quick
# start: baseline training, QAT and HWT, each checkpointed at every epoch end),
# 20 times, resuming each time: the final report's numbers equal those of an
# uninterrupted run (issue 15). Timing lines are left out of the comparison.
# Usage (Bazel sh_test): quickstart_kill_test.sh QUICKSTART
set -euo pipefail
QUICKSTART=$1
TMP=${TEST_TMPDIR:-$(mktemp -d)}
ARGS=(--threads=1 --train_images=512 --test_images=128 --epochs=6 --batch_size=64
      --qat_epochs=2 --hwt_epochs=2 --analog_repetitions=1 --channels=4)
numbers() { grep -v '^wall time' "$1" | sed 's/ in [0-9.]* s$//'; }

ms_now() { echo $(($(date +%s%N) / 1000000)); }
t0=$(ms_now)
"$QUICKSTART" "${ARGS[@]}" --checkpoint="$TMP/whole.ckpt" > "$TMP/whole.out" 2> /dev/null
run_ms=$(($(ms_now) - t0))

RANDOM=4242  # repeatable draws (the times scale with the machine)
kills=0
for attempt in $(seq 1 20); do
  "$QUICKSTART" "${ARGS[@]}" --checkpoint="$TMP/killed.ckpt" > "$TMP/killed.out" 2> /dev/null &
  pid=$!
  # Anywhere in a whole run: start-up, any of the three trainings, evaluation.
  delay_ms=$((RANDOM % run_ms))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -9 "$pid" 2> /dev/null; then
    wait "$pid" 2> /dev/null || true
    kills=$((kills + 1))
  else
    wait "$pid"  # it finished first: it must have succeeded
  fi
done
"$QUICKSTART" "${ARGS[@]}" --checkpoint="$TMP/killed.ckpt" > "$TMP/killed.out" 2> /dev/null
echo "uninterrupted run ${run_ms} ms; killed ${kills} of 20 runs at random points, then resumed"
if [[ $kills -lt 5 ]]; then
  echo "FAIL: expected at least 5 kills mid-run (got $kills)" >&2
  exit 1
fi
if ! diff <(numbers "$TMP/whole.out") <(numbers "$TMP/killed.out"); then
  echo "FAIL: the report differs after kill -9 and resume" >&2
  exit 1
fi
numbers "$TMP/killed.out" | grep -E 'accuracy|drift|loss'
