/**
 * A sweep's folder (docs/output.md): `points/NNNNN/`, `shards/I-of-N.json`, then `sweep.csv`,
 * `charts/` and `report.html`. A plain sweep is shard 0 of 1 followed by a merge of its own
 * folder, the very code a sharded sweep's merge runs, so both give the same bytes.
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { SweepPoint } from "../report/types.js";
import { collectSweep, type MergedSweep } from "./merge.js";
import { runShard, sweepStamp, type RunShardOptions } from "./shard.js";
import type { PointStamp } from "./sweep-job.js";
import type { SweepPlan } from "./sweep.js";

export interface SweepFolderOptions extends Omit<RunShardOptions, "shard"> {}

/**
 * Makes `out` ready for a plain sweep of `plan`: its own shard files go (they are written again),
 * points past the sweep's end go, and when the folder held another sweep (another digest, seed or
 * version) its `sweep.csv`, `charts/` and `report.html` go, so they are never read beside new points.
 * Points of this sweep stay and are reused once verified.
 */
async function clearForPlainSweep(out: string, total: number, stamp: PointStamp): Promise<void> {
  const list = async (dir: string) => readdir(dir).catch(() => [] as string[]);
  let same = true;
  const shards = await list(join(out, "shards"));
  for (const name of shards) {
    const record = await readFile(join(out, "shards", name), "utf8").then((t) => JSON.parse(t) as Partial<PointStamp>).catch(() => ({}) as Partial<PointStamp>);
    if (record.digest !== stamp.digest || record.seed !== stamp.seed || record.version !== stamp.version) same = false;
    await rm(join(out, "shards", name), { force: true });
  }
  if (!same || shards.length === 0) for (const name of ["sweep.csv", "report.html", "charts"]) await rm(join(out, name), { recursive: true, force: true });
  for (const name of await list(join(out, "points"))) {
    if (!/^\d{5}$/.test(name) || Number(name) >= total) await rm(join(out, "points", name), { recursive: true, force: true });
  }
}

/**
 * Runs the sweep into `out` and writes its files; returns one row per point, in point order.
 * Points already in `out` from an earlier run of the same sweep, and verified, are not run again.
 * @example await sweepToFolder(planSweep(openScenario("scenarios/iotlb-study.yaml")), "results/iotlb-sweep", { pool })
 */
export async function sweepToFolder(plan: SweepPlan, out: string, options: SweepFolderOptions = {}): Promise<SweepPoint[]> {
  await clearForPlainSweep(out, plan.points.length, sweepStamp(plan, options.seed));
  await runShard(plan, out, { ...options, shard: { index: 0, count: 1 } });
  return (await mergeToFolder([out], out, options.png === undefined ? {} : { png: options.png })).rows;
}

/**
 * Verifies the shards in `dirs` (merge.ts) and writes `sweep.csv`, `charts/` and `report.html`
 * into `out`. Throws a `UsageError` saying what is missing or wrong.
 */
export async function mergeToFolder(dirs: readonly string[], out: string, options: { png?: boolean } = {}): Promise<MergedSweep> {
  const [{ writeSweepFiles }, { sweepCharts }, { describeAxis }] = await Promise.all([
    import("../report/write-sweep.js"),
    import("../report/sweep-charts.js"),
    import("../report/sweep-axis.js"),
  ]);
  const merged = await collectSweep(dirs);
  const { plan, rows } = merged;
  const described = Object.fromEntries(plan.axes.map((axis) => [axis.path, describeAxis(axis.path, rows.map((r) => r.axis[axis.path]!), plan.base.raw)]));
  await mkdir(out, { recursive: true });
  await writeSweepFiles(out, rows, sweepCharts(rows, plan.axes[0]!.path, described), options);
  return merged;
}
