/**
 * One link, two ways: the closed-form DMA bandwidth (pcie-bench's model, src/model/analytic.ts)
 * beside the bandwidth the TLP-level simulation reaches with a device DMAing to or from host
 * memory over that link (src/workload/host-dma.ts). What `p2psim bandwidth` prints, point by point
 * under a wall-clock limit and progress reports (`bandwidthPoints`).
 */
import { linkName } from "../pcie/link-name.js";
import type { LinkConfig, PayloadSize, RcbSize } from "../pcie/spec.js";
import { analyticBandwidth, type DmaOp } from "../model/analytic.js";
import { runHostDma } from "../workload/host-dma.js";
import { message } from "../messages.js";
import { RunLimitError } from "./watch.js";

/** The link and the host behind it. */
export interface LinkBench {
  link: LinkConfig;
  mps: PayloadSize;
  mrrs: PayloadSize;
  rcb: RcbSize;
  /** Outstanding reads allowed. */
  tags: number;
  /** One direction's PHY + wire latency. */
  latencyPs: number;
  memoryLatencyPs: number;
  memoryGBps: number;
  /** Largest completion the root complex sends; undefined for MPS. */
  completionBytes: number | undefined;
  /** Scale of the Ack/UpdateFC DLLP charge (1 = the spec's). */
  dllpFactor: number;
  /** TLPs to simulate per point. */
  targetTlps: number;
  ecrc: boolean;
  /** Buffers below 4 GiB (3DW request headers). */
  addr32: boolean;
}

/** One row of the calculator's output (also its JSON shape). */
export interface BandwidthPoint {
  link: string;
  mps: number;
  mrrs: number;
  op: DmaOp;
  sizeBytes: number;
  tags: number;
  analyticGBps: number;
  simulatedGBps: number;
  differencePct: number;
  analyticGbps: number;
  simulatedGbps: number;
  writeGBps: number;
  readGBps: number;
  /** Link direction that bounds the analytic result. */
  bound: "upstream" | "downstream";
  tlpHops: number;
  events: number;
  simulatedNs: number;
}

/** Rounds to `digits` decimals (for output; the model keeps full precision). */
function round(value: number, digits = 6): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * Computes one point: oracle and simulation for one operation and size. `between` is called every
 * `sliceEvents` events of the simulation (see runHostDma), to report or stop a long point.
 */
export function bandwidthPoint(s: LinkBench, op: DmaOp, sizeBytes: number, between?: () => void, sliceEvents?: number): BandwidthPoint {
  const common = { link: s.link, mps: s.mps, mrrs: s.mrrs, op, sizeBytes, ecrc: s.ecrc, dllpFactor: s.dllpFactor };
  const analytic = analyticBandwidth({
    ...common,
    addr64: !s.addr32,
    ...(s.completionBytes !== undefined ? { completionBytes: s.completionBytes } : {}),
  });
  const sim = runHostDma({
    ...common,
    tags: s.tags,
    targetTlps: s.targetTlps,
    linkLatencyPs: s.latencyPs,
    memoryLatencyPs: s.memoryLatencyPs,
    memoryGBps: s.memoryGBps,
    rcb: s.rcb,
    addressBits: s.addr32 ? 32 : 64,
    ...(s.completionBytes !== undefined ? { completionBytes: s.completionBytes } : {}),
    ...(between !== undefined ? { between } : {}),
    ...(sliceEvents !== undefined ? { sliceEvents } : {}),
  });
  return {
    link: linkName(s.link),
    mps: s.mps,
    mrrs: s.mrrs,
    op,
    sizeBytes,
    tags: s.tags,
    analyticGBps: round(analytic.totalGBps),
    simulatedGBps: round(sim.totalGBps),
    differencePct: round((sim.totalGBps / analytic.totalGBps - 1) * 100, 3),
    analyticGbps: round(analytic.totalGBps * 8),
    simulatedGbps: round(sim.totalGBps * 8),
    writeGBps: round(sim.writeGBps),
    readGBps: round(sim.readGBps),
    bound: analytic.bound,
    tlpHops: sim.tlpHops,
    events: sim.events,
    simulatedNs: round(sim.simulatedPs / 1000, 3),
  };
}

/**
 * How `bandwidthPoints` is watched: a wall-clock limit and progress, both looked at between points
 * and inside a point's simulation (every `sliceEvents` events), so a long point stops on time.
 */
export interface PointsWatch {
  /** Stop (RunLimitError) once the points have taken this long, ms. */
  maxWallMs?: number;
  /** Called about every `progressEveryMs` (default 5 s) with the points done, of how many, and the time taken. */
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
  progressEveryMs?: number;
  /** Wall clock, ms (default Date.now); read only to stop and report, never reaches a result. */
  clock?: () => number;
  /** Events between looks inside a point (default 2^18, about 20-50 ms). */
  sliceEvents?: number;
}

/** Every operation x size point of `s`, in order, under `watch`. */
export function bandwidthPoints(s: LinkBench & { ops: readonly DmaOp[]; sizes: readonly number[] }, watch: PointsWatch = {}): BandwidthPoint[] {
  const jobs = s.ops.flatMap((op) => s.sizes.map((size) => [op, size] as const));
  const clock = watch.clock ?? Date.now;
  const every = watch.progressEveryMs ?? 5000;
  const started = clock();
  let reported = started;
  const points: BandwidthPoint[] = [];
  const look = (): void => {
    const now = clock();
    if (watch.maxWallMs !== undefined && now - started >= watch.maxWallMs) throw new RunLimitError(message.bandwidthMaxWall(watch.maxWallMs, points.length, jobs.length));
    if (watch.onProgress !== undefined && now - reported >= every) {
      reported = now;
      watch.onProgress(points.length, jobs.length, now - started);
    }
  };
  const watched = watch.maxWallMs !== undefined || watch.onProgress !== undefined;
  for (const [op, size] of jobs) {
    if (points.length > 0 && watched) look();
    points.push(watched ? bandwidthPoint(s, op, size, look, watch.sliceEvents) : bandwidthPoint(s, op, size));
  }
  return points;
}
