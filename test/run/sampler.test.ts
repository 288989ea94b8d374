import { describe, expect, it } from "vitest";
import { parseScenario, run } from "../../src/run/library.js";
import { Simulator } from "../../src/sim/simulator.js";
import { Sampler, MAX_WINDOWS } from "../../src/run/sampler.js";
import { us } from "../../src/sim/units.js";

/** A NIC writing into an SSD's BAR from 0, and a second flow that starts at 2 ms. */
const LATE = `name: late
fabric:
  - { id: rp0, type: root-port, hostBridge: hb0 }
  - { id: sw0, type: switch, parent: rp0, link: gen4x16, latency: 105ns }
  - { id: a, type: endpoint, parent: sw0, link: gen4x16, dma: { mps: 256B, mrrs: 512B, tags: 64 } }
  - { id: b, type: endpoint, parent: sw0, link: gen4x16, bar: { size: 64MiB, bandwidth: 4GB/s } }
  - { id: c, type: endpoint, parent: sw0, link: gen4x16, bar: { size: 64MiB, bandwidth: 2GB/s } }
workloads:
  - { name: early, from: a, to: b, size: 16MiB, io: 128KiB, queueDepth: 8 }
  - { name: late, from: a, to: c, size: 2MiB, io: 128KiB, queueDepth: 8, start: 2ms }
compare: [p2p]
`;

describe("the time series", () => {
  const artifacts = run(parseScenario(LATE));
  const variant = artifacts.summary.variants[0]!;
  const rows = artifacts.timeSeries!;

  it("cuts the run into between half of the most and the most windows of one width", () => {
    const windows = rows.filter((r) => r.series === "flow" && r.name === "early");
    expect(windows.length).toBeGreaterThanOrEqual(MAX_WINDOWS / 2);
    expect(windows.length).toBeLessThanOrEqual(MAX_WINDOWS);
    for (const w of windows.slice(0, -1)) expect(w.windowEndNs - w.windowStartNs).toBe(variant.windowNs);
    expect(windows.at(-1)!.windowEndNs).toBe(variant.simulatedNs);
  });

  it("adds up, window by window, to every byte each flow moved", () => {
    for (const f of variant.flows) {
      const moved = rows.filter((r) => r.series === "flow" && r.name === f.flow).reduce((s, r) => s + (r.throughputGBps * (r.windowEndNs - r.windowStartNs)), 0);
      expect(moved).toBeCloseTo(f.bytes, -1);
    }
  });

  it("shows a flow that starts at 2 ms at its own rate, not averaged over the run", () => {
    const late = variant.flows.find((f) => f.flow === "late")!;
    expect(late.startNs).toBe(2e6);
    // c's BAR serves 2 GB/s, and it is named over the late flow's own time, nearly always busy.
    expect(late.bottleneck).toMatchObject({ resource: "c bar" });
    expect(late.bottleneck!.utilization).toBeGreaterThan(0.95);
    const before = rows.filter((r) => r.series === "flow" && r.name === "late" && r.windowEndNs <= 2e6);
    expect(before.every((r) => r.throughputGBps === 0)).toBe(true);
    const during = rows.filter((r) => r.series === "flow" && r.name === "late" && r.windowStartNs >= late.startNs! && r.windowEndNs <= late.endNs!);
    expect(during.length).toBeGreaterThan(2);
    for (const r of during) expect(r.throughputGBps).toBeGreaterThan(1.8);
    // Averaged over the whole run the BAR would look idle most of the time.
    const whole = variant.resources!.find((r) => r.resource === "c bar")!;
    expect(whole.utilization).toBeLessThan(0.5);
  });

  it("gives the same results whatever the window, only the series change", () => {
    const fine = run(parseScenario(LATE), { windowPs: us(10) });
    const strip = (s: typeof artifacts.summary) => JSON.stringify(s.variants.map((v) => ({ ...v, windowNs: 0, flows: v.flows.map((f) => ({ ...f, bottleneck: f.bottleneck?.resource })) })));
    expect(strip(fine.summary)).toBe(strip(artifacts.summary));
    expect(fine.summary.variants[0]!.windowNs).toBe(10_000);
  });
});

describe("the sampler", () => {
  it("samples at 0, W, 2W, ... before any event at or after each time, and doubles W past the most windows", () => {
    const sim = new Simulator(1);
    let done = 0;
    const sampler = new Sampler(sim, [{ name: "f", bytes: () => done }], 1000);
    for (let t = 500; t <= 10_000_000; t += 1000) sim.at(t, () => (done += 1));
    sim.run();
    const series = sampler.finish(sim.now);
    // 10^7 ps at 1000 ps a window is 10^4 windows, over the 4096 allowed with a given width: doubled twice.
    expect(series.windowPs).toBe(4000);
    expect(series.timesPs.slice(0, 3)).toEqual([0, 4000, 8000]);
    // At 4000 ps four events (500, 1500, 2500, 3500) had run.
    expect(series.flowBytes[1]![0]).toBe(4);
    expect(series.timesPs.at(-1)).toBe(sim.now);
  });
});
