/**
 * A capture's functions arranged as p2psim models them: per root bus (host bridge), its root
 * ports; below each port one device (a switch or an endpoint with its further functions); a
 * switch as its upstream port with its downstream ports, each leading to one device.
 *
 * - A bridge on a root bus is a root port; other functions on a root bus (chipset devices, CPU
 *   uncore, root-complex integrated endpoints) have no PCIe link and are listed as left out.
 * - A bridge below a port is a switch's upstream port when lspci says so ("Upstream Port"), or,
 *   when the type was not captured, when every function below it is a bridge (its downstream
 *   ports). Any other bridge (a PCIe-to-PCI bridge) is modelled as a switch whose devices hang
 *   directly below it.
 * - Functions below one PCIe port are one device (the lowest address first; SR-IOV VFs too).
 * - `implicitPorts` (NCCL's format, which leaves root ports and downstream ports out): every
 *   top-level device gets a root port of its own, and every bridge is a switch whose devices,
 *   one per slot, hang directly below it.
 */
import type { CapturedDevice, CapturedMachine } from "./captured-machine.js";
import { compareBdf, slotOf } from "./captured-machine.js";
import { isPciBridgeClass } from "./pci-ids.js";

export interface EndpointBranch {
  readonly type: "endpoint";
  readonly device: CapturedDevice;
  /** Further functions of the device (0000:17:00.1, ...). */
  readonly functions: readonly CapturedDevice[];
}

export interface SwitchBranch {
  readonly type: "switch";
  readonly upstream: CapturedDevice;
  /** A bridge that is not a switch's upstream port (PCIe-to-PCI), or one whose ports NCCL left out. */
  readonly bridgeOnly: boolean;
  /** Downstream ports (absent when `bridgeOnly`), each with the device below it. */
  readonly ports: ReadonlyArray<{ readonly port?: CapturedDevice; readonly child?: Branch }>;
  /** Functions beside the upstream port that the model cannot place. */
  readonly extra: readonly CapturedDevice[];
}

export type Branch = EndpointBranch | SwitchBranch;

export interface RootPortBranch {
  /** The root port (absent when the capture leaves root ports out). */
  readonly port?: CapturedDevice;
  readonly child?: Branch;
  /** Functions beside a switch below the port that the model cannot place. */
  readonly extra: readonly CapturedDevice[];
}

export interface HostBridgeBranch {
  /** Root bus (`0000:17`), or the grouping key of a capture without root buses. */
  readonly rootBus: string;
  /** The device at 00.0 on the root bus: the one Linux looks up in its allow-list. */
  readonly device?: CapturedDevice;
  readonly rootPorts: readonly RootPortBranch[];
  /** Functions on the root bus without a PCIe link of their own. */
  readonly integrated: readonly CapturedDevice[];
}

export interface MachineTree {
  /** Root buses with at least one root port, in bus order. */
  readonly hostBridges: readonly HostBridgeBranch[];
  /** Root buses without root ports (nothing to model below them). */
  readonly bare: readonly HostBridgeBranch[];
  /** Functions no root bus leads to (their parent is missing from the capture). */
  readonly unplaced: readonly CapturedDevice[];
}

/** Whether a function is a PCI-to-PCI bridge (class 0604, or bus numbers captured). */
export function isBridge(d: CapturedDevice): boolean {
  return isPciBridgeClass(d.classCode) || (d.classCode === undefined && d.bus !== undefined);
}

/** Arranges a capture's functions into host bridges, root ports, switches and endpoints. */
export function machineTree(machine: CapturedMachine): MachineTree {
  const implicit = machine.implicitPorts === true;
  const sorted = [...machine.devices].sort((a, b) => compareBdf(a.bdf, b.bdf));
  const known = new Set(sorted.map((d) => d.bdf));
  const children = new Map<string, CapturedDevice[]>();
  const roots = new Map<string, CapturedDevice[]>();
  const unplaced: CapturedDevice[] = [];
  for (const d of sorted) {
    if (d.parent !== undefined) {
      if (known.has(d.parent)) children.set(d.parent, [...(children.get(d.parent) ?? []), d]);
      else unplaced.push(d);
    } else {
      const key = d.rootBus ?? d.bdf.slice(0, d.bdf.lastIndexOf(":"));
      roots.set(key, [...(roots.get(key) ?? []), d]);
    }
  }
  const below = (d: CapturedDevice) => children.get(d.bdf) ?? [];

  /** The devices behind one PCIe link: one device, its further functions beside it. */
  const linked = (devs: readonly CapturedDevice[]): { child?: Branch; extra: CapturedDevice[] } => {
    const [first, ...rest] = devs;
    if (first === undefined) return { extra: [] };
    if (isBridge(first)) return { child: switchOf(first, rest), extra: [] };
    return { child: { type: "endpoint", device: first, functions: rest }, extra: [] };
  };

  /** Devices on a bus that is not a PCIe link: one per slot. */
  const bySlot = (devs: readonly CapturedDevice[]): Array<{ child?: Branch }> => {
    const slots = new Map<string, CapturedDevice[]>();
    for (const d of devs) slots.set(slotOf(d.bdf), [...(slots.get(slotOf(d.bdf)) ?? []), d]);
    return [...slots.values()].map((group) => ({ child: linked(group).child! }));
  };

  const switchOf = (upstream: CapturedDevice, extra: CapturedDevice[]): SwitchBranch => {
    const kids = below(upstream);
    const isUpstreamPort =
      !implicit && (upstream.portType === "upstream-port" || (upstream.portType === undefined && kids.length > 0 && kids.every(isBridge)));
    if (isUpstreamPort) {
      const ports = kids.filter(isBridge).map((port) => ({ port, ...linked(below(port)) }));
      return { type: "switch", upstream, bridgeOnly: false, ports, extra: [...extra, ...kids.filter((k) => !isBridge(k))] };
    }
    return { type: "switch", upstream, bridgeOnly: true, ports: bySlot(kids), extra };
  };

  const hostBridges: HostBridgeBranch[] = [];
  const bare: HostBridgeBranch[] = [];
  for (const [rootBus, members] of roots) {
    const device = members.find((d) => d.bdf.endsWith(":00.0") && d.bdf.startsWith(rootBus));
    let rootPorts: RootPortBranch[];
    let integrated: CapturedDevice[];
    if (implicit) {
      rootPorts = bySlot(members).map((slot) => ({ ...slot, extra: [] }));
      integrated = [];
    } else {
      rootPorts = members.filter(isBridge).map((port) => {
        const { child, extra } = linked(below(port));
        return { port, ...(child ? { child } : {}), extra };
      });
      integrated = members.filter((d) => !isBridge(d));
    }
    const branch = { rootBus, ...(device ? { device } : {}), rootPorts, integrated };
    (rootPorts.length > 0 ? hostBridges : bare).push(branch);
  }
  return { hostBridges, bare, unplaced };
}
