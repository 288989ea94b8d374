import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLOW_COLUMNS, sweepCharts, writeSweep, type SweepPoint } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";
import { parseCsv, readTree, removeDir, tempDir } from "./helpers.js";

/** Four points of an I/O-size sweep over the fixture run. */
function ioSweep(): SweepPoint[] {
  return [4096, 16384, 65536, 131072].map((io, i) => ({ axis: { "workloads.0.io": io }, summary: fixtureArtifacts(60 + 20 * i).summary }));
}

describe("sweep charts", () => {
  it("draw throughput and p99 latency against the swept axis, one line per variant", () => {
    const specs = sweepCharts(ioSweep(), "workloads.0.io");
    expect(specs.map((s) => s.name)).toEqual(["sweep-throughput-vs-workloads.0.io", "sweep-p99-latency-vs-workloads.0.io"]);
    for (const spec of specs) {
      const s = spec as unknown as { data: { values: Array<{ series: string; supported: boolean }> }; spec: { layer: Array<{ encoding: { x: { scale: { type?: string } } } }> } };
      expect(new Set(s.data.values.map((v) => v.series))).toEqual(new Set(["p2p", "bounce"]));
      expect(s.data.values).toHaveLength(4 * 3);
      expect(s.spec.layer[0]!.encoding.x.scale.type).toBe("log");
    }
  });

  it("name the unsupported flow instead of drawing it at zero", () => {
    const spec = sweepCharts(ioSweep(), "workloads.0.io")[0]! as unknown as { title: { subtitle: string[] } };
    expect(spec.title.subtitle.join(" ")).toContain("ssd-to-gpu under p2p (all 4 points)");
  });

  it("give one line per variant and value of the other axes when the sweep has several", () => {
    const points = [1, 8].flatMap((qd) => [4096, 65536].map((io) => ({ axis: { io, qd }, summary: fixtureArtifacts(40).summary })));
    const spec = sweepCharts(points, "io")[0]! as unknown as { data: { values: Array<{ series: string }> } };
    expect([...new Set(spec.data.values.map((v) => v.series))]).toEqual(["p2p, qd=1", "bounce, qd=1", "p2p, qd=8", "bounce, qd=8"]);
  });

  it("put string axis values on an ordinal axis in sweep order", () => {
    const points = ["gen4x16", "gen3x16"].map((link) => ({ axis: { link }, summary: fixtureArtifacts(40).summary }));
    const spec = sweepCharts(points, "link")[0]! as unknown as { spec: { layer: Array<{ encoding: { x: { type: string; sort: string[] } } }> } };
    expect(spec.spec.layer[0]!.encoding.x).toMatchObject({ type: "ordinal", sort: ["gen4x16", "gen3x16"] });
  });

  it("draw each flow's analytic ceiling as a dashed line on the throughput chart where one is given", () => {
    const points = ioSweep().map((p, i) => ({ ...p, ceilingsGBps: { "nic-to-ssd": 6 + i } }));
    const [throughput, latency] = sweepCharts(points, "workloads.0.io") as unknown as Array<{ data: { values: Array<{ ceiling?: number; flow: string }> }; spec: { layer: Array<{ mark: { strokeDash?: number[] } }> }; title: { subtitle: string[] } }>;
    expect(throughput!.data.values.filter((v) => v.ceiling !== undefined).map((v) => v.ceiling)).toEqual([6, 7, 8, 9]);
    expect(throughput!.spec.layer[1]!.mark.strokeDash).toEqual([4, 3]);
    expect(throughput!.title.subtitle[0]).toMatch(/dashed: the flow's analytic ceiling/);
    expect(latency!.spec.layer).toHaveLength(1);
  });

  it("refuse an axis the sweep does not have, naming the axes it has", () => {
    expect(() => sweepCharts(ioSweep(), "qd")).toThrow("sweep: no axis 'qd'; axes: workloads.0.io");
  });
});

describe("a sweep folder", () => {
  it("holds sweep.csv with the axis values as leading columns, one row per point, variant and flow", async () => {
    const root = tempDir();
    try {
      const points = ioSweep();
      await writeSweep(join(root, "s"), points, sweepCharts(points, "workloads.0.io"), { png: false });
      const rows = parseCsv(readFileSync(join(root, "s", "sweep.csv"), "utf8"));
      expect(rows[0]).toEqual(["workloads.0.io", ...FLOW_COLUMNS]);
      expect(rows).toHaveLength(1 + 4 * 2 * 2);
      expect(rows.slice(1).map((r) => r[0])).toEqual(["4096", "4096", "4096", "4096", "16384", "16384", "16384", "16384", "65536", "65536", "65536", "65536", "131072", "131072", "131072", "131072"]);
      expect([...readTree(join(root, "s")).keys()]).toEqual([
        "charts/sweep-p99-latency-vs-workloads.0.io.svg",
        "charts/sweep-p99-latency-vs-workloads.0.io.vl.json",
        "charts/sweep-throughput-vs-workloads.0.io.svg",
        "charts/sweep-throughput-vs-workloads.0.io.vl.json",
        "sweep.csv",
      ]);
    } finally {
      removeDir(root);
    }
  });

  it("is byte-identical when written twice from the same points", async () => {
    const root = tempDir();
    try {
      for (const name of ["a", "b"]) {
        const points = ioSweep();
        await writeSweep(join(root, name), points, sweepCharts(points, "workloads.0.io"));
      }
      const a = readTree(join(root, "a"));
      const b = readTree(join(root, "b"));
      expect([...b.keys()]).toEqual([...a.keys()]);
      expect(a.size).toBe(7);
      for (const [file, bytes] of a) expect(b.get(file)!.equals(bytes), file).toBe(true);
    } finally {
      removeDir(root);
    }
  });
});
