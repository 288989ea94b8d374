import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { linkName, parseLinkName } from "../../src/pcie/link-name.js";
import { GENERATION_NAMES, LANE_COUNTS } from "../../src/pcie/spec.js";

describe("link names", () => {
  it("reads gen4x16 as Gen4 with 16 lanes, in any case", () => {
    expect(parseLinkName("gen4x16")).toEqual({ gen: "gen4", lanes: 16 });
    expect(parseLinkName(" GEN3X8 ")).toEqual({ gen: "gen3", lanes: 8 });
  });

  it("round-trips every generation and width", () => {
    fc.assert(
      fc.property(fc.constantFrom(...GENERATION_NAMES), fc.constantFrom(...LANE_COUNTS), (gen, lanes) => {
        expect(parseLinkName(linkName({ gen, lanes }))).toEqual({ gen, lanes });
      }),
    );
  });

  it("rejects unknown generations and widths, naming the value and what is allowed", () => {
    for (const bad of ["gen9x3", "gen4x3", "gen7x16", "gen0x1", "pcie4x16", "gen4", "x16", ""]) {
      expect(() => parseLinkName(bad)).toThrow(/is not a PCIe link; allowed: gen1\.\.gen6 with x1, x2, x4, x8 or x16/);
    }
  });

  it("rejects any string that is not gen<1-6>x<1,2,4,8,16>", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const valid = /^\s*gen[1-6]x(1|2|4|8|16)\s*$/i.test(text);
        if (valid) expect(() => parseLinkName(text)).not.toThrow();
        else expect(() => parseLinkName(text)).toThrow();
      }),
    );
  });
});
