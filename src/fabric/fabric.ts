/**
 * Builds the simulated fabric from a `Topology`: plain data in, components out. It lays out the
 * address space (each socket's DRAM, one window per BAR), numbers requesters, makes one link per
 * child-parent edge, and tells every switch and root port what lies below each of its ports.
 *
 * Layout: socket k's DRAM at (k + 1) x 2^40; the BAR of the k-th endpoint that has one at
 * 2^46 + k x 2^38 (room for a 256 GiB BAR, as large GPUs have; so every DMA address is above 4 GiB and takes a 4DW header). Addresses are bus
 * addresses and, for the IOMMU, IOVAs: the model keeps them equal and charges translation by page.
 * All links run at the fabric's MPS, the smallest any endpoint supports (Linux's "safe" setting).
 * A second function of a device (`functionOf`) is not simulated; only the kernel looks at it.
 */
import { assertTopology } from "../topology/check.js";
import type { Simulator } from "../sim/simulator.js";
import { ns } from "../sim/units.js";
import { Link, type TrainFault } from "../pcie/link.js";
import { ENDPOINT_CREDITS, ROOT_PORT_CREDITS, SWITCH_PORT_CREDITS, type CreditLimits } from "../pcie/credits.js";
import { requesterId } from "../pcie/tlp.js";
import type { PayloadSize, RcbSize } from "../pcie/spec.js";
import type { AcsSpec, EndpointSpec, NodeSpec, Topology } from "./topology.js";
import { Endpoint } from "./endpoint.js";
import { Switch, type PortClaims } from "./switch.js";
import { ArrivalGroup } from "../pcie/arrival-group.js";
import { RootComplex, type FabricDirectory, type Translator } from "./root-complex.js";
import { Server } from "./server.js";
import { Media, type Stage } from "./media.js";
import { linkProbes, serverProbe } from "./probes.js";

export interface FabricOptions {
  /** One direction's PHY + wire latency of every link (default 20 ns). */
  linkLatencyPs?: number;
  rcb?: RcbSize;
  /** The ACS Linux leaves in force on a root port or switch's downstream ports (default: as configured). */
  acsOf?: (node: NodeSpec) => AcsSpec;
  /** The IOMMU of a host bridge, when it translates. */
  translatorFor?: (hostBridge: string, sim: Simulator) => Translator | undefined;
  /**
   * Let switch ports, BAR memory and root ports without an IOMMU (DRAM writes) take some arrivals
   * late, without events of their own (default true). Off, every arrival has its event: identical results, more events (kept for tests).
   */
  lateArrivals?: boolean;
  /**
   * Let links send trains of back-to-back TLPs with one event (default true). Off, every TLP's
   * start has its event: identical results, more events (the per-TLP reference, kept for tests).
   */
  trains?: boolean;
  /** Record every TLP's departure, end and arrival on every link direction (`LinkDirection.trace`; for tests). */
  traceLinks?: boolean;
  /** A deliberate mistake in trains, for the mutation tests only. */
  trainFault?: TrainFault;
}

/**
 * Bus addresses: socket k's DRAM from (k + 1) x DRAM_STRIDE, BARs from BAR_BASE, BAR_STRIDE apart.
 * 4 TiB of DRAM addresses per socket (64 workloads' 64 GiB regions, see workload/plan.ts; until
 * December 2026 1 TiB, so a 17th workload's buffers fell into the next socket's DRAM and a 33rd's
 * into none), so at most 15 sockets below the BARs.
 */
export const DRAM_STRIDE = 2 ** 42;
const BAR_BASE = 2 ** 46;
const BAR_STRIDE = 2 ** 38;
/** Sockets whose DRAM fits below the BARs (scenario checks refuse more). */
export const MAX_SOCKETS = BAR_BASE / DRAM_STRIDE - 1;

export class Fabric implements FabricDirectory {
  readonly links = new Map<string, Link>();
  readonly endpoints = new Map<string, Endpoint>();
  readonly switches = new Map<string, Switch>();
  readonly rootComplexes = new Map<string, RootComplex>();
  readonly memories = new Map<string, Server>();
  /** Each endpoint's media (flash, wire), when it has one. */
  readonly medias = new Map<string, Media>();
  readonly mps: PayloadSize;
  /** Each direction of the socket interconnect, keyed "from>to". */
  readonly interconnects = new Map<string, Server>();
  /** Each direction of a socket's mesh between two of its host bridges, keyed "from>to" (host bridge ids), made on first use. */
  readonly meshes = new Map<string, Server>();
  readonly ioEfficiency: { write: number; read: number };
  private readonly nodes = new Map<string, NodeSpec>();
  private readonly children = new Map<string, NodeSpec[]>();
  private readonly requesters = new Map<string, number>();
  private readonly bars = new Map<string, [number, number]>();
  private readonly homes = new Map<string, { rootComplex: RootComplex; port: number }>();
  private readonly requesterHomes = new Map<number, { rootComplex: RootComplex; port: number }>();
  /** Lookup tables for `resolve`, built on first use (it runs for every TLP a root complex routes). */
  private barTable: Array<{ base: number; end: number; place: { kind: "bar"; rootComplex: RootComplex; port: number } }> | undefined = undefined;
  private dramPlaces: Array<{ kind: "dram"; socket: string; index: number }> | undefined = undefined;

  constructor(
    readonly sim: Simulator,
    readonly topology: Topology,
    options: FabricOptions = {},
  ) {
    assertTopology(topology, { fabric: true });
    const simulated = topology.nodes.filter((n) => !(n.type === "endpoint" && n.functionOf !== undefined));
    for (const node of simulated) {
      this.nodes.set(node.id, node);
      const parent = node.type === "root-port" ? undefined : node.parent;
      if (parent === undefined) continue;
      const kids = this.children.get(parent);
      if (kids === undefined) this.children.set(parent, [node]);
      else kids.push(node);
    }
    const endpoints = simulated.filter((n): n is EndpointSpec => n.type === "endpoint");
    this.mps = Math.min(...endpoints.map((e) => e.dma.mps), 4096) as PayloadSize;
    endpoints.forEach((e, i) => this.requesters.set(e.id, requesterId(i + 1, 0, 0)));
    endpoints.filter((e) => e.bar).forEach((e, k) => this.bars.set(e.id, [BAR_BASE + k * BAR_STRIDE, BAR_BASE + k * BAR_STRIDE + e.bar!.sizeBytes]));

    topology.sockets.forEach((s) => this.memories.set(s.id, new Server({ bandwidthGBps: s.memory.bandwidthGBps, latencyPs: s.memory.latencyPs })));
    const { bandwidthGBps, latencyPs: interconnectLatencyPs, ioWriteEfficiency, ioReadEfficiency } = topology.interconnect;
    for (const a of topology.sockets) for (const b of topology.sockets) if (a !== b) this.interconnects.set(`${a.id}>${b.id}`, new Server({ bandwidthGBps, latencyPs: interconnectLatencyPs }));
    this.ioEfficiency = { write: ioWriteEfficiency, read: ioReadEfficiency };

    const rcb = options.rcb ?? 64;
    // The root ports of host bridges without an IOMMU translating take DRAM writes that only book
    // late, in one order across all of them (see pcie/arrival-group.ts): every other booking of the
    // servers those writes book comes after the writes due before it, and so does every sample of
    // the probes. With every host bridge translating there are none, and no group.
    const translators = topology.hostBridges.map((hb) => options.translatorFor?.(hb.id, sim));
    const group = options.lateArrivals !== false && translators.includes(undefined) ? new ArrivalGroup(sim) : undefined;
    topology.hostBridges.forEach((hb, i) => {
      const rc = new RootComplex(sim, { name: hb.id, socket: hb.socket, fabric: hb.fabric, p2p: hb.p2p, remoteReads: hb.remoteReads, mps: this.mps, rcb });
      rc.connect(this, translators[i], group);
      this.rootComplexes.set(hb.id, rc);
      if (group !== undefined) rc.fabric.beforeTake = group.settle;
    });
    if (group !== undefined) {
      for (const server of [...this.memories.values(), ...this.interconnects.values()]) server.beforeTake = group.settle;
      sim.probes.settleWith(group.settle);
    }

    const latencyPs = options.linkLatencyPs ?? topology.links?.latencyPs ?? ns(20);
    const dllpFactor = topology.links?.dllpFactor ?? 1;
    const engine = {
      ...(options.trains === false ? { trains: false } : {}),
      ...(options.traceLinks ? { trace: true } : {}),
      ...(options.trainFault ? { fault: options.trainFault } : {}),
    };
    const acsOf = options.acsOf ?? ((n: NodeSpec) => ("acs" in n ? n.acs : NO_ACS));
    // Receive buffers: the parent's port for the link's upstream end, the node's own for its end.
    const creditsOf = (node: NodeSpec): CreditLimits =>
      node.credits ?? (node.type === "endpoint" ? ENDPOINT_CREDITS : node.type === "switch" ? SWITCH_PORT_CREDITS : ROOT_PORT_CREDITS);
    const linkTo = (node: NodeSpec, upstreamCredits: CreditLimits): Link => {
      const config = (node as { link?: EndpointSpec["link"] }).link;
      if (config === undefined) throw new Error(`${node.id}: no link to its parent`);
      const downstreamCredits = creditsOf(node);
      const link = new Link(sim, `${(node as { parent: string }).parent}-${node.id}`, { config, mps: this.mps, latencyPs, dllpFactor, ...engine }, upstreamCredits, downstreamCredits);
      this.links.set(node.id, link);
      for (const probe of linkProbes(link)) sim.probes.add(probe);
      return link;
    };

    // Build top-down so a parent exists before its children attach.
    const build = (node: NodeSpec, home: { rootComplex: RootComplex; port: number } | undefined): void => {
      if (node.type === "root-port") {
        const rc = this.rootComplexes.get(node.hostBridge)!; // assertTopology: every root port's host bridge exists
        const kids = this.children.get(node.id) ?? [];
        for (const child of kids) {
          const port = rc.attachRootPort(node.id, linkTo(child, creditsOf(node)));
          sim.probes.add(serverProbe(rc.p2pEngineOf(port), { resource: `${rc.params.name} p2p -> ${node.id}`, kind: "p2p-engine", device: rc.params.name, direction: node.id }));
          build(child, { rootComplex: rc, port });
        }
        return;
      }
      this.homes.set(node.id, home!);
      if (node.type === "endpoint") {
        const bar = this.bars.get(node.id);
        const endpoint = new Endpoint(sim, {
          name: node.id,
          requester: this.requesters.get(node.id)!,
          mps: this.mps,
          mrrs: node.dma.mrrs,
          tags: node.dma.tags,
          tlpRate: node.dma.tlpRate,
          rcb,
          ...(node.ats ? { ats: { entries: node.ats.entries, pageBytes: this.hostBridgeFor(home!.rootComplex).iommu.iotlb.pageBytes } } : {}),
          ...(bar && node.bar ? { bar: { base: bar[0], ...node.bar } } : {}),
        }, this.links.get(node.id)!, { lateArrivals: options.lateArrivals ?? true });
        this.endpoints.set(node.id, endpoint);
        if (node.media) this.medias.set(node.id, new Media(node.id, node.media, sim.random));
        this.probeDevice(endpoint);
        this.requesterHomes.set(endpoint.params.requester, home!);
        return;
      }
      const sw = new Switch(sim, { name: node.id, latencyPs: node.latencyPs, lateArrivals: options.lateArrivals ?? true });
      sw.attachUpstream(this.links.get(node.id)!);
      this.switches.set(node.id, sw);
      for (const child of this.children.get(node.id) ?? []) {
        sw.attachDownstream(linkTo(child, creditsOf(node)), this.claimsBelow(child), acsOf(node));
        build(child, home);
      }
    };
    for (const node of simulated) if (node.type === "root-port") build(node, undefined);
    this.probeHost();
  }

  /** Registers the probes of an endpoint's media and BAR memory. */
  private probeDevice(endpoint: Endpoint): void {
    const id = endpoint.params.name;
    const media = this.medias.get(id);
    const names = media?.servers.length === 2 ? ["read", "write"] : ["shared"];
    media?.servers.forEach((server, i) => this.sim.probes.add(serverProbe(server, { resource: `${id} media ${names[i]}`, kind: "media", device: id, direction: names[i]! })));
    if (endpoint.barServer) this.sim.probes.add(serverProbe(endpoint.barServer, { resource: `${id} bar`, kind: "bar", device: id }));
    // Writes into the BAR and completions handed over late are booked before a sample reads them.
    this.sim.probes.settleWith(() => endpoint.link.down.bookDue());
  }

  /** Registers the probes of DRAM, the interconnect and the host bridges' internal fabrics and shared P2P limits. */
  private probeHost(): void {
    const add = this.sim.probes.add.bind(this.sim.probes);
    for (const [socket, server] of this.memories) add(serverProbe(server, { resource: `${socket} dram`, kind: "dram", device: socket }));
    for (const [key, server] of this.interconnects) add(serverProbe(server, { resource: `interconnect ${key.replace(">", " -> ")}`, kind: "interconnect", device: "interconnect", direction: key }));
    for (const [id, rc] of this.rootComplexes) {
      add(serverProbe(rc.fabric, { resource: `${id} fabric`, kind: "rc-fabric", device: id }));
      if (rc.p2pShared) add(serverProbe(rc.p2pShared, { resource: `${id} p2p shared`, kind: "p2p-engine", device: id }));
    }
  }

  private hostBridgeFor(rc: RootComplex) {
    return this.topology.hostBridges.find((hb) => hb.id === rc.params.name)!;
  }

  /** The media of endpoint `id` as a source (`produce`) or a destination (`consume`) of data, or undefined. */
  media(id: string, role: "produce" | "consume"): Stage | undefined {
    return this.medias.get(id)?.[role];
  }

  /** Bus address of socket `id`'s DRAM. */
  dramBase(socket: string): number {
    const index = this.topology.sockets.findIndex((s) => s.id === socket);
    if (index < 0) throw new Error(`unknown socket ${socket}`);
    return (index + 1) * DRAM_STRIDE;
  }

  /** Bus address of an endpoint's BAR, or undefined if it has none. */
  barBase(endpoint: string): number | undefined {
    return this.bars.get(endpoint)?.[0];
  }

  requesterOf(endpoint: string): number {
    const id = this.requesters.get(endpoint);
    if (id === undefined) throw new Error(`unknown endpoint ${endpoint}`);
    return id;
  }

  resolve(address: number): ReturnType<FabricDirectory["resolve"]> {
    if (address < BAR_BASE) {
      const places = this.dramPlaces ?? (this.dramPlaces = this.topology.sockets.map((socket, index) => ({ kind: "dram" as const, socket: socket.id, index })));
      return places[Math.floor(address / DRAM_STRIDE) - 1];
    }
    const bars = this.barTable ?? (this.barTable = [...this.bars].map(([id, [base, end]]) => ({ base, end, place: { kind: "bar" as const, ...this.homes.get(id)! } })));
    for (let i = 0; i < bars.length; i++) {
      const bar = bars[i]!;
      if (address >= bar.base && address < bar.end) return bar.place;
    }
    return undefined;
  }

  requesterHome(id: number): ReturnType<FabricDirectory["requesterHome"]> {
    return this.requesterHomes.get(id);
  }

  memory(socket: string): Server {
    return this.memories.get(socket)!;
  }

  interconnect(from: string, to: string): Server {
    const server = this.interconnects.get(`${from}>${to}`);
    if (server === undefined) throw new Error(`no interconnect from ${from} to ${to}`);
    return server;
  }

  mesh(from: string, to: string): Server {
    const key = `${from}>${to}`;
    let server = this.meshes.get(key);
    if (server === undefined) {
      const socket = this.topology.hostBridges.find((hb) => hb.id === from)?.socket;
      const spec = this.topology.sockets.find((s) => s.id === socket);
      if (spec === undefined) throw new Error(`no socket for host bridge ${from}`);
      server = new Server({ bandwidthGBps: spec.mesh.bandwidthGBps, latencyPs: spec.mesh.latencyPs });
      this.meshes.set(key, server);
      this.sim.probes.add(serverProbe(server, { resource: `${spec.id} mesh ${from} -> ${to}`, kind: "mesh", device: spec.id, direction: key }));
    }
    return server;
  }

  /** BAR windows and requester IDs of everything at or below `node`. */
  private claimsBelow(node: NodeSpec): PortClaims {
    const windows: Array<[number, number]> = [];
    const requesters = new Set<number>();
    const visit = (n: NodeSpec): void => {
      const bar = this.bars.get(n.id);
      if (bar) windows.push(bar);
      const id = this.requesters.get(n.id);
      if (id !== undefined) requesters.add(id);
      for (const child of this.children.get(n.id) ?? []) visit(child);
    };
    visit(node);
    return { windows, requesters };
  }
}

const NO_ACS: AcsSpec = { capable: false, requestRedirect: false, completionRedirect: false, egressControl: false, directTranslated: false };
