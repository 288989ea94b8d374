/**
 * Small topologies for the kernel tests: builders that fill in the fields the decisions ignore.
 */
import type {
  AcsSpec,
  CpuSpec,
  EndpointSpec,
  HostBridgeSpec,
  IommuMode,
  NodeSpec,
  RootPortSpec,
  SwitchSpec,
  Topology,
} from "../../src/fabric/topology.js";
import { topologyTree, type TopologyTree } from "../../src/kernel/tree.js";

export const INTEL_SKYLAKE: CpuSpec = { vendor: "intel", family: 6 };
/** A Skylake-SP root port: on the allow-list, any host bridge. */
export const SKYLAKE_ROOT = "8086:2030";
/** Haswell-EP: on the allow-list, same host bridge only. */
export const HASWELL_HOST = "8086:2f00";
/** Not on the allow-list. */
export const UNLISTED_INTEL = "8086:1234";

export const NO_ACS: AcsSpec = {
  capable: false,
  requestRedirect: false,
  completionRedirect: false,
  egressControl: false,
  directTranslated: false,
};
/** ACS-capable, nothing set by firmware: Linux turns redirect on when an IOMMU is enabled. */
export const ACS_CAPABLE: AcsSpec = { ...NO_ACS, capable: true };
/** Firmware already set Request and Completion Redirect. */
export const ACS_REDIRECT: AcsSpec = { ...NO_ACS, capable: true, requestRedirect: true, completionRedirect: true };

export function hostBridge(id: string, socket = "s0", deviceId = SKYLAKE_ROOT, iommu: IommuMode = "off"): HostBridgeSpec {
  return {
    id,
    socket,
    deviceId,
    iommu: {
      mode: iommu,
      iotlb: { entries: 64, ways: 4, pageBytes: 4096 },
      hitLatencyPs: 1000,
      walkAccessLatencyPs: 80_000,
      walkers: 4,
      walkCacheEntries: 16,
      mapping: "static",
    },
    p2p: { reads: true, writes: true, latencyPs: 100_000, bandwidthGBps: 10, tlpBytes: 64, sharedBandwidthGBps: Infinity },
    fabric: { latencyPs: 50_000, bandwidthGBps: 50 },
    remoteReads: Infinity,
  };
}

export function rootPort(id: string, hostBridgeId = "hb0", acs: AcsSpec = NO_ACS): RootPortSpec {
  return { id, type: "root-port", hostBridge: hostBridgeId, acs };
}

export function pcieSwitch(id: string, parent: string, acs: AcsSpec = NO_ACS): SwitchSpec {
  return { id, type: "switch", parent, link: { gen: "gen4", lanes: 16 }, latencyPs: 105_000, acs };
}

const DMA = { mps: 256, mrrs: 512, tags: 256, tlpRate: Infinity } as const;

/** An endpoint with BAR memory (a provider candidate). */
export function endpoint(id: string, parent: string, bar = true): EndpointSpec {
  return {
    id,
    type: "endpoint",
    parent,
    link: { gen: "gen4", lanes: 16 },
    dma: { ...DMA },
    ...(bar ? { bar: { sizeBytes: 2 ** 30, latencyPs: 500_000, bandwidthGBps: 12 } } : {}),
  };
}

/** Another function of the device `first`. */
export function fn(id: string, first: string): EndpointSpec {
  return { id, type: "endpoint", functionOf: first, dma: { ...DMA } };
}

export interface PlatformOptions {
  cpu?: CpuSpec;
  hostBridges?: HostBridgeSpec[];
  sockets?: string[];
  disableAcsRedir?: "all" | string[];
}

export function platform(nodes: NodeSpec[], options: PlatformOptions = {}): Topology {
  const sockets = options.sockets ?? ["s0", "s1"];
  return {
    cpu: options.cpu ?? INTEL_SKYLAKE,
    sockets: sockets.map((id) => ({ id, memory: { bandwidthGBps: 100, latencyPs: 80_000 }, mesh: { bandwidthGBps: Infinity, latencyPs: 0 } })),
    interconnect: { bandwidthGBps: 20, latencyPs: 100_000, ioWriteEfficiency: 1, ioReadEfficiency: 1 },
    hostBridges: options.hostBridges ?? [hostBridge("hb0")],
    kernel: { disableAcsRedir: options.disableAcsRedir ?? [] },
    nodes,
  };
}

export function tree(nodes: NodeSpec[], options: PlatformOptions = {}): TopologyTree {
  return topologyTree(platform(nodes, options));
}

/** rp0 - sw0 - { nvme0, nvme1 }: two devices on one switch. */
export function oneSwitch(switchAcs: AcsSpec = NO_ACS, options: PlatformOptions = {}): TopologyTree {
  return tree(
    [rootPort("rp0"), pcieSwitch("sw0", "rp0", switchAcs), endpoint("nvme0", "sw0"), endpoint("nvme1", "sw0")],
    options,
  );
}

/** rp0 - sw0 - { sw1 - gpu0, sw2 - gpu1, nic0 }: one more switch level on each side. */
export function twoLevels(options: PlatformOptions = {}): TopologyTree {
  return tree(
    [
      rootPort("rp0"),
      pcieSwitch("sw0", "rp0"),
      pcieSwitch("sw1", "sw0"),
      pcieSwitch("sw2", "sw0"),
      endpoint("gpu0", "sw1"),
      endpoint("gpu1", "sw2"),
      endpoint("nic0", "sw0"),
    ],
    options,
  );
}

/** hb0 with rp0 - nvme0 and rp1 - nvme1: two root ports of one host bridge. */
export function twoRootPorts(deviceId = SKYLAKE_ROOT, options: PlatformOptions = {}): TopologyTree {
  return tree([rootPort("rp0"), rootPort("rp1"), endpoint("nvme0", "rp0"), endpoint("nvme1", "rp1")], {
    hostBridges: [hostBridge("hb0", "s0", deviceId)],
    ...options,
  });
}

/** Two host bridges, rp0 - nvme0 on hb0 and rp1 - nvme1 on hb1. */
export function twoHostBridges(hb0: HostBridgeSpec, hb1: HostBridgeSpec, options: PlatformOptions = {}): TopologyTree {
  return tree([rootPort("rp0", hb0.id), rootPort("rp1", hb1.id), endpoint("nvme0", "rp0"), endpoint("nvme1", "rp1")], {
    hostBridges: [hb0, hb1],
    ...options,
  });
}
