/**
 * A small hand-made run for the report tests: two path variants (p2p, bounce), two flows, the
 * second unsupported under p2p, a route with a comma in it, and deterministic latency samples.
 */
import type { RunArtifacts, Summary } from "../../src/report/index.js";
import type { FlowResult, LinkResult, VariantResult } from "../../src/contract.js";

/** Deterministic pseudo-random latencies in ps around `medianNs`, with a long tail. */
export function latencies(count: number, medianNs: number, seed: number): Float64Array {
  const out = new Float64Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const u = (state + 0.5) / 2 ** 32;
    out[i] = Math.round(medianNs * 1000 * Math.exp(0.35 * Math.tan(Math.PI * (u - 0.5) * 0.9)));
  }
  return out;
}

function summarise(samplesPs: Float64Array) {
  const sorted = Float64Array.from(samplesPs).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! / 1000;
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length / 1000;
  return { mean, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1]! / 1000 };
}

function flow(name: string, route: string, samples: Float64Array | undefined, gbps: number, mapType: string, extraFields: Partial<FlowResult> = {}): FlowResult {
  const extra = { path: route.includes("DRAM") ? ("bounce" as const) : ("p2p" as const), ...extraFields };
  const kernel = { mapType, distance: mapType === "BUS_ADDR" ? 4 : 1024, topo: "PIX", reason: "both devices below switch sw0" };
  if (samples === undefined) {
    return { flow: name, route, kernel: { ...kernel, mapType: "NOT_SUPPORTED", reason: "ACS P2P redirect on sw0 port 2", warning: "p2pdma: cannot be used for peer-to-peer DMA as ACS redirect is set" }, supported: false, note: "the host bridge does not forward P2P reads", bytes: 0, durationNs: 0, throughputGBps: 0, iops: 0, latencyNs: { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 }, ...extra };
  }
  const bytes = samples.length * 131072;
  const durationNs = bytes / gbps;
  return { flow: name, route, kernel, supported: true, bytes, durationNs, throughputGBps: gbps, iops: (samples.length * 1e9) / durationNs, latencyNs: summarise(samples), ...extra };
}

function link(name: string, direction: "up" | "down", utilization: number): LinkResult {
  const bytes = Math.round(utilization * 4e9);
  return { link: name, direction, bytes, wireBytes: Math.round(bytes * 1.06), tlps: Math.round(bytes / 256), utilization, creditStallNs: Math.round(utilization * 1000) };
}

/** The fixture run; `samplesPerFlow` I/Os per supported flow. */
export function fixtureArtifacts(samplesPerFlow = 400): RunArtifacts {
  const p2pCopy = latencies(samplesPerFlow, 2400, 1);
  const bounceCopy = latencies(samplesPerFlow, 5200, 2);
  const bounceRead = latencies(samplesPerFlow, 9100, 3);
  const p2p: VariantResult = {
    path: "p2p",
    flows: [
      flow("nic-to-ssd", "nic0 -> nvme0 BAR", p2pCopy, 3.02, "BUS_ADDR"),
      flow("ssd-to-gpu", "nvme0 -> gpu0 BAR, via rp0", undefined, 0, "NOT_SUPPORTED"),
    ],
    links: [link("rp0-sw0", "up", 0), link("rp0-sw0", "down", 0), link("sw0-nic0", "up", 0.24), link("sw0-nic0", "down", 0.01), link("sw0-nvme0", "up", 0.0), link("sw0-nvme0", "down", 0.94)],
    dram: { bytes: 0, utilization: 0, sockets: [{ socket: "s0", bytes: 0, utilization: 0 }] },
    interconnect: [],
    iommu: { lookups: 0, hits: 0, misses: 0, walks: 0 },
    events: 120_345,
    simulatedNs: 17_400_000,
  };
  const bounce: VariantResult = {
    path: "bounce",
    flows: [
      flow("nic-to-ssd", "nic0 -> s0 DRAM -> nvme0", bounceCopy, 2.71, "THRU_HOST_BRIDGE"),
      flow("ssd-to-gpu", "nvme0 -> s0 DRAM, then \"copy\" -> gpu0", bounceRead, 1.48, "THRU_HOST_BRIDGE"),
    ],
    links: [link("rp0-sw0", "up", 0.66), link("rp0-sw0", "down", 0.71), link("sw0-nic0", "up", 0.21), link("sw0-nic0", "down", 0.01), link("sw0-nvme0", "up", 0.12), link("sw0-nvme0", "down", 0.83)],
    dram: { bytes: 2 * samplesPerFlow * 131072 * 2, utilization: 0.18, sockets: [{ socket: "s0", bytes: 2 * samplesPerFlow * 131072 * 2, utilization: 0.18 }] },
    interconnect: [],
    iommu: { lookups: 1_638_400, hits: 1_630_100, misses: 8300, walks: 8120 },
    events: 301_877,
    simulatedNs: 19_350_000,
  };
  const summary: Summary = { scenario: "fixture-nvmeof", description: "NIC -> SSD and SSD -> GPU, P2P vs bounce (hand-made)", seed: 7, variants: [p2p, bounce] };
  return {
    summary,
    latencySamples: new Map([
      ["p2p", new Map([["nic-to-ssd", p2pCopy]])],
      ["bounce", new Map([["nic-to-ssd", bounceCopy], ["ssd-to-gpu", bounceRead]])],
    ]),
    ceilingsGBps: new Map([["nic-to-ssd", 3.2], ["ssd-to-gpu", 3.5]]),
  };
}
