import { describe, expect, it } from "vitest";
import { canonicalJson, csvField, csvText, evenQuantiles, hostRows, HOST_COLUMNS, latencyRows } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";

describe("CSV text", () => {
  it("quotes a field holding a comma, a quote, a line break or edge spaces, and doubles inner quotes", () => {
    expect(csvField("a, b")).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("plain")).toBe("plain");
  });

  it("prints numbers as JavaScript does, booleans as words and missing values as empty fields", () => {
    expect(csvText(["n", "b", "m"], [{ n: 0.1 + 0.2, b: false, m: undefined }])).toBe("n,b,m\n0.30000000000000004,false,\n");
  });
});

describe("canonical JSON", () => {
  it("gives the same bytes however the objects were built, contract keys first", () => {
    const a = { variants: [], seed: 1, scenario: "x", extra: { z: 1, a: 2 } };
    const b = { extra: { a: 2, z: 1 }, scenario: "x", seed: 1, variants: [] };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{\n  "scenario": "x",\n  "seed": 1,\n  "variants": [],\n  "extra": {\n    "a": 2,\n    "z": 1\n  }\n}\n');
  });

  it("leaves out undefined fields as JSON.stringify does", () => {
    expect(canonicalJson({ scenario: "x", description: undefined })).toBe('{\n  "scenario": "x"\n}\n');
  });
});

describe("evenly spaced quantiles", () => {
  it("pick observed values from the minimum to the maximum", () => {
    const points = evenQuantiles(Float64Array.of(1, 2, 3, 4, 5), 3);
    expect(points).toEqual([{ q: 0, value: 1, fraction: 0.2 }, { q: 0.5, value: 3, fraction: 0.6 }, { q: 1, value: 5, fraction: 1 }]);
  });

  it("return every observation once when asked for more points than there are", () => {
    expect(evenQuantiles(Float64Array.of(1, 2), 10).map((p) => p.value)).toEqual([1, 2]);
    expect(evenQuantiles(new Float64Array(0), 10)).toEqual([]);
  });

  it("put the CDF's height past a run of equal values", () => {
    expect(evenQuantiles(Float64Array.of(1, 1, 1, 2), 2)).toEqual([{ q: 0, value: 1, fraction: 0.75 }, { q: 1, value: 2, fraction: 1 }]);
  });
});

describe("latency rows", () => {
  const samples = new Map([["p2p", new Map([["a", Float64Array.of(3000, 1000, 2000)], ["b", Float64Array.of(5000)]])]]);

  it("list every observation in ns in recording order while they fit", () => {
    expect([...latencyRows(samples)].map((r) => [r.flow, r.kind, r.index, r.latencyNs])).toEqual([["a", "sample", 0, 3], ["a", "sample", 1, 1], ["a", "sample", 2, 2], ["b", "sample", 0, 5]]);
  });

  it("switch every flow to quantiles when the total exceeds the limit", () => {
    const rows = [...latencyRows(samples, 3)];
    expect(rows.map((r) => [r.flow, r.kind, r.quantile, r.latencyNs])).toEqual([["a", "quantile", 0, 1], ["a", "quantile", 1, 3], ["b", "quantile", 1, 5]]);
  });
});

describe("host.csv", () => {
  it("has a row per variant for each socket's DRAM, each interconnect direction and the IOMMU", () => {
    const { summary } = fixtureArtifacts(10);
    summary.variants[0]!.interconnect = [{ from: "s0", to: "s1", bytes: 4096, utilization: 0.5 }];
    const rows = hostRows(summary);
    const first = rows.filter((r) => r.path === summary.variants[0]!.path);
    expect(first.map((r) => [r.resource, r.kind])).toEqual([["s0 DRAM", "dram"], ["s0>s1", "interconnect"], ["IOMMU", "iommu"]]);
    expect(first[1]).toMatchObject({ bytes: 4096, utilization: 0.5, lookups: "" });
    expect(first[2]).toMatchObject({ bytes: "", ...summary.variants[0]!.iommu });
    expect(Object.keys(rows[0]!)).toEqual([...HOST_COLUMNS]);
  });
});
