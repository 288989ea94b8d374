import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLOW_COLUMNS, LATENCY_COLUMNS, LINK_COLUMNS, writeResults } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";
import { parseCsv, readTree, removeDir, tempDir } from "./helpers.js";

// The project's contract checker beside the clone, else the copy in test/fixtures.
const SHARED_CHECKER = fileURLToPath(new URL("../../../shared/tools/check-summary.mjs", import.meta.url));
const CHECKER = existsSync(SHARED_CHECKER) ? SHARED_CHECKER : fileURLToPath(new URL("../fixtures/check-summary.mjs", import.meta.url));
const CHART_NAMES = ["throughput", "latency-percentiles", "latency-cdf", "link-utilization", "dram-iommu"];

describe("a run's results folder", () => {
  const root = tempDir();
  const dir = join(root, "fixture");
  const artifacts = fixtureArtifacts();
  const csv = (file: string) => parseCsv(readFileSync(join(dir, file), "utf8"));

  beforeAll(async () => {
    await writeResults(dir, artifacts);
  });
  afterAll(() => removeDir(root));

  it("passes the output contract checker (shared/tools/check-summary.mjs)", () => {
    const run = spawnSync(process.execPath, [CHECKER, dir], { encoding: "utf8" });
    expect(run.stdout + run.stderr).toContain("matches the output contract");
    expect(run.status).toBe(0);
  });

  it("writes summary.json as exactly the summary, contract keys first, 2-space indent", () => {
    const text = readFileSync(join(dir, "summary.json"), "utf8");
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(artifacts.summary)));
    expect(text.startsWith('{\n  "scenario": "fixture-nvmeof",\n  "description": ')).toBe(true);
  });

  it("writes flows.csv with one row per variant and flow under the documented header", () => {
    const rows = csv("flows.csv");
    expect(rows[0]).toEqual([...FLOW_COLUMNS]);
    expect(rows).toHaveLength(1 + 2 * 2);
    expect(rows.slice(1).map((r) => `${r[0]}/${r[1]}/${r[3]}`)).toEqual(["p2p/nic-to-ssd/true", "p2p/ssd-to-gpu/false", "bounce/nic-to-ssd/true", "bounce/ssd-to-gpu/true"]);
  });

  it("keeps a route with a comma and quotes in one field through CSV quoting", () => {
    const text = readFileSync(join(dir, "flows.csv"), "utf8");
    expect(text).toContain('"nvme0 -> s0 DRAM, then ""copy"" -> gpu0"');
    const route = csv("flows.csv")[4]![FLOW_COLUMNS.indexOf("route")];
    expect(route).toBe('nvme0 -> s0 DRAM, then "copy" -> gpu0');
    expect(csv("flows.csv").every((r) => r.length === FLOW_COLUMNS.length)).toBe(true);
  });

  it("writes links.csv with one row per variant, link and direction", () => {
    const rows = csv("links.csv");
    expect(rows[0]).toEqual([...LINK_COLUMNS]);
    expect(rows).toHaveLength(1 + 2 * 6);
    expect(rows[1]).toEqual(["p2p", "rp0-sw0", "up", "0", "0", "0", "0", "0"]);
  });

  it("writes latency.csv with every observation in ns while they fit", () => {
    const rows = csv("latency.csv");
    expect(rows[0]).toEqual([...LATENCY_COLUMNS]);
    expect(rows).toHaveLength(1 + 3 * 400);
    expect(new Set(rows.slice(1).map((r) => r[2]))).toEqual(new Set(["sample"]));
    const first = artifacts.latencySamples.get("p2p")!.get("nic-to-ssd")![0]!;
    expect(rows[1]).toEqual(["p2p", "nic-to-ssd", "sample", "0", "", String(first / 1000)]);
  });

  it("writes a vl.json, an svg and a png for every chart", () => {
    const files = [...readTree(join(dir, "charts")).keys()];
    for (const name of CHART_NAMES) {
      expect(files).toContain(`${name}.vl.json`);
      expect(files).toContain(`${name}.svg`);
      expect(files).toContain(`${name}.png`);
    }
    const spec = JSON.parse(readFileSync(join(dir, "charts", "throughput.vl.json"), "utf8"));
    expect(spec.$schema).toMatch(/vega-lite\/v6/);
    expect(spec.layer[0].data.values.length).toBe(4);
  });

  it("labels an unsupported flow 'unsupported' on the throughput and latency charts", () => {
    for (const chart of ["throughput", "latency-percentiles"]) {
      expect(readFileSync(join(dir, "charts", `${chart}.svg`), "utf8")).toMatch(/>unsupported</);
    }
  });

  it("draws the analytic ceiling and marks the busiest link", () => {
    expect(readFileSync(join(dir, "charts", "throughput.svg"), "utf8")).toContain("analytic link and media ceiling");
    expect(readFileSync(join(dir, "charts", "link-utilization.svg"), "utf8")).toContain("94.0%  busiest");
  });

  it("leaves no temporary folder beside the results", () => {
    expect([...readTree(root).keys()].every((f) => f.startsWith("fixture/"))).toBe(true);
  });
});

describe("writing the same run twice", () => {
  it("gives byte-identical summary.json, CSVs, charts and report.html", async () => {
    const root = tempDir();
    try {
      await writeResults(join(root, "a"), fixtureArtifacts());
      await writeResults(join(root, "b"), fixtureArtifacts());
      const a = readTree(join(root, "a"));
      const b = readTree(join(root, "b"));
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [file, bytes] of a) expect(b.get(file)!.equals(bytes), file).toBe(true);
    } finally {
      removeDir(root);
    }
  });

  it("replaces a previous folder of the same name", async () => {
    const root = tempDir();
    try {
      const dir = join(root, "r");
      await writeResults(dir, fixtureArtifacts(), { png: false });
      const changed = fixtureArtifacts();
      changed.summary.seed = 99;
      await writeResults(dir, changed, { png: false });
      expect(JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")).seed).toBe(99);
      expect([...readTree(root).keys()].every((f) => f.startsWith("r/"))).toBe(true);
      expect([...readTree(dir).keys()].some((f) => f.endsWith(".png"))).toBe(false);
    } finally {
      removeDir(root);
    }
  });
});

describe("latency.csv of a long run", () => {
  it("switches to evenly spaced quantiles per flow, min and max kept, when observations exceed the row limit", async () => {
    const root = tempDir();
    try {
      const artifacts = fixtureArtifacts();
      await writeResults(join(root, "q"), artifacts, { png: false, latencyRowLimit: 300 });
      const rows = parseCsv(readFileSync(join(root, "q", "latency.csv"), "utf8"));
      expect(rows[0]).toEqual([...LATENCY_COLUMNS]);
      expect(rows).toHaveLength(1 + 3 * 100);
      expect(new Set(rows.slice(1).map((r) => r[2]))).toEqual(new Set(["quantile"]));
      const series = rows.slice(1).filter((r) => r[0] === "bounce" && r[1] === "ssd-to-gpu");
      const sorted = Float64Array.from(artifacts.latencySamples.get("bounce")!.get("ssd-to-gpu")!).sort();
      expect(series[0]!.slice(3)).toEqual(["0", "0", String(sorted[0]! / 1000)]);
      expect(series.at(-1)!.slice(3)).toEqual(["99", "1", String(sorted.at(-1)! / 1000)]);
      expect(series.map((r) => Number(r[5]))).toEqual(series.map((r) => Number(r[5])).sort((a, b) => a - b));
    } finally {
      removeDir(root);
    }
  });
});
