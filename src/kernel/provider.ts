/**
 * Which device's memory Linux picks for a set of DMA clients: pci_p2pdma_distance_many() and
 * pci_p2pmem_find_many() in drivers/pci/p2pdma.c.
 *
 * A provider's score is the sum of its distances to every client; one NOT_SUPPORTED client rules
 * it out. The kernel keeps every provider at the smallest score and picks one of them at random;
 * we pick the first in topology order instead, so a run is repeatable, and report the others.
 */
import type { TopologyTree } from "./tree.js";
import { p2pDecision } from "./decision.js";
import { MapType } from "./map-type.js";

/**
 * pci_p2pdma_distance_many(): the summed distance from `provider` to all `clients`, or `undefined`
 * when there are no clients or Linux refuses some client.
 */
export function distanceMany(tree: TopologyTree, provider: string, clients: readonly string[]): number | undefined {
  if (clients.length === 0) return undefined;
  let total = 0;
  for (const client of clients) {
    const decision = p2pDecision(tree, provider, client);
    if (decision.mapType === MapType.NOT_SUPPORTED) return undefined;
    total += decision.distance;
  }
  return total;
}

/** The provider chosen for a set of clients. */
export interface ProviderChoice {
  readonly provider: string;
  /** Its summed distance to the clients. */
  readonly distance: number;
  /** Other providers at the same distance, in topology order: the kernel could have picked these. */
  readonly alsoClosest: readonly string[];
}

/**
 * pci_p2pmem_find_many(), made deterministic: the closest usable provider, the first in topology
 * order on a tie; `undefined` when none can serve every client.
 * @param candidates providers to consider; default every endpoint with a `bar`, in topology order
 */
export function findProvider(
  tree: TopologyTree,
  clients: readonly string[],
  candidates: readonly string[] = tree.endpoints.filter((e) => e.bar !== undefined).map((e) => e.id),
): ProviderChoice | undefined {
  let closest: string[] = [];
  let best = Infinity;
  for (const candidate of candidates) {
    const distance = distanceMany(tree, candidate, clients);
    if (distance === undefined || distance > best) continue;
    if (distance < best) {
      closest = [];
      best = distance;
    }
    closest.push(candidate);
  }
  const [provider, ...alsoClosest] = closest;
  return provider === undefined ? undefined : { provider, distance: best, alsoClosest };
}
