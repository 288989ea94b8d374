/** Small topologies for fabric tests, built from plain data as a scenario would be. */
import { ns, us, GiB, MiB } from "../../src/sim/units.js";
import type { AcsSpec, EndpointSpec, HostBridgeSpec, NodeSpec, SwitchSpec, Topology } from "../../src/fabric/topology.js";
import type { LinkConfig } from "../../src/pcie/spec.js";

export const NO_ACS: AcsSpec = { capable: true, requestRedirect: false, completionRedirect: false, egressControl: false, directTranslated: false };
export const ACS_REDIRECT: AcsSpec = { ...NO_ACS, requestRedirect: true, completionRedirect: true };

export function hostBridge(id: string, overrides: Partial<HostBridgeSpec> = {}): HostBridgeSpec {
  return {
    id,
    socket: "s0",
    deviceId: "8086:2030",
    iommu: { mode: "off", iotlb: { entries: 64, ways: 8, pageBytes: 4096 }, hitLatencyPs: ns(5), walkAccessLatencyPs: ns(60), walkers: 4, walkCacheEntries: 16, mapping: "static" },
    p2p: { reads: true, writes: true, latencyPs: ns(200), bandwidthGBps: 50, tlpBytes: 256, sharedBandwidthGBps: Infinity },
    fabric: { latencyPs: ns(40), bandwidthGBps: 200 },
    remoteReads: Infinity,
    ...overrides,
  };
}

export function endpoint(id: string, parent: string, link: LinkConfig, extra: Partial<EndpointSpec> = {}): EndpointSpec {
  return { id, type: "endpoint", parent, link, dma: { mps: 256, mrrs: 512, tags: 64, tlpRate: Infinity }, ...extra };
}

export function nvme(id: string, parent: string, link: LinkConfig = { gen: "gen4", lanes: 4 }): EndpointSpec {
  return endpoint(id, parent, link, { bar: { sizeBytes: 512 * MiB, latencyPs: ns(300), bandwidthGBps: 3 }, media: { rateGBps: 3, writeRateGBps: 3, duplex: "shared", latencyPs: us(20) } });
}

export function switchNode(id: string, parent: string, link: LinkConfig, acs: AcsSpec = NO_ACS): SwitchSpec {
  return { id, type: "switch", parent, link, latencyPs: ns(105), acs };
}

/** One socket, one host bridge with one root port, and `below` hanging off that root port. */
export function singleHost(below: NodeSpec[], bridge: Partial<HostBridgeSpec> = {}): Topology {
  return {
    cpu: { vendor: "intel", family: 6 },
    sockets: [{ id: "s0", memory: { bandwidthGBps: 100, latencyPs: ns(90) }, mesh: { bandwidthGBps: Infinity, latencyPs: 0 } }],
    interconnect: { bandwidthGBps: 10, latencyPs: ns(130), ioWriteEfficiency: 1, ioReadEfficiency: 1 },
    hostBridges: [hostBridge("hb0", bridge)],
    kernel: { disableAcsRedir: [] },
    nodes: [{ id: "rp0", type: "root-port", hostBridge: "hb0", acs: NO_ACS }, ...below],
  };
}

/** A Gen4 switch under rp0 with a requester `a` and a BAR-bearing `b` below it. */
export function sameSwitch(acs: AcsSpec = NO_ACS, bridge: Partial<HostBridgeSpec> = {}): Topology {
  const gen4x16: LinkConfig = { gen: "gen4", lanes: 16 };
  return singleHost(
    [
      switchNode("sw0", "rp0", gen4x16, acs),
      endpoint("a", "sw0", gen4x16),
      endpoint("b", "sw0", gen4x16, { bar: { sizeBytes: 1 * GiB, latencyPs: ns(300), bandwidthGBps: 3 } }),
    ],
    bridge,
  );
}
