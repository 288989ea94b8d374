/**
 * Sweeps: a scenario at every point of its `sweep:` axes. `planSweep` expands and checks every
 * point before anything runs; `runSweep` runs them in this thread and on worker threads; results
 * come back in point order, so they do not depend on who ran what or how many workers there were.
 * `writeSweepResults` writes the sweep's folder. The CLI's `p2psim sweep` and the library API both
 * go through here.
 */
import { mkdir, rm } from "node:fs/promises";
import { cleanStaleTemporaries, registerTemporary } from "../report/atomic-dir.js";
import { UsageError } from "../messages.js";
import { scenarioFromData, type LoadedScenario } from "../scenario/load.js";
import { axisLabel, sweepAxes, sweepPoints, type SweepAxis, type SweepPoint as AxisPoint } from "../scenario/sweep.js";
import type { SweepPoint } from "../report/types.js";
import { pointData, pointLabel, sweepBase, type PointJob, type PointResult } from "./sweep-job.js";
import { runPoint } from "./sweep-point.js";
import type { WorkerPool } from "./worker-pool.js";

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

export interface RunSweepOptions {
  /** Override the scenario's seed at every point. */
  seed?: number;
  /** Worker threads to run points beside this thread (see startWorkers); none: this thread runs all. */
  pool?: WorkerPool;
  /** Write each point's results folder as `pointsDir/NNNNN/`; default: write nothing. */
  pointsDir?: string;
  /** Render PNG charts in point folders (default true). */
  png?: boolean;
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
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.pointsDir !== undefined ? { pointsDir: options.pointsDir } : {}),
  }));
}

/** Runs every point of `plan`; returns one row per point (axis values, summary, ceilings) in point order. */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions = {}): Promise<SweepPoint[]> {
  const jobs = sweepJobs(plan, options);
  const pool = options.pool;
  if (pool !== undefined) await pool.shrink(jobs.length - 1);
  const results = await runJobs(jobs, pool, (done) => options.onPoint?.(done, jobs.length));
  return plan.points.map((p, i) => ({
    axis: Object.fromEntries(p.settings.map(([k, val]) => [k, axisLabel(val)])),
    summary: results[i]!.summary,
    ceilingsGBps: results[i]!.ceilingsGBps,
  }));
}

/**
 * Runs the jobs: this thread takes jobs too (a worker pays its own module loading and JIT warm-up,
 * and this thread would only wait), beside the pool's workers. Jobs go out in order to whoever is
 * free; results land at their index.
 */
async function runJobs(jobs: readonly PointJob[], pool: WorkerPool | undefined, onDone: (n: number) => void): Promise<PointResult[]> {
  const results = new Array<PointResult>(jobs.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const finished = (index: number, result: PointResult): void => {
    results[index] = result;
    onDone(++done);
  };
  const inWorkers = (pool?.workers ?? []).map(
    (worker) =>
      new Promise<void>((resolveWorker, reject) => {
        const onMessage = (m: { index: number; result?: PointResult; error?: string; usage?: boolean }): void => {
          if (m.error !== undefined) return fail(m.usage ? new UsageError(m.error) : new Error(m.error));
          finished(m.index, m.result!);
          give();
        };
        const fail = (error: Error): void => {
          failed = true;
          stop();
          reject(error);
        };
        const give = (): void => {
          if (next < jobs.length && !failed) {
            worker.postMessage(jobs[next++]);
          } else {
            stop();
            resolveWorker();
          }
        };
        // A pool outlives one sweep (the library API reuses it): leave no listener behind.
        const stop = (): void => {
          worker.off("message", onMessage);
          worker.off("error", fail);
        };
        worker.on("message", onMessage);
        worker.on("error", fail);
        give();
      }),
  );
  const here = (async () => {
    while (next < jobs.length && !failed) {
      const index = next++;
      try {
        finished(index, await runPoint(jobs[index]!));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  })();
  await Promise.all([here, ...inWorkers]);
  return results;
}

export interface SweepFolderOptions extends Omit<RunSweepOptions, "pointsDir"> {}

/**
 * Runs the sweep and writes its folder `out`: `sweep.csv`, the sweep charts and `points/NNNNN/`
 * (a full results folder per point). The points are written beside `out` first and moved in once
 * the sweep's own files are written; on failure they are removed and any previous folder stays.
 */
export async function sweepToFolder(plan: SweepPlan, out: string, options: SweepFolderOptions = {}): Promise<SweepPoint[]> {
  const [{ writeSweep }, { sweepCharts }] = await Promise.all([import("../report/write-sweep.js"), import("../report/sweep-charts.js")]);
  const pointsTmp = `${out}.points-${process.pid}.tmp`;
  cleanStaleTemporaries(out);
  await rm(pointsTmp, { recursive: true, force: true });
  const unregister = registerTemporary(pointsTmp);
  await mkdir(pointsTmp, { recursive: true });
  try {
    const rows = await runSweep(plan, { ...options, pointsDir: pointsTmp });
    await writeSweep(out, rows, sweepCharts(rows, plan.axes[0]!.path), { png: options.png ?? true, moveIn: { points: pointsTmp } });
    return rows;
  } catch (error) {
    await rm(pointsTmp, { recursive: true, force: true });
    throw error;
  } finally {
    unregister();
  }
}
