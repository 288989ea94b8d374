/**
 * Host DMA over one link, as pcie-bench measures it: a device's DMA engine writes to and/or reads
 * from host memory across a single PCIe link, back to back, with transfers of one size. This is
 * what `p2psim bandwidth` simulates beside the analytic oracle.
 */
import { Simulator } from "../sim/simulator.js";
import { ns } from "../sim/units.js";
import { Link } from "../pcie/link.js";
import { ENDPOINT_CREDITS, ROOT_PORT_CREDITS, type CreditLimits } from "../pcie/credits.js";
import type { LinkConfig, PayloadSize, RcbSize } from "../pcie/spec.js";
import { requesterId } from "../pcie/tlp.js";
import { DmaEngine, type DmaTransfer } from "../fabric/dma-engine.js";
import { HostMemory } from "../fabric/host-memory.js";
import { SteadyStateMeter } from "./steady-state.js";

export type HostDmaOp = "read" | "write" | "both";

export interface HostDmaParams {
  link: LinkConfig;
  mps: PayloadSize;
  mrrs: PayloadSize;
  op: HostDmaOp;
  /** Bytes per transfer. */
  sizeBytes: number;
  /** Outstanding reads allowed (default 256, 8-bit extended tags). */
  tags?: number;
  /** Transfers to run; default enough for about `targetTlps` TLPs (at least 8). */
  transfers?: number;
  /** Default 20 000. */
  targetTlps?: number;
  /** One direction's PHY + wire latency, ps (default 20 ns). */
  linkLatencyPs?: number;
  /** Host memory bandwidth, GB/s (default 200: not the bottleneck of one link). */
  memoryGBps?: number;
  /** Host memory read latency, ps (default 80 ns). */
  memoryLatencyPs?: number;
  rcb?: RcbSize;
  /** Largest completion the root complex sends (default MPS). */
  completionBytes?: number;
  dllpFactor?: number;
  ecrc?: boolean;
  /** Address width of the host buffers: 64 (above 4 GiB, 4DW headers; default) or 32 (3DW). */
  addressBits?: 32 | 64;
  /** Root port receive buffers (default `ROOT_PORT_CREDITS`). */
  rootPortCredits?: CreditLimits;
  seed?: number;
  /**
   * Called after every `sliceEvents` events (default 2^18) while the run goes on, so a caller can
   * report progress or stop a long run by throwing; the run's results do not depend on it.
   */
  between?: () => void;
  sliceEvents?: number;
}

export interface HostDmaResult {
  writeGBps: number;
  readGBps: number;
  totalGBps: number;
  transfers: number;
  /** TLPs moved across link directions (one link: TLPs sent up plus TLPs sent down). */
  tlpHops: number;
  events: number;
  simulatedPs: number;
  /** Mean time from a read transfer's start to its last byte, ns; NaN without reads. */
  meanReadLatencyNs: number;
  maxTagsInUse: number;
  link: Link;
  engine: DmaEngine;
  memory: HostMemory;
}

/** Buffer bases: above 4 GiB (4DW headers, pcie-bench's 64-bit setup) or below it (3DW). */
const BASES = { 64: { write: 2 ** 32, read: 2 ** 33 }, 32: { write: 2 ** 28, read: 2 ** 30 } } as const;

/** TLPs one transfer puts on the link (both directions), for sizing a run. */
function tlpsPerTransfer(p: HostDmaParams): number {
  const writes = p.op === "read" ? 0 : Math.ceil(p.sizeBytes / p.mps);
  const reads = p.op === "write" ? 0 : Math.ceil(p.sizeBytes / p.mrrs) + Math.ceil(p.sizeBytes / p.mps);
  return writes + reads;
}

/** Builds the one-link system, runs it to the end and measures steady-state throughput. */
export function runHostDma(p: HostDmaParams): HostDmaResult {
  const sim = new Simulator(p.seed ?? 1);
  const link = new Link(
    sim,
    "rp0-ep0",
    { config: p.link, mps: p.mps, latencyPs: p.linkLatencyPs ?? ns(20), dllpFactor: p.dllpFactor ?? 1 },
    p.rootPortCredits ?? ROOT_PORT_CREDITS,
    ENDPOINT_CREDITS,
  );
  const memory = new HostMemory(sim, {
    name: "mem0",
    bandwidthGBps: p.memoryGBps ?? 200,
    latencyPs: p.memoryLatencyPs ?? ns(80),
    mps: p.mps,
    rcb: p.rcb ?? 64,
    ...(p.completionBytes !== undefined ? { completionBytes: p.completionBytes } : {}),
    ecrc: p.ecrc ?? false,
  });
  const engine = new DmaEngine(
    sim,
    { name: "ep0", requester: requesterId(1, 0, 0), mps: p.mps, mrrs: p.mrrs, tags: p.tags ?? 256, ecrc: p.ecrc ?? false },
    link.up,
  );
  link.up.receiver = memory;
  link.down.receiver = engine;

  const transfers = p.transfers ?? Math.max(8, Math.ceil((p.targetTlps ?? 20_000) / tlpsPerTransfer(p)));
  const streams = p.op === "both" ? 2 : 1;
  const total = transfers * p.sizeBytes;
  const writeMeter = p.op === "read" ? undefined : new SteadyStateMeter(total);
  const readMeter = p.op === "write" ? undefined : new SteadyStateMeter(total);
  if (writeMeter) memory.onWriteData = (bytes, t) => writeMeter.add(bytes, t);
  if (readMeter) engine.onReadData = (bytes, t) => readMeter.add(bytes, t);

  let readLatencySum = 0;
  let readsDone = 0;
  const onReadDone = (_: DmaTransfer, start: number, end: number): void => {
    readLatencySum += end - start;
    readsDone++;
  };
  const stride = Math.ceil(p.sizeBytes / 4096) * 4096;
  const base = BASES[p.addressBits ?? 64];
  let issued = 0;
  engine.feed(() => {
    if (issued >= transfers * streams) return undefined;
    const index = Math.floor(issued / streams);
    const isRead = p.op === "read" || (p.op === "both" && issued % 2 === 1);
    issued++;
    return isRead
      ? { op: "read", address: base.read + index * stride, bytes: p.sizeBytes, onDone: onReadDone }
      : { op: "write", address: base.write + index * stride, bytes: p.sizeBytes };
  });
  if (p.between === undefined) sim.run();
  else {
    const slice = p.sliceEvents ?? 1 << 18;
    while (sim.run({ maxEvents: slice }) === slice && sim.pending > 0) p.between();
  }

  for (const meter of [writeMeter, readMeter]) {
    if (meter && meter.deliveredBytes !== total) {
      throw new Error(`host DMA ended with ${meter.deliveredBytes} of ${total} bytes delivered`);
    }
  }
  const writeGBps = writeMeter?.gbytesPerSecond ?? 0;
  const readGBps = readMeter?.gbytesPerSecond ?? 0;
  return {
    writeGBps,
    readGBps,
    totalGBps: writeGBps + readGBps,
    transfers,
    tlpHops: link.up.stats.tlps + link.down.stats.tlps,
    events: sim.events,
    simulatedPs: sim.now,
    meanReadLatencyNs: readsDone > 0 ? readLatencySum / readsDone / 1000 : NaN,
    maxTagsInUse: engine.stats.maxTagsInUse,
    link,
    engine,
    memory,
  };
}
