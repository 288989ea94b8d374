import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseRate, parseSize, parseTime, parseWallTimeMs } from "../../src/scenario/quantity.js";

describe("sizes", () => {
  it("reads binary and decimal units and plain bytes", () => {
    expect(parseSize("4KiB")).toBe(4096);
    expect(parseSize("1500")).toBe(1500);
    expect(parseSize("64B")).toBe(64);
    expect(parseSize("2 MiB")).toBe(2 * 1024 * 1024);
    expect(parseSize("1GiB")).toBe(2 ** 30);
    expect(parseSize("2MB")).toBe(2_000_000);
    expect(parseSize("0.5KiB")).toBe(512);
    expect(parseSize(4096)).toBe(4096);
  });

  it("rejects negative, zero, fractional-byte and unit-less nonsense, naming the value", () => {
    for (const bad of ["-1", "0", "0B", "1.5", "0.3KiB", "4 kilobytes", "KiB", "", "1e400"]) {
      expect(() => parseSize(bad)).toThrow(new RegExp(`'${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}' is not a size`));
    }
  });

  it("round-trips any whole number of KiB", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (n) => parseSize(`${n}KiB`) === n * 1024));
  });

  it("never returns anything but a positive safe integer, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (text) => {
        try {
          const bytes = parseSize(text);
          return Number.isSafeInteger(bytes) && bytes > 0;
        } catch (error) {
          return error instanceof Error && /is not a size/.test(error.message);
        }
      }),
    );
  });
});

describe("times", () => {
  it("reads ps, ns, us, ms and s into whole picoseconds", () => {
    expect(parseTime("250ns")).toBe(250_000);
    expect(parseTime("1.5us")).toBe(1_500_000);
    expect(parseTime("20µs")).toBe(20_000_000);
    expect(parseTime("7ps")).toBe(7);
    expect(parseTime("2ms")).toBe(2e9);
    expect(parseTime("0ns")).toBe(0);
  });

  it("insists on a unit", () => {
    for (const bad of ["250", "-5ns", "5 parsecs", "ns"]) expect(() => parseTime(bad)).toThrow(/is not a time/);
  });

  it("round-trips any whole number of nanoseconds", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), (n) => parseTime(`${n}ns`) === n * 1000));
  });

  it("names the clock's limit for a time past 2^53 ps, instead of calling it not a time", () => {
    expect(parseTime("9007s")).toBe(9007e12);
    expect(() => parseTime("9008s")).toThrow("'9008s' is longer than the simulated clock counts: at most 2^53 ps (about 9007 s, 2.5 hours)");
  });

  it("reads a wall-clock limit in milliseconds, with no bound from the simulated clock", () => {
    expect(parseWallTimeMs("600s")).toBe(600_000);
    expect(parseWallTimeMs("10800s")).toBe(10_800_000); // 3 hours: refused as "not a time" until December 2026
    expect(parseWallTimeMs("250ms")).toBe(250);
    for (const bad of ["600", "-1s", "soon"]) expect(() => parseWallTimeMs(bad)).toThrow(/is not a time/);
  });
});

describe("rates", () => {
  it("reads byte rates as GB/s and bit rates (lower-case b) divided by eight", () => {
    expect(parseRate("12GB/s")).toBe(12);
    expect(parseRate("800MB/s")).toBeCloseTo(0.8, 12);
    expect(parseRate("100Gb/s")).toBe(12.5);
    expect(parseRate("25Gbit/s")).toBe(3.125);
    expect(parseRate("1GiB/s")).toBeCloseTo(1.073741824, 12);
  });

  it("rejects rates without a unit or with a non-positive value", () => {
    for (const bad of ["12", "0GB/s", "-1GB/s", "12GT/s", "fast"]) expect(() => parseRate(bad)).toThrow(/is not a rate/);
  });
});
