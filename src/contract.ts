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
}
