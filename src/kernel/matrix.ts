/**
 * The kernel's decision for every ordered pair of endpoints, for a `p2psim topo` table in the
 * manner of `nvidia-smi topo -m` (rows are providers, columns clients).
 */
import type { TopologyTree } from "./tree.js";
import { p2pDecision, type P2pDecision } from "./decision.js";
import { topologyError } from "./messages.js";

/** Decisions for every ordered pair of `devices`. */
export interface P2pMatrix {
  /** Endpoint ids, in topology order: the rows and the columns. */
  readonly devices: readonly string[];
  /** `decisions[i][j]`: `devices[j]` doing DMA to the memory of `devices[i]`. */
  readonly decisions: readonly (readonly P2pDecision[])[];
}

/**
 * The decision matrix.
 * @param devices endpoints to include; default every endpoint in topology order
 */
export function p2pMatrix(tree: TopologyTree, devices: readonly string[] = tree.endpoints.map((e) => e.id)): P2pMatrix {
  const decisions = devices.map((provider) => devices.map((client) => p2pDecision(tree, provider, client)));
  return { devices, decisions };
}

/** The decision for one pair of a matrix; throws when either is not in it. */
export function matrixDecision(matrix: P2pMatrix, provider: string, client: string): P2pDecision {
  const decision = matrix.decisions[matrix.devices.indexOf(provider)]?.[matrix.devices.indexOf(client)];
  if (decision === undefined) throw new Error(topologyError.notInMatrix(provider, client));
  return decision;
}
