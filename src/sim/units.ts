/**
 * Units of the model. Simulated time is an integer number of picoseconds held in a plain
 * `number` (exact up to 2^53 ps, about 9000 s), as in gem5, OMNeT++ and SST. Sizes are integer
 * bytes. Rates are GB/s (1e9 bytes per second) or Gb/s at the edges; inside the model a
 * serializer keeps a fractional `psPerByte` so that per-TLP rounding never accumulates.
 *
 * Convert only at the edges: `ns(250)` into the model, `toNs(t)` out of it.
 */

/** Picoseconds in one nanosecond, microsecond, millisecond and second. */
export const PS_PER_NS = 1_000;
export const PS_PER_US = 1_000_000;
export const PS_PER_MS = 1_000_000_000;
export const PS_PER_S = 1_000_000_000_000;

/** Bytes in a KiB, MiB, GiB (binary sizes, as PCIe and page sizes use). */
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** A time in picoseconds from nanoseconds, rounded to the nearest picosecond. */
export function ns(nanoseconds: number): number {
  return Math.round(nanoseconds * PS_PER_NS);
}

/** A time in picoseconds from microseconds, rounded to the nearest picosecond. */
export function us(microseconds: number): number {
  return Math.round(microseconds * PS_PER_US);
}

/** Picoseconds to nanoseconds (a float). */
export function toNs(ps: number): number {
  return ps / PS_PER_NS;
}

/** Picoseconds to seconds (a float). */
export function toSeconds(ps: number): number {
  return ps / PS_PER_S;
}

/** Picoseconds needed to move one byte at `gbytesPerSecond` (GB/s, 1e9 bytes/s). */
export function psPerByteAtGBps(gbytesPerSecond: number): number {
  return PS_PER_NS / gbytesPerSecond;
}

/** Picoseconds needed to move one byte at `gbitsPerSecond` (Gb/s, 1e9 bits/s). */
export function psPerByteAtGbps(gbitsPerSecond: number): number {
  return (8 * PS_PER_NS) / gbitsPerSecond;
}

/** Throughput in GB/s (1e9 bytes/s) of `bytes` moved in `ps` picoseconds. */
export function gbytesPerSecond(bytes: number, ps: number): number {
  return (bytes * PS_PER_NS) / ps;
}
