/**
 * The output contract (docs/output.md): the shapes of `summary.json` and of what the library API
 * returns. This file imports nothing, so the report, the CLI, notebooks and scripts can depend on
 * it without reaching into the simulator. Fields are a contract: extend, never rename.
 */

/** How the data travels: peer to peer (the kernel's choice of provider, or a named one), bounced through DRAM, or whatever Linux would do. */
export type PathVariant = "p2p" | "bounce" | "auto" | `p2p:${string}`;

/** What the kernel says of a flow: map type, distance, nvidia-smi class, and why. */
export interface KernelView {
  /** BUS_ADDR, THRU_HOST_BRIDGE, NOT_SUPPORTED, or HOST for DMA to or from host memory. */
  mapType: string;
  /** pci_p2pdma_distance(): steps from both devices to their common upstream bridge. */
  distance: number;
  /** The `nvidia-smi topo -m` class: PIX, PXB, PHB, NODE, SYS, or "-". */
  topo: string;
  reason: string;
  /** What the kernel would print, when it would print something. */
  warning?: string;
}

/** Latency of a flow's I/Os, ns. */
export interface LatencySummaryNs {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** One flow (workload) under one variant. */
export interface FlowResult {
  flow: string;
  /** The path the flow took: p2p (through a BAR), bounce (through DRAM), or host (DMA to or from host memory). */
  path: "p2p" | "bounce" | "host";
  /** Where the data goes, e.g. "nic0 -> nvme0 BAR" or "nic0 -> s0 DRAM -> nvme0". */
  route: string;
  kernel: KernelView;
  /** False when the variant cannot run this flow (then every number is 0 and `note` says why). */
  supported: boolean;
  note?: string;
  bytes: number;
  durationNs: number;
  throughputGBps: number;
  iops: number;
  latencyNs: LatencySummaryNs;
  /** Caps the run applied to this flow that can change its numbers (e.g. fewer staging buffers than its queue depth needs). */
  warnings?: string[];
  /** What bounds the flow, measured over the flow's own active time (absent when not simulated). */
  bottleneck?: Bottleneck;
  /** When the flow's first I/O started and its last ended, ns from the start of the run. */
  startNs?: number;
  endNs?: number;
}

/**
 * The resource that bounds a flow: of the resources on its path, the busiest server (link
 * direction, media, BAR, P2P engine, DRAM, interconnect) when one is at least 90 % busy, else the
 * most saturated of all (IOMMU walkers, DMA tags, staging buffers included) when that one is at least
 * 90 % busy, else the flow's own queue depth (resource "<flow> queue depth", kind "queue-depth": its
 * I/Os in flight over their mean latency set the rate, Little's law) when the flow runs at 90 % or
 * more of that, else the busiest resource. Pools fill up behind a busy
 * server, so a server that busy is the cause and the full pool its symptom.
 */
export interface Bottleneck {
  /** The resource's name as in `resources[]`, e.g. "sw0-nvme0 down", "nvme0 media write". */
  resource: string;
  /** link, media, bar, p2p-engine, rc-fabric, dram, interconnect, mesh, iommu-walkers, tags, buffers or queue-depth. */
  kind: string;
  /** Fraction of the flow's active time the resource was busy (pools: saturated; queue-depth: the flow's share of its ceiling). */
  utilization: number;
  /**
   * The throughput the resource allows this flow, GB/s: its rate over the times the flow's data
   * crosses it (a link: its payload rate with the TLPs it carried; a pool: Little's law,
   * units x bytes per use / mean hold time).
   */
  ceilingGBps: number;
  /** The flow's throughput over the ceiling. */
  ofCeiling: number;
  /** Other flows that used the resource while this one ran. */
  sharedWith: string[];
  /** One sentence built from the facts above. */
  reason: string;
}

/** What one resource did over the whole run (every probe of the run, sim/probe.ts). */
export interface ResourceResult {
  resource: string;
  kind: string;
  /** The component it belongs to: device, link, host bridge, socket. */
  device: string;
  direction?: string;
  /** Time busy (pools: saturated; credits: stalled), ns. */
  busyNs: number;
  /** busyNs over the run's simulated time. */
  utilization: number;
  /** Bytes carried (payload bytes for a link; its wire bytes are in links[]); 0 for pools. */
  bytes: number;
  ops: number;
  /** What `ops` counts: TLPs, jobs, walks, reads, chunks, misses. */
  opsUnit: string;
  /** Rate when busy, GB/s (servers and links). */
  capacityGBps?: number;
  /** Units in the pool (walkers, tags, staging slots, IOTLB entries). */
  units?: number;
  /** Mean units in use over the run (pools). */
  meanInUse?: number;
}

/** What one device moved in all flows together. */
export interface DeviceTotal {
  device: string;
  /** Bytes it sent (flows from it) and received (flows to it). */
  bytesOut: number;
  bytesIn: number;
  /** Out and in over the span from its first flow's start to its last flow's end, GB/s. */
  outGBps: number;
  inGBps: number;
  flows: string[];
}

/** One direction of one link. */
export interface LinkResult {
  /** "<parent>-<child>", e.g. "sw0-nvme0". */
  link: string;
  /** "up" towards the root complex, "down" towards the device. */
  direction: "up" | "down";
  /** Payload bytes carried. */
  bytes: number;
  /** Bytes on the wire (TLP headers and framing included). */
  wireBytes: number;
  tlps: number;
  /** Fraction of the run the direction spent serializing. */
  utilization: number;
  creditStallNs: number;
}

/** Everything measured for one path variant. */
export interface VariantResult {
  /** The variant's name: its path (p2p, bounce, auto, p2p:<device>) or a mixed variant's name. */
  path: string;
  flows: FlowResult[];
  links: LinkResult[];
  dram: { bytes: number; utilization: number; sockets: Array<{ socket: string; bytes: number; utilization: number }> };
  /** Each direction of the socket interconnect (UPI, xGMI): bytes carried and fraction of the run busy. */
  interconnect: Array<{ from: string; to: string; bytes: number; utilization: number }>;
  iommu: { lookups: number; hits: number; misses: number; walks: number };
  /** Every measured resource (links, credits, media, BARs, P2P engines, DRAM, interconnect, IOMMU walkers and IOTLB, tags, buffers). */
  resources?: ResourceResult[];
  /** Per device, what all its flows moved together. */
  devices?: DeviceTotal[];
  /** Width of the time-series windows (timeseries.csv), ns. */
  windowNs?: number;
  /** Events the engine ran (a cost of the simulation, not a result of the model). */
  events: number;
  simulatedNs: number;
}

/** The contract's `summary.json`: one scenario, one seed, one entry per path variant compared. */
export interface Summary {
  scenario: string;
  description?: string;
  seed: number;
  /** What defaults filled in that the scenario did not say and that can move a result (device kinds' defaults). */
  assumptions?: string[];
  variants: VariantResult[];
  /** What made this result: the tool, the resolved scenario, the overrides and a digest of them. */
  provenance?: Provenance;
}

/** Where a result comes from, enough to make it again. */
export interface Provenance {
  tool: { name: string; version: string };
  /** The scenario after `extends` and `--set`, as validated (plain data). */
  scenario: Record<string, unknown>;
  /** `--set` edits and library overrides, in the order given. */
  overrides: string[];
  seed: number;
  /** sha256 of the canonical JSON of the resolved scenario, hex; `digest.slice(0, 8)` names folders. */
  digest: string;
  /** The command that reproduces the run. */
  command: string;
}
