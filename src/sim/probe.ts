/**
 * The measurement protocol (OMNeT++'s signals, pulled rather than pushed): every resource that can
 * bound a flow registers one `Probe` with the simulator's `probes` when it is built, and the
 * report reads them all the same way. A probe says what the resource is (`kind`, `resource`,
 * the `device` it belongs to, its `capacity`) and, asked at a time, how much work it has done so
 * far: time busy, bytes and operations. Reading a probe never changes the model, so measuring
 * costs nothing on the hot path and leaves every result as it was.
 *
 * "Busy" means what bounds throughput for that kind of resource:
 * - a server (link direction, media, BAR, P2P engine, DRAM, interconnect): time spent serving;
 * - a pool (IOMMU walkers, DMA tags): time with every unit in use;
 * - staging buffers: time with a chunk waiting for a free slot;
 * - credits: time a link direction had a TLP waiting and no credits (a symptom, not a bound);
 * - the IOTLB: never busy (its misses are counted; the walkers they start are what bound).
 */
import { double } from "./double.js";

/** What kind of resource a probe measures. */
export const ResourceKind = {
  link: "link",
  credits: "credits",
  media: "media",
  bar: "bar",
  p2pEngine: "p2p-engine",
  rcFabric: "rc-fabric",
  dram: "dram",
  interconnect: "interconnect",
  mesh: "mesh",
  walkers: "iommu-walkers",
  iotlb: "iotlb",
  tags: "tags",
  buffers: "buffers",
} as const;
export type ResourceKind = (typeof ResourceKind)[keyof typeof ResourceKind];

/** Work a resource has done from time 0 up to the time it was read. */
export interface ProbeReading {
  /** Time busy (see the file comment for what busy means per kind), ps. */
  busyPs: number;
  /** Bytes it carried or served (payload bytes for a link: wire bytes are busy time x rate); for a pool, unit x ps held. */
  bytes: number;
  /** Operations: TLPs, jobs, walks, lookups, I/Os, as `opsUnit` says. */
  ops: number;
}

export interface Probe {
  /** Unique name in the run, e.g. "sw0-nvme0 down", "nvme0 media read", "hb0 p2p -> rp1". */
  readonly resource: string;
  readonly kind: ResourceKind;
  /** The component it belongs to: a device, a link, a host bridge, a socket. */
  readonly device: string;
  /** "up"/"down" for link directions, "read"/"write" for media, "from>to" for interconnects. */
  readonly direction?: string;
  /** What it can do when busy: bytes per second (servers), or how many units it has (pools). */
  readonly capacity: { bytesPerSecond?: number; units?: number };
  /** What `ops` counts ("TLPs", "jobs", "walks", ...). */
  readonly opsUnit: string;
  /** Work done from 0 up to `atPs` (not before the last event run). */
  read(atPs: number): ProbeReading;
}

/** The probes of one run, in the order the components registered them. */
export class Probes {
  readonly list: Probe[] = [];
  private readonly names = new Set<string>();
  private readonly beforeReading: Array<() => void> = [];

  add(probe: Probe): void {
    if (this.names.has(probe.resource)) throw new Error(`two probes named '${probe.resource}'`);
    this.names.add(probe.resource);
    this.list.push(probe);
  }

  /**
   * Registers `settle`, called before the probes are read (`settle()`): a component that books
   * work late brings what its probes read up to date there, adding no events.
   */
  settleWith(settle: () => void): void {
    this.beforeReading.push(settle);
  }

  /** Brings every probe up to date; whoever reads probes (the sampler) calls it first. */
  settle(): void {
    for (const settle of this.beforeReading) settle();
  }
}

/** Something served FIFO with a rate, booked ahead (see fabric/server.ts): what a probe needs of it. */
export interface BookedServer {
  readonly busyPs: number;
  readonly bytes: number;
  /** When the last booked job ends, ps. */
  readonly freePs: number;
}

/**
 * Reads a server that books jobs ahead: the work booked past `atPs` is not done yet, so it is
 * taken off (exact while booked jobs run back to back, which a FIFO server's do).
 */
export function readBooked(server: BookedServer, jobs: () => number, atPs: number): ProbeReading {
  const ahead = server.freePs > atPs ? server.freePs - atPs : 0;
  const busyPs = Math.max(0, server.busyPs - ahead);
  const share = server.busyPs > 0 ? busyPs / server.busyPs : 1;
  return { busyPs, bytes: server.bytes * share, ops: jobs() };
}

/**
 * A pool's level over time (tags in use, walkers busy, staging-buffer slots held), changed by
 * `add` as units are taken and given back, and, where the owner queues requests for it, how many
 * wait (`wait`). It integrates the level and the time saturated: every unit taken (and, with
 * `needsWaiter`, someone waiting), so a probe can report them and Little's law can use them.
 */
export class Occupancy {
  level = 0;
  waiting = 0;
  /** Most units in use at once. */
  peak = 0;
  /** Units taken so far. */
  ops = 0;
  private sincePs = double(0);
  private levelPs = double(0);
  private saturatedPs = double(0);

  constructor(
    readonly units: number,
    readonly needsWaiter = false,
  ) {}

  /** `delta` units taken (positive) or given back (negative) at `nowPs`. */
  add(nowPs: number, delta: number): void {
    this.settle(nowPs);
    this.level += delta;
    if (delta > 0) this.ops += delta;
    if (this.level > this.peak) this.peak = this.level;
  }

  /** `delta` more (or fewer) requests waiting for a unit at `nowPs`. */
  wait(nowPs: number, delta: number): void {
    this.settle(nowPs);
    this.waiting += delta;
  }

  /** Integral of the level up to `atPs`, ps x units. */
  levelIntegral(atPs: number): number {
    return this.levelPs + (atPs > this.sincePs ? this.level * (atPs - this.sincePs) : 0);
  }

  /** Time saturated up to `atPs`, ps. */
  saturated(atPs: number): number {
    return this.saturatedPs + (atPs > this.sincePs && this.isSaturated() ? atPs - this.sincePs : 0);
  }

  private isSaturated(): boolean {
    return this.level >= this.units && (!this.needsWaiter || this.waiting > 0);
  }

  private settle(nowPs: number): void {
    if (nowPs <= this.sincePs) return;
    const dt = nowPs - this.sincePs;
    this.levelPs += this.level * dt;
    if (this.isSaturated()) this.saturatedPs += dt;
    this.sincePs = nowPs;
  }
}

/**
 * A probe over an `Occupancy`: busy while saturated, `bytes` the integral of the level (unit x ps,
 * for Little's law: mean units in use = bytes / time), `ops` the units taken.
 */
export function occupancyProbe(level: Occupancy, what: Pick<Probe, "resource" | "kind" | "device" | "opsUnit">): Probe {
  return { ...what, capacity: { units: level.units }, read: (atPs) => ({ busyPs: level.saturated(atPs), bytes: level.levelIntegral(atPs), ops: level.ops }) };
}
