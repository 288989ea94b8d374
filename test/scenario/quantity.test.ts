import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseRate, parseSize, parseTime, parseWallTimeMs } from "../../src/scenario/quantity.js";
import { message } from "../../src/messages.js";

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
    for (const bad of ["-1", "0", "0B", "1.5", "0.3KiB", "4 kilobytes", "KiB", "", "1e-400"]) {
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
          return error instanceof Error && /is not a size|is too large/.test(error.message);
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

  it("refuses Gib/s rather than reading gibibits as gibibytes", () => {
    for (const bad of ["1Gib/s", "1gib/s", "1Kib/s", "1Tib/s"]) expect(() => parseRate(bad)).toThrow(/is not a rate/);
    expect(parseRate("1Tb/s")).toBe(125);
    expect(parseRate("1TiB/s")).toBeCloseTo(1099.511627776, 9);
  });

  it("rejects rates without a unit or with a non-positive value", () => {
    for (const bad of ["12", "0GB/s", "-1GB/s", "12GT/s", "fast"]) expect(() => parseRate(bad)).toThrow(/is not a rate/);
  });
});

/** What a parser makes of `text`: its value, or its message with the text itself taken out. */
function outcome(parse: (text: string) => number, text: string): number | string {
  try {
    return parse(text);
  } catch (error) {
    return (error as Error).message.replace(`'${text}'`, "VALUE");
  }
}

/** `digits` x 10^`exponent` written out without an exponent: 123, -5 gives 0.00123. */
function positional(digits: number, exponent: number): string {
  const text = String(digits);
  if (exponent >= 0) return text + "0".repeat(exponent);
  const padded = text.padStart(-exponent + 1, "0");
  return `${padded.slice(0, padded.length + exponent)}.${padded.slice(padded.length + exponent)}`;
}

describe("numbers with an exponent", () => {
  it("reads 1e-3GB/s as 0.001GB/s, 2.5e3ns as 2500ns and 4e0KiB as 4KiB", () => {
    expect(parseRate("1e-3GB/s")).toBe(parseRate("0.001GB/s"));
    expect(parseTime("2.5e3ns")).toBe(2_500_000);
    expect(parseTime("1E-3us")).toBe(1000);
    expect(parseSize("4e0KiB")).toBe(4096);
    expect(parseSize("1e+3")).toBe(1000);
    expect(parseWallTimeMs("1.2e3s")).toBe(1_200_000);
  });

  it("gives every quantity the same result with an exponent as written out", () => {
    const parsers = [
      [parseSize, ["", "B", "KiB", "MB"]],
      [parseTime, ["ps", "ns", "us", "s"]],
      [parseRate, ["GB/s", "Mb/s", "GiB/s"]],
    ] as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: -8, max: 8 }), fc.nat(3), (p, digits, exponent, u) => {
        const [parse, units] = parsers[p]!;
        const unit = units[u % units.length]!;
        return outcome(parse, `${digits}e${exponent}${unit}`) === outcome(parse, `${positional(digits, exponent)}${unit}`);
      }),
    );
  });

  it("refuses a number too large for a double as too large, never as Infinity", () => {
    expect(() => parseRate("1e400GB/s")).toThrow("'1e400GB/s' is too large; the number is past what a double holds (about 1.8e308)");
    expect(() => parseWallTimeMs("1e400s")).toThrow("'1e400s' is too large; the number is past what a double holds");
    expect(() => parseTime("1e400s")).toThrow("'1e400s' is longer than the simulated clock counts");
    expect(() => parseSize("1e400KiB")).toThrow("'1e400KiB' is too large; a size is at most 2^53 - 1 bytes (about 8 PiB)");
    expect(() => parseSize("9007199254740993")).toThrow("is too large; a size is at most 2^53 - 1 bytes");
    expect(parseRate("1e300GB/s")).toBe(1e300);
  });
});

/** The units a message lists, as written in it. */
function listed(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

const accepts = (parse: (text: string) => number, text: string): boolean => typeof outcome(parse, text) === "number";

describe("the units the messages list", () => {
  it("are exactly the size units parseSize accepts", () => {
    const units = listed(message.badSize("x").split("unit ")[1]!.split(" (e.g.")[0]!, /[A-Za-z]+/g).filter((u) => u !== "or");
    expect(units).toEqual(["B", "KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "TB"]);
    for (const prefix of ["", "K", "M", "G", "T", "P", "E"]) {
      for (const unit of prefix === "" ? ["B"] : [`${prefix}B`, `${prefix}iB`]) expect(accepts(parseSize, `1${unit}`), unit).toBe(units.includes(unit));
    }
  });

  it("are exactly the time units parseTime accepts", () => {
    const units = listed(message.badTime("x").split("unit ")[1]!.split(" (e.g.")[0]!, /[a-zµ]+/g).filter((u) => u !== "or");
    expect(units).toEqual(["ps", "ns", "us", "µs", "ms", "s"]);
    for (const unit of ["fs", "ps", "ns", "us", "µs", "ms", "s", "min", "h", "m"]) expect(accepts(parseTime, `1${unit}`), unit).toBe(units.includes(unit));
  });

  it("are exactly the rate units parseRate accepts", () => {
    const text = message.badRate("x");
    const units = listed(text, /\b[KMGT]i?[Bb]\/s/g);
    expect(text).toContain("Kbit/s .. Tbit/s");
    for (const prefix of ["", "K", "M", "G", "T", "P"]) {
      for (const unit of [`${prefix}B/s`, `${prefix}iB/s`, `${prefix}b/s`, `${prefix}ib/s`]) expect(accepts(parseRate, `1${unit}`), unit).toBe(units.includes(unit));
      expect(accepts(parseRate, `1${prefix}bit/s`), `${prefix}bit/s`).toBe(units.includes(`${prefix}b/s`));
    }
  });
});
