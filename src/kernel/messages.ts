/**
 * The text of the kernel decisions: the warnings Linux prints, the one-sentence reasons we give
 * for each decision, and the errors about a topology the decisions cannot be computed from.
 *
 * Warnings are the strings of drivers/pci/p2pdma.c (current kernels), quoted because reproducing
 * them is the point; `pci_warn(dev, ...)` prefixes the device's name, which here is its node id.
 * Reasons and errors are ours. (src/messages.ts holds the rest of the user-facing messages; these
 * stay beside the kernel model they describe.)
 */

/** What `pci_warn(dev, fmt)` prints: the device's name, a colon, the message. */
const pciWarn = (device: string, text: string) => `${device}: ${text}`;

/** Warnings printed by the verbose path of calc_map_type_and_dist() and __host_bridge_whitelist(). */
export const kernelWarning = {
  /** calc_map_type_and_dist(): a port between the two devices redirects peer-to-peer TLPs. */
  acsRedirect: (client: string, provider: string) =>
    pciWarn(client, `ACS redirect is set between the client and provider (${provider})`),
  /** calc_map_type_and_dist(): how to turn redirect off; `ports` are what the parameter names. */
  acsRedirectHint: (client: string, ports: readonly string[]) =>
    pciWarn(client, `to disable ACS redirect for this path, add the kernel parameter: pci=disable_acs_redir=${ports.join(";")}`),
  /** __host_bridge_whitelist(), printed against the host bridge device (only on the ACS path). */
  hostBridgeNotListed: (hostBridge: string, pciId: string) => pciWarn(hostBridge, `Host bridge not in P2PDMA whitelist: ${pciId}`),
  /** calc_map_type_and_dist(): the host bridge check failed. */
  notSupported: (client: string, provider: string) =>
    pciWarn(
      client,
      `cannot be used for peer-to-peer DMA as the client and provider (${provider}) do not share an upstream bridge or whitelisted host bridge`,
    ),
} as const;

/** The one-sentence reason attached to each decision. */
export const kernelReason = {
  sameDevice: () => "provider and client are the same device",
  commonSwitch: (switchId: string) => `common upstream switch ${switchId}`,
  sameDeviceFunctions: (bridge: string) => `functions of one device behind ${bridge}`,
  acsRedirect: (ports: readonly string[], hostBridgeReason: string) => `ACS redirect on ${listing(ports)}; ${hostBridgeReason}`,
  rootPorts: (rootA: string, rootB: string, hostBridgeReason: string) =>
    `no common upstream bridge (root ports ${rootA} and ${rootB}); ${hostBridgeReason}`,
  amdZen: (family: number) => `AMD CPU family 0x${family.toString(16)} (Zen or later) forwards peer-to-peer`,
  listed: (deviceId: string) => `host bridge ${deviceId} is on the allow-list`,
  bothListed: (hostBridgeA: string, deviceA: string, hostBridgeB: string, deviceB: string) =>
    `host bridges ${hostBridgeA} (${deviceA}) and ${hostBridgeB} (${deviceB}) are both on the allow-list`,
  notListed: (deviceId: string) => `host bridge ${deviceId} not on the allow-list`,
  sameHostBridgeOnly: (deviceId: string) => `host bridge ${deviceId} forwards peer-to-peer only between its own root ports`,
} as const;

/** Errors about a topology the kernel model cannot walk; each names the node and the bad value. */
export const topologyError = {
  duplicateId: (id: string) => `node ${id}: id used twice`,
  unknownParent: (id: string, parent: string) => `node ${id}: parent '${parent}' is not a root port or switch`,
  noParent: (id: string) => `node ${id}: needs a parent (or functionOf, for another function of a device)`,
  unknownFunctionOf: (id: string, target: string) => `endpoint ${id}: functionOf '${target}' is not an endpoint`,
  cycle: (id: string) => `node ${id}: its parents form a cycle`,
  unknownHostBridge: (id: string, hostBridge: string) => `root port ${id}: host bridge '${hostBridge}' is not defined`,
  unknownSocket: (id: string, socket: string) => `host bridge ${id}: socket '${socket}' is not defined`,
  badDeviceId: (id: string, value: string) => `host bridge ${id}: deviceId '${value}' is not vendor:device in hex (e.g. 8086:2030)`,
  unknownNode: (id: string) => `no node '${id}' in the topology`,
  notEndpoint: (id: string) => `node ${id}: not an endpoint`,
  notPort: (id: string) => `node ${id}: not a root port or switch`,
  rootPortChildren: (id: string, children: readonly string[]) => `root port ${id}: has one link, but ${children.join(", ")} name it as parent`,
  functionWithLink: (id: string) => `endpoint ${id}: a further function (functionOf) has no parent or link of its own`,
  socketIdClash: (id: string) => `node ${id}: id is also a socket's`,
  tooDeep: (id: string, levels: string) => `node ${id}: ${levels} levels below its root port, past the tree depth limit`,
  notInMatrix: (provider: string, client: string) => `no decision for provider ${provider} and client ${client} in this matrix`,
} as const;

/** "a", "a and b", "a, b and c". */
function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
