/**
 * The plain-data description of a platform and its PCIe tree: what a scenario file becomes after
 * validation, what the kernel decisions (src/kernel/) are computed from, and what the fabric's
 * components are built from. No behaviour here, only shapes; units are in the field names.
 *
 * The tree: root ports hang off host bridges; every other node names its `parent` and the `link`
 * to it. A switch is one node (its upstream port and one downstream port per child, as
 * `lspci -t` shows them). A second function of a multi-function device is an endpoint with
 * `functionOf` set to the first function's id: it shares that device's link and upstream bridge.
 */
import type { LinkConfig, PayloadSize } from "../pcie/spec.js";
import type { CreditLimits } from "../pcie/credits.js";

export interface CpuSpec {
  vendor: "intel" | "amd" | "other";
  /** x86 family (AMD Zen is 0x17 and later; Intel 6). */
  family: number;
}

export interface MemorySpec {
  bandwidthGBps: number;
  latencyPs: number;
}

export interface SocketSpec {
  id: string;
  memory: MemorySpec;
  /**
   * The socket's internal fabric between its host bridges (Intel's mesh between PCIe stacks, AMD's
   * Infinity Fabric between I/O-die quadrants): what P2P between root ports of different host
   * bridges of one socket crosses (nvidia-smi NODE). Per direction; Infinity for no limit.
   */
  mesh: { bandwidthGBps: number; latencyPs: number };
}

/** The link between sockets (UPI, xGMI), per direction. */
export interface InterconnectSpec {
  bandwidthGBps: number;
  latencyPs: number;
  /**
   * Fraction of `bandwidthGBps` that device traffic gets, by kind: posted writes to the other
   * socket (DMA writes, P2P writes) and read data coming back (DMA reads, P2P read completions).
   * Coherent interconnects carry I/O less efficiently than CPU traffic (snoops, ownership).
   */
  ioWriteEfficiency: number;
  ioReadEfficiency: number;
}

export type IommuMode = "off" | "passthrough" | "translated";

export interface IommuSpec {
  mode: IommuMode;
  iotlb: {
    entries: number;
    ways: number;
    /** IOMMU page size: 4 KiB, 2 MiB or 1 GiB. */
    pageBytes: number;
  };
  hitLatencyPs: number;
  /** Latency of one page-table memory access during a walk. */
  walkAccessLatencyPs: number;
  /** Page walks that can be in flight at once. */
  walkers: number;
  /** Entries of the page-walk cache (upper-level page-table entries); 0 for none. */
  walkCacheEntries: number;
  /** Mapping policy: static (map once), or map+unmap per I/O with strict or lazy invalidation. */
  mapping: "static" | "strict" | "lazy";
}

/** What the root complex does with peer-to-peer TLPs between its root ports. */
export interface HostBridgeP2pSpec {
  reads: boolean;
  writes: boolean;
  latencyPs: number;
  /** Capacity of P2P data forwarded towards each of its root ports (one direction), GB/s; Infinity for none beyond the links. */
  bandwidthGBps: number;
  /** Capacity of all P2P data through the host bridge (in or out, every direction together, each byte once), GB/s; Infinity for none. */
  sharedBandwidthGBps: number;
  /** Payload size of the TLPs it emits for forwarded P2P data (64 on Intel). */
  tlpBytes: number;
}

export interface HostBridgeSpec {
  id: string;
  socket: string;
  /** Vendor:device of the host bridge (the first device on its root bus), e.g. "8086:2030". */
  deviceId: string;
  iommu: IommuSpec;
  p2p: HostBridgeP2pSpec;
  /** The root complex's internal fabric between root ports, IOMMU and memory. */
  fabric: { latencyPs: number; bandwidthGBps: number };
  /**
   * Outstanding 64 B reads the host bridge keeps to another socket's memory (its remote read
   * trackers); with the round trip across the interconnect this bounds DMA reads of remote
   * memory at remoteReads x 64 B / round trip. Infinity for no limit.
   */
  remoteReads: number;
}

/** Access Control Services on a downstream port or root port (PCIe Base Spec r5.0 section 6.12). */
export interface AcsSpec {
  /** The port implements ACS (Linux then turns redirect on whenever an IOMMU is enabled, translated or passthrough). */
  capable: boolean;
  requestRedirect: boolean;
  completionRedirect: boolean;
  egressControl: boolean;
  directTranslated: boolean;
}

export interface RootPortSpec {
  id: string;
  type: "root-port";
  hostBridge: string;
  acs: AcsSpec;
  /** Receive buffers of the root port (default ROOT_PORT_CREDITS). */
  credits?: CreditLimits;
}

export interface SwitchSpec {
  id: string;
  type: "switch";
  parent: string;
  link: LinkConfig;
  /** Port-to-port cut-through latency. */
  latencyPs: number;
  /** ACS of every downstream port of this switch. */
  acs: AcsSpec;
  /** Receive buffers of each of its ports (default SWITCH_PORT_CREDITS). */
  credits?: CreditLimits;
}

/** What a device is: it picks physical defaults (media duplex, rates) documented in docs/design.md. */
export type EndpointKind = "nic" | "ssd" | "gpu" | "accelerator" | "generic";

export interface EndpointSpec {
  id: string;
  type: "endpoint";
  /** What the device is (default "generic"). */
  kind?: EndpointKind;
  /** Parent node (root port or switch); absent for a `functionOf` function. */
  parent?: string;
  link?: LinkConfig;
  /** Id of the endpoint whose device this is another function of. */
  functionOf?: string;
  dma: { mps: PayloadSize; mrrs: PayloadSize; tags: number; /** TLPs per second the engine can issue; Infinity for no limit. */ tlpRate: number };
  /** Memory exposed through a BAR that peers can target (NVMe CMB, GPU BAR). */
  bar?: {
    sizeBytes: number;
    /** Read latency (the mean when `latencyP99Ps` is set). */
    latencyPs: number;
    /** 99th percentile of the read latency: accesses then draw a lognormal latency. */
    latencyP99Ps?: number;
    bandwidthGBps: number;
  };
  /** Data the device produces or consumes itself (flash, wire). */
  media?: {
    /** Rate at which the device produces data (reads its flash, receives from its wire). */
    rateGBps: number;
    /** Rate at which it consumes data (writes flash, sends on the wire). */
    writeRateGBps: number;
    /** full: producing and consuming run side by side (a wire each way); shared: they take turns (flash channels). */
    duplex: "full" | "shared";
    /** Latency of each chunk (the mean when `latencyP99Ps` is set). */
    latencyPs: number;
    /** 99th percentile of the chunk latency: chunks then draw a lognormal latency. */
    latencyP99Ps?: number;
  };
  /** ATS: a device-side translation cache (entries); absent for no ATS. */
  ats?: { entries: number };
  /** Receive buffers for requests from peers (default ENDPOINT_CREDITS; completions are always infinite). */
  credits?: CreditLimits;
}

export type NodeSpec = RootPortSpec | SwitchSpec | EndpointSpec;

/** Kernel command-line settings that change P2P decisions. */
export interface KernelSpec {
  /** `pci=disable_acs_redir=`: ports (root port or switch ids) whose ACS redirect Linux leaves off, or "all". */
  disableAcsRedir: "all" | string[];
}

/** What every link of the fabric shares. */
export interface LinksSpec {
  /** Scale of the Ack/UpdateFC DLLP charge (1 = the spec's intervals, as pcie-bench's model charges them). */
  dllpFactor: number;
  /** One direction's PHY and wire latency. */
  latencyPs: number;
}

export interface Topology {
  cpu: CpuSpec;
  /** Every link's DLLP charge and latency (default: the calibrated factor and 20 ns). */
  links?: LinksSpec;
  sockets: SocketSpec[];
  interconnect: InterconnectSpec;
  hostBridges: HostBridgeSpec[];
  kernel: KernelSpec;
  nodes: NodeSpec[];
}
