import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeDirAtomically, writeResults, writeSweep, sweepCharts } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";
import { readTree, removeDir, tempDir } from "./helpers.js";

describe("a results folder written atomically", () => {
  let root: string;
  beforeEach(() => {
    root = tempDir();
  });
  afterEach(() => removeDir(root));

  const failAt = (file: string) => (written: string) => {
    if (written === file) throw new Error(`injected failure before ${file}`);
  };

  it("leaves no temporary folder and no half-written folder when a step fails midway", async () => {
    const dir = join(root, "results");
    await expect(writeResults(dir, fixtureArtifacts(), { beforeWrite: failAt("charts/latency-cdf.svg") })).rejects.toThrow(/injected failure/);
    expect(readdirSync(root)).toEqual([]);
  });

  it("keeps a previous folder byte for byte when a later write fails", async () => {
    const dir = join(root, "results");
    await writeResults(dir, fixtureArtifacts(), { png: false });
    const before = readTree(dir);
    const changed = fixtureArtifacts();
    changed.summary.seed = 2;
    for (const step of ["summary.json", "latency.csv", "charts/throughput.vl.json", "report.html"]) {
      await expect(writeResults(dir, changed, { beforeWrite: failAt(step) })).rejects.toThrow(/injected failure/);
      expect(readdirSync(root)).toEqual(["results"]);
      const after = readTree(dir);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
    }
  });

  it("keeps a previous sweep folder when writing a sweep fails", async () => {
    const dir = join(root, "sweep");
    const points = [1, 2].map((qd) => ({ axis: { queueDepth: qd }, summary: fixtureArtifacts(50).summary }));
    await writeSweep(dir, points, sweepCharts(points, "queueDepth"), { png: false });
    const before = readFileSync(join(dir, "sweep.csv"));
    await expect(writeSweep(dir, points, sweepCharts(points, "queueDepth"), { beforeWrite: failAt("charts/sweep-throughput-vs-queueDepth.svg") })).rejects.toThrow();
    expect(readdirSync(root)).toEqual(["sweep"]);
    expect(readFileSync(join(dir, "sweep.csv")).equals(before)).toBe(true);
  });

  it("creates missing parent folders and replaces an old folder holding other files", async () => {
    const dir = join(root, "a", "b", "out");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "stale.txt"), "old");
    await writeDirAtomically(dir, async (tmp) => writeFileSync(join(tmp, "new.txt"), "new"));
    expect(readdirSync(dir)).toEqual(["new.txt"]);
    expect(readdirSync(join(root, "a", "b"))).toEqual(["out"]);
  });
});
