/**
 * The shard contract (docs/output.md): shard I of N runs the points whose index is I mod N
 * (interleaved, since a point's cost grows along the axes), writes each as `points/NNNNN/` with a
 * stamp `point.json`, and ends by writing `shards/I-of-N.json`: the scenario's digest, the
 * version, the seed, the number of points, its indices and a SHA-256 of each point's
 * `summary.json`. A point whose stamp matches this sweep and whose summary still has the stamped
 * checksum is not run again, so a rerun of a killed shard resumes. `merge.ts` proves the shards
 * complete and writes the sweep's files; a plain `p2psim sweep` is shard 0 of 1 and then a merge.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../messages.js";
import { packageVersion } from "../package-root.js";
import type { SweepPoint as AxisPoint } from "../scenario/sweep.js";
import { pointFolder, sweepBase, type PointJob, type PointStamp } from "./sweep-job.js";
import { shardMessage } from "./shard-messages.js";
import type { SweepPlan, RunSweepOptions } from "./sweep.js";
import { runJobs } from "./worker-pool.js";

/** Shard `index` of `count`: the points whose index is `index` mod `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Most shards a sweep may be cut into (as many as it may have points). */
export const MAX_SHARDS = 10_000;

/** The environment variable that gives the shard count where the scheduler does not (Kubernetes, or a Slurm array resubmitted in part). */
export const SHARD_COUNT_ENV = "P2PSIM_SHARD_COUNT";

/** The tag of a shard file's format, first in the file. */
export const SHARD_FORMAT = "p2psim-sweep-shard/1";

/**
 * What `--shard` says: `I/N`, or `auto` for the scheduler's environment: `SLURM_ARRAY_TASK_ID` with
 * `P2PSIM_SHARD_COUNT` or else `SLURM_ARRAY_TASK_COUNT` (a Slurm job array), or
 * `JOB_COMPLETION_INDEX` with `P2PSIM_SHARD_COUNT` (a Kubernetes Indexed Job). `P2PSIM_SHARD_COUNT`
 * wins because an array resubmitted for a few shards (`--array=2,5`) has a smaller task count.
 * @example parseShard("2/8") // { index: 2, count: 8 }
 */
export function parseShard(text: string, env: Readonly<Record<string, string | undefined>> = process.env): Shard {
  if (text === "auto") return autoShard(env);
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1 && count <= MAX_SHARDS && index < count)) throw new UsageError(shardMessage.badShard(text));
  return { index, count };
}

function autoShard(env: Readonly<Record<string, string | undefined>>): Shard {
  const whole = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value === "") return undefined;
    if (!/^\d+$/.test(value.trim())) throw new UsageError(shardMessage.badEnv(name, value));
    return Number(value);
  };
  const indexVar = env.SLURM_ARRAY_TASK_ID !== undefined ? "SLURM_ARRAY_TASK_ID" : env.JOB_COMPLETION_INDEX !== undefined ? "JOB_COMPLETION_INDEX" : undefined;
  if (indexVar === undefined) throw new UsageError(shardMessage.autoWithoutEnv());
  const index = whole(indexVar)!;
  const count = whole(SHARD_COUNT_ENV) ?? (indexVar === "SLURM_ARRAY_TASK_ID" ? whole("SLURM_ARRAY_TASK_COUNT") : undefined);
  if (count === undefined) throw new UsageError(shardMessage.autoWithoutCount(indexVar));
  return parseShard(`${index}/${count}`, {});
}

/** The indices of `total` points that shard `shard` runs, in order. */
export function shardIndices(total: number, shard: Shard): number[] {
  const indices: number[] = [];
  for (let i = shard.index; i < total; i += shard.count) indices.push(i);
  return indices;
}

/** The shard file's name: `I-of-N.json`. */
export function shardFileName(shard: Shard): string {
  return `${shard.index}-of-${shard.count}.json`;
}

/** JSON with every object's keys sorted, so equal data gives equal text whatever its key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** `sha256:<hex>` of `text`. */
export function sha256(text: string | Buffer): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/** The scenario's digest: a SHA-256 of its data (presets and `--set` edits applied, keys sorted). */
export function scenarioDigest(data: Readonly<Record<string, unknown>>): string {
  return sha256(stableJson(data));
}

/** What identifies a sweep's results: the same stamp means the same numbers. */
export function sweepStamp(plan: SweepPlan, seed: number | undefined): PointStamp {
  return { digest: scenarioDigest(plan.base.raw), version: packageVersion(), seed: seed ?? plan.base.scenario.seed };
}

/** `shards/I-of-N.json`. */
export interface ShardRecord extends PointStamp {
  format: typeof SHARD_FORMAT;
  /** The scenario's name. */
  scenario: string;
  totalPoints: number;
  shard: number;
  shards: number;
  /** The points this shard ran, in order. */
  indices: number[];
  /** Point folder (`NNNNN`) -> `sha256:<hex>` of its `summary.json`. */
  checksums: Record<string, string>;
  /** Where the scenario was read from (for messages). */
  source: string;
  /** The scenario's data (presets and `--set` edits applied): the merge plans the sweep from it. */
  data: Record<string, unknown>;
}

/** Reads a point's stamp and summary; gives the summary's checksum if both belong to `stamp`'s sweep and agree. */
export async function verifiedPoint(pointsDir: string, index: number, stamp: PointStamp): Promise<string | undefined> {
  const dir = join(pointsDir, pointFolder(index));
  try {
    const found = JSON.parse(await readFile(join(dir, "point.json"), "utf8")) as Partial<PointStamp & { index: number; summarySha256: string }>;
    if (found.index !== index || found.digest !== stamp.digest || found.version !== stamp.version || found.seed !== stamp.seed) return undefined;
    const checksum = sha256(await readFile(join(dir, "summary.json")));
    return checksum === found.summarySha256 ? checksum : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `text` to `file` through a temporary sibling and a rename, so a reader never sees half of it. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export interface RunShardOptions extends Omit<RunSweepOptions, "pointsDir"> {
  shard: Shard;
  /** Called once before any point runs, with how many points were already there and verified. */
  onStart?: (verified: number, total: number) => void;
}

/**
 * Runs shard `options.shard` of `plan` into `out` (`points/NNNNN/` and `shards/I-of-N.json`),
 * skipping points already there and verified. `onPoint` counts points done, verified ones included.
 */
export async function runShard(plan: SweepPlan, out: string, options: RunShardOptions): Promise<ShardRecord> {
  const stamp = sweepStamp(plan, options.seed);
  const pointsDir = join(out, "points");
  await mkdir(pointsDir, { recursive: true });
  await mkdir(join(out, "shards"), { recursive: true });
  const indices = shardIndices(plan.points.length, options.shard);
  const checksums = new Map<number, string>();
  for (const index of indices) {
    const checksum = await verifiedPoint(pointsDir, index, stamp);
    if (checksum !== undefined) checksums.set(index, checksum);
  }
  options.onStart?.(checksums.size, indices.length);
  const base = sweepBase(plan.base.raw);
  const todo: AxisPoint[] = indices.filter((i) => !checksums.has(i)).map((i) => plan.points[i]!);
  const jobs: PointJob[] = todo.map((point) => ({ base, where: plan.base.file, point, png: options.png ?? true, svg: options.pointCharts !== "specs", ...(options.seed !== undefined ? { seed: options.seed } : {}), pointsDir, stamp }));
  const results = await runJobs(jobs, options.pool, (done) => options.onPoint?.(checksums.size + done, indices.length));
  todo.forEach((point, i) => checksums.set(point.index, results[i]!.summarySha256!));
  const record: ShardRecord = {
    format: SHARD_FORMAT,
    scenario: plan.base.scenario.name,
    ...stamp,
    totalPoints: plan.points.length,
    shard: options.shard.index,
    shards: options.shard.count,
    indices,
    checksums: Object.fromEntries(indices.map((i) => [pointFolder(i), checksums.get(i)!])),
    source: plan.base.file,
    data: plan.base.raw,
  };
  await writeFileAtomically(join(out, "shards", shardFileName(options.shard)), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}
