/**
 * Whether Linux lets peer-to-peer traffic go through the root complex: the tail of
 * calc_map_type_and_dist() in drivers/pci/p2pdma.c, which asks cpu_supports_p2pdma() first and
 * host_bridge_whitelist() / __host_bridge_whitelist() only when that says no.
 *
 * - One host bridge: its device must be on the allow-list (any entry).
 * - Two host bridges: both must be listed and neither entry may be "same host bridge only". The
 *   provider's is looked at first and a refusal there ends the check (so only it can warn).
 * - A device missing from the list prints "Host bridge not in P2PDMA whitelist" only when the
 *   caller asks to warn, which calc_map_type_and_dist() does only on the ACS-redirect path.
 */
import type { CpuSpec, HostBridgeSpec } from "../fabric/topology.js";
import { allowListEntry, cpuSupportsP2pdma, formatPciId, parsePciId, type PciId } from "./allow-list.js";
import { kernelReason, kernelWarning, topologyError } from "./messages.js";

/** The outcome of the host bridge check. */
export interface HostBridgeVerdict {
  readonly allowed: boolean;
  /** Why, in a clause: "host bridge 8086:2030 is on the allow-list". */
  readonly reason: string;
  /** What the kernel prints on the way (empty unless asked to warn). */
  readonly warnings: readonly string[];
}

/**
 * The host bridge check for traffic between a device under `provider` and one under `client`.
 * @param warn print the allow-list warning, as calc_map_type_and_dist() does after an ACS redirect
 */
export function hostBridgeCheck(cpu: CpuSpec, provider: HostBridgeSpec, client: HostBridgeSpec, warn: boolean): HostBridgeVerdict {
  if (cpuSupportsP2pdma(cpu)) return { allowed: true, reason: kernelReason.amdZen(cpu.family), warnings: [] };
  if (provider.id === client.id) return listed(provider, true, warn);
  const first = listed(provider, false, warn);
  if (!first.allowed) return first;
  const second = listed(client, false, warn);
  if (!second.allowed) return second;
  return { allowed: true, reason: kernelReason.bothListed(provider.id, pciIdText(provider), client.id, pciIdText(client)), warnings: [] };
}

/** __host_bridge_whitelist() for one host bridge. */
function listed(hostBridge: HostBridgeSpec, sameHostBridge: boolean, warn: boolean): HostBridgeVerdict {
  const id = pciId(hostBridge);
  const entry = allowListEntry(id);
  if (entry === undefined) {
    const warnings = warn ? [kernelWarning.hostBridgeNotListed(hostBridge.id, formatPciId(id))] : [];
    return { allowed: false, reason: kernelReason.notListed(formatPciId(id)), warnings };
  }
  if (entry.sameHostBridgeOnly && !sameHostBridge) {
    return { allowed: false, reason: kernelReason.sameHostBridgeOnly(formatPciId(id)), warnings: [] };
  }
  return { allowed: true, reason: kernelReason.listed(formatPciId(id)), warnings: [] };
}

function pciId(hostBridge: HostBridgeSpec): PciId {
  const id = parsePciId(hostBridge.deviceId);
  if (id === undefined) throw new Error(topologyError.badDeviceId(hostBridge.id, hostBridge.deviceId));
  return id;
}

function pciIdText(hostBridge: HostBridgeSpec): string {
  return formatPciId(pciId(hostBridge));
}
