/**
 * One point of a sweep: the scenario with the point's settings applied, run, and its results folder
 * written. The same function runs in the main thread and in worker threads.
 */
import { join } from "node:path";
import { scenarioFromData } from "../scenario/load.js";
import { writeResults } from "../report/write-results.js";
import { axisLabel } from "../scenario/sweep.js";
import { runScenario } from "./run-scenario.js";
import { pointData, pointFolder, type PointJob, type PointResult } from "./sweep-job.js";

export type { PointJob, PointResult } from "./sweep-job.js";


export async function runPoint(job: PointJob): Promise<PointResult> {
  const loaded = scenarioFromData(pointData(job), `${job.file} (sweep point ${job.point.index}: ${job.point.settings.map(([p, v]) => `${p}=${axisLabel(v)}`).join(", ")})`);
  const artifacts = runScenario(loaded, job.seed !== undefined ? { seed: job.seed } : {});
  await writeResults(join(job.pointsDir, pointFolder(job.point.index)), artifacts, { png: job.png });
  return { summary: artifacts.summary, ceilingsGBps: Object.fromEntries(artifacts.ceilingsGBps ?? []) };
}
