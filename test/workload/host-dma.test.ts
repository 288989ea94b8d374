import { describe, expect, it } from "vitest";
import { runHostDma, type HostDmaParams } from "../../src/workload/host-dma.js";
import { analyticBandwidth } from "../../src/model/analytic.js";
import { GENERATION_NAMES, LANE_COUNTS, PAYLOAD_SIZES, type Generation, type LaneCount, type PayloadSize } from "../../src/pcie/spec.js";
import { RandomStreams } from "../../src/sim/random.js";
import { ns } from "../../src/sim/units.js";
import { handPsPerByte } from "../pcie/harness.js";

const SLOW = process.env.P2PSIM_SLOW === "1";

interface GridPoint {
  gen: Generation;
  lanes: LaneCount;
  mps: PayloadSize;
  mrrs: PayloadSize;
  size: number;
  op: "read" | "write";
}

/** The whole grid: Gen1-6, x1-x16, MPS 128-4096, MRRS 128/512/4096, sizes 64 B-1 MiB, read and write. */
function grid(): GridPoint[] {
  const points: GridPoint[] = [];
  for (const gen of GENERATION_NAMES)
    for (const lanes of LANE_COUNTS)
      for (const mps of PAYLOAD_SIZES)
        for (const mrrs of [128, 512, 4096] as const)
          for (const size of [64, 256, 1500, 4096, 65536, 1 << 20])
            for (const op of ["read", "write"] as const) {
              if (op === "write" && mrrs !== 512) continue; // MRRS does not touch writes
              points.push({ gen, lanes, mps, mrrs, size, op });
            }
  return points;
}

/** A fixed sample of the grid for the fast suite (same sample every run). */
function sample(points: GridPoint[], n: number): GridPoint[] {
  const random = new RandomStreams("grid-sample").stream("pick");
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(random.int(points.length));
  return [...chosen].sort((a, b) => a - b).map((i) => points[i]!);
}

const all = grid();
const points = SLOW ? all : sample(all, 48);

describe("host DMA over one link against the analytic oracle", () => {
  it.each(points.map((p) => [`${p.op} ${p.size} B on ${p.gen}x${p.lanes}, MPS ${p.mps}, MRRS ${p.mrrs}`, p] as const))(
    "matches within 0.5 %%: %s",
    (_, p) => {
      const params: HostDmaParams = { link: { gen: p.gen, lanes: p.lanes }, mps: p.mps, mrrs: p.mrrs, op: p.op, sizeBytes: p.size, targetTlps: 6000 };
      const simulated = runHostDma(params).totalGBps;
      const analytic = analyticBandwidth(params).totalGBps;
      expect(Math.abs(simulated / analytic - 1)).toBeLessThan(0.005);
    },
  );

  it("matches mixed reads and writes (op both) within 0.5 %", () => {
    for (const size of [64, 512, 4096]) {
      const params: HostDmaParams = { link: { gen: "gen4", lanes: 8 }, mps: 512, mrrs: 1024, op: "both", sizeBytes: size };
      const r = runHostDma(params);
      const a = analyticBandwidth(params);
      expect(Math.abs(r.totalGBps / a.totalGBps - 1)).toBeLessThan(0.005);
      expect(Math.abs(r.writeGBps / r.readGBps - 1)).toBeLessThan(0.01);
    }
  });

  it("covers the whole grid in the slow suite", () => {
    expect(all.length).toBeGreaterThan(1000);
    expect(points.length).toBe(SLOW ? all.length : 48);
  });
});

describe("host DMA reads limited by tags", () => {
  // Gen3 x8, MPS 256, 100 ns each way on the link, 200 ns memory latency, memory at 200 GB/s.
  const linkLatency = ns(100);
  const memoryLatency = ns(200);
  const psb = handPsPerByte(8, 128 / 130, 8, 203);
  /** Hand-worked round trip of one 64 B read with nothing else in the way. */
  const roundTrip = (() => {
    const request = Math.ceil((8 + 16) * psb); // MRd: framing + 4DW header
    const atMemory = request + linkLatency;
    const dataReady = Math.ceil(atMemory + 64 * 5) + memoryLatency; // 64 B at 200 GB/s = 5 ps/B
    const completionDone = Math.ceil(dataReady + (8 + 12 + 64) * psb); // CplD: framing + header + data
    return completionDone + linkLatency;
  })();
  const params = (tags: number, transfers: number): HostDmaParams => ({
    link: { gen: "gen3", lanes: 8 },
    mps: 256,
    mrrs: 512,
    op: "read",
    sizeBytes: 64,
    tags,
    transfers,
    linkLatencyPs: linkLatency,
    memoryLatencyPs: memoryLatency,
  });

  it("takes exactly the hand-worked round trip for a single 64 B read", () => {
    const r = runHostDma(params(1, 1));
    expect(r.simulatedPs).toBe(roundTrip);
    expect(r.meanReadLatencyNs * 1000).toBe(roundTrip);
  });

  it("reaches tags x bytes per request / round trip (Little's law) within 1 %", () => {
    for (const tags of [1, 4, 8]) {
      const r = runHostDma(params(tags, 4000));
      const little = (tags * 64 * 1000) / roundTrip; // GB/s
      expect(Math.abs(r.readGBps / little - 1)).toBeLessThan(0.01);
      expect(r.maxTagsInUse).toBe(tags);
      expect(Math.abs(r.meanReadLatencyNs * 1000 - roundTrip)).toBeLessThan(0.01 * roundTrip);
    }
  });

  it("stops growing with tags once the link is full", () => {
    const r = runHostDma(params(256, 20000));
    const a = analyticBandwidth(params(256, 1));
    expect(Math.abs(r.readGBps / a.readGBps - 1)).toBeLessThan(0.005);
  });
});

describe("host DMA bookkeeping", () => {
  it("delivers every byte once: sent = received at each end, and every credit comes back", () => {
    const r = runHostDma({ link: { gen: "gen2", lanes: 4 }, mps: 128, mrrs: 256, op: "both", sizeBytes: 1500, transfers: 300 });
    const bytes = 300 * 1500;
    expect(r.engine.stats.bytesWritten).toBe(bytes);
    expect(r.link.up.stats.payloadBytes).toBe(bytes);
    expect(r.memory.stats.bytesWritten).toBe(bytes);
    expect(r.memory.stats.bytesRead).toBe(bytes);
    expect(r.link.down.stats.payloadBytes).toBe(bytes);
    expect(r.engine.stats.bytesRead).toBe(bytes);
    expect(r.engine.tagsInUse).toBe(0);
    for (const dir of [r.link.up, r.link.down]) {
      for (const cls of [0, 1, 2] as const) expect(dir.outstandingCredits(cls)).toEqual([0, 0]);
    }
  });

  it("is bounded by host memory when memory is slower than the link", () => {
    const r = runHostDma({ link: { gen: "gen4", lanes: 16 }, mps: 256, mrrs: 512, op: "write", sizeBytes: 4096, memoryGBps: 10 });
    expect(Math.abs(r.writeGBps / 10 - 1)).toBeLessThan(0.005);
    expect(r.link.up.stats.creditStallPs).toBeGreaterThan(0);
  });

  it("gives identical results for the same parameters and seed", () => {
    const params: HostDmaParams = { link: { gen: "gen5", lanes: 4 }, mps: 512, mrrs: 512, op: "both", sizeBytes: 777, seed: 9 };
    const strip = (r: ReturnType<typeof runHostDma>) =>
      JSON.stringify({ ...r, link: [r.link.up.stats, r.link.down.stats], engine: r.engine.stats, memory: r.memory.stats });
    expect(strip(runHostDma(params))).toBe(strip(runHostDma(params)));
  });
});
