/**
 * One point of a sweep: the scenario with the point's settings applied, run, and its results folder
 * written. The same function runs in the main thread (one worker) and in worker threads.
 */
import { join } from "node:path";
import { applySettings, readScenarioData, scenarioFromData } from "../scenario/load.js";
import { writeResults } from "../report/write-results.js";
import type { Summary } from "../report/types.js";
import { axisLabel, type SweepPoint } from "../scenario/sweep.js";
import { runScenario } from "./run-scenario.js";

export interface PointJob {
  file: string;
  /** `--set` edits given on the command line, applied before the point's own. */
  settings: string[];
  point: SweepPoint;
  seed?: number;
  /** Folder that receives `NNN/` for this point. */
  pointsDir: string;
  png: boolean;
}

/** The point's folder name: its index, zero-padded so folders sort in point order. */
export function pointFolder(index: number): string {
  return String(index).padStart(3, "0");
}

/** Applies the point's settings to the scenario (values as given, no YAML re-parsing). */
export function pointData(job: Pick<PointJob, "file" | "settings" | "point">): Record<string, unknown> {
  const raw = applySettings(readScenarioData(job.file), job.settings, `${job.file}: --set`);
  const { sweep: _axes, ...rest } = raw;
  const edits = job.point.settings.map(([path, value]) => `${path}=${JSON.stringify(value)}`);
  return applySettings(rest, edits, `${job.file}: sweep point ${job.point.index}`);
}

/** What a point gives the sweep: its summary and its flows' analytic ceilings. */
export interface PointResult {
  summary: Summary;
  ceilingsGBps: Record<string, number>;
}

export async function runPoint(job: PointJob): Promise<PointResult> {
  const loaded = scenarioFromData(pointData(job), `${job.file} (sweep point ${job.point.index}: ${job.point.settings.map(([p, v]) => `${p}=${axisLabel(v)}`).join(", ")})`);
  const artifacts = runScenario(loaded, job.seed !== undefined ? { seed: job.seed } : {});
  await writeResults(join(job.pointsDir, pointFolder(job.point.index)), artifacts, { png: job.png });
  return { summary: artifacts.summary, ceilingsGBps: Object.fromEntries(artifacts.ceilingsGBps ?? []) };
}
