/**
 * A sweep's folder (docs/output.md): `points/NNNNN/`, `shards/I-of-N.json`, then `sweep.csv`,
 * `charts/` and `report.html`. A plain sweep is shard 0 of 1 followed by a merge of its own
 * folder, the very code a sharded sweep's merge runs, so both give the same bytes.
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { cleanStaleTemporaries, writeDirAtomically } from "../report/atomic-dir.js";
import type { SweepPoint } from "../report/types.js";
import { collectSweep, type MergedSweep } from "./merge.js";
import { runShard, sweepStamp, type RunShardOptions } from "./shard.js";
import type { PointStamp } from "./sweep-job.js";
import type { SweepPlan } from "./sweep.js";

export interface SweepFolderOptions extends Omit<RunShardOptions, "shard"> {}

const list = async (dir: string) => readdir(dir).catch(() => [] as string[]);

/**
 * What `out` holds for a plain sweep with `stamp`: nothing yet (or an unfinished run, whose
 * verified points are reused), this sweep (finished or not: its points are reused), or another
 * sweep's finished results (its `sweep.csv`), which stay until the new sweep is complete.
 */
async function folderHolds(out: string, stamp: PointStamp): Promise<"nothing" | "this sweep" | "another sweep"> {
  const shards = await list(join(out, "shards"));
  const stamps = await Promise.all(
    shards.map((name) => readFile(join(out, "shards", name), "utf8").then((t) => JSON.parse(t) as Partial<PointStamp>).catch(() => ({}) as Partial<PointStamp>)),
  );
  if (stamps.length > 0 && stamps.every((r) => r.digest === stamp.digest && r.seed === stamp.seed && r.version === stamp.version)) return "this sweep";
  return (await list(out)).includes("sweep.csv") ? "another sweep" : "nothing";
}

/**
 * Makes `out` ready for a plain sweep in place: shard files go (this run writes its own), points
 * past the sweep's end go, and sweep files of an unfinished other sweep go. Points of this sweep
 * stay and are reused once verified.
 */
async function clearForPlainSweep(out: string, total: number, holds: "nothing" | "this sweep"): Promise<void> {
  for (const name of await list(join(out, "shards"))) await rm(join(out, "shards", name), { force: true });
  if (holds === "nothing") for (const name of ["sweep.csv", "report.html", "charts"]) await rm(join(out, name), { recursive: true, force: true });
  for (const name of await list(join(out, "points"))) {
    if (!/^\d{5}$/.test(name) || Number(name) >= total) await rm(join(out, "points", name), { recursive: true, force: true });
  }
}

/**
 * Runs the sweep into `out` and writes its files; returns one row per point, in point order.
 * Into a new folder, or one holding this sweep, it works in place: points already there and
 * verified are not run again, so a stopped sweep resumes. Over another sweep's results it builds
 * the new folder beside `out` and swaps it in once complete (writeDirAtomically): until then, and
 * if it fails, the previous results stay as they were.
 * @example await sweepToFolder(planSweep(openScenario("scenarios/iotlb-study.yaml")), "results/iotlb-sweep", { pool })
 */
export async function sweepToFolder(plan: SweepPlan, out: string, options: SweepFolderOptions = {}): Promise<SweepPoint[]> {
  cleanStaleTemporaries(out);
  const holds = await folderHolds(out, sweepStamp(plan, options.seed));
  const build = async (dir: string) => {
    await runShard(plan, dir, { ...options, shard: { index: 0, count: 1 } });
    return (await mergeToFolder([dir], dir, options.png === undefined ? {} : { png: options.png })).rows;
  };
  if (holds === "another sweep") {
    let rows: SweepPoint[] = [];
    await writeDirAtomically(out, async (tmp) => {
      rows = await build(tmp);
    });
    return rows;
  }
  await clearForPlainSweep(out, plan.points.length, holds);
  return build(out);
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
