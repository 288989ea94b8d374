/**
 * PCIe constants, each with the table it comes from.
 *
 * Sources: PCI Express Base Specification r5.0 (rates and encodings, section 4.2; Ack latency
 * limits, tables 3-7..3-9; UpdateFC intervals, tables 2-46..2-48), as tabulated by the pcie-bench
 * model of Neugebauer et al., "Understanding PCIe performance for end host networking",
 * SIGCOMM 2018 (github.com/pcie-bench/pcie-model, Apache-2.0). r6.0 for flit mode.
 *
 * Simplifications, stated once here:
 * - Ack and UpdateFC DLLPs are charged as a fraction of the raw rate (one 8 B DLLP of each kind per
 *   interval in symbol times), as pcie-bench does, scaled by a tunable factor; they are not
 *   simulated one by one. SKP ordered sets likewise: 4 symbols per 1538.
 * - Gen3-5 share one Ack/FC table (the spec's intervals are given in symbol times, which is what
 *   pcie-bench uses for all three). Gen1 and Gen2 have their own.
 * - Gen6 runs in flit mode: a 256 B flit carries 236 B of TLP bytes (6 B DLLP payload, 8 B CRC and
 *   6 B FEC); Acks and UpdateFCs ride in the flit's DLLP bytes, so there is no separate DLLP charge,
 *   and TLPs carry no per-TLP framing, sequence number or LCRC. Headers keep their non-flit sizes
 *   (flit-mode headers with their orthogonal header content are not modelled).
 */

/** PCIe generations the model knows. */
export const Generations = {
  gen1: { gtps: 2.5, encoding: 8 / 10, flit: false },
  gen2: { gtps: 5, encoding: 8 / 10, flit: false },
  gen3: { gtps: 8, encoding: 128 / 130, flit: false },
  gen4: { gtps: 16, encoding: 128 / 130, flit: false },
  gen5: { gtps: 32, encoding: 128 / 130, flit: false },
  gen6: { gtps: 64, encoding: 1, flit: true },
} as const;
export type Generation = keyof typeof Generations;
export const GENERATION_NAMES = Object.keys(Generations) as Generation[];

/** Link widths the model knows (the Ack/FC tables cover these). */
export const LANE_COUNTS = [1, 2, 4, 8, 16] as const;
export type LaneCount = (typeof LANE_COUNTS)[number];

/** Maximum Payload Size and Maximum Read Request Size values (bytes). */
export const PAYLOAD_SIZES = [128, 256, 512, 1024, 2048, 4096] as const;
export type PayloadSize = (typeof PAYLOAD_SIZES)[number];

/** Read Completion Boundary values (bytes) a root port or endpoint may use. */
export const RCB_SIZES = [64, 128] as const;
export type RcbSize = (typeof RCB_SIZES)[number];

/** One Ack or UpdateFC DLLP on the wire: 2 B framing + 4 B DLLP + 2 B CRC. */
export const DLLP_BYTES = 8;

/**
 * The DLLP charge measured links pay, as a fraction of the spec's recommended Ack/UpdateFC
 * intervals (which the analytic oracle charges in full, as pcie-bench's model does). Real links
 * coalesce Acks and UpdateFCs, so hosts run above the oracle: fitted to one measurement, a Gen3 x8
 * DMA read of 2048 B at 55.28 Gb/s on a Xeon E5-2620 v3 (pcie-bench data, Neugebauer et al.,
 * SIGCOMM 2018), where the oracle gives 53.69 Gb/s: 1 - f x 16/203 - 4/1538 = 55.28 / 63.015 /
 * (2048 / 2208) gives f = 0.65. Held against other hosts in test/calibration (docs/design.md, "Calibration").
 */
export const DLLP_FACTOR_MEASURED = 0.65;
/** SKP ordered set: 4 symbols every 1538 symbol times (clock compensation). */
export const SKP_BYTES = 4;
export const SKP_INTERVAL = 1538;

/** Per-TLP framing, sequence number and LCRC (Gen1-5): STP/SDP + 2 B seq + 4 B LCRC (+ END). */
export const TLP_FRAMING_BYTES = 8;
/** 3DW header (32-bit address memory request; also a completion). */
export const HEADER_3DW_BYTES = 12;
/** 4DW header (64-bit address memory request). */
export const HEADER_4DW_BYTES = 16;
/** Completion header (CplD): 3DW. */
export const CPL_HEADER_BYTES = 12;
/** End-to-end CRC digest, when ECRC is on. */
export const ECRC_BYTES = 4;
/** Flow-control data credit unit (one credit covers 16 B of payload). */
export const FC_DATA_UNIT_BYTES = 16;
/** Addresses at or above this need a 4DW header; below it a 3DW header must be used. */
export const ADDRESS_4DW_THRESHOLD = 2 ** 32;
/** Requests must not cross a 4 KiB address boundary. */
export const REQUEST_BOUNDARY_BYTES = 4096;

/** Gen6 flit: 256 B carrying 236 B of TLP bytes. */
export const FLIT_BYTES = 256;
export const FLIT_TLP_BYTES = 236;

type IntervalTable = Readonly<Record<LaneCount, Readonly<Record<PayloadSize, number>>>>;

/**
 * Ack and UpdateFC intervals in symbol times, by generation, width and MPS (PCIe Base Spec r5.0
 * tables 3-7..3-9 and 2-46..2-48 as used by pcie-bench; the two tables agree for x1-x16).
 */
const ACK_FC_INTERVALS: Readonly<Record<"gen1" | "gen2" | "gen3to5", IntervalTable>> = {
  gen1: {
    1: { 128: 237, 256: 416, 512: 559, 1024: 1071, 2048: 2095, 4096: 4143 },
    2: { 128: 128, 256: 217, 512: 289, 1024: 545, 2048: 1057, 4096: 2081 },
    4: { 128: 73, 256: 118, 512: 154, 1024: 282, 2048: 538, 4096: 1050 },
    8: { 128: 67, 256: 107, 512: 86, 1024: 150, 2048: 278, 4096: 534 },
    16: { 128: 48, 256: 72, 512: 86, 1024: 150, 2048: 278, 4096: 534 },
  },
  gen2: {
    1: { 128: 288, 256: 467, 512: 610, 1024: 1122, 2048: 2146, 4096: 4194 },
    2: { 128: 179, 256: 268, 512: 340, 1024: 596, 2048: 1108, 4096: 2132 },
    4: { 128: 124, 256: 169, 512: 205, 1024: 333, 2048: 589, 4096: 1101 },
    8: { 128: 118, 256: 158, 512: 137, 1024: 201, 2048: 329, 4096: 585 },
    16: { 128: 99, 256: 123, 512: 137, 1024: 201, 2048: 329, 4096: 585 },
  },
  gen3to5: {
    1: { 128: 333, 256: 512, 512: 655, 1024: 1167, 2048: 2191, 4096: 4239 },
    2: { 128: 224, 256: 313, 512: 385, 1024: 641, 2048: 1153, 4096: 2177 },
    4: { 128: 169, 256: 214, 512: 250, 1024: 378, 2048: 634, 4096: 1146 },
    8: { 128: 163, 256: 203, 512: 182, 1024: 246, 2048: 374, 4096: 630 },
    16: { 128: 144, 256: 168, 512: 182, 1024: 246, 2048: 374, 4096: 630 },
  },
};

/** A link's physical configuration: generation and width. */
export interface LinkConfig {
  gen: Generation;
  lanes: LaneCount;
}

/**
 * Ack (= UpdateFC) interval in symbol times for this link and MPS; `undefined` in flit mode,
 * where Acks and UpdateFCs ride inside flits.
 */
export function ackFcIntervalSymbols(link: LinkConfig, mps: PayloadSize): number | undefined {
  if (Generations[link.gen].flit) return undefined;
  const table = link.gen === "gen1" || link.gen === "gen2" ? ACK_FC_INTERVALS[link.gen] : ACK_FC_INTERVALS.gen3to5;
  return table[link.lanes][mps];
}

/** Raw rate after line encoding, in Gb/s: GT/s x encoding x lanes. */
export function rawGbps(link: LinkConfig): number {
  const g = Generations[link.gen];
  return g.gtps * g.encoding * link.lanes;
}

/**
 * Fraction of the raw rate that carries no TLP bytes: one Ack and one UpdateFC DLLP per interval
 * (scaled by `dllpFactor`, 1 = the spec's recommendation) plus SKP ordered sets; in flit mode the
 * flit's non-TLP bytes (20 of 256).
 */
export function linkOverheadFraction(link: LinkConfig, mps: PayloadSize, dllpFactor = 1): number {
  const interval = ackFcIntervalSymbols(link, mps);
  if (interval === undefined) return 1 - FLIT_TLP_BYTES / FLIT_BYTES;
  return dllpFactor * ((2 * DLLP_BYTES) / interval) + SKP_BYTES / SKP_INTERVAL;
}

/** Rate available to TLP bytes (framing included), in Gb/s. */
export function tlpLayerGbps(link: LinkConfig, mps: PayloadSize, dllpFactor = 1): number {
  return rawGbps(link) * (1 - linkOverheadFraction(link, mps, dllpFactor));
}

/** Per-TLP framing bytes on this link (none in flit mode, where the flit carries CRC). */
export function framingBytes(link: LinkConfig): number {
  return Generations[link.gen].flit ? 0 : TLP_FRAMING_BYTES;
}

/** Header bytes of a memory request to `address`: 4DW at or above 4 GiB, else 3DW. */
export function requestHeaderBytes(address: number): number {
  return address >= ADDRESS_4DW_THRESHOLD ? HEADER_4DW_BYTES : HEADER_3DW_BYTES;
}

/** Flow-control data credits needed for `payloadBytes` (16 B units, rounded up). */
export function dataCredits(payloadBytes: number): number {
  return Math.ceil(payloadBytes / FC_DATA_UNIT_BYTES);
}
