/**
 * The analytic oracle: closed-form DMA bandwidth of one PCIe link, after the model of Neugebauer
 * et al., "Understanding PCIe performance for end host networking" (SIGCOMM 2018; pcie-bench's
 * pcie-model, Apache-2.0); test/model/analytic.test.ts holds it to the paper's worked figures.
 *
 * It is written apart from the simulation on purpose (it does not reuse the TLP splitter or the
 * serializer) so that tests can hold one against the other. It assumes transfers start on a
 * 4 KiB boundary, every requester has enough tags and credits, and memory is not the bottleneck.
 */
import {
  CPL_HEADER_BYTES,
  ECRC_BYTES,
  HEADER_3DW_BYTES,
  HEADER_4DW_BYTES,
  framingBytes,
  rawGbps,
  tlpLayerGbps,
  type LinkConfig,
  type PayloadSize,
} from "../pcie/spec.js";

export const DmaOps = ["read", "write", "both"] as const;
export type DmaOp = (typeof DmaOps)[number];

export interface AnalyticInput {
  link: LinkConfig;
  mps: PayloadSize;
  mrrs: PayloadSize;
  /** Bytes per DMA transfer. */
  sizeBytes: number;
  op: DmaOp;
  /** 64-bit addresses (4DW request headers); default true, as pcie-bench assumes. */
  addr64?: boolean;
  /** ECRC digest on every TLP; default false. */
  ecrc?: boolean;
  /** Scale of the Ack/UpdateFC DLLP charge; default 1 (the spec's recommended intervals). */
  dllpFactor?: number;
  /** Largest completion payload the completer sends (e.g. 64 for RCB-sized completions); default MPS. */
  completionBytes?: number;
}

export interface AnalyticResult {
  rawGbps: number;
  tlpLayerGbps: number;
  /** Payload throughput of the write stream, GB/s (1e9 bytes/s); 0 for op read. */
  writeGBps: number;
  /** Payload throughput of the read stream, GB/s; 0 for op write. */
  readGBps: number;
  /** writeGBps + readGBps. */
  totalGBps: number;
  /** Link direction that bounds the result. */
  bound: "upstream" | "downstream";
}

/** Number of completions for a read of `size` bytes split into MRRS-aligned requests. */
function completionCount(size: number, mrrs: number, cplBytes: number): number {
  const full = Math.floor(size / mrrs);
  const rest = size - full * mrrs;
  return full * Math.ceil(mrrs / cplBytes) + Math.ceil(rest / cplBytes);
}

/** Closed-form steady-state payload bandwidth of repeated DMA transfers of one size. */
export function analyticBandwidth(input: AnalyticInput): AnalyticResult {
  const { link, mps, mrrs, sizeBytes: size, op } = input;
  const ecrc = input.ecrc === true ? ECRC_BYTES : 0;
  const requestOverhead = framingBytes(link) + (input.addr64 === false ? HEADER_3DW_BYTES : HEADER_4DW_BYTES) + ecrc;
  const completionOverhead = framingBytes(link) + CPL_HEADER_BYTES + ecrc;
  const cplBytes = Math.min(mps, input.completionBytes ?? mps);
  const tlpRate = tlpLayerGbps(link, mps, input.dllpFactor ?? 1) / 8; // GB/s of TLP bytes

  const writes = op === "read" ? 0 : 1;
  const reads = op === "write" ? 0 : 1;
  // Wire bytes per transfer in each direction (device to host = upstream).
  const upstream =
    writes * (size + Math.ceil(size / mps) * requestOverhead) + reads * Math.ceil(size / mrrs) * requestOverhead;
  const downstream = reads * (size + completionCount(size, mrrs, cplBytes) * completionOverhead);
  const upRate = upstream > 0 ? tlpRate / upstream : Infinity; // transfers per ns, per direction
  const downRate = downstream > 0 ? tlpRate / downstream : Infinity;
  const transfersPerNs = Math.min(upRate, downRate);
  const perOp = transfersPerNs * size;
  return {
    rawGbps: rawGbps(link),
    tlpLayerGbps: tlpRate * 8,
    writeGBps: writes * perOp,
    readGBps: reads * perOp,
    totalGBps: (writes + reads) * perOp,
    bound: upRate <= downRate ? "upstream" : "downstream",
  };
}
