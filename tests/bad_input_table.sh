#!/usr/bin/env bash
# Tries each kind of bad input on the tools and prints the README's bad-input
# table (markdown): the input, the command, the exit code and the first line
# the user sees. Nothing is hard-coded: every row is what the tool printed in
# this run. Needs the tools built:
#   bazel build //nas:query //nas:import_csv //nas/search:run_search \
#     //crossbar:mvm_error_report //crossbar/cost:pim_cost_report \
#     //experiments/analognas_bench:evaluate_cell //experiments/analognas_bench:generate \
#     //python:aimc_nas.so //python:test_data
#   tests/bad_input_table.sh [BAZEL_BIN]   (default: bazel-bin)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
bin="${1:-bazel-bin}"
T="$(mktemp -d "${TMPDIR:-/tmp}/bad_input.XXXXXX")"
trap 'rm -rf "$T"' EXIT

B="$bin/python/testing/synthetic_full.pb"
[[ -f "$B" ]] || { echo "bad_input_table.sh: build //python:test_data first" >&2; exit 2; }
size=$(stat -c %s "$B")
head -c $((size / 2)) "$B" >"$T/truncated.pb"
cp "$B" "$T/flipped.pb" && chmod u+w "$T/flipped.pb"
# One byte in the middle of a record's payload: its CRC no longer matches.
printf '\xff' | dd of="$T/flipped.pb" bs=1 seek=$((size / 2)) conv=notrunc status=none
printf 'index,arch,cifar10_test_accuracy\n0,|none~0|+|none~0|none~1|,80.0\n' >"$T/bad_row.csv"
printf 'index,arch,cifar10_test_accuracy\n0,|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_c' >"$T/cut.csv"
printf 'forward { inp_bits: -1 }\n' >"$T/negative_bits.textproto"
printf 'forward { inp_bits: 8 \n' >"$T/unclosed.textproto"
mkdir -p "$T/fm"
for f in /usr/share/datasets/fashion-mnist/*.gz; do cp "$f" "$T/fm/"; done
train="$T/fm/train-images-idx3-ubyte.gz"
head -c $(($(stat -c %s "$train") / 3)) "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz" >"$train"
mkdir -p "$T/empty"

row() {  # row DESCRIPTION COMMAND...; a Python traceback shows its last line
  local what="$1"; shift
  local out rc
  "$@" >/dev/null 2>"$T/stderr"; rc=$?
  out=$(grep -v '^\[\|^epoch\|^$' "$T/stderr")
  if [[ "$out" == Traceback* ]]; then out=$(tail -1 <<<"$out"); else out=$(head -1 <<<"$out"); fi
  local shown="${*//$T/T}"
  shown="${shown//$bin\//}"
  out="${out//$T/T}"
  ((${#out} > 180)) && out="${out:0:177}..."
  printf '| %s | `%s` | %s | %s |\n' "$what" "${shown//|/\\|}" "$rc" "${out//|/\\|}"
}

echo "| bad input | command | exit | what the user sees (first line of stderr) |"
echo "| --- | --- | --- | --- |"
row "unknown op in a cell string" "$bin/nas/query" --benchmark="$B" --arch='|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|'
row "tuple with 5 op codes" "$bin/nas/query" --benchmark="$B" --arch='(0,1,2,3,4)'
row "index out of range" "$bin/nas/query" --benchmark="$B" --arch=15625
row "missing benchmark file" "$bin/nas/query" --benchmark="$T/none.pb" --arch=1
row "truncated benchmark file" "$bin/nas/query" --benchmark="$T/truncated.pb" --arch=1
row "one flipped byte in a benchmark file" "$bin/nas/query" --benchmark="$T/flipped.pb" --arch=1
row "unknown metric" "$bin/nas/query" --benchmark="$B" --arch=1 --metric=accuracy
row "CSV row with a malformed cell" "$bin/nas/import_csv" --format=nb201 --out="$T/o.pb" --csv="$T/bad_row.csv"
row "CSV cut off mid-line" "$bin/nas/import_csv" --format=nb201 --out="$T/o.pb" --csv="$T/cut.csv"
row "negative bit width in a tile config" "$bin/crossbar/mvm_error_report" --preset="$T/negative_bits.textproto"
row "malformed text proto" "$bin/crossbar/mvm_error_report" --preset="$T/unclosed.textproto"
row "unknown tile preset" "$bin/crossbar/mvm_error_report" --preset=pcm_2030
row "negative weight bits of a CrossNAS block" "$bin/crossbar/cost/pim_cost_report" --net=crossnas --blocks=VGG:32:-1:8
row "unknown search algorithm" "$bin/nas/search/run_search" --benchmark="$B" --algorithm=simulated_annealing
row "search budget 0" "$bin/nas/search/run_search" --benchmark="$B" --algorithm=random_search --budget=0
row "CIFAR-10 asked for, no directory given" "$bin/experiments/analognas_bench/evaluate_cell" --arch=1 --scale=test --data=cifar10
row "CIFAR-10 directory without the batches" "$bin/experiments/analognas_bench/evaluate_cell" --arch=1 --scale=test --data=cifar10 --data_dir="$T/empty"
row "truncated Fashion-MNIST .gz" "$bin/experiments/analognas_bench/evaluate_cell" --arch=1 --scale=test --data_dir="$T/fm"
row "NaN in tile weights (Python)" env PYTHONPATH="$bin/python" /usr/bin/python3 -c 'import numpy as np, aimc_nas; aimc_nas.Tile(np.array([[1, np.nan]], np.float32))'
row "float64 input to a tile forward (Python)" env PYTHONPATH="$bin/python" /usr/bin/python3 -c 'import numpy as np, aimc_nas; aimc_nas.Tile(np.eye(2, dtype=np.float32)).forward(np.eye(2))'

# A full disk, as a 64 KiB file-size limit (SIGXFSZ ignored, so write() fails
# with EFBIG as on a full device): the error names the file, and the benchmark
# already at --out is untouched (writes go to a temp file, then rename).
printf 'index,arch,cifar10_test_accuracy\n0,|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|,85.8633\n' >"$T/one.csv"
"$bin/nas/import_csv" --format=nb201 --csv="$T/one.csv" --out="$T/big.pb" >/dev/null 2>&1 ||
  { echo "bad_input_table.sh: could not write the 1-cell benchmark" >&2; exit 1; }
before=$(md5sum <"$T/big.pb")
full_csv="$T/all.csv"
{ echo "index,arch,cifar10_test_accuracy"; i=0
  while read -r line; do echo "$i,$line,50.0"; i=$((i + 1)); done < <(
    PYTHONPATH="$bin/python" /usr/bin/python3 -c 'import aimc_nas; [print(c.string) for c in aimc_nas.all_cells()]'); } >"$full_csv"
disk_full() { (ulimit -f 64; trap '' XFSZ; exec "$@"); }
row "disk full while writing a benchmark (64 KiB file-size limit)" disk_full "$bin/nas/import_csv" --format=nb201 --csv="$full_csv" --out="$T/big.pb"
after=$(md5sum <"$T/big.pb")
echo "| (the same) | \`cmp\` of the file at --out before and after | $([[ "$before" == "$after" ]] && echo 0 || echo 1) | $([[ "$before" == "$after" ]] && echo "unchanged: the old benchmark is intact" || echo "CHANGED") |"
