#!/usr/bin/env bash
# Submits an AnalogNAS-Bench generation to SLURM: a job array of n shards (one
# `generate` process per shard, 1 CPU each) and a merge job that runs once all
# shards succeeded (afterok). Resubmitting the same command resumes: every
# shard skips the cells its file already holds, and the merge runs again.
#
#   bazel build -c opt //experiments/analognas_bench:generate //experiments/analognas_bench:merge
#   experiments/analognas_bench/slurm/submit.sh --shards=64 --output=/shared/anb \
#       --cells=all_unique --scale=tiny [--seed=42] [--partition=P] [--time=2:00:00] \
#       [--bin_dir=bazel-bin/experiments/analognas_bench] [--wait] [-- GENERATE_FLAGS...]
#
# DIR (--output) must be on a file system every node sees. It receives
#   DIR/bin/{generate,merge}   copies of the binaries (a rebuild mid-run changes nothing)
#   DIR/slurm/*.sbatch         the two job scripts, as submitted
#   DIR/shards/                one CRC-checked record file per shard
#   DIR/logs/                  one log per array task and one for the merge
#   DIR/benchmark.bench        the merged benchmark (+ .provenance.tsv)
# Records do not yet agree across thread counts, so each task runs 1 thread.
set -euo pipefail

die() { echo "submit.sh: $*" >&2; exit 1; }

shards="" output="" cells="stratified:1000" scale="tiny" seed=42 partition="" time_limit=""
bin_dir="" wait=0 sbatch_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --shards=*) shards=${1#*=} ;;
    --output=*) output=${1#*=} ;;
    --cells=*) cells=${1#*=} ;;
    --scale=*) scale=${1#*=} ;;
    --seed=*) seed=${1#*=} ;;
    --partition=*) partition=${1#*=} ;;
    --time=*) time_limit=${1#*=} ;;
    --bin_dir=*) bin_dir=${1#*=} ;;
    --sbatch_arg=*) sbatch_extra+=("${1#*=}") ;;
    --wait) wait=1 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done
generate_extra=("$@")

[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards=N needs a positive integer, got '$shards'"
[[ -n "$output" ]] || die "--output=DIR is required (a directory every node can see)"
[[ "$seed" =~ ^[0-9]+$ ]] || die "--seed needs a non-negative integer, got '$seed'"
command -v sbatch > /dev/null || die "sbatch not found (install slurm-client, or run on a login node)"

here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel 2> /dev/null || true)
if [[ -z "$bin_dir" ]]; then
  [[ -n "$repo" ]] || die "--bin_dir is required outside a git checkout"
  bin_dir=$repo/bazel-bin/experiments/analognas_bench
fi
for b in generate merge; do
  [[ -x "$bin_dir/$b" ]] || die "no executable '$bin_dir/$b': run bazel build -c opt //experiments/analognas_bench:generate //experiments/analognas_bench:merge, or pass --bin_dir"
done
code_version=unknown
if [[ -n "$repo" ]]; then
  code_version=$(git -C "$repo" rev-parse --short=12 HEAD 2> /dev/null || echo unknown)
  [[ -z "$(git -C "$repo" status --porcelain --untracked-files=no 2> /dev/null | head -1)" ]] ||
    code_version=$code_version-dirty
fi

mkdir -p "$output"
output=$(cd "$output" && pwd)
mkdir -p "$output"/{bin,slurm,shards,logs}
# Copy, then rename: a running task keeps executing the binary it started with.
for b in generate merge; do
  cp "$bin_dir/$b" "$output/bin/.$b.tmp" && mv -f "$output/bin/.$b.tmp" "$output/bin/$b"
done

q() { printf '%q ' "$@"; }
common=(--parsable --kill-on-invalid-dep=yes)
[[ -n "$partition" ]] && common+=(--partition="$partition")
[[ -n "$time_limit" ]] && common+=(--time="$time_limit")
common+=("${sbatch_extra[@]}")

cat > "$output/slurm/generate.sbatch" << JOB
#!/usr/bin/env bash
#SBATCH --job-name=anb-generate
#SBATCH --cpus-per-task=1
#SBATCH --requeue
#SBATCH --output=$output/logs/generate-%A_%a.log
# Shard \$SLURM_ARRAY_TASK_ID of $shards; resumes from its shard file.
set -euo pipefail
exec $(q "$output/bin/generate" --cells="$cells" --scale="$scale" --seed="$seed" \
  --output="$output/shards" --threads=1 --code_version="$code_version" "${generate_extra[@]}") \
  --shard="\$SLURM_ARRAY_TASK_ID/$shards"
JOB

cat > "$output/slurm/merge.sbatch" << JOB
#!/usr/bin/env bash
#SBATCH --job-name=anb-merge
#SBATCH --cpus-per-task=1
#SBATCH --output=$output/logs/merge-%j.log
set -euo pipefail
exec $(q "$output/bin/merge" --shards="$output/shards" --output="$output/benchmark.bench" --require_complete)
JOB

touch "$output/slurm/.submitted"
array=$(sbatch "${common[@]}" --array=0-$((shards - 1)) "$output/slurm/generate.sbatch")
array=${array%%;*}
merge=$(sbatch "${common[@]}" --dependency=afterok:"$array" "$output/slurm/merge.sbatch")
merge=${merge%%;*}
echo "submit.sh: array job $array ($shards shards of $cells at scale $scale, seed $seed, code $code_version); merge job $merge after all succeed -> $output/benchmark.bench"

if [[ $wait -eq 1 ]]; then
  # squeue forgets a job once it ends; the merge's log and output tell how.
  while [[ -n "$(squeue -h -j "$array,$merge" 2> /dev/null)" ]]; do sleep 0.5; done
  log=$output/logs/merge-$merge.log
  [[ -f "$log" ]] && cat "$log"
  [[ -f "$log" && "$output/benchmark.bench" -nt "$output/slurm/.submitted" ]] ||
    die "the merge job $merge did not run or failed: see $output/logs/ (a failed shard cancels the merge)"
fi
