/**
 * How a sweep axis is shown on a chart: a readable name with its unit ("nic-to-ssd: I/O size,
 * KiB" rather than `workloads.0.io`), and each value in that unit (`16KiB` and 16384 both at 16).
 * The field's kind (size, time, rate, count) comes from its name; a field we do not know is
 * shown by its path, and its values get a unit only when they are written with one.
 */
import { parseRate, parseSize, parseTime } from "../scenario/quantity.js";

/** An axis as the charts draw it. */
export interface AxisInfo {
  /** The axis title: the readable name, then the unit after a comma. */
  title: string;
  /** The value drawn for a label of `sweep.csv` (a number in the title's unit, or the label itself). */
  value: (label: number | string) => number | string;
}

type Kind = "size" | "time" | "rate" | "count" | "text";

/** Scenario fields a sweep commonly varies: their readable name and kind. */
const FIELDS: Record<string, [name: string, kind: Kind]> = {
  io: ["I/O size", "size"],
  size: ["transfer size", "size"],
  workingSet: ["working set", "size"],
  mps: ["max payload size", "size"],
  mrrs: ["max read request size", "size"],
  queueDepth: ["queue depth", "count"],
  tags: ["tags", "count"],
  buffers: ["buffers", "count"],
  entries: ["entries", "count"],
  seed: ["seed", "count"],
  latency: ["latency", "time"],
  latencyP99: ["p99 latency", "time"],
  duration: ["duration", "time"],
  start: ["start time", "time"],
  rate: ["rate", "rate"],
  writeRate: ["write rate", "rate"],
  bandwidth: ["bandwidth", "rate"],
  link: ["link", "text"],
  pattern: ["access pattern", "text"],
  mode: ["mode", "text"],
  compare: ["path variants", "text"],
};

/** `workloads.0` -> that workload's name, `fabric.3` -> that node's id; otherwise the path itself. */
function owner(parts: readonly string[], data: Readonly<Record<string, unknown>>): string {
  const [list, index] = parts;
  const item = (data[list ?? ""] as unknown[] | undefined)?.[Number(index)] as Record<string, unknown> | undefined;
  const name = list === "workloads" ? item?.name : list === "fabric" ? item?.id : undefined;
  return typeof name === "string" ? `${name}: ${parts.slice(2).join(".")}` : parts.join(".");
}

const tryParse = (parse: (text: string) => number, label: number | string): number | undefined => {
  try {
    const value = parse(String(label));
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

/** The model's value of a label written with a unit (bytes, picoseconds, GB/s), if it has one. */
function withUnit(kind: Kind, label: number | string): number | undefined {
  if (kind === "size") return typeof label === "number" ? label : tryParse(parseSize, label);
  if (typeof label === "number") return kind === "time" ? undefined : kind === "rate" ? label : undefined;
  if (kind === "time") return tryParse(parseTime, label);
  if (kind === "rate") return tryParse(parseRate, label);
  return undefined;
}

/** Picks the unit all the axis's values read well in, and the divisor from the model's unit. */
function unitFor(kind: Kind, values: readonly number[]): [unit: string, divisor: number] {
  const least = Math.min(...values);
  if (kind === "size") return least >= 1024 * 1024 ? ["MiB", 1024 * 1024] : least >= 1024 ? ["KiB", 1024] : ["bytes", 1];
  if (kind === "time") return least >= 1e6 ? ["\u00b5s", 1e6] : ["ns", 1e3];
  return ["GB/s", 1];
}

/**
 * The title and values of the axis `path`, from its labels in `sweep.csv` and the scenario's data.
 * @example describeAxis("workloads.0.io", ["16KiB", "64KiB"], data) // title "nic-to-ssd: I/O size, KiB"; value("16KiB") = 16
 */
export function describeAxis(path: string, labels: ReadonlyArray<number | string>, data: Readonly<Record<string, unknown>> = {}): AxisInfo {
  const parts = path.split(".");
  const field = parts[parts.length - 1]!;
  const known = FIELDS[field];
  const where = owner(parts, data);
  const name = known === undefined ? where : where.slice(0, where.length - field.length) + known[0];
  const guess = (["size", "time", "rate"] as const).find((k) => labels.every((l) => typeof l === "string" && withUnit(k, l) !== undefined));
  const kind: Kind = known?.[1] ?? guess ?? "text";
  if (kind === "size" || kind === "time" || kind === "rate") {
    const values = labels.map((l) => withUnit(kind, l));
    if (values.every((v): v is number => v !== undefined)) {
      const [unit, divisor] = unitFor(kind, values);
      return { title: `${name}, ${unit}`, value: (label) => Number(((withUnit(kind, label) ?? NaN) / divisor).toPrecision(12)) };
    }
  }
  return { title: name, value: (label) => label };
}
