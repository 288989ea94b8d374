#!/usr/bin/env bash
# npm run test:cluster: sharded sweeps on a real Slurm and a real GNU parallel, on this machine.
#
# Installs Debian's slurm-wlm, munge and parallel when missing (apt-get; needs root), starts munged,
# slurmctld and slurmd in the foreground of this script with a throwaway config under a temp
# folder (no systemd), then:
#   1. runs a 6-point sweep unsharded;
#   2. runs the README's worked Slurm example as written (3 shards through a job array, at most 2
#      at once, and a merge job queued with afterok), then loses shard 1, checks that the merge asks
#      for --array=1, and reruns it as the README says (bash default-sweep.sbatch 1);
#   3. runs the launcher `--emit parallel` prints, GNU parallel over --sshloginfile whose only line
#      is ':' (this machine: no SSH server here, so GNU parallel runs the shards locally);
#   and compares the three sweep.csv (and report.html, charts) byte for byte;
#   4. negative cases: a missing shard (exit 2, with the --array= list to resubmit), a duplicate
#      shard, a shard of another scenario digest, a corrupted point: each refused, with its message;
#   5. a sweep killed with SIGTERM midway, rerun: it resumes and gives the identical sweep.csv.
# Stops every daemon it started (trap), by pid. Prints one line per check, its run time, and
# "cluster: N passed, N failed"; with --report FILE also writes {"passed":N,"failed":N} there.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPORT=""
[ "${1:-}" = "--report" ] && REPORT=${2:-}
START=$(date +%s)
PASSED=0
FAILED=0
TMP=$(mktemp -d /tmp/p2psim-cluster.XXXXXX)
PIDS=()

write_report() {
  echo "cluster: $PASSED passed, $FAILED failed ($(( $(date +%s) - START )) s)"
  [ -n "$REPORT" ] && printf '{"passed":%d,"failed":%d}\n' "$PASSED" "$FAILED" > "$REPORT"
}

cleanup() {
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then scancel --user=root >/dev/null 2>&1 || true; fi
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  rm -rf "$TMP"
}
trap 'cleanup' EXIT
trap 'echo "cluster: interrupted"; exit 130' INT TERM

check() { # check NAME COMMAND...: runs the command, counts it as passed or failed
  local name=$1
  shift
  if "$@"; then
    PASSED=$((PASSED + 1))
    echo "ok   - $name"
  else
    FAILED=$((FAILED + 1))
    echo "FAIL - $name"
  fi
}

fail_setup() {
  echo "cluster: setup failed: $1"
  FAILED=$((FAILED + 1))
  for log in "$TMP"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }; done
  write_report
  exit 1
}

# --- install -------------------------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v parallel >/dev/null; then
  echo "cluster: installing slurm-wlm, munge and parallel from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge parallel >"$TMP/apt.log" 2>&1 \
    || { apt-get update -q >>"$TMP/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge parallel >>"$TMP/apt.log" 2>&1; } \
    || fail_setup "apt-get install slurm-wlm munge parallel (see apt.log)"
fi

# --- p2psim on PATH, as the README's example calls it ---------------------------------------------
[ -f "$ROOT/dist/src/cli/main.js" ] || fail_setup "dist/ is not built: run npm run build (npm run test:cluster does)"
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nexec %q %q "$@"\n' "$(command -v node)" "$ROOT/dist/src/cli/main.js" > "$TMP/bin/p2psim"
chmod +x "$TMP/bin/p2psim"
export PATH="$TMP/bin:$PATH"

# --- munge and slurm on localhost ----------------------------------------------------------------
HOST=$(hostname -s)
mkdir -p "$TMP/munge" "$TMP/state" "$TMP/spool"
chmod 700 "$TMP/munge"
dd if=/dev/urandom of="$TMP/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$TMP/munge/munge.key"
MUNGE_SOCKET="$TMP/munge/munge.socket"
munged --foreground --force --key-file="$TMP/munge/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$TMP/munge/munged.pid" \
  --log-file="$TMP/munged.log" --seed-file="$TMP/munge/munged.seed" >>"$TMP/munged.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$MUNGE_SOCKET" ] && break; sleep 0.1; done
[ -S "$MUNGE_SOCKET" ] || fail_setup "munged did not start (munged.log)"

export SLURM_CONF="$TMP/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=p2psim-test
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=600
SchedulerParameters=sched_interval=1
NodeName=$HOST CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i -f "$SLURM_CONF" >>"$TMP/slurmctld.log" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" >>"$TMP/slurmd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qx idle && break; sleep 0.2; done
sinfo -h -o %T 2>/dev/null | grep -qx idle || fail_setup "slurmctld/slurmd did not come up (slurmctld.log, slurmd.log)"
echo "cluster: munged, slurmctld and slurmd up on $HOST ($(( $(date +%s) - START )) s)"

# --- the sweep, three ways -------------------------------------------------------------------------
WORK="$TMP/work"
mkdir -p "$WORK"
ln -s "$ROOT/scenarios" "$WORK/scenarios"
cd "$WORK" || fail_setup "cd $WORK"
# The README's example (between its slurm-example markers), as written.
sed -n '/<!-- slurm-example:start -->/,/<!-- slurm-example:end -->/p' "$ROOT/README.md" | sed -n '/^```bash$/,/^```$/p' | sed '1d;$d' > "$TMP/readme-example.sh"
[ -s "$TMP/readme-example.sh" ] || fail_setup "README.md has no slurm example between <!-- slurm-example:start/end --> markers"
# The same sweep's --set edits, as the README gives them.
mapfile -t SETS < <(grep -o -- "--set '[^']*'\|--set [^ ]*" "$TMP/readme-example.sh" | sed "s/^--set //; s/^'//; s/'$//")
SWEEP=(scenarios/default.yaml --no-png)
for s in "${SETS[@]}"; do SWEEP+=(--set "$s"); done

p2psim sweep "${SWEEP[@]}" --out plain --workers 2 --quiet > plain.out 2>&1
check "an unsharded sweep runs" test -s plain/sweep.csv

bash -e "$TMP/readme-example.sh" > slurm-submit.out 2>&1
cat slurm-submit.out
MERGE_JOB=$(sed -n 's/.*merge job \([0-9]*\).*/\1/p' slurm-submit.out)
job_state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1; }
for _ in $(seq 600); do
  state=$(job_state "$MERGE_JOB")
  case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
  sleep 0.5
done
check "the README's Slurm example runs 3 array tasks and an afterok merge job that completes (state: ${state:-none})" test "${state:-}" = COMPLETED
check "the Slurm array wrote 3 shard files" test "$(ls results/default-sweep/shards 2>/dev/null | wc -l)" = 3
check "sweep.csv from the Slurm array equals the unsharded one, byte for byte" cmp plain/sweep.csv results/default-sweep/sweep.csv
check "report.html and charts from the Slurm array equal the unsharded ones" sh -c 'cmp plain/report.html results/default-sweep/report.html && diff -r plain/charts results/default-sweep/charts'

# The README's resubmission: a lost shard is named by the merge, rerun with 'bash default-sweep.sbatch 1'.
rm -rf results/default-sweep/shards/1-of-3.json results/default-sweep/points/00001 results/default-sweep/sweep.csv
p2psim sweep merge results/default-sweep --no-png --quiet > resubmit-merge.out 2>&1
check "after losing shard 1, merge asks for --array=1" grep -q -- "--array=1 (of 3 shards)" resubmit-merge.out
bash -e default-sweep.sbatch 1 > resubmit.out 2>&1
wait_job() {
  local state=""
  for _ in $(seq 600); do
    state=$(job_state "$1")
    case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
    sleep 0.5
  done
  echo "$state"
}
state=$(wait_job "$(sed -n 's/.*merge job \([0-9]*\).*/\1/p' resubmit.out)")
check "'bash default-sweep.sbatch 1' reruns shard 1 and the merge (state: ${state:-none}), giving the same sweep.csv" sh -c "[ '$state' = COMPLETED ] && cmp plain/sweep.csv results/default-sweep/sweep.csv"

echo ":" > nodes.txt
p2psim sweep "${SWEEP[@]}" --emit parallel --shards 3 --max-parallel 2 --out "$WORK/gnu" > parallel.sh
bash -e parallel.sh > parallel.out 2>&1
check "GNU parallel over --sshloginfile (':' = this machine) ran 3 shards and the merge" test "$(awk 'NR > 1 && $7 == 0' gnu.parallel.log | wc -l)" = 3
check "sweep.csv from GNU parallel equals the unsharded one, byte for byte" cmp plain/sweep.csv gnu/sweep.csv

# --- merge refuses what is broken ------------------------------------------------------------------
refused() { # refused NAME PATTERN DIR...: merge must exit 2 and say PATTERN
  local name=$1 pattern=$2
  shift 2
  local out
  out=$(p2psim sweep merge "$@" --no-png --quiet 2>&1)
  local code=$?
  echo "     $(echo "$out" | head -n 1 | cut -c1-220)"
  check "$name" sh -c "[ $code -eq 2 ] && printf '%s' \"\$1\" | grep -q -- \"\$2\"" _ "$out" "$pattern"
}
cp -r gnu missing && rm missing/shards/1-of-3.json
refused "merge refuses a missing shard and lists it as --array=1" "resubmit the shards that hold them: --array=1 (of 3 shards)" missing
mkdir -p dup/shards && cp gnu/shards/0-of-3.json dup/shards/ && cp -r gnu/points dup/
refused "merge refuses a duplicate shard" "is in two shard files" gnu dup
p2psim sweep "${SWEEP[@]}" --set workloads.1.size=2MiB --shard 1/3 --out other --workers 1 --no-png > other.out 2>&1
refused "merge refuses a shard of another scenario digest" "scenario digest .* differs" gnu other
cp -r gnu corrupt && sed -i '0,/"throughputGBps": [0-9]/s//"throughputGBps": 9/' corrupt/points/00004/summary.json
refused "merge refuses a corrupted point" "00004/summary.json: its checksum differs" corrupt

# --- SIGTERM midway, then resume -------------------------------------------------------------------
p2psim sweep "${SWEEP[@]}" --out killed --workers 1 --quiet > killed.out 2>&1 &
SWEEP_PID=$!
for _ in $(seq 600); do [ "$(ls killed/points/*/point.json 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.1; done
kill -TERM "$SWEEP_PID"
wait "$SWEEP_PID"
stamped=$(ls killed/points/*/point.json 2>/dev/null | wc -l)
check "a sweep killed with SIGTERM stopped midway ($stamped of 6 points stamped, no sweep.csv)" sh -c "[ $stamped -ge 2 ] && [ $stamped -lt 6 ] && [ ! -e killed/sweep.csv ]"
p2psim sweep "${SWEEP[@]}" --out killed --workers 1 --quiet > resumed.out 2>&1
check "the rerun reused the points done before SIGTERM ($(grep -o '[0-9]* point(s) reused' resumed.out))" grep -q "$stamped point(s) reused" resumed.out
check "rerun after SIGTERM gives the identical sweep.csv" cmp plain/sweep.csv killed/sweep.csv

echo "cluster: run time $(( $(date +%s) - START )) s"
cd /
write_report
[ "$FAILED" -eq 0 ]
