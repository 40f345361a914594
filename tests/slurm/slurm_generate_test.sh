#!/usr/bin/env bash
# A real one-node SLURM cluster on localhost (slurmctld + slurmd, auth/none,
# no systemd; ../shared/docs/slurm.md): experiments/analognas_bench/slurm/
# submit.sh runs a 4-shard array over 8 cells at --scale=test plus the
# dependent merge; its records must equal a local single-process run's
# (merge's records digest). Usage (Bazel sh_test): GENERATE MERGE SUBMIT
set -euo pipefail
GENERATE=$(realpath "$1")
MERGE=$(realpath "$2")
SUBMIT=$(realpath "$3")
for d in /usr/sbin/slurmctld /usr/sbin/slurmd /usr/bin/sbatch /usr/bin/sinfo; do
  [[ -x $d ]] || { echo "FAIL: $d missing: run bash third_party/setup.sh (installs slurm-wlm)" >&2; exit 1; }
done
[[ $(id -u) -eq 0 ]] || { echo "FAIL: slurmd must run as root" >&2; exit 1; }

# Short paths: slurmd's sockets live under the spool directory.
B=$(mktemp -d /tmp/anb-slurm.XXXXXX)
export SLURM_CONF=$B/slurm.conf  # before any SLURM command: no DNS lookups
mkdir -p "$B"/{state,spool,log,run}
H=$(hostname -s)
cat > "$SLURM_CONF" << CONF
ClusterName=anbtest
SlurmctldHost=$H(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$B/state
SlurmdSpoolDir=$B/spool
SlurmctldPidFile=$B/run/slurmctld.pid
SlurmdPidFile=$B/run/slurmd.pid
SlurmctldLogFile=$B/log/slurmctld.log
SlurmdLogFile=$B/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
MailProg=/bin/true
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$B/log/jobcomp.txt
ReturnToService=2
NodeName=$H NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

stop() {
  scancel --user=root 2> /dev/null || true
  for f in "$B/run/slurmd.pid" "$B/run/slurmctld.pid"; do
    [[ -s $f ]] || continue
    p=$(cat "$f")
    kill "$p" 2> /dev/null && for _ in $(seq 100); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
  done
  if [[ -n ${TEST_UNDECLARED_OUTPUTS_DIR:-} ]]; then cp -r "$B/log" "$TEST_UNDECLARED_OUTPUTS_DIR/" 2> /dev/null || true; fi
  rm -rf "$B"
}
trap stop EXIT

/usr/sbin/slurmctld -c
/usr/sbin/slurmd
for _ in $(seq 300); do [[ "$(sinfo -h -o %T 2> /dev/null)" == idle ]] && break; sleep 0.1; done
[[ "$(sinfo -h -o %T)" == idle ]] || { echo "FAIL: node not idle after 30 s" >&2; sinfo -N -l >&2; tail "$B/log/"*.log >&2; exit 1; }
echo "cluster up: $(sinfo -h -o '%P %D %C %T')"

mkdir -p "$B/bin"
cp "$GENERATE" "$MERGE" "$B/bin/"
ARGS=(--cells=stratified:8 --scale=test --seed=7)
t0=$(date +%s)
"$SUBMIT" --shards=4 --output="$B/run1" --bin_dir="$B/bin" --wait "${ARGS[@]}" -- --code_version=test |
  tee "$B/submit.out"
echo "array + merge on SLURM took $(($(date +%s) - t0)) s"
got=$(grep 'records digest' "$B/submit.out")
shard_files=$(ls "$B/run1/shards" | grep -c '^shard-0000[0-3]-of-00004.records$')
[[ $shard_files -eq 4 ]] || { echo "FAIL: expected 4 shard files, got $shard_files" >&2; exit 1; }
tasks=$(grep -c 'Name=anb-generate JobState=COMPLETED' "$B/log/jobcomp.txt" || true)
[[ $tasks -eq 4 ]] || { echo "FAIL: jobcomp lists $tasks generate tasks, expected 4" >&2; exit 1; }

# The same cells in one local process, no SLURM.
"$GENERATE" "${ARGS[@]}" --threads=1 --code_version=test --output="$B/local" > /dev/null 2> "$B/local.log"
want=$("$MERGE" --shards="$B/local" --output="$B/local.bench" --require_complete | grep 'records digest')
echo "SLURM 4 shards: $got; local 1 process: $want"
[[ -n "$want" && "$want" == "$got" ]] || { echo "FAIL: records differ between the SLURM array and the local run" >&2; exit 1; }

# Resubmitting the finished run resumes: nothing is evaluated again.
"$SUBMIT" --shards=4 --output="$B/run1" --bin_dir="$B/bin" --wait "${ARGS[@]}" -- --code_version=test > "$B/submit2.out"
again=$(cat "$B/run1/logs/"generate-*.log | grep -c ', 0 to evaluate' || true)
[[ $again -eq 4 ]] || { echo "FAIL: a resubmission evaluated cells again ($again of 4 shards had 0 to evaluate)" >&2; exit 1; }
[[ "$(grep 'records digest' "$B/submit2.out")" == "$got" ]] || { echo "FAIL: resubmitted merge differs" >&2; exit 1; }
echo "PASS"
