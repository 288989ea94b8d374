/**
 * Validation speed: a scenario with a fabric of `nodes` nodes (a root port, a switch, 1000
 * switches below it and endpoints spread under those) through the whole loader check: schema,
 * references (src/topology/check.ts) and values. The time per node should stay flat as the fabric
 * grows (the checks are linear); the fabric-node limit is raised for the measurement.
 */
import { scenarioFromData } from "../src/scenario/load.js";

export interface ValidateResult {
  nodes: number;
  wallMs: number;
}

export function validateFabric(nodes: number): ValidateResult {
  process.env.P2PSIM_MAX_FABRIC_NODES = String(Math.max(nodes, 1));
  const fabric: object[] = [
    { id: "rp0", type: "root-port", hostBridge: "hb0" },
    { id: "sw0", type: "switch", parent: "rp0", link: "gen4x16" },
  ];
  for (let i = 0; i < 1000 && fabric.length < nodes; i++) fabric.push({ id: `x${i}`, type: "switch", parent: "sw0", link: "gen4x16" });
  for (let i = 0; fabric.length < nodes; i++) fabric.push({ id: `e${i}`, type: "endpoint", parent: `x${i % 1000}`, link: "gen4x4" });
  const data = { name: "big", fabric, workloads: [{ name: "w", from: "e0", to: "s0", size: "1MiB" }], compare: ["bounce"] };
  const started = performance.now();
  scenarioFromData(data, "big.yaml");
  return { nodes, wallMs: performance.now() - started };
}
