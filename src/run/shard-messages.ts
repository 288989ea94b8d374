/**
 * Every message of sharded sweeps and their merge, in one place. Each names the file or point and
 * says what to do about it.
 */

export const shardMessage = {
  badShard: (text: string) => `'${text}' is not a shard; give I/N with 0 <= I < N <= 10000 (e.g. 2/8), or auto`,
  autoWithoutEnv: () =>
    "--shard auto: found neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)",
  autoWithoutCount: (indexVar: string) =>
    `--shard auto: ${indexVar} is set but the shard count is not: set P2PSIM_SHARD_COUNT (or SLURM_ARRAY_TASK_COUNT under Slurm)`,
  badEnv: (name: string, value: string) => `--shard auto: ${name}='${value}' is not a whole number`,
  noShards: (dir: string) => `${dir}: no shards/*.json here; give the --out folder of 'p2psim sweep FILE --shard I/N'`,
  badShardFile: (file: string, what: string) => `${file}: not a p2psim shard file (${what})`,
  differs: (file: string, field: string, value: string, first: string, firstValue: string) =>
    `${file}: ${field} ${value} differs from ${first}'s ${firstValue}: ` +
    (field === "scenario digest" ? "a shard of another scenario (or other --set edits); remove it or rerun that shard" : "all shards must come from one sweep; rerun that shard"),
  tampered: (file: string) => `${file}: its scenario does not match its own digest: the file was edited; rerun that shard`,
  duplicate: (index: number, a: string, b: string) => `point ${index} is in two shard files: ${a} and ${b}; remove one (a shard given twice, or shards of different counts in one folder)`,
  outOfRange: (file: string, index: number, total: number) => `${file}: lists point ${index}, but the sweep has ${total} points (0..${total - 1})`,
  corrupt: (summary: string, shardFile: string, shard: string) =>
    `${summary}: its checksum differs from the one in ${shardFile}: the point was changed or damaged after it ran; rerun that shard (--shard ${shard}; it reruns only that point)`,
  otherVersion: (file: string, shards: string, merging: string) =>
    `${file}: the shards were run by p2psim ${shards}, this is ${merging}: merge with the version that ran them (or rerun the shards)`,
  noFolders: () => "give the sweep folder(s) to merge, e.g. p2psim sweep merge results/iotlb-study-sweep",
  badLauncher: (value: string, allowed: readonly string[]) => `--emit: '${value}' is not one of ${allowed.join(", ")}`,
  emitWithoutShards: () => "--emit: give --shards N, the number of shards (array tasks) to cut the sweep into",
  unreadablePoint: (summary: string, shardFile: string) => `${summary}: missing or unreadable, though ${shardFile} lists it; rerun that shard`,
  missing: (missing: number, total: number, points: string, shards: number, array: string) =>
    `${missing} of ${total} points are missing (${points}); resubmit the shards that hold them: --array=${array} (of ${shards} shards)`,
} as const;
