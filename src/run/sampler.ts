/**
 * Samples every probe of a run (sim/probe.ts) and every flow's bytes at fixed window boundaries,
 * 0, W, 2W, ..., so the report can give utilization and throughput per window and over any
 * interval (a flow that starts at 10 ms is measured from 10 ms). Samples are cumulative, so two
 * windows merge by dropping the sample between them: without a window given, W starts at 1 us
 * and doubles whenever there would be more than `maxWindows`, leaving between maxWindows / 2 and
 * maxWindows windows whatever the run's length. Each sample first books the late hand-overs due
 * (`Probes.settle`), so it reads what the per-TLP path would. Sampling adds no events and changes
 * no result; it may spare a few events (an arrival handed over at a sample needs none later when
 * its link stalls), so the engine's `events` count can differ with the window.
 */
import type { Simulator } from "../sim/simulator.js";
import type { Probe } from "../sim/probe.js";
import { us } from "../sim/units.js";

/** Default most windows a run is cut into (between half of it and it). */
export const MAX_WINDOWS = 128;
/** Most windows a given `--window` may cut a run into; past it windows double as without one. */
export const MAX_GIVEN_WINDOWS = 4096;

export interface SampledSeries {
  /** Sample times, ps: 0, W, 2W, ..., and the run's end last. */
  timesPs: number[];
  /** Window width, ps (the last window may be shorter). */
  windowPs: number;
  probes: readonly Probe[];
  /** Per sample, per probe (in `probes` order): busy ps, bytes, ops; probes made later read 0 before. */
  readings: Array<Float64Array>;
  flows: readonly string[];
  /** Per sample, per flow: bytes moved. */
  flowBytes: Array<Float64Array>;
}

export class Sampler {
  private readonly timesPs: number[] = [];
  private readonly readings: Float64Array[] = [];
  private readonly flowBytes: Float64Array[] = [];
  private windowPs: number;
  private readonly maxWindows: number;

  constructor(
    private readonly sim: Simulator,
    private readonly flows: ReadonlyArray<{ name: string; bytes: () => number }>,
    windowPs?: number,
  ) {
    this.windowPs = windowPs ?? us(1);
    this.maxWindows = windowPs === undefined ? MAX_WINDOWS : MAX_GIVEN_WINDOWS;
    this.sample(0);
    sim.watch(this.windowPs, (t) => this.boundary(t));
  }

  /** Takes the last sample at the run's end and returns the series. */
  finish(endPs: number): SampledSeries {
    if (endPs > this.timesPs[this.timesPs.length - 1]!) this.sample(endPs);
    return { timesPs: this.timesPs, windowPs: this.windowPs, probes: this.sim.probes.list, readings: this.readings, flows: this.flows.map((f) => f.name), flowBytes: this.flowBytes };
  }

  private boundary(t: number): number {
    this.sample(t);
    if (this.timesPs.length > this.maxWindows + 1) this.halve();
    return this.timesPs[this.timesPs.length - 1]! + this.windowPs;
  }

  private sample(t: number): void {
    this.sim.probes.settle();
    const probes = this.sim.probes.list;
    const row = new Float64Array(probes.length * 3);
    for (let i = 0; i < probes.length; i++) {
      const r = probes[i]!.read(t);
      row[3 * i] = r.busyPs;
      row[3 * i + 1] = r.bytes;
      row[3 * i + 2] = r.ops;
    }
    this.timesPs.push(t);
    this.readings.push(row);
    this.flowBytes.push(Float64Array.from(this.flows, (f) => f.bytes()));
  }

  /** Doubles the window: keeps the samples at even multiples of it. */
  private halve(): void {
    const keep = (_: unknown, i: number) => i % 2 === 0;
    const times = this.timesPs.filter(keep);
    const readings = this.readings.filter(keep);
    const bytes = this.flowBytes.filter(keep);
    this.timesPs.length = 0;
    this.readings.length = 0;
    this.flowBytes.length = 0;
    this.timesPs.push(...times);
    this.readings.push(...readings);
    this.flowBytes.push(...bytes);
    this.windowPs *= 2;
  }
}

/** Cumulative value of probe `index`'s field (0 busy, 1 bytes, 2 ops) at `atPs`, interpolated between samples. */
export function cumulativeAt(series: SampledSeries, index: number, field: 0 | 1 | 2, atPs: number): number {
  return interpolate(series.timesPs, (i) => series.readings[i]![3 * index + field] ?? 0, atPs);
}

/** Bytes flow `index` had moved at `atPs`, interpolated between samples. */
export function flowBytesAt(series: SampledSeries, index: number, atPs: number): number {
  return interpolate(series.timesPs, (i) => series.flowBytes[i]![index]!, atPs);
}

function interpolate(times: readonly number[], value: (i: number) => number, atPs: number): number {
  const n = times.length;
  if (atPs <= times[0]!) return value(0);
  if (atPs >= times[n - 1]!) return value(n - 1);
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= atPs) lo = mid;
    else hi = mid;
  }
  const t0 = times[lo]!;
  const t1 = times[hi]!;
  const v0 = value(lo);
  return v0 + ((value(hi) - v0) * (atPs - t0)) / (t1 - t0);
}
