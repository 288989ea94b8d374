import { describe, expect, it } from "vitest";
import figures from "../fixtures/pcie-figures.json" with { type: "json" };
import { analyticBandwidth } from "../../src/model/analytic.js";

// Worked figures of shared/reference/README.md section 1 (pcie-bench's model, Neugebauer et al.,
// SIGCOMM 2018): Gen3 x8, MPS 256, MRRS 512, 64-bit addresses, no ECRC, in Gb/s.
const reference = figures.gen3x8_mps256_mrrs512;
const gen3x8 = { link: { gen: "gen3", lanes: 8 }, mps: 256, mrrs: 512 } as const;

describe("the analytic oracle", () => {
  it("gives the reference raw and TLP-layer rates of Gen3 x8", () => {
    const r = analyticBandwidth({ ...gen3x8, sizeBytes: 64, op: "write" });
    expect(Math.abs(r.rawGbps - reference.rawGbps)).toBeLessThan(0.01);
    expect(Math.abs(r.tlpLayerGbps - reference.tlpLayerGbps)).toBeLessThan(0.01);
  });

  for (const { sizeBytes, writeGbps, readGbps } of reference.cases) {
    it(`reproduces the reference DMA write and read of ${sizeBytes} B to 0.01 Gb/s`, () => {
      const write = analyticBandwidth({ ...gen3x8, sizeBytes, op: "write" });
      const read = analyticBandwidth({ ...gen3x8, sizeBytes, op: "read" });
      expect(Math.abs(write.writeGBps * 8 - writeGbps)).toBeLessThan(0.01);
      expect(Math.abs(read.readGBps * 8 - readGbps)).toBeLessThan(0.01);
    });
  }

  it("bounds reads by completions and mixed traffic by the direction carrying writes and read requests", () => {
    // MRRS 128 with MPS 4096: each 24 B request fetches 128 B, returned as one 128 B completion.
    const r = analyticBandwidth({ link: { gen: "gen1", lanes: 1 }, mps: 4096, mrrs: 128, sizeBytes: 1 << 20, op: "read" });
    expect(r.bound).toBe("downstream");
    expect(r.readGBps).toBeCloseTo((r.tlpLayerGbps / 8) * (128 / (128 + 20)), 12);
    const both = analyticBandwidth({ link: { gen: "gen3", lanes: 8 }, mps: 256, mrrs: 128, sizeBytes: 4096, op: "both" });
    expect(both.bound).toBe("upstream");
    // Upstream per pair: 4096 + 16 x 24 (writes) + 32 x 24 (reads) = 5248 B.
    expect(both.writeGBps).toBeCloseTo((reference.tlpLayerGbps / 8) * (4096 / 5248), 2);
    expect(both.totalGBps).toBeCloseTo(2 * both.writeGBps, 12);
  });

  it("charges 3DW headers for 32-bit addresses, ECRC and 64 B completions", () => {
    const base = { ...gen3x8, sizeBytes: 256 } as const;
    const tlp = reference.tlpLayerGbps / 8;
    expect(analyticBandwidth({ ...base, op: "write", addr64: false }).writeGBps).toBeCloseTo((tlp * 256) / (256 + 20), 2);
    expect(analyticBandwidth({ ...base, op: "write", ecrc: true }).writeGBps).toBeCloseTo((tlp * 256) / (256 + 28), 2);
    expect(analyticBandwidth({ ...base, op: "read", completionBytes: 64 }).readGBps).toBeCloseTo((tlp * 256) / (256 + 4 * 20), 2);
  });
});
