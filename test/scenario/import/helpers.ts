/** Shared by the import tests: fixture paths, importing a capture, the tree and decisions of the result. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { importCapture, type ImportFormat, type ImportOptions } from "../../../src/scenario/import/import-capture.js";
import { ancestors, p2pDecision, topologyTree } from "../../../src/kernel/index.js";
import { treeLines } from "../../../src/cli/topo.js";
import { runScenario } from "../../../src/cli/run-scenario.js";
import type { LoadedScenario } from "../../../src/scenario/load.js";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/import/", import.meta.url));
export const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

/** Imports a fixture; the result has validated against the schema. */
export function importFixture(format: ImportFormat, source: string | undefined, options: ImportOptions = {}) {
  return importCapture(format, source, options);
}

/** The tree `p2psim topo` prints. */
export function topoTree(loaded: LoadedScenario): string[] {
  return treeLines(topologyTree(loaded.topology));
}

/** Linux's map type for `client` doing DMA to `provider`'s BAR. */
export function mapType(loaded: LoadedScenario, provider: string, client: string): string {
  return p2pDecision(topologyTree(loaded.topology), provider, client).mapType;
}

/** Runs every variant and checks each flow moved its bytes. */
export function runsQuickly(loaded: LoadedScenario): void {
  const started = Date.now();
  const { summary } = runScenario(loaded);
  expect(Date.now() - started).toBeLessThan(5000);
  for (const variant of summary.variants) {
    for (const flow of variant.flows) if (flow.supported) expect(flow.throughputGBps).toBeGreaterThan(0);
  }
}

/**
 * The tree check: for every endpoint the import made, the root port and switches above it in the
 * scenario are, in order, the bridges above it in the capture's own tree (`parents`), leaving out
 * switch downstream ports (which the scenario folds into their switch) and root ports the capture does not
 * have.
 */
export function expectSameTree(loaded: LoadedScenario, idOf: ReadonlyMap<string, string>, parents: ReadonlyMap<string, string | undefined>): void {
  const bdfOf = new Map([...idOf].map(([bdf, id]) => [id, bdf]));
  const tree = topologyTree(loaded.topology);
  let checked = 0;
  for (const node of loaded.topology.nodes) {
    if (node.type !== "endpoint" || node.functionOf !== undefined) continue;
    const captured: string[] = [];
    for (let up = parents.get(bdfOf.get(node.id)!); up !== undefined; up = parents.get(up)) {
      const id = idOf.get(up);
      if (id !== undefined) captured.push(id);
    }
    // Root ports a capture leaves out (NCCL's format) have no address to compare.
    expect(ancestors(tree, node.id).flatMap((n) => (bdfOf.has(n.id) ? [n.id] : [])), node.id).toEqual(captured);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}
