/**
 * Sweep axes: a field path and its values, given as a list or as a range
 * `{ from: 4KiB, to: 1MiB, factor: 2 }` / `{ from: 1, to: 64, step: 1 }`; every combination of the
 * axes is a point (the first axis varies slowest). Ranges of sizes, times and rates keep their unit:
 * the values are computed in the model's unit and written back with one (bytes, `ps`, `GB/s`).
 */
import { printable, UsageError } from "../messages.js";
import { parseRate, parseSize, parseTime } from "./quantity.js";
import { limitValue } from "./limits.js";
import { scenarioMessage } from "./messages.js";
import { FORBIDDEN_KEYS } from "./source.js";

/** A value of a sweep axis: a number, string or boolean, or any YAML value (a list, a mapping) for fields that take one. */
export type AxisValue = string | number | boolean | null | AxisValue[] | { [key: string]: AxisValue };

/** How an axis value is labelled in tables and charts: numbers and strings as they are, anything else as JSON. */
export function axisLabel(value: AxisValue): number | string {
  return typeof value === "number" || typeof value === "string" ? value : JSON.stringify(value);
}

export interface SweepAxis {
  path: string;
  values: AxisValue[];
}

export interface SweepPoint {
  index: number;
  /** Field path -> value, in axis order. */
  settings: Array<[string, AxisValue]>;
}

/** Most points a sweep may have by default (a typo in a range should not start a million runs); P2PSIM_MAX_SWEEP_POINTS raises it. */
export const MAX_SWEEP_POINTS = 10_000;

const maxPoints = (): number => limitValue("sweepPoints");

interface Range {
  from: string | number;
  to: string | number;
  factor?: number;
  step?: number;
}

const UNITS: Array<{ parse: (text: string) => number; write: (value: number) => AxisValue }> = [
  { parse: (t) => (/^\s*\d+(\.\d+)?(e[+-]?\d+)?\s*$/i.test(t) ? Number(t) : NaN), write: (v) => v },
  { parse: parseSize, write: (v) => v },
  { parse: parseTime, write: (v) => `${v}ps` },
  { parse: parseRate, write: (v) => `${v}GB/s` },
];

/**
 * A range's value without the float noise of repeated steps and factors (0.1 + 0.2): to 9 decimals,
 * and below 1e-3 (where 9 decimals keep fewer than 6 digits, and 1e-10 became 0) to 12 significant digits.
 */
function withoutNoise(v: number): number {
  return Math.abs(v) >= 1e-3 ? Math.round(v * 1e9) / 1e9 : Number(v.toPrecision(12));
}

function expandRange(path: string, range: Range, where: string): AxisValue[] {
  for (const unit of UNITS) {
    let from: number;
    let to: number;
    try {
      from = unit.parse(String(range.from));
      to = unit.parse(String(range.to));
    } catch {
      continue;
    }
    if (!Number.isFinite(from) || !Number.isFinite(to)) continue;
    if ((range.factor === undefined) === (range.step === undefined)) throw new UsageError(`${where}: sweep.${printable(path)}: give a factor or a step`);
    if (to < from) throw new UsageError(`${where}: sweep.${printable(path)}: 'to' is smaller than 'from'`);
    const values: AxisValue[] = [];
    for (let v = from, i = 0; v <= to * (1 + 1e-12); i++) {
      values.push(unit.write(withoutNoise(v)));
      v = range.factor !== undefined ? from * range.factor ** (i + 1) : from + range.step! * (i + 1);
      if (values.length > maxPoints()) throw new UsageError(`${where}: sweep.${printable(path)}: ${scenarioMessage.tooManyValues()}`);
    }
    return values;
  }
  throw new UsageError(`${where}: sweep.${printable(path)}: from and to must be numbers, sizes, times or rates with units (e.g. from: 4KiB, to: 1MiB)`);
}

/** The axes of a `sweep:` block, in file order. */
export function sweepAxes(sweep: Record<string, unknown> | undefined, where: string): SweepAxis[] {
  if (sweep === undefined) return [];
  for (const path of Object.keys(sweep)) {
    const segments = path.split(".");
    if (segments[0] === "extends") throw new UsageError(`${where}: sweep.${printable(path)}: ${scenarioMessage.extendsInSweep()}`);
    if (segments[0] === "sweep") throw new UsageError(`${where}: sweep.${printable(path)}: a sweep cannot sweep its own axes; give the fields themselves`);
    const bad = segments.find((segment) => segment === "" || FORBIDDEN_KEYS.has(segment));
    if (bad !== undefined) throw new UsageError(`${where}: sweep.${printable(path)}: ${bad === "" ? "a path has no empty segments; write fields with dots, e.g. workloads.0.io" : scenarioMessage.forbiddenKey(bad)}`);
  }
  return Object.entries(sweep).map(([path, spec]) => ({
    path,
    values: Array.isArray(spec) ? (spec as AxisValue[]) : expandRange(path, spec as Range, where),
  }));
}

/** Every combination of the axes, the first axis varying slowest. */
export function sweepPoints(axes: readonly SweepAxis[], where: string): SweepPoint[] {
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > maxPoints()) throw new UsageError(`${where}: sweep: ${scenarioMessage.tooManyPoints(total)}`);
  const points: SweepPoint[] = [];
  for (let index = 0; index < total; index++) {
    let rest = index;
    const settings: Array<[string, AxisValue]> = [];
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a]!;
      settings.unshift([axis.path, axis.values[rest % axis.values.length]!]);
      rest = Math.floor(rest / axis.values.length);
    }
    points.push({ index, settings });
  }
  return points;
}
