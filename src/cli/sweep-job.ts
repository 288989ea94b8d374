/**
 * What a sweep point is and what it gives back, kept apart from running it (sweep-point.ts), so the
 * sweep can check every point before it loads the model and the report.
 */
import { applySettings, readScenarioData } from "../scenario/load.js";
import type { Summary } from "../report/types.js";
import type { SweepPoint } from "../scenario/sweep.js";

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

