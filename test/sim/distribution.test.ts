import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { quantileSorted, mean } from "simple-statistics";
import { lognormalByMeanP99, lognormalSigma, MAX_P99_OVER_MEAN, Z99 } from "../../src/sim/distribution.js";
import { RandomStreams } from "../../src/sim/random.js";
import { us } from "../../src/sim/units.js";

describe("lognormal service times by mean and p99", () => {
  it("solve sigma so that exp(z99 sigma - sigma^2 / 2) gives back the ratio", () => {
    fc.assert(
      fc.property(fc.double({ min: 1.0001, max: MAX_P99_OVER_MEAN, noNaN: true }), (ratio) => {
        const s = lognormalSigma(ratio);
        expect(Math.exp(Z99 * s - (s * s) / 2)).toBeCloseTo(ratio, 9);
      }),
    );
  });

  it("draw samples whose mean and p99 match what was asked, within sampling error", () => {
    const draw = lognormalByMeanP99(us(80), us(250), new RandomStreams(7).stream("media/nvme0"));
    const samples = Array.from({ length: 200_000 }, draw).sort((a, b) => a - b);
    expect(mean(samples) / us(80)).toBeCloseTo(1, 1);
    expect(quantileSorted(samples, 0.99) / us(250)).toBeCloseTo(1, 1);
    expect(samples.every((x) => Number.isInteger(x) && x > 0)).toBe(true);
  });

  it("draw the same numbers from the same seed and stream name", () => {
    const a = lognormalByMeanP99(1000, 3000, new RandomStreams(1).stream("x"));
    const b = lognormalByMeanP99(1000, 3000, new RandomStreams(1).stream("x"));
    expect(Array.from({ length: 100 }, a)).toEqual(Array.from({ length: 100 }, b));
  });

  it("refuse a p99 that no lognormal with that mean has", () => {
    expect(() => lognormalSigma(1)).toThrow(RangeError);
    expect(() => lognormalSigma(MAX_P99_OVER_MEAN * 1.01)).toThrow(RangeError);
  });
});
