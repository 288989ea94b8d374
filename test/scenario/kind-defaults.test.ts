import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/run/library.js";
import { run } from "../../src/run/library.js";

const box = (nvme: string, extra = "") => `
name: kinds
extends: platforms/intel-icx.yaml
platform: { kernel: { disableAcsRedir: all } }
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: sw0, type: switch, parent: rp0, link: gen4x16 }
  - { id: nic0, type: endpoint, kind: nic, parent: sw0, link: gen4x16, media: { rate: 5GB/s } }
  - { id: nvme0, type: endpoint, parent: sw0, link: gen4x4, bar: { size: 64MiB, bandwidth: 20GB/s }, ${nvme} }
workloads:
  - { name: in, from: nic0, to: nvme0, size: 16MiB, io: 128KiB, queueDepth: 16 }
${extra}
compare: [p2p]
`;

describe("device kinds", () => {
  it("make an SSD's flash shared and its write rate 60 % of its read rate, and report both as assumptions", () => {
    const s = parseScenario(box("kind: ssd, media: { rate: 5GB/s }"));
    const nvme = s.topology.nodes.find((n) => n.id === "nvme0");
    expect(nvme).toMatchObject({ media: { rateGBps: 5, writeRateGBps: 3, duplex: "shared" } });
    expect(s.assumptions).toEqual([
      "nvme0: media.writeRate not given; assumed 3 GB/s, 60 % of its 5 GB/s read rate (kind ssd)",
      "nvme0: media reads and writes share the flash channels (kind ssd; media.duplex: full to change)",
    ]);
    const { summary } = run(s);
    expect(summary.assumptions).toEqual(s.assumptions);
    // The NIC's 5 GB/s wire is not the bound; the SSD's 3 GB/s flash writes are.
    expect(summary.variants[0]!.flows[0]!.throughputGBps).toBeGreaterThan(0.95 * 3);
    expect(summary.variants[0]!.flows[0]!.throughputGBps).toBeLessThan(1.001 * 3);
  });

  it("give a NIC a full-duplex wire: it receives and sends at its rate at once", () => {
    const s = parseScenario(box("kind: ssd, media: { rate: 8GB/s, writeRate: 8GB/s, duplex: full }", "  - { name: out, from: s0, to: nic0, size: 16MiB, io: 128KiB, queueDepth: 16 }"));
    const nic = s.topology.nodes.find((n) => n.id === "nic0");
    expect(nic).toMatchObject({ media: { duplex: "full", writeRateGBps: 5 } });
    expect(s.assumptions).toEqual([]);
    const [into, out] = run(s).summary.variants[0]!.flows;
    expect(into!.throughputGBps).toBeGreaterThan(0.95 * 5);
    expect(out!.throughputGBps).toBeGreaterThan(0.95 * 5);
  });

  it("let a scenario name a path per workload, as a mixed variant", () => {
    const s = parseScenario(box("kind: ssd, media: { rate: 8GB/s, writeRate: 8GB/s }", "  - { name: out, from: s0, to: nic0, size: 4MiB }").replace("compare: [p2p]", "compare: [{ name: mixed, paths: { in: bounce } }]"));
    const v = run(s).summary.variants[0]!;
    expect(v.path).toBe("mixed");
    expect(v.flows.map((f) => f.path)).toEqual(["bounce", "host"]);
  });
});
