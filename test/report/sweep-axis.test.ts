import { describe, expect, it } from "vitest";
import { describeAxis } from "../../src/report/sweep-axis.js";
import { bottleneckOf, sweepTable, tableText } from "../../src/report/sweep-table.js";
import { sweepCharts, type SweepPoint } from "../../src/report/index.js";
import { fixtureArtifacts } from "./fixture.js";

const DATA = { workloads: [{ name: "nic-to-ssd" }], fabric: [{ id: "rp0" }, { id: "nvme0" }] };

describe("a sweep axis", () => {
  it("is titled by the workload's name, the field's readable name and a unit, with sizes drawn in that unit", () => {
    const axis = describeAxis("workloads.0.io", ["16KiB", "64KiB", 262144], DATA);
    expect(axis.title).toBe("nic-to-ssd: I/O size, KiB");
    expect(["16KiB", "64KiB", 262144].map(axis.value)).toEqual([16, 64, 256]);
  });

  it("draws times given in picoseconds (as ranges write them) in microseconds or nanoseconds", () => {
    expect(describeAxis("fabric.1.media.latency", ["2000000ps", "10us"], DATA)).toMatchObject({ title: "nvme0: media.latency, \u00b5s" });
    expect(describeAxis("fabric.1.media.latency", ["2000000ps", "10us"], DATA).value("10us")).toBe(10);
    expect(describeAxis("fabric.1.media.latency", ["250ns"], DATA).title).toBe("nvme0: media.latency, ns");
  });

  it("keeps counts as numbers without a unit, and names as they are", () => {
    const qd = describeAxis("workloads.0.queueDepth", [1, 2, 4], DATA);
    expect(qd.title).toBe("nic-to-ssd: queue depth");
    expect(qd.value(4)).toBe(4);
    const link = describeAxis("fabric.1.link", ["gen4x4", "gen5x4"], DATA);
    expect(link.title).toBe("nvme0: link");
    expect(link.value("gen5x4")).toBe("gen5x4");
  });

  it("falls back to the field path for a field it does not know, with a unit only when the values carry one", () => {
    expect(describeAxis("platform.hostBridges.0.p2p.somethingNew", [1, 2]).title).toBe("platform.hostBridges.0.p2p.somethingNew");
    expect(describeAxis("platform.hostBridges.0.p2p.somethingNew", ["10GB/s", "20GB/s"]).title).toBe("platform.hostBridges.0.p2p.somethingNew, GB/s");
  });
});

describe("sweep charts with described axes", () => {
  const points = (["16KiB", "64KiB", "256KiB"] as const).map((io, i): SweepPoint => ({ axis: { "workloads.0.io": io }, summary: fixtureArtifacts(60 + 20 * i).summary }));
  const axes = { "workloads.0.io": describeAxis("workloads.0.io", ["16KiB", "64KiB", "256KiB"], DATA) };
  const [throughput, latency] = sweepCharts(points, "workloads.0.io", axes) as unknown as Array<{
    name: string;
    title: { text: string };
    data: { values: Array<{ x: number; p99LatencyUs?: number }> };
    spec: { layer: Array<{ encoding: { x: { title: string; type: string }; y: { title: string }; strokeDash?: { scale: { range: number[][] } }; shape?: unknown } }> };
  }>;

  it("title the x axis with the readable name and unit, and draw sizes as numbers on it", () => {
    expect(throughput!.spec.layer[0]!.encoding.x).toMatchObject({ title: "nic-to-ssd: I/O size, KiB", type: "quantitative" });
    expect([...new Set(throughput!.data.values.map((v) => v.x))]).toEqual([16, 64, 256]);
    expect(throughput!.title.text).toBe(`Throughput against nic-to-ssd: I/O size: ${points[0]!.summary.scenario}`);
    expect(throughput!.name).toBe("sweep-throughput-vs-workloads.0.io");
  });

  it("give p99 latency in microseconds", () => {
    expect(latency!.spec.layer[0]!.encoding.y.title).toBe("p99 latency, \u00b5s");
    const p99Ns = points[0]!.summary.variants[0]!.flows[0]!.latencyNs.p99;
    expect(latency!.data.values[0]!.p99LatencyUs).toBeCloseTo(p99Ns / 1000, 9);
  });

  it("give each variant its own dash and point shape, so a line drawn over another still shows", () => {
    const encoding = throughput!.spec.layer[0]!.encoding;
    const dashes = encoding.strokeDash!.scale.range.map((d) => d.join(","));
    expect(new Set(dashes).size).toBe(dashes.length);
    expect(encoding.shape).toBeDefined();
  });
});

describe("the table of points", () => {
  const summary = fixtureArtifacts(40).summary;
  const points: SweepPoint[] = [4096, 65536].map((io) => ({ axis: { io }, summary }));

  it("has the axis values, then each flow's GB/s under each variant", () => {
    const table = sweepTable(points);
    const flows = summary.variants.flatMap((v) => v.flows.map((f) => `${f.flow} ${v.path} GB/s`));
    expect(table.columns).toEqual(["io", ...flows]);
    expect(table.rows[1]![0]).toBe("65536");
    const first = summary.variants[0]!.flows.find((f) => f.supported)!;
    const column = table.columns.indexOf(`${first.flow} ${summary.variants[0]!.path} GB/s`);
    expect(Number(table.rows[0]![column])).toBeCloseTo(first.throughputGBps, 3);
    expect(table.rows[0]).toContain("unsupported");
    expect(tableText(table).split("\n")[1]).toMatch(/^-+ {2}-+/);
  });

  it("shows a flow's bottleneck where its summary names one, and nothing where it does not", () => {
    expect(bottleneckOf({ flow: "a" })).toBeUndefined();
    expect(bottleneckOf({ bottleneck: "rp0-sw0 up" })).toBe("rp0-sw0 up");
    expect(bottleneckOf({ bottleneck: { resource: "dram s0", utilization: 0.97 } })).toBe("dram s0");
    const withBottleneck = structuredClone(summary);
    const flow = withBottleneck.variants[0]!.flows.find((f) => f.supported)!;
    Object.assign(flow, { bottleneck: "nvme0 media" });
    const table = sweepTable([{ axis: { io: 4096 }, summary: withBottleneck }]);
    expect(table.rows[0]!.some((cell) => cell.endsWith("(nvme0 media)"))).toBe(true);
  });
});
