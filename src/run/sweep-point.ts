/**
 * One point of a sweep: the scenario with the point's settings applied, run, and (when the job
 * names a folder) its results folder written, then stamped with `point.json` (see shard.ts). The
 * same function runs in the main thread and in worker threads.
 */
import { rename, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { scenarioFromData } from "../scenario/load.js";
import { canonicalJson } from "../report/canonical-json.js";
import { writeResults } from "../report/write-results.js";
import { runScenario } from "./scenario.js";
import { pointData, pointFolder, pointLabel, type PointJob, type PointResult } from "./sweep-job.js";

export type { PointJob, PointResult } from "./sweep-job.js";

export async function runPoint(job: PointJob): Promise<PointResult> {
  const loaded = scenarioFromData(pointData(job), pointLabel(job));
  const artifacts = runScenario(loaded, job.seed !== undefined ? { seed: job.seed } : {});
  const result: PointResult = { summary: artifacts.summary, ceilingsGBps: Object.fromEntries(artifacts.ceilingsGBps ?? []) };
  if (job.pointsDir === undefined) return result;
  const dir = join(job.pointsDir, pointFolder(job.point.index));
  await writeResults(dir, artifacts, { png: job.png });
  if (job.stamp === undefined) return result;
  // The stamp comes last: a point killed before it has none and runs again on resume.
  const summarySha256 = `sha256:${createHash("sha256").update(canonicalJson(artifacts.summary)).digest("hex")}`;
  const stamp = `${JSON.stringify({ index: job.point.index, ...job.stamp, summarySha256 }, null, 2)}\n`;
  await writeFile(join(dir, "point.json.tmp"), stamp);
  await rename(join(dir, "point.json.tmp"), join(dir, "point.json"));
  return { ...result, summarySha256 };
}
