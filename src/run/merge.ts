/**
 * `p2psim sweep merge DIR...`: proves a sharded sweep complete, then writes the files a
 * single-machine sweep writes. Every shard file (`shards/I-of-N.json` in each DIR) must carry the
 * same scenario digest, version, seed and number of points; their indices must cover every point
 * exactly once; each point's `summary.json` must still have the checksum its shard recorded. The
 * sweep is planned again from the scenario data in the shard file, the rows are read back from
 * the points' `summary.json`, and a plain sweep goes through this same code, so the merged
 * `sweep.csv`, charts and report are byte-identical to an unsharded run's.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../messages.js";
import { packageVersion } from "../package-root.js";
import { scenarioFromData } from "../scenario/load.js";
import type { SweepPoint, Summary } from "../report/types.js";
import { axisLabel } from "../scenario/sweep.js";
import { flowCeilings } from "./scenario.js";
import { scenarioDigest, SHARD_FORMAT, sha256, type ShardRecord } from "./shard.js";
import { shardMessage } from "./shard-messages.js";
import { pointData, pointFolder, pointLabel, sweepBase } from "./sweep-job.js";
import { planSweep, type SweepPlan } from "./sweep.js";

/** A shard file as found: where, and what it says. */
export interface FoundShard {
  /** The sweep folder it is in. */
  dir: string;
  /** `DIR/shards/I-of-N.json`, for messages. */
  file: string;
  record: ShardRecord;
}

/** Every `shards/*.json` in `dirs`, in folder then name order; throws `UsageError` for a folder without any, or a file that is not one. */
export async function readShards(dirs: readonly string[]): Promise<FoundShard[]> {
  const found: FoundShard[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(join(dir, "shards"))).filter((n) => /^\d+-of-\d+\.json$/.test(n));
    } catch {
      names = [];
    }
    if (names.length === 0) throw new UsageError(shardMessage.noShards(dir));
    names.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    for (const name of names) {
      const file = join(dir, "shards", name);
      let record: ShardRecord;
      try {
        record = JSON.parse(await readFile(file, "utf8")) as ShardRecord;
      } catch (error) {
        throw new UsageError(shardMessage.badShardFile(file, error instanceof Error ? error.message : String(error)));
      }
      if (record?.format !== SHARD_FORMAT) throw new UsageError(shardMessage.badShardFile(file, `format is not ${SHARD_FORMAT}`));
      if (!Array.isArray(record.indices) || typeof record.checksums !== "object" || typeof record.data !== "object") throw new UsageError(shardMessage.badShardFile(file, "indices, checksums or data missing"));
      found.push({ dir, file, record });
    }
  }
  return found;
}

/** `0-2,5,7-9`: whole numbers in order, runs collapsed, as Slurm's `--array=` takes them. */
export function rangeList(values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** Where each point's results are and what their summary's checksum must be. */
export interface VerifiedSweep {
  first: FoundShard;
  points: Array<{ dir: string; file: string; checksum: string; shard: string }>;
}

/**
 * Checks the shards agree and cover every point exactly once (see the file's comment); throws a
 * `UsageError` naming the first problem. Missing points are listed with the `--array=` of the
 * shards that hold them.
 */
export function verifyShards(shards: readonly FoundShard[]): VerifiedSweep {
  const first = shards[0]!;
  if (scenarioDigest(first.record.data) !== first.record.digest) throw new UsageError(shardMessage.tampered(first.file));
  const fields = [
    ["scenario digest", (r: ShardRecord) => r.digest],
    ["version", (r: ShardRecord) => r.version],
    ["seed", (r: ShardRecord) => String(r.seed)],
    ["number of points", (r: ShardRecord) => String(r.totalPoints)],
  ] as const;
  for (const shard of shards.slice(1)) {
    for (const [field, value] of fields) {
      if (value(shard.record) !== value(first.record)) throw new UsageError(shardMessage.differs(shard.file, field, value(shard.record), first.file, value(first.record)));
    }
  }
  const total = first.record.totalPoints;
  const points = new Array<VerifiedSweep["points"][number] | undefined>(total);
  for (const shard of shards) {
    for (const index of shard.record.indices) {
      if (!Number.isInteger(index) || index < 0 || index >= total) throw new UsageError(shardMessage.outOfRange(shard.file, index, total));
      const earlier = points[index];
      if (earlier !== undefined) throw new UsageError(shardMessage.duplicate(index, earlier.file, shard.file));
      points[index] = { dir: shard.dir, file: shard.file, checksum: shard.record.checksums[pointFolder(index)] ?? "", shard: `${shard.record.shard}/${shard.record.shards}` };
    }
  }
  const missing = [...points.keys()].filter((i) => points[i] === undefined);
  if (missing.length > 0) {
    // The shard count most files give (they normally all give the same).
    const counts = shards.map((s) => s.record.shards);
    const count = counts.sort((a, b) => counts.filter((c) => c === b).length - counts.filter((c) => c === a).length)[0]!;
    const listed = missing.length > 12 ? `${rangeList(missing.slice(0, 12))}, ...` : rangeList(missing);
    throw new UsageError(shardMessage.missing(missing.length, total, `point${missing.length === 1 ? "" : "s"} ${listed}`, count, rangeList(missing.map((i) => i % count))));
  }
  return { first, points: points as VerifiedSweep["points"] };
}

/** A merged sweep: its plan (from the shards' scenario data) and one row per point, in point order. */
export interface MergedSweep {
  plan: SweepPlan;
  rows: SweepPoint[];
}

/**
 * Reads and verifies the shards in `dirs`, then each point's summary (checking its checksum), and
 * gives the sweep's rows as a single-machine sweep has them: axis values, summary, analytic ceilings.
 */
export async function collectSweep(dirs: readonly string[]): Promise<MergedSweep> {
  const { first, points } = verifyShards(await readShards(dirs));
  // The merge plans the sweep and computes its ceilings again: it must be the version that ran the points.
  if (first.record.version !== packageVersion()) throw new UsageError(shardMessage.otherVersion(first.file, first.record.version, packageVersion()));
  const plan = planSweep(scenarioFromData(first.record.data, first.record.source));
  if (plan.points.length !== first.record.totalPoints) throw new UsageError(shardMessage.tampered(first.file));
  const base = sweepBase(plan.base.raw);
  const rows: SweepPoint[] = [];
  for (const point of plan.points) {
    const at = points[point.index]!;
    const file = join(at.dir, "points", pointFolder(point.index), "summary.json");
    let text: Buffer;
    try {
      text = await readFile(file);
    } catch {
      throw new UsageError(shardMessage.unreadablePoint(file, at.file));
    }
    if (sha256(text) !== at.checksum) throw new UsageError(shardMessage.corrupt(file, at.file, at.shard));
    const summary = JSON.parse(text.toString("utf8")) as Summary;
    const loaded = scenarioFromData(pointData({ base, where: plan.base.file, point }), pointLabel({ where: plan.base.file, point }));
    rows.push({
      axis: Object.fromEntries(point.settings.map(([k, v]) => [k, axisLabel(v)])),
      summary,
      ceilingsGBps: Object.fromEntries(flowCeilings(loaded.topology, loaded.workloads)),
    });
  }
  return { plan, rows };
}
