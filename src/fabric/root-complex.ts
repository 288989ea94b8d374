/**
 * A root complex (one host bridge): root ports, an internal fabric, the IOMMU on the way in, the
 * memory controller of its socket, and a P2P engine that forwards TLPs between root ports.
 *
 * Upstream requests arrive at a root port and wait there (holding the port's credits) while the
 * IOMMU translates them; posted writes leave translation in order, reads may overtake. Then:
 * - to DRAM: the internal fabric, the socket interconnect if the memory is remote, and the memory
 *   channel; reads are answered by the completer on the port they came in by. Across the
 *   interconnect, device traffic gets a fraction of its bandwidth (`ioWriteEfficiency`,
 *   `ioReadEfficiency`), and reads are cut into 64 B lines that each hold one of `remoteReads`
 *   trackers until their data is back, so remote reads run at most trackers x 64 B / round trip.
 * - to a peer's BAR: if the host bridge forwards that kind (`p2p.reads`, `p2p.writes`), through
 *   its shared P2P capacity and the target host bridge's (if any: each P2P byte once per host
 *   bridge it passes), across the socket's mesh (another host bridge of the socket) or the
 *   interconnect (another socket), then the P2P engine of the target root port (one per root
 *   port: each direction of a transfer has its own), re-cut into the target host bridge's
 *   `p2p.tlpBytes` pieces (64 B on Intel). Completions of P2P reads come back the same way.
 * Stages are FIFO servers (bandwidth, latency); credits return when the last stage takes a TLP,
 * so a slow memory or P2P engine pushes back into the fabric. A P2P TLP the host bridge does not
 * forward is an error: the workload layer refuses such paths before simulating them.
 */
import type { Simulator } from "../sim/simulator.js";
import { Fifo } from "../sim/fifo.js";
import { double } from "../sim/double.js";
import { DelayLine } from "../sim/delay-line.js";
import type { Link, LinkDirection } from "../pcie/link.js";
import type { ArrivalGroup } from "../pcie/arrival-group.js";
import { FcClass, TlpKind, completion, memoryWrite, type Tlp } from "../pcie/tlp.js";
import type { PayloadSize, RcbSize } from "../pcie/spec.js";
import type { HostBridgeP2pSpec } from "./topology.js";
import { IngressPort, type IngressOwner } from "./ingress-port.js";
import type { TlpOutlet } from "./outlet.js";
import { Server } from "./server.js";
import { Completer } from "./completer.js";
import { delivered } from "./dma-engine.js";
import { TrackerPool } from "./trackers.js";

/** Anything that translates DMA addresses (the IOMMU): calls `done` when the translation is ready. */
export interface Translator {
  translate(requester: number, address: number, done: () => void): void;
}

/** Where an address or a requester lives, as the fabric builder laid it out. */
export interface FabricDirectory {
  /** The DRAM of a socket, or the root port above a peer's BAR, that `address` belongs to. */
  resolve(address: number): { kind: "dram"; socket: string; /** The socket's index in the topology. */ index: number } | { kind: "bar"; rootComplex: RootComplex; port: number } | undefined;
  /** The root complex and root port above requester `id`. */
  requesterHome(id: number): { rootComplex: RootComplex; port: number } | undefined;
  /** A socket's memory channel. */
  memory(socket: string): Server;
  /** The interconnect direction from one socket to another. */
  interconnect(from: string, to: string): Server;
  /** The socket mesh from one host bridge to another of the same socket. */
  mesh(from: string, to: string): Server;
  /** What the interconnect gives device writes and read data (fractions of its bandwidth). */
  readonly ioEfficiency: { write: number; read: number };
}

export interface RootComplexParams {
  name: string;
  socket: string;
  /** Outstanding 64 B reads to another socket's memory (Infinity: no limit). */
  remoteReads?: number;
  fabric: { latencyPs: number; bandwidthGBps: number };
  p2p: HostBridgeP2pSpec;
  mps: PayloadSize;
  rcb: RcbSize;
  /** Largest completion payload for DRAM reads (default MPS). */
  completionBytes?: number;
}

export interface RootComplexStats {
  /** ATS Translation Requests answered. */
  translationRequests: number;
  p2pTlps: number;
  p2pBytes: number;
  dramWriteBytes: number;
  dramReadBytes: number;
}

interface PostedSlot {
  tlp: Tlp;
  translated: boolean;
}

export class RootComplex implements IngressOwner {
  readonly stats: RootComplexStats = { translationRequests: 0, p2pTlps: 0, p2pBytes: double(0), dramWriteBytes: double(0), dramReadBytes: double(0) };
  readonly fabric: Server;
  /** All P2P data through this host bridge, in or out, every direction together, each byte once (when it has such a limit). */
  readonly p2pShared: Server | undefined;
  /** The P2P engine towards each root port: P2P data leaving by that port. */
  private readonly p2pEngines: Server[] = [];
  private readonly remoteTrackers: TrackerPool | undefined;
  private readonly completer: Completer;
  private readonly ports: IngressPort[] = [];
  private readonly egress: LinkDirection[] = [];
  private readonly postedInTranslation: Fifo<PostedSlot>[] = [];
  /** Arrival time of a TLP taken after it arrived (NaN otherwise): the DRAM outlet books as of it. */
  private arrivalPs = NaN;
  private directory!: FabricDirectory;
  private translator: Translator | undefined = undefined;
  private group: ArrivalGroup | undefined = undefined;

  constructor(
    private readonly sim: Simulator,
    readonly params: RootComplexParams,
  ) {
    this.fabric = new Server(params.fabric);
    const shared = params.p2p.sharedBandwidthGBps;
    this.p2pShared = Number.isFinite(shared) ? new Server({ bandwidthGBps: shared, latencyPs: 0 }) : undefined;
    const trackers = params.remoteReads ?? Infinity;
    this.remoteTrackers = Number.isFinite(trackers) ? new TrackerPool(trackers) : undefined;
    this.completer = new Completer(sim, { name: params.name, mps: params.mps, rcb: params.rcb, ...(params.completionBytes ? { completionBytes: params.completionBytes } : {}) });
  }

  /**
   * Wires the fabric's address map and, when the IOMMU translates, the translator. With `group`
   * (the fabric's root ports together) and no translator, root ports take DRAM writes that only
   * book late.
   */
  connect(directory: FabricDirectory, translator: Translator | undefined, group?: ArrivalGroup): void {
    this.directory = directory;
    this.translator = translator;
    this.group = translator === undefined ? group : undefined;
  }

  /** Attaches the link of a root port's child; returns the port's index. */
  attachRootPort(name: string, link: Link): number {
    const index = this.ports.length;
    const port = new IngressPort(name, this, index, link.up);
    const group = this.group;
    if (group === undefined) link.up.receiver = port;
    else link.up.attach(port, { onlyBooks: (tlp) => this.onlyBooks(tlp), group });
    this.ports.push(port);
    this.egress.push(link.down);
    this.postedInTranslation.push(new Fifo<PostedSlot>());
    this.p2pEngines.push(new Server({ bandwidthGBps: this.params.p2p.bandwidthGBps, latencyPs: this.params.p2p.latencyPs }));
    return index;
  }

  /** The egress (towards the device) of root port `index`. */
  egressOf(index: number): LinkDirection {
    return this.egress[index]!;
  }

  /** The P2P engine forwarding data out of root port `index`. */
  p2pEngineOf(index: number): Server {
    return this.p2pEngines[index]!;
  }

  /** The P2P engines, by root port index. */
  get p2pEngineList(): readonly Server[] {
    return this.p2pEngines;
  }

  /**
   * True when an arrival only books (a root port attached with late arrivals): a posted write into
   * DRAM that does not end its transfer, with no IOMMU to translate it. Taken late, it books DRAM as
   * of its arrival; should a write to a peer's BAR be blocked ahead of it in the port's posted
   * queue, it joins the queue as it would have, and leaves when the queue moves (whatever moves it
   * books the fabric, which hands it over first).
   */
  private onlyBooks(tlp: Tlp): boolean {
    if (tlp.kind !== TlpKind.MWr || this.directory.resolve(tlp.address)?.kind !== "dram") return false;
    const transfer = tlp.context as { address?: unknown; bytes?: number } | null | undefined;
    return typeof transfer?.address === "number" && tlp.address + tlp.payloadBytes < transfer.address + transfer.bytes!;
  }

  admit(tlp: Tlp, port: IngressPort, atPs: number): void {
    const translator = this.translator;
    if (tlp.translationRequest) return this.answerTranslation(tlp, port);
    if (atPs !== this.sim.now) {
      // Taken after it arrived (a DRAM write that only books): its outlet books as of its arrival.
      this.arrivalPs = atPs;
      port.ready(tlp);
      this.arrivalPs = NaN;
      return;
    }
    if (tlp.kind === TlpKind.CplD || translator === undefined || tlp.translated) return port.ready(tlp);
    if (tlp.kind === TlpKind.MRd) return translator.translate(tlp.requester, tlp.address, () => port.ready(tlp));
    // Posted writes keep their order through translation.
    const slot: PostedSlot = { tlp, translated: false };
    const inOrder = this.postedInTranslation[port.index]!;
    inOrder.push(slot);
    translator.translate(tlp.requester, tlp.address, () => {
      slot.translated = true;
      while (inOrder.length > 0 && inOrder.peek()!.translated) port.ready(inOrder.shift().tlp);
    });
  }

  /**
   * ATS: the IOMMU looks the page up (walking if it must) and the root complex answers with an
   * 8 B Translation Completion; the request is consumed here, never forwarded.
   */
  private answerTranslation(tlp: Tlp, port: IngressPort): void {
    const answer = (): void => {
      port.from.release(tlp);
      this.stats.translationRequests++;
      this.completer.complete(tlp, this.sim.now + this.params.fabric.latencyPs, port.from.reverse);
    };
    if (this.translator === undefined) answer();
    else this.translator.translate(tlp.requester, tlp.address, answer);
  }

  route(tlp: Tlp, port: IngressPort): TlpOutlet {
    if (tlp.kind === TlpKind.CplD) {
      const home = this.directory.requesterHome(tlp.requester);
      if (home === undefined) throw new Error(`${this.params.name}: completion for unknown requester 0x${tlp.requester.toString(16)}`);
      return this.p2pOutlet(home.rootComplex, home.port);
    }
    const place = this.directory.resolve(tlp.address);
    if (place === undefined) throw new Error(`${this.params.name}: no memory or BAR at address 0x${tlp.address.toString(16)} (from ${port.name})`);
    if (place.kind === "dram") return this.dramOutlet(place.socket, place.index, port);
    return this.p2pOutlet(place.rootComplex, place.port);
  }

  /** DRAM outlets by root port, then socket index (looked up for every TLP: arrays, no keys hashed). */
  private readonly dramOutlets: Array<Array<TlpOutlet | undefined>> = [];

  /** DRAM of `socket` (index `socketIndex`), reached through the fabric (and the interconnect if remote). */
  private dramOutlet(socket: string, socketIndex: number, port: IngressPort): TlpOutlet {
    const bySocket = this.dramOutlets[port.index] ?? (this.dramOutlets[port.index] = []);
    let outlet = bySocket[socketIndex];
    if (outlet !== undefined) return outlet;
    const memory = this.directory.memory(socket);
    const remote = socket !== this.params.socket;
    const there = remote ? this.directory.interconnect(this.params.socket, socket) : undefined;
    const back = remote ? this.directory.interconnect(socket, this.params.socket) : undefined;
    const { write: writeEfficiency, read: readEfficiency } = this.directory.ioEfficiency;
    const therePsPerByte = there === undefined ? 0 : there.psPerByte / writeEfficiency;
    const backPsPerByte = back === undefined ? 0 : back.psPerByte / readEfficiency;
    const trackers = remote ? this.remoteTrackers : undefined;
    const replyTo = port.from.reverse;
    outlet = {
      hasSpace: () => true,
      whenSpace: (_cls, callback) => callback(),
      push: (tlp) => {
        const bytes = tlp.kind === TlpKind.MWr ? tlp.payloadBytes : tlp.lengthBytes;
        const now = this.arrivalPs === this.arrivalPs ? this.arrivalPs : this.sim.now;
        let t = this.fabric.take(tlp.kind === TlpKind.MWr ? bytes : 0, now);
        if (tlp.kind === TlpKind.MWr) {
          if (there) t = there.take(bytes, t, therePsPerByte);
          memory.take(bytes, t);
          this.stats.dramWriteBytes += bytes;
          delivered(tlp, memory.lastEndPs);
          return memory.lastStartPs;
        }
        this.stats.dramReadBytes += bytes;
        if (trackers !== undefined) return this.remoteRead(tlp, t, there!, memory, back!, backPsPerByte, trackers, replyTo);
        if (there) t = there.take(0, t);
        let ready = memory.take(bytes, t);
        const taken = memory.lastStartPs;
        if (back) ready = back.take(bytes, ready, backPsPerByte);
        this.completer.complete(tlp, ready + this.params.fabric.latencyPs, replyTo);
        return taken;
      },
    };
    bySocket[socketIndex] = outlet;
    return outlet;
  }

  /**
   * A read of remote memory, as the host bridge's remote read trackers carry it: 64 B lines, each
   * waiting for a tracker, crossing, reading memory and coming back, holding the tracker until its
   * data is back. The completions go out when the last line is back.
   */
  private remoteRead(tlp: Tlp, atPs: number, there: Server, memory: Server, back: Server, backPsPerByte: number, trackers: TrackerPool, replyTo: LinkDirection): number {
    let ready = 0;
    let first = -1;
    for (let offset = 0; offset < tlp.lengthBytes; offset += LINE_BYTES) {
      const bytes = Math.min(LINE_BYTES, tlp.lengthBytes - offset);
      const start = trackers.start(atPs);
      if (first < 0) first = start;
      const read = memory.take(bytes, there.take(0, start));
      const returned = back.take(bytes, read, backPsPerByte);
      trackers.hold(returned);
      if (returned > ready) ready = returned;
    }
    this.completer.complete(tlp, ready + this.params.fabric.latencyPs, replyTo);
    // The request leaves the root port's buffer when its first line has a tracker.
    return Math.ceil(first);
  }

  /** P2P paths by target root complex, then its root port. */
  private readonly p2pOutlets = new Map<RootComplex, TlpOutlet[]>();

  /** The root port `index` of `target` (this or another root complex), through the P2P engine. */
  private p2pOutlet(target: RootComplex, index: number): TlpOutlet {
    let byPort = this.p2pOutlets.get(target);
    if (byPort === undefined) this.p2pOutlets.set(target, (byPort = []));
    let outlet = byPort[index];
    if (outlet === undefined) outlet = byPort[index] = new P2pPath(this.sim, this, target, index, this.crossingTo(target));
    return outlet;
  }

  /** What P2P data crosses to reach `target`: the interconnect (another socket), the socket's mesh (another host bridge of it), or nothing. */
  private crossingTo(target: RootComplex): Crossing | undefined {
    if (target.params.socket !== this.params.socket) {
      const server = this.directory.interconnect(this.params.socket, target.params.socket);
      const { write, read } = this.directory.ioEfficiency;
      return { server, writePsPerByte: server.psPerByte / write, readPsPerByte: server.psPerByte / read };
    }
    if (target === this) return undefined;
    const server = this.directory.mesh(this.params.name, target.params.name);
    return { server, writePsPerByte: server.psPerByte, readPsPerByte: server.psPerByte };
  }

  /** Throws when this host bridge does not forward `tlp`'s kind peer to peer. */
  checkPolicy(tlp: Tlp): void {
    const { reads, writes } = this.params.p2p;
    const allowed = tlp.kind === TlpKind.MWr ? writes : reads;
    if (!allowed) {
      const what = tlp.kind === TlpKind.MWr ? "writes" : "reads";
      throw new Error(`${this.params.name}: this host bridge does not forward peer-to-peer ${what} between root ports`);
    }
  }
}

/** A crossing between host bridges, with the service time per byte of the data that crosses it. */
interface Crossing {
  server: Server;
  writePsPerByte: number;
  readPsPerByte: number;
}

/**
 * The path of peer-to-peer TLPs from one root complex (`rc`, where they came in) to a root port of
 * `target` (the same or another): `rc`'s internal fabric and shared P2P capacity, the crossing to
 * `target` if any, and the P2P engine of the target root port, which pipelines TLPs in its own
 * buffer (room for twice its rate x latency, so it can run at its rate) and hands them, re-cut
 * into the target's TLP size, to the root port's egress as that has room. A full pipeline pushes
 * back into the ingress port.
 */
class P2pPath implements TlpOutlet {
  /** TLPs in flight, each a TLP or, re-cut, its pieces (no array for a TLP left whole: one per P2P TLP otherwise). */
  private readonly pipeline: DelayLine<Tlp | Tlp[]>;
  private readonly ready = new Fifo<Tlp>();
  private readonly capacityBytes: number;
  private readonly waiters: Array<() => void> = [];
  private readonly egress: LinkDirection;
  private readonly engine: Server;
  private readonly tlpBytes: number;
  private inFlightBytes = 0;
  private waitingForEgress = false;
  private granted = false;

  constructor(
    private readonly sim: Simulator,
    private readonly rc: RootComplex,
    private readonly target: RootComplex,
    port: number,
    private readonly crossing: Crossing | undefined,
  ) {
    this.egress = target.egressOf(port);
    this.engine = target.p2pEngineOf(port);
    this.tlpBytes = target.params.p2p.tlpBytes;
    // The pipeline holds what is in flight at the path's rate: the engine's, or the egress link's when the engine has no limit.
    const engineGBps = target.params.p2p.bandwidthGBps;
    const rateGBps = Number.isFinite(engineGBps) ? engineGBps : 1000 / this.egress.psPerByte;
    const inFlightPs = target.params.p2p.latencyPs + rc.params.fabric.latencyPs + (crossing?.server.params.latencyPs ?? 0);
    this.capacityBytes = Math.max(4 * rc.params.mps, Math.ceil((2 * rateGBps * inFlightPs) / 1000));
    this.pipeline = new DelayLine<Tlp | Tlp[]>(sim, (pieces) => {
      if (Array.isArray(pieces)) for (const piece of pieces) this.ready.push(piece);
      else this.ready.push(pieces);
      this.drain();
    });
  }

  /** Room for one more TLP, and nobody waiting ahead of the caller (unless it was just woken). */
  hasSpace(): boolean {
    return this.inFlightBytes + this.rc.params.mps <= this.capacityBytes && (this.waiters.length === 0 || this.granted);
  }

  whenSpace(_cls: FcClass, callback: () => void): void {
    this.waiters.push(callback);
  }

  push(tlp: Tlp): number {
    const rc = this.rc;
    rc.checkPolicy(tlp);
    if (this.target !== rc) this.target.checkPolicy(tlp);
    this.granted = false;
    const bytes = tlp.payloadBytes;
    let t = rc.fabric.take(bytes, this.sim.now);
    const taken = rc.fabric.lastStartPs;
    // Both host bridges' shared capacities are booked as the TLP leaves the fabric, side by side:
    // a FIFO server booked out of time order (after the other's queue) would idle between the
    // streams it serves.
    const target = this.target;
    const atShared = t;
    if (rc.p2pShared) t = rc.p2pShared.take(bytes, atShared);
    if (target !== rc && target.p2pShared) t = Math.max(t, target.p2pShared.take(bytes, atShared));
    const crossing = this.crossing;
    if (crossing) t = crossing.server.take(bytes, t, tlp.kind === TlpKind.CplD ? crossing.readPsPerByte : crossing.writePsPerByte);
    t = this.engine.take(bytes, t);
    rc.stats.p2pTlps++;
    rc.stats.p2pBytes += bytes;
    this.inFlightBytes += weight(tlp);
    this.pipeline.add(recut(tlp, this.tlpBytes), t);
    return taken;
  }

  /** Hands ready TLPs to the egress in order while it has room. */
  private drain(): void {
    const egress = this.egress;
    while (this.ready.length > 0) {
      const head = this.ready.peek()!;
      if (!egress.hasSpace(head.kind)) {
        if (!this.waitingForEgress) {
          this.waitingForEgress = true;
          egress.whenSpace(head.kind, () => {
            this.waitingForEgress = false;
            this.drain();
          });
        }
        break;
      }
      this.ready.shift();
      this.inFlightBytes -= weight(head);
      egress.offer(head);
    }
    // Room in the pipeline again: wake the ingress ports waiting now, each once, in turn; a woken
    // port may push one TLP past the others and registers again if it has more.
    for (let turns = this.waiters.length; turns > 0 && this.inFlightBytes + this.rc.params.mps <= this.capacityBytes; turns--) {
      const callback = this.waiters.shift()!;
      this.granted = true;
      callback();
      this.granted = false;
    }
  }
}

/** A cache line: what a remote read tracker fetches. */
const LINE_BYTES = 64;

/** Bytes a TLP takes in the P2P pipeline: its payload, or a header's worth for a request. */
function weight(tlp: Tlp): number {
  return Math.max(tlp.payloadBytes, 16);
}


/** Cuts a write or completion into pieces of at most `bytes` payload (a re-packetizing root complex); a TLP that needs no cut comes back as itself. */
function recut(tlp: Tlp, bytes: number): Tlp | Tlp[] {
  if (tlp.kind === TlpKind.MRd || tlp.payloadBytes <= bytes) return tlp;
  const pieces: Tlp[] = [];
  for (let offset = 0; offset < tlp.payloadBytes; offset += bytes) {
    const size = Math.min(bytes, tlp.payloadBytes - offset);
    const address = tlp.address + offset;
    const piece =
      tlp.kind === TlpKind.MWr
        ? memoryWrite(address, size, tlp.requester, tlp.context)
        : completion(address, size, tlp.requester, tlp.tag, tlp.context);
    piece.translated = tlp.translated;
    pieces.push(piece);
  }
  return pieces;
}
