/**
 * Every I/O's latency, kept in a growable Float64Array (8 bytes an I/O, no objects), and its
 * summary: mean and percentiles by simple-statistics over the sorted samples.
 */
import { quantileSorted } from "simple-statistics";
import type { LatencySummaryNs } from "../contract.js";

export type { LatencySummaryNs } from "../contract.js";

export class LatencyRecorder {
  private samples = new Float64Array(1024);
  private count = 0;

  /** Records one latency, ps. */
  add(ps: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ps;
  }

  get length(): number {
    return this.count;
  }

  /** The recorded latencies, ps, in recording order. */
  values(): Float64Array {
    return this.samples.subarray(0, this.count);
  }

  /** Mean, percentiles and maximum in ns; zeros when nothing was recorded. */
  summary(): LatencySummaryNs {
    if (this.count === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
    const sorted = Float64Array.from(this.values()).sort();
    const list = Array.from(sorted);
    let sum = 0;
    for (const v of list) sum += v;
    const ns = (ps: number) => ps / 1000;
    return {
      mean: ns(sum / list.length),
      p50: ns(quantileSorted(list, 0.5)),
      p90: ns(quantileSorted(list, 0.9)),
      p99: ns(quantileSorted(list, 0.99)),
      p999: ns(quantileSorted(list, 0.999)),
      max: ns(list[list.length - 1]!),
    };
  }
}
