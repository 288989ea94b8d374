/**
 * The workload an imported scenario starts with, so that `p2psim run` works at once and quickly
 * (8 MiB): a device writing into another device's BAR, compared peer to peer, bounced and as
 * Linux would do it; or, where no device has a BAR, a NIC (else any device) writing into its
 * socket's DRAM. The pair is the closest there is: two devices under one switch first, then on one
 * socket, then any.
 */
import type { PlannedEndpoint } from "./fabric-plan.js";
import { DEFAULT_WORKLOAD } from "./kind-defaults.js";
import { importComment as say } from "./messages.js";
import { noted, type NotedEntry } from "./noted.js";

export interface WorkloadPlan {
  readonly workload: NotedEntry;
  readonly compare: readonly string[];
}

/** The default workload over `endpoints` (at least one). */
export function defaultWorkload(endpoints: readonly PlannedEndpoint[]): WorkloadPlan {
  const devices = endpoints.filter((e) => !e.isFunction);
  const providers = devices.filter((e) => e.hasBar);
  const pick = (provider: PlannedEndpoint, test: (c: PlannedEndpoint) => boolean) => devices.find((c) => c.id !== provider.id && test(c));
  for (const test of [(p: PlannedEndpoint) => (c: PlannedEndpoint) => c.parent === p.parent, (p: PlannedEndpoint) => (c: PlannedEndpoint) => c.socket === p.socket, () => () => true]) {
    for (const provider of providers) {
      const client = pick(provider, test(provider));
      if (client !== undefined) return entry(client.id, provider.id, say.workloadP2p(client.id, provider.id), ["p2p", "bounce", "auto"]);
    }
  }
  const device = devices.find((e) => e.kind === "nic") ?? devices[0]!;
  return entry(device.id, device.socket, say.workloadHost(device.id, device.socket), ["auto"]);
}

function entry(from: string, to: string, what: string, compare: readonly string[]): WorkloadPlan {
  return {
    workload: {
      before: say.workload(what),
      fields: [
        noted("name", `${from}-to-${to}`),
        noted("from", from),
        noted("to", to),
        noted("size", DEFAULT_WORKLOAD.size),
        noted("io", DEFAULT_WORKLOAD.io),
        noted("queueDepth", DEFAULT_WORKLOAD.queueDepth),
      ],
    },
    compare,
  };
}
