import { describe, expect, it } from "vitest";
import figures from "../fixtures/pcie-figures.json" with { type: "json" };
import {
  ackFcIntervalSymbols,
  framingBytes,
  linkOverheadFraction,
  rawGbps,
  requestHeaderBytes,
  tlpLayerGbps,
  LANE_COUNTS,
  PAYLOAD_SIZES,
} from "../../src/pcie/spec.js";

describe("PCIe spec constants", () => {
  it("gives raw rates of GT/s x encoding x lanes (8b/10b to Gen2, 128b/130b Gen3-5, 1b/1b flits Gen6)", () => {
    expect(rawGbps({ gen: "gen1", lanes: 1 })).toBeCloseTo(2.0, 12);
    expect(rawGbps({ gen: "gen2", lanes: 4 })).toBeCloseTo(16.0, 12);
    expect(rawGbps({ gen: "gen3", lanes: 8 })).toBeCloseTo(63.015, 3);
    expect(rawGbps({ gen: "gen4", lanes: 16 })).toBeCloseTo(252.062, 3);
    expect(rawGbps({ gen: "gen5", lanes: 16 })).toBeCloseTo(504.123, 3);
    expect(rawGbps({ gen: "gen6", lanes: 16 })).toBeCloseTo(1024, 9);
  });

  it("holds the Ack/FC interval table of the reference for Gen3-5, every width and MPS", () => {
    for (const lanes of LANE_COUNTS) {
      for (const mps of PAYLOAD_SIZES) {
        const want = (figures.ackFcIntervalSymbols_gen3to5 as Record<string, Record<string, number>>)[`x${lanes}`]![String(mps)];
        for (const gen of ["gen3", "gen4", "gen5"] as const) expect(ackFcIntervalSymbols({ gen, lanes }, mps)).toBe(want);
      }
    }
  });

  it("charges one Ack and one UpdateFC per interval plus SKP: Gen3 x8 MPS 256 leaves 57.885 Gb/s", () => {
    expect(tlpLayerGbps({ gen: "gen3", lanes: 8 }, 256)).toBeCloseTo(figures.gen3x8_mps256_mrrs512.tlpLayerGbps, 3);
    expect(linkOverheadFraction({ gen: "gen3", lanes: 8 }, 256)).toBeCloseTo(16 / 203 + 4 / 1538, 15);
  });

  it("scales the DLLP charge by the tunable factor, leaving SKP alone", () => {
    const link = { gen: "gen4", lanes: 16 } as const;
    expect(linkOverheadFraction(link, 512, 0)).toBeCloseTo(4 / 1538, 15);
    expect(linkOverheadFraction(link, 512, 2)).toBeCloseTo(2 * (16 / 182) + 4 / 1538, 15);
  });

  it("runs Gen6 in flit mode: 236 TLP bytes per 256 B flit and no per-TLP framing", () => {
    const link = { gen: "gen6", lanes: 4 } as const;
    expect(ackFcIntervalSymbols(link, 256)).toBeUndefined();
    expect(tlpLayerGbps(link, 256)).toBeCloseTo(256 * (236 / 256), 9);
    expect(framingBytes(link)).toBe(0);
    expect(framingBytes({ gen: "gen5", lanes: 4 })).toBe(8);
  });

  it("uses a 3DW header below 4 GiB and a 4DW header at or above it", () => {
    expect(requestHeaderBytes(0xffff_f000)).toBe(12);
    expect(requestHeaderBytes(2 ** 32)).toBe(16);
  });
});
