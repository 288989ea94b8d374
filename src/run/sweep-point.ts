/**
 * One point of a sweep: the scenario with the point's settings applied, run, and (when the job
 * names a folder) its results folder written. The same function runs in the main thread and in
 * worker threads.
 */
import { join } from "node:path";
import { scenarioFromData } from "../scenario/load.js";
import { writeResults } from "../report/write-results.js";
import { runScenario } from "./scenario.js";
import { pointData, pointFolder, pointLabel, type PointJob, type PointResult } from "./sweep-job.js";

export type { PointJob, PointResult } from "./sweep-job.js";

export async function runPoint(job: PointJob): Promise<PointResult> {
  const loaded = scenarioFromData(pointData(job), pointLabel(job));
  const artifacts = runScenario(loaded, job.seed !== undefined ? { seed: job.seed } : {});
  if (job.pointsDir !== undefined) await writeResults(join(job.pointsDir, pointFolder(job.point.index)), artifacts, { png: job.png });
  return { summary: artifacts.summary, ceilingsGBps: Object.fromEntries(artifacts.ceilingsGBps ?? []) };
}
