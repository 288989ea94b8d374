/**
 * Ready-made launchers for a sharded sweep (`p2psim sweep FILE --emit slurm|parallel|k8s`): a
 * Slurm job-array script that also queues the merge with `afterok`, a GNU parallel command line
 * over `--sshloginfile`, and a Kubernetes Indexed Job manifest. Each runs
 * `p2psim sweep FILE --shard ... --out OUT` per shard, then `p2psim sweep merge OUT`. They assume
 * OUT is on a file system every machine shares (NFS, Lustre, a PersistentVolume); otherwise copy
 * each machine's folder back and merge them all (`p2psim sweep merge A B C --out OUT`).
 */
import { SHARD_COUNT_ENV } from "./shard.js";

export const LAUNCHERS = ["slurm", "parallel", "k8s"] as const;
export type Launcher = (typeof LAUNCHERS)[number];

export interface LauncherOptions {
  /** The scenario's name (job names). */
  name: string;
  /** The scenario file, as the jobs will read it (absolute). */
  file: string;
  /** The sweep folder every shard writes into (absolute). */
  out: string;
  /** The working folder the jobs start in (absolute). */
  cwd: string;
  /** Shards N. */
  shards: number;
  /** At most K shards at once. */
  maxParallel: number;
  /** Worker threads (cores) per shard. */
  workers: number;
  /** Extra `p2psim sweep` arguments every shard gets (`--seed`, `--set`, `--no-png`). */
  args: readonly string[];
  /** How to call p2psim on the machines (default `p2psim`). */
  command?: string;
}

/** `text` quoted for a POSIX shell (left bare when it needs no quoting). */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

const words = (parts: readonly string[]) => parts.map(shellQuote).join(" ");

function slurm(o: LauncherOptions): string {
  const p2psim = o.command ?? "p2psim";
  // --workers defaults to SLURM_CPUS_PER_TASK under Slurm.
  const shard = words([...p2psim.split(" "), "sweep", o.file, "--shard", "auto", "--out", o.out, ...o.args]);
  const merge = words([...p2psim.split(" "), "sweep", "merge", o.out, ...(o.args.includes("--no-png") ? ["--no-png"] : [])]);
  const logs = `${o.out}/slurm`;
  // sbatch reads #SBATCH lines itself, not through a shell: a path that needs quoting goes on the
  // sbatch command line instead, quoted.
  const taskLog = `${logs}/%A_%a.out`;
  const plainLog = shellQuote(taskLog) === taskLog;
  return `#!/bin/bash
# p2psim sweep of ${o.name} as a Slurm job array: ${o.shards} shards, at most ${o.maxParallel} at once,
# then a merge job that starts only when every shard succeeded (afterok).
#   bash THIS_FILE           submits the array and the merge job (from a login node)
#   bash THIS_FILE 2,5       resubmits shards 2 and 5 (as 'p2psim sweep merge' lists them) and the merge
# Under sbatch (SLURM_ARRAY_TASK_ID set) it runs one shard: points whose index is the task id mod ${o.shards}.
#SBATCH --job-name=p2psim-${o.name}
#SBATCH --array=0-${o.shards - 1}%${o.maxParallel}
#SBATCH --cpus-per-task=${o.workers}
${plainLog ? `#SBATCH --output=${taskLog}` : "# (each task's --output is on the sbatch line below: its path needs quoting)"}
set -euo pipefail
export ${SHARD_COUNT_ENV}=${o.shards}
if [ -z "\${SLURM_ARRAY_TASK_ID:-}" ]; then
  mkdir -p ${shellQuote(logs)}
  array=$(sbatch --parsable${plainLog ? "" : ` --output=${shellQuote(taskLog)}`} \${1:+--array="$1"} "$0")
  merge=$(sbatch --parsable --job-name=p2psim-${o.name}-merge --dependency=afterok:"\${array%%;*}" \\
    --chdir=${shellQuote(o.cwd)} --output=${shellQuote(`${logs}/merge-%j.out`)} --wrap=${shellQuote(merge)})
  echo "array job \${array%%;*}, merge job \${merge%%;*}; results in "${shellQuote(o.out)}
  exit 0
fi
cd ${shellQuote(o.cwd)}
${shard}
`;
}

function parallel(o: LauncherOptions): string {
  const p2psim = o.command ?? "p2psim";
  // GNU parallel puts each value of ::: where {} stands (the shard index).
  const shard = words([...p2psim.split(" "), "sweep", o.file, "--shard", `SHARD/${o.shards}`, "--out", o.out, "--workers", String(o.workers), ...o.args]).replace("SHARD/", "{}/");
  const merge = words([...p2psim.split(" "), "sweep", "merge", o.out, ...(o.args.includes("--no-png") ? ["--no-png"] : [])]);
  return `# p2psim sweep of ${o.name} with GNU parallel: ${o.shards} shards over the machines listed in
# nodes.txt (one per line: host, or N/host to run N shards at once there; ':' is this machine),
# ${o.maxParallel} at once on each machine without an N, each with ${o.workers} thread(s), then the merge if every
# shard succeeded.
parallel --sshloginfile nodes.txt --jobs ${o.maxParallel} --joblog ${shellQuote(`${o.out}.parallel.log`)} --halt soon,fail=1 \\
  ${shellQuote(`cd ${shellQuote(o.cwd)} && ${shard}`)} ::: $(seq 0 ${o.shards - 1}) \\
  && ${merge}
`;
}

function k8s(o: LauncherOptions): string {
  const p2psim = o.command ?? "p2psim";
  const args = [...p2psim.split(" "), "sweep", o.file, "--shard", "auto", "--out", o.out, "--workers", String(o.workers), ...o.args];
  const merge = words([...p2psim.split(" "), "sweep", "merge", o.out]);
  return `# p2psim sweep of ${o.name} as a Kubernetes Indexed Job: ${o.shards} shards (completions), at most
# ${o.maxParallel} at once (parallelism); each pod reads its shard from JOB_COMPLETION_INDEX and the
# count from ${SHARD_COUNT_ENV}. The image must hold p2psim; the volume must hold the scenario and
# the results (here a PersistentVolumeClaim 'p2psim-results' mounted at ${o.cwd}). Then merge:
#   kubectl wait --for=condition=complete --timeout=24h job/p2psim-${o.name} && ${merge}
apiVersion: batch/v1
kind: Job
metadata:
  name: p2psim-${o.name}
spec:
  completionMode: Indexed
  completions: ${o.shards}
  parallelism: ${o.maxParallel}
  backoffLimitPerIndex: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: shard
          image: p2psim:latest
          workingDir: ${JSON.stringify(o.cwd)}
          command: ${JSON.stringify(args)}
          env:
            - { name: ${SHARD_COUNT_ENV}, value: "${o.shards}" }
          resources:
            requests: { cpu: "${o.workers}" }
          volumeMounts:
            - { name: results, mountPath: ${JSON.stringify(o.cwd)} }
      volumes:
        - name: results
          persistentVolumeClaim: { claimName: p2psim-results }
`;
}

/** The launcher's text. */
export function launcherText(kind: Launcher, options: LauncherOptions): string {
  return kind === "slurm" ? slurm(options) : kind === "parallel" ? parallel(options) : k8s(options);
}
