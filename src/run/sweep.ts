/**
 * Sweeps: a scenario at every point of its `sweep:` axes. `planSweep` expands and checks every
 * point before anything runs; `runSweep` runs them in this thread and on worker threads; results
 * come back in point order, so they do not depend on who ran what or how many workers there were.
 * sweep-folder.ts writes a sweep's folder through shards (shard.ts) and their merge (merge.ts).
 * The CLI's `p2psim sweep` and the library API both go through here.
 */
import { UsageError } from "../messages.js";
import { scenarioFromData, type LoadedScenario } from "../scenario/load.js";
import { axisLabel, sweepAxes, sweepPoints, type SweepAxis, type SweepPoint as AxisPoint } from "../scenario/sweep.js";
import type { SweepPoint } from "../report/types.js";
import { pointData, pointLabel, sweepBase, type PointJob } from "./sweep-job.js";
import { runJobs, type WorkerPool } from "./worker-pool.js";

/** A sweep ready to run: the scenario, its axes and every point, each already validated. */
export interface SweepPlan {
  base: LoadedScenario;
  axes: SweepAxis[];
  points: AxisPoint[];
}

/** Expands the scenario's `sweep:` axes and validates every point; throws `UsageError` for the first bad one. */
export function planSweep(base: LoadedScenario): SweepPlan {
  const where = base.file;
  const axes = sweepAxes(base.scenario.sweep, where);
  if (axes.length === 0) throw new UsageError(`${where}: sweep: the scenario has no sweep: block (field path -> values)`);
  const points = sweepPoints(axes, where);
  const data = sweepBase(base.raw);
  for (const point of points) scenarioFromData(pointData({ base: data, where, point }), pointLabel({ where, point }));
  return { base, axes, points };
}

/** What a sweep writes in each point's `charts/` (see RunSweepOptions.pointCharts). */
export type PointCharts = "all" | "specs";
export const POINT_CHARTS: readonly PointCharts[] = ["all", "specs"];

export interface RunSweepOptions {
  /** Override the scenario's seed at every point. */
  seed?: number;
  /** Worker threads to run points beside this thread (see startWorkers); none: this thread runs all. */
  pool?: WorkerPool;
  /** Write each point's results folder as `pointsDir/NNNNN/`; default: write nothing. */
  pointsDir?: string;
  /** Render PNG charts in point folders (default true). */
  png?: boolean;
  /**
   * A point folder's charts: `all` (default) the vega-lite spec, SVG and PNG of each; `specs` the
   * specs only, which the point's report.html draws in the browser. The sweep's own charts are
   * always rendered in full.
   */
  pointCharts?: PointCharts;
  /** Called after each point with how many are done. */
  onPoint?: (done: number, total: number) => void;
}

/** The jobs of a plan, in point order. */
export function sweepJobs(plan: SweepPlan, options: RunSweepOptions = {}): PointJob[] {
  const base = sweepBase(plan.base.raw);
  return plan.points.map((point) => ({
    base,
    where: plan.base.file,
    point,
    png: options.png ?? true,
    svg: options.pointCharts !== "specs",
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.pointsDir !== undefined ? { pointsDir: options.pointsDir } : {}),
  }));
}

/** Runs every point of `plan`; returns one row per point (axis values, summary, ceilings) in point order. */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions = {}): Promise<SweepPoint[]> {
  const jobs = sweepJobs(plan, options);
  const pool = options.pool;
  const results = await runJobs(jobs, pool, (done) => options.onPoint?.(done, jobs.length));
  return plan.points.map((p, i) => ({
    axis: Object.fromEntries(p.settings.map(([k, val]) => [k, axisLabel(val)])),
    summary: results[i]!.summary,
    ceilingsGBps: results[i]!.ceilingsGBps,
  }));
}
