import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/run/library.js";
import { run } from "../../src/run/library.js";
import { analyticBandwidth } from "../../src/model/analytic.js";
import { DLLP_FACTOR_MEASURED } from "../../src/pcie/spec.js";

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

describe("service-time tails", () => {
  const reads = (latency: string, queueDepth: number) => `
name: knee
extends: platforms/intel-icx.yaml
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: nvme0, type: endpoint, kind: ssd, parent: rp0, link: gen4x4, media: { rate: 6GB/s, writeRate: 3GB/s, ${latency} } }
workloads:
  - { name: r, from: nvme0, to: s0, size: 24MiB, io: 64KiB, queueDepth: ${queueDepth} }
compare: [auto]
`;
  const gbps = (latency: string, qd: number) => run(parseScenario(reads(latency, qd))).summary.variants[0]!.flows[0]!;

  it("make the throughput-vs-queue-depth knee gradual where a fixed latency gives a sharp one", () => {
    // Little's law with a fixed latency: qd x 64 KiB / (64 KiB at 6 GB/s + 100 us + 64 KiB over
    // the x4 link), up to the flash's 6 GB/s at qd ~ 11; with a tail, slow chunks hold the queue
    // back near the knee.
    const link = analyticBandwidth({ link: { gen: "gen4", lanes: 4 }, mps: 256, mrrs: 512, sizeBytes: 65536, op: "write", dllpFactor: DLLP_FACTOR_MEASURED }).writeGBps;
    const [fixed10, fixed12, fixed24] = [10, 12, 24].map((qd) => gbps("latency: 100us", qd).throughputGBps);
    const [tail10, tail12, tail24] = [10, 12, 24].map((qd) => gbps("latency: 100us, latencyP99: 400us", qd).throughputGBps);
    expect(fixed10! / ((10 * 65536) / (65536 / 6 + 100_000 + 65536 / link))).toBeCloseTo(1, 1);
    expect(fixed12! / fixed24!).toBeGreaterThan(0.99); // past the knee: flat
    expect(tail12! / tail24!).toBeLessThan(0.97); // still climbing
    expect(tail10!).toBeLessThan(0.95 * fixed10!);
  });

  it("spread the latency distribution instead of a staircase, and repeat it byte for byte from the seed", () => {
    const a = gbps("latency: 100us, latencyP99: 400us", 4);
    const b = gbps("latency: 100us, latencyP99: 400us", 4);
    expect(a).toEqual(b);
    expect(a.latencyNs.p99 / a.latencyNs.p50).toBeGreaterThan(2);
    expect(gbps("latency: 100us", 4).latencyNs.p99 / gbps("latency: 100us", 4).latencyNs.p50).toBeLessThan(1.2);
  });
});
