/**
 * What Linux decides for DMA by `client` to the memory of `provider`: calc_map_type_and_dist() in
 * drivers/pci/p2pdma.c (current kernels), on the verbose path that pci_p2pdma_map_type() takes the
 * first time a pair is mapped, so the warning is what the kernel log would show.
 *
 * The walk: for each hop up from the provider (itself first), look for the same hop above the
 * client. The first one found is the common upstream bridge; the distance is the number of steps
 * from each side to it (same device 0, two functions of one device 2, two devices on one switch 4,
 * one more switch level on each side 8). Every hop from the provider up to and including the common
 * bridge, and from the client up to but not including it, is checked for ACS redirect: none gives
 * BUS_ADDR; any sends the traffic through the host bridge, if the host bridge check allows it.
 * No common bridge (different root ports or host bridges): the distance is both chains' full
 * lengths, and the host bridge check alone decides.
 *
 * The warning's `pci=disable_acs_redir=` list names what our `kernel.disableAcsRedir` takes (switch
 * and root port ids, each once), where the kernel lists each port's PCI address.
 */
import type { TopologyTree } from "./tree.js";
import { endpointOf, hostBridgeOf, rootPortOf } from "./tree.js";
import { hopLabel, hopNode, sameHop, upstreamChain, type PciHop } from "./upstream-chain.js";
import { hopHasAcsRedirect } from "./acs.js";
import { hostBridgeCheck } from "./host-bridge-check.js";
import { MapType } from "./map-type.js";
import { topoClass, type TopoClass } from "./topo-class.js";
import { kernelReason, kernelWarning } from "./messages.js";

/** The kernel's decision for one ordered (provider, client) pair. */
export interface P2pDecision {
  /** Endpoint whose BAR memory is the DMA target. */
  readonly provider: string;
  /** Endpoint that performs the DMA. */
  readonly client: string;
  readonly mapType: MapType;
  /** The kernel's distance (pci_p2pdma_distance_many() sums these to rank providers). */
  readonly distance: number;
  /** The common upstream bridge, or `undefined` when the two share none. */
  readonly commonBridge: PciHop | undefined;
  /** Ports on the path with ACS redirect, in the kernel's order (empty without a common bridge). */
  readonly acsRedirectPorts: readonly PciHop[];
  /** Why, in one sentence. */
  readonly reason: string;
  /** The lines the kernel would print with pci_warn(), joined by newlines; `undefined` for none. */
  readonly warning: string | undefined;
  /** What `nvidia-smi topo -m` would show for the pair. */
  readonly topo: TopoClass;
}

/** calc_map_type_and_dist() for `client` doing DMA to `provider`'s memory. */
export function p2pDecision(tree: TopologyTree, provider: string, client: string): P2pDecision {
  endpointOf(tree, provider);
  endpointOf(tree, client);
  const up = upstreamChain(tree, provider);
  const down = upstreamChain(tree, client);
  const topo = topoClass(tree, provider, client);
  const base = { provider, client, topo };

  const meet = commonHop(up, down);
  if (meet === undefined) {
    const check = hostBridgeCheck(tree.topology.cpu, hostBridgeOf(tree, provider), hostBridgeOf(tree, client), false);
    const allowed = check.allowed;
    return {
      ...base,
      mapType: allowed ? MapType.THRU_HOST_BRIDGE : MapType.NOT_SUPPORTED,
      distance: up.length + down.length,
      commonBridge: undefined,
      acsRedirectPorts: [],
      reason: kernelReason.rootPorts(rootPortOf(tree, provider).id, rootPortOf(tree, client).id, check.reason),
      warning: allowed ? undefined : kernelWarning.notSupported(client, provider),
    };
  }

  const commonBridge = up[meet.up]!;
  const onPath = [...up.slice(0, meet.up + 1), ...down.slice(0, meet.down)];
  const acsRedirectPorts = onPath.filter((hop) => hopHasAcsRedirect(tree, hop));
  const distance = meet.up + meet.down;
  if (acsRedirectPorts.length === 0) {
    const reason = busAddressReason(commonBridge);
    return { ...base, mapType: MapType.BUS_ADDR, distance, commonBridge, acsRedirectPorts, reason, warning: undefined };
  }

  const check = hostBridgeCheck(tree.topology.cpu, hostBridgeOf(tree, provider), hostBridgeOf(tree, client), true);
  const parameter = [...new Set(acsRedirectPorts.map(hopNode))];
  const lines = [kernelWarning.acsRedirect(client, provider), kernelWarning.acsRedirectHint(client, parameter), ...check.warnings];
  if (!check.allowed) lines.push(kernelWarning.notSupported(client, provider));
  return {
    ...base,
    mapType: check.allowed ? MapType.THRU_HOST_BRIDGE : MapType.NOT_SUPPORTED,
    distance,
    commonBridge,
    acsRedirectPorts,
    reason: kernelReason.acsRedirect(acsRedirectPorts.map(hopLabel), check.reason),
    warning: lines.join("\n"),
  };
}

/** Where the two chains first meet: the index in each, provider side searched first. */
function commonHop(up: readonly PciHop[], down: readonly PciHop[]): { up: number; down: number } | undefined {
  for (let i = 0; i < up.length; i++) {
    const j = down.findIndex((hop) => sameHop(hop, up[i]!));
    if (j >= 0) return { up: i, down: j };
  }
  return undefined;
}

function busAddressReason(common: PciHop): string {
  switch (common.kind) {
    case "endpoint":
      return kernelReason.sameDevice();
    case "upstream-port":
      return kernelReason.commonSwitch(common.switchId);
    case "downstream-port":
    case "root-port":
      return kernelReason.sameDeviceFunctions(hopLabel(common));
  }
}
