/**
 * Quantities with units, as users write them in scenario files and on the command line:
 * sizes (`4KiB`, `1500`, `2MB`), times (`250ns`, `20us`) and rates (`12GB/s`, `100Gb/s`). The
 * number may have an exponent (`1e-3GB/s` is `0.001GB/s`); one too large for a double is refused
 * as too large, never read as Infinity.
 * Each parser returns the model's unit (bytes, picoseconds, GB/s) or throws a `UsageError` that
 * names the value and what is allowed; the caller adds where the value came from.
 */
import { UsageError, message } from "../messages.js";

/** Size units, read in any case; `message.badSize` lists exactly these. */
const SIZE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};

/** Time units (`µs` as written, the rest in any case); `message.badTime` lists exactly these. */
const TIME_UNITS: Readonly<Record<string, number>> = { ps: 1, ns: 1e3, us: 1e6, "µs": 1e6, ms: 1e9, s: 1e12 };

/**
 * Rate units in GB/s (1e9 bytes/s): bytes with decimal and binary prefixes, bits (`bit`, or a
 * lower-case b) with decimal ones; `message.badRate` lists exactly these.
 */
const RATE_UNITS: Readonly<Record<string, number>> = {
  "kb/s": 1e-6,
  "mb/s": 1e-3,
  "gb/s": 1,
  "tb/s": 1e3,
  "kib/s": 1024 / 1e9,
  "mib/s": 1024 ** 2 / 1e9,
  "gib/s": 1024 ** 3 / 1e9,
  "tib/s": 1024 ** 4 / 1e9,
  "kbit/s": 1e-6 / 8,
  "mbit/s": 1e-3 / 8,
  "gbit/s": 1 / 8,
  "tbit/s": 1e3 / 8,
};

/** A non-negative decimal number, with an optional exponent (`1.5`, `1e-3`, `2E6`), then a unit. */
const NUMBER_WITH_UNIT = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([a-zµ/]*)\s*$/i;

/** Parses a size to whole bytes (> 0). `4KiB` = 4096, `2MB` = 2 000 000, `1500` = 1500. */
export function parseSize(text: string | number): number {
  if (typeof text === "number") {
    if (Number.isSafeInteger(text) && text > 0) return text;
    throw new UsageError(message.badSize(String(text)));
  }
  const match = NUMBER_WITH_UNIT.exec(text);
  const scale = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = scale === undefined ? NaN : Number(match![1]) * scale;
  if (bytes > Number.MAX_SAFE_INTEGER) throw new UsageError(message.sizeTooLarge(text));
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(message.badSize(text));
  return bytes;
}

/** `text` as picoseconds, unrounded and unbounded; NaN when it is not a number with a time unit. */
function picoseconds(text: string): number {
  const match = NUMBER_WITH_UNIT.exec(text);
  const unit = match?.[2] ?? "";
  const scale = match ? TIME_UNITS[unit === "µs" ? unit : unit.toLowerCase()] : undefined;
  return scale === undefined ? NaN : Number(match![1]) * scale;
}

/**
 * Parses a wall-clock time (`--max-wall`) to milliseconds: the same units as `parseTime`, but no
 * bound from the simulated clock (a run may be let go for more than 2.5 hours). `600s` = 600 000.
 */
export function parseWallTimeMs(text: string): number {
  const ms = picoseconds(text) / 1e9;
  if (ms === Infinity) throw new UsageError(message.numberTooLarge(text));
  if (!Number.isFinite(ms) || ms < 0) throw new UsageError(message.badTime(text));
  return ms;
}

/** Parses a time to whole picoseconds (>= 0), rounding to the nearest picosecond. `250ns` = 250 000. */
export function parseTime(text: string): number {
  const ps = Math.round(picoseconds(text));
  if (ps > Number.MAX_SAFE_INTEGER) throw new UsageError(message.timeTooLong(text));
  if (!Number.isSafeInteger(ps) || ps < 0) throw new UsageError(message.badTime(text));
  return ps;
}

/**
 * Parses a rate to GB/s (1e9 bytes/s, > 0, finite). Byte rates: `12GB/s`, `800MB/s`, `10GiB/s`;
 * bit rates must say so with a lower-case b or `bit`: `100Gb/s`, `25Gbit/s`, `1.6Tb/s`.
 */
export function parseRate(text: string): number {
  const match = NUMBER_WITH_UNIT.exec(text);
  let unit = match?.[2] ?? "";
  if (/^[kmgt]b\/s$/i.test(unit) && unit[1] === "b") unit = `${unit[0]!}bit/s`; // Gb/s, Mb/s: bits
  if (/^[kmgt]ib\/s$/i.test(unit) && unit[2] === "b") unit = "?"; // Gib/s: gibibits, which no device is rated in; not GiB/s
  const scale = match ? RATE_UNITS[unit.toLowerCase()] : undefined;
  const rate = scale === undefined ? NaN : Number(match![1]) * scale;
  if (rate === Infinity) throw new UsageError(message.numberTooLarge(text));
  if (!(rate > 0)) throw new UsageError(message.badRate(text));
  return rate;
}
