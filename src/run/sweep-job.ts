/**
 * What a sweep point is and what it gives back, kept apart from running it (sweep-point.ts), so the
 * sweep can check every point before it loads the model and the report.
 */
import { applySettings } from "../scenario/load.js";
import { axisLabel, type SweepPoint } from "../scenario/sweep.js";
import type { Summary } from "../contract.js";

export interface PointJob {
  /** The scenario's merged data (presets and `--set` edits applied), without its `sweep:` block. */
  base: Record<string, unknown>;
  /** Names the scenario in messages (its file, or "(scenario)" for one given as data). */
  where: string;
  point: SweepPoint;
  seed?: number;
  /** Folder that receives `NNNNN/` for this point; none to write nothing. */
  pointsDir?: string;
  png: boolean;
  /** Render the point's charts as SVG (and PNG, with `png`); false: the vega-lite specs only (`--point-charts specs`). */
  svg: boolean;
  /** When given, the point's folder gets `point.json`: this stamp, the index and its summary's checksum. */
  stamp?: PointStamp;
}

/** What a point's results depend on besides its settings: the scenario's digest, the version, the seed. */
export interface PointStamp {
  /** `sha256:<hex>` of the scenario's data (see scenarioDigest in shard.ts). */
  digest: string;
  /** p2psim's version (package.json). */
  version: string;
  /** The seed: `--seed`, else the scenario's. */
  seed: number;
}

/** The point's folder name: its index, zero-padded so folders sort in point order. */
export function pointFolder(index: number): string {
  return String(index).padStart(5, "0");
}

/** The scenario data without its `sweep:` block, ready for a point's settings. */
export function sweepBase(raw: Record<string, unknown>): Record<string, unknown> {
  const { sweep: _axes, ...rest } = raw;
  return rest;
}

/** Applies the point's settings to the scenario (values as given, no YAML re-parsing). */
export function pointData(job: Pick<PointJob, "base" | "where" | "point">): Record<string, unknown> {
  const edits = job.point.settings.map(([path, value]) => `${path}=${JSON.stringify(value)}`);
  return applySettings(job.base, edits, `${job.where}: sweep point ${job.point.index}`);
}

/** How a point is named in messages: its index and settings. */
export function pointLabel(job: Pick<PointJob, "where" | "point">): string {
  return `${job.where} (sweep point ${job.point.index}: ${job.point.settings.map(([p, v]) => `${p}=${axisLabel(v)}`).join(", ")})`;
}

/** What a point gives the sweep: its summary and its flows' analytic ceilings. */
export interface PointResult {
  summary: Summary;
  ceilingsGBps: Record<string, number>;
  /** `sha256:<hex>` of the `summary.json` written, when the job had a stamp. */
  summarySha256?: string;
}
