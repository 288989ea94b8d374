import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeResults, type RunArtifacts } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";
import { removeDir, tempDir } from "./helpers.js";

async function writeAndRead(artifacts: RunArtifacts): Promise<(file: string) => string> {
  const root = tempDir();
  try {
    await writeResults(join(root, "r"), artifacts, { png: false });
    const files = new Map(["summary.json", "latency.csv", "charts/latency-cdf.svg", "charts/throughput.svg"].map((f) => [f, readFileSync(join(root, "r", f), "utf8")]));
    return (file) => files.get(file)!;
  } finally {
    removeDir(root);
  }
}

describe("results of unusual runs", () => {
  it("are written when no latency samples and no ceilings were kept", async () => {
    const artifacts = fixtureArtifacts();
    const read = await writeAndRead({ summary: artifacts.summary, latencySamples: new Map() });
    expect(read("latency.csv")).toBe("path,flow,kind,index,quantile,latencyNs\n");
    expect(read("charts/latency-cdf.svg")).toContain("no latency samples were kept for this run");
    expect(read("charts/throughput.svg")).not.toContain("analytic ceiling");
  });

  it("are written for a single variant whose every flow is unsupported", async () => {
    const artifacts = fixtureArtifacts();
    const p2p = artifacts.summary.variants[0]!;
    const only = { ...p2p, flows: p2p.flows.map((f) => ({ ...f, supported: false, throughputGBps: 0, latencyNs: { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 } })) };
    const read = await writeAndRead({ summary: { ...artifacts.summary, variants: [only] }, latencySamples: new Map() });
    expect(read("charts/throughput.svg").match(/>unsupported</g)).toHaveLength(2);
  });

  it("keep a description-less summary without a description key", async () => {
    const artifacts = fixtureArtifacts();
    const { description: _dropped, ...summary } = artifacts.summary;
    const read = await writeAndRead({ ...artifacts, summary });
    expect(read("summary.json")).not.toContain("description");
  });
});
