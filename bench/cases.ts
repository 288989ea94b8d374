/**
 * Standard model cases for the benchmark: 1 GiB moved between two devices at MPS 256, same-switch
 * P2P, P2P through the host bridge with the IOMMU translating, and bounced through DRAM. Built from
 * scenario data like any user scenario. No media: the links and the root complex set the pace.
 */
import { GiB } from "../src/sim/units.js";
import { scenarioFromData, type LoadedScenario } from "../src/scenario/load.js";
import { runVariant } from "../src/run/variant.js";
import type { PathVariant } from "../src/workload/workload.js";

export type ModelCase = "same-switch-p2p" | "host-bridge-p2p" | "bounce";

function scenario(kind: ModelCase, bytes: number): LoadedScenario {
  const throughHostBridge = kind === "host-bridge-p2p";
  const data = {
    name: `bench-${kind}`,
    platform: {
      hostBridges: [
        {
          id: "hb0",
          socket: "s0",
          deviceId: "8086:09a2",
          iommu: { mode: throughHostBridge ? "translated" : "off", mapping: "static" },
          p2p: { tlpSize: "256B", bandwidth: "50GB/s" },
        },
      ],
    },
    fabric: throughHostBridge
      ? [
          { id: "rp0", type: "root-port", hostBridge: "hb0" },
          { id: "rp1", type: "root-port", hostBridge: "hb0" },
          { id: "a", type: "endpoint", parent: "rp0", link: "gen4x16" },
          { id: "b", type: "endpoint", parent: "rp1", link: "gen4x16", bar: { size: "1GiB", bandwidth: "50GB/s" } },
        ]
      : [
          { id: "rp0", type: "root-port", hostBridge: "hb0" },
          { id: "sw0", type: "switch", parent: "rp0", link: "gen4x16" },
          { id: "a", type: "endpoint", parent: "sw0", link: "gen4x16" },
          { id: "b", type: "endpoint", parent: "sw0", link: "gen4x16", bar: { size: "1GiB", bandwidth: "50GB/s" } },
        ],
    workloads: [{ name: "copy", from: "a", to: "b", size: bytes, io: "128KiB", queueDepth: 16 }],
    compare: [kind === "bounce" ? "bounce" : "p2p"],
  };
  return scenarioFromData(data, `bench case ${kind}`);
}

export interface CaseResult {
  case: ModelCase;
  bytes: number;
  wallMs: number;
  events: number;
  tlpHops: number;
  throughputGBps: number;
  /** Simulated time, ps: with `wallMs`, the real-time ratio (simulated seconds per wall second). */
  simulatedPs: number;
  /** TLPs of the copy (payload / MPS 256), the unit of `events` per TLP. */
  tlps: number;
}

/** Runs one case of `bytes`; wall time covers building the fabric and simulating. */
export function runCase(kind: ModelCase, bytes = 1 * GiB): CaseResult {
  const loaded = scenario(kind, bytes);
  const started = performance.now();
  const { result } = runVariant(loaded.topology, loaded.workloads, loaded.variants[0]!.name as PathVariant, 1);
  const wallMs = performance.now() - started;
  const tlpHops = result.links.reduce((sum, l) => sum + l.tlps, 0);
  const simulatedPs = Math.round(result.simulatedNs * 1000);
  return { case: kind, bytes, wallMs, events: result.events, tlpHops, throughputGBps: result.flows[0]!.throughputGBps, simulatedPs, tlps: bytes / 256 };
}
