/**
 * One point of a sweep: the scenario with the point's settings applied, run, and (when the job
 * names a folder) its results folder written, then stamped with `point.json` (see shard.ts).
 * `runPoint` runs in the main thread and in worker threads; `runPointsSideBySide` runs a few
 * points with their distinct variants spread over the threads, for when there are fewer points
 * than threads. Both give the same results and files.
 */
import { rename, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { scenarioFromData, type LoadedScenario } from "../scenario/load.js";
import { canonicalJson } from "../report/canonical-json.js";
import { writeResults } from "../report/write-results.js";
import type { RunArtifacts } from "../report/types.js";
import { runScenario, runVariantJob, variantRuns, type VariantJob, type VariantRun } from "./scenario.js";
import { pointData, pointFolder, pointLabel, type PointJob, type PointResult } from "./sweep-job.js";
import { runOnPool, type WorkerPool } from "./worker-pool.js";

export type { PointJob, PointResult } from "./sweep-job.js";

const loadPoint = (job: PointJob): LoadedScenario => scenarioFromData(pointData(job), pointLabel(job));
const seedOf = (job: PointJob) => (job.seed !== undefined ? { seed: job.seed } : {});

export async function runPoint(job: PointJob): Promise<PointResult> {
  return finishPoint(job, runScenario(loadPoint(job), seedOf(job)));
}

/** The point's result from its run; its folder and stamp written when the job asks for them. */
async function finishPoint(job: PointJob, artifacts: RunArtifacts): Promise<PointResult> {
  const result: PointResult = { summary: artifacts.summary, ceilingsGBps: Object.fromEntries(artifacts.ceilingsGBps ?? []) };
  if (job.pointsDir === undefined) return result;
  const dir = join(job.pointsDir, pointFolder(job.point.index));
  await writeResults(dir, artifacts, { png: job.png, svg: job.svg });
  if (job.stamp === undefined) return result;
  // The stamp comes last: a point killed before it has none and runs again on resume.
  const summarySha256 = `sha256:${createHash("sha256").update(canonicalJson(artifacts.summary)).digest("hex")}`;
  const stamp = `${JSON.stringify({ index: job.point.index, ...job.stamp, summarySha256 }, null, 2)}\n`;
  await writeFile(join(dir, "point.json.tmp"), stamp);
  await rename(join(dir, "point.json.tmp"), join(dir, "point.json"));
  return { ...result, summarySha256 };
}

/**
 * Runs `jobs` with each point's distinct variants as separate jobs on this thread and the pool's
 * workers, then writes the points here, in order. Gives undefined when that would not use more
 * threads than one job per point (every point has a single distinct variant).
 */
export async function runPointsSideBySide(jobs: readonly PointJob[], pool: WorkerPool, onDone: (n: number) => void): Promise<PointResult[] | undefined> {
  const points = jobs.map((job) => ({ job, runs: variantRuns(loadPoint(job), seedOf(job)) }));
  const flat = points.flatMap((p, i) => p.runs.jobs.map((job) => ({ point: i, job })));
  if (flat.length <= jobs.length) return undefined;
  const runs = await runOnPool<VariantRun>(flat.map((f) => ({ kind: "variant", job: f.job })), pool, async (j) => runVariantJob((j as { job: VariantJob }).job));
  const results: PointResult[] = [];
  for (const [i, p] of points.entries()) {
    results.push(await finishPoint(p.job, p.runs.artifacts(runs.filter((_, k) => flat[k]!.point === i))));
    onDone(i + 1);
  }
  return results;
}
