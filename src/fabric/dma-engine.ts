/**
 * An endpoint's DMA engine: it turns transfers into TLPs on its upstream link. Writes become MWr
 * TLPs cut at MPS; reads become MRd TLPs cut at MRRS, each holding a tag until all its completions
 * are back, so at most `tags` reads are outstanding (PCIe Base Spec r5.0 section 2.2.6.2; 8-bit tags
 * give 256, 10-bit tags up to 768).
 *
 * The engine has DMA queues (a NIC's or an SSD's submission queues): transfers in one queue are
 * served in order, queues take turns TLP by TLP, so a queue stalled on a full link or on tags does
 * not hold up another. It offers a TLP only when the egress queue has room, and waits to be told
 * otherwise; it pulls its next transfer only when it needs one, so nothing grows with bytes moved.
 * Optional: its own TLP-rate limit, and ATS (a translation cache; see `atc`).
 */
import type { Simulator } from "../sim/simulator.js";
import { Fifo } from "../sim/fifo.js";
import { double } from "../sim/double.js";
import { Occupancy, occupancyProbe } from "../sim/probe.js";
import type { LinkDirection, TlpReceiver } from "../pcie/link.js";
import { FcClass, TlpKind, memoryRead, memoryWrite, nextRequestEnd, translationRequest, type Tlp } from "../pcie/tlp.js";
import type { PayloadSize } from "../pcie/spec.js";
import type { TranslationCache } from "./translation-cache.js";

export type DmaDirection = "read" | "write";

export interface DmaTransfer {
  op: DmaDirection;
  /** Target address (bytes). */
  address: number;
  bytes: number;
  /** DMA queue (default 0). */
  queue?: number;
  /**
   * Called when a write's last TLP is handed to the link, or a read's last byte has arrived; the
   * start is when the transfer's first TLP was handed to the link.
   */
  onDone?: (transfer: DmaTransfer, startPs: number, endPs: number) => void;
  /** For writes: called by whatever stores the data (DRAM, a BAR) as each piece lands, with when it is stored. */
  onDelivered?: (bytes: number, atPs: number) => void;
}

/** Tells the transfer a written TLP belongs to that its payload is stored at `atPs`. */
export function delivered(tlp: Tlp, atPs: number): void {
  (tlp.context as DmaTransfer | null | undefined)?.onDelivered?.(tlp.payloadBytes, atPs);
}

export interface DmaEngineParams {
  name: string;
  /** Requester ID (bus/device/function) stamped on requests. */
  requester: number;
  mps: PayloadSize;
  mrrs: PayloadSize;
  /** Outstanding non-posted requests allowed (1..768). */
  tags: number;
  /** Most TLPs the engine issues per second (its own processing limit); default no limit. */
  tlpRate?: number;
  /**
   * ATS: the device's translation cache (ATC), keyed by page number of the host's IOMMU page size.
   * A request whose page is cached goes out translated (skipping the IOTLB, and past ACS with
   * Direct Translated P2P); otherwise the engine first sends a Translation Request and waits.
   */
  atc?: TranslationCache;
  /** ECRC on every TLP (4 B more each). */
  ecrc?: boolean;
}

export interface DmaEngineStats {
  writeTlps: number;
  readTlps: number;
  completionTlps: number;
  bytesWritten: number;
  bytesRead: number;
  /** Most tags ever in use at once. */
  maxTagsInUse: number;
  /** ATS Translation Requests answered. */
  translations: number;
}

/** A read transfer while its requests are out. */
interface ActiveRead {
  transfer: DmaTransfer;
  startPs: number;
  /** Requests still outstanding, plus one while the transfer is still issuing requests. */
  pending: number;
}

/** One DMA queue: its transfers and where the one at its head has got to. */
class DmaQueue {
  readonly transfers = new Fifo<DmaTransfer>();
  source: (() => DmaTransfer | undefined) | undefined = undefined;
  current: DmaTransfer | undefined = undefined;
  read: ActiveRead | undefined = undefined;
  startPs = double(0);
  cursor = double(0);
}

/** Why a queue could not issue: the class whose egress space it waits for, or another cause. */
const Blocked = { none: -1, tags: 3, rate: 4, translation: 5, empty: 6 } as const;

export class DmaEngine implements TlpReceiver {
  readonly stats: DmaEngineStats = { writeTlps: 0, readTlps: 0, completionTlps: 0, bytesWritten: double(0), bytesRead: double(0), maxTagsInUse: 0, translations: 0 };
  /** Probe: called for every completion's payload as it arrives. */
  onReadData: ((bytes: number, timePs: number) => void) | undefined = undefined;

  private readonly queues: DmaQueue[] = [];
  private readonly queueIndex = new Map<number, DmaQueue>();
  private turn = 0;
  /** Tags in use over time, for the probes (fabric/probes.ts). */
  readonly tagLevel: Occupancy;
  /** Free tags, as a stack (which tag a request gets does not matter to timing). */
  private readonly freeTags: number[] = [];
  private readonly tagBytesLeft: number[];
  /** End (exclusive) of the bytes each outstanding read asked for: its last completion ends there. */
  private readonly tagEnd: number[];
  private readonly tagRead: (ActiveRead | undefined)[];
  /** Tags held by Translation Requests. */
  private readonly tagTranslation: boolean[];
  /** Page whose translation is being fetched (ATS), or -1. */
  private translatingPage = -1;
  private readonly waitingForSpace = [false, false, false];
  private pumping = false;
  private readonly tlpIntervalPs: number;
  private nextIssueExact = 0;
  private rateWaitPending = false;

  constructor(
    private readonly sim: Simulator,
    readonly params: DmaEngineParams,
    /** The link direction this engine transmits on (its upstream link's `up`). */
    private readonly tx: LinkDirection,
  ) {
    for (let tag = params.tags - 1; tag >= 0; tag--) this.freeTags.push(tag);
    this.tagLevel = new Occupancy(params.tags);
    sim.probes.add(occupancyProbe(this.tagLevel, { resource: `${params.name} tags`, kind: "tags", device: params.name, opsUnit: "reads" }));
    this.tagBytesLeft = new Array<number>(params.tags).fill(0);
    this.tagEnd = new Array<number>(params.tags).fill(0);
    this.tagRead = new Array<ActiveRead | undefined>(params.tags).fill(undefined);
    this.tagTranslation = new Array<boolean>(params.tags).fill(false);
    const rate = params.tlpRate ?? Infinity;
    this.tlpIntervalPs = rate === Infinity ? 0 : 1e12 / rate;
  }

  /** Tags currently held by outstanding requests. */
  get tagsInUse(): number {
    return this.params.tags - this.freeTags.length;
  }

  /** Queues a transfer on its DMA queue; a queue's transfers run in submission order. */
  submit(transfer: DmaTransfer): void {
    this.queue(transfer.queue ?? 0).transfers.push(transfer);
    this.pump();
  }

  /**
   * Sets a source that DMA queue `queue` pulls its next transfer from once its submitted ones are
   * done, so a long stream needs no queue of its own (`undefined` from the source: nothing more for now).
   */
  feed(source: () => DmaTransfer | undefined, queue = 0): void {
    this.queue(queue).source = source;
    this.pump();
  }

  /**
   * True when a completion acts: it ends its read, is a Translation Completion, or `onReadData`
   * watches. Any other only books credits and bytes; its read acts at its last completion.
   */
  completionActs(tlp: Tlp): boolean {
    const tag = tlp.tag;
    return this.tagTranslation[tag]! || this.onReadData !== undefined || tlp.address + tlp.payloadBytes >= this.tagEnd[tag]!;
  }

  /** A completion arrived at `atPs` (now, or earlier for one that does not end its read). */
  receive(tlp: Tlp, from: LinkDirection, atPs: number): void {
    if (tlp.kind !== TlpKind.CplD) this.notACompletion(tlp);
    from.release(tlp, atPs);
    const tag = tlp.tag;
    if (this.tagTranslation[tag]) {
      // A Translation Completion: cache the page and carry on.
      this.tagTranslation[tag] = false;
      this.freeTags.push(tag);
      this.tagLevel.add(this.sim.now, -1);
      this.params.atc!.insert(this.translatingPage);
      this.translatingPage = -1;
      this.stats.translations++;
      this.pump();
      return;
    }
    const stats = this.stats;
    stats.completionTlps++;
    stats.bytesRead += tlp.payloadBytes;
    this.onReadData?.(tlp.payloadBytes, atPs);
    const left = (this.tagBytesLeft[tag] = this.tagBytesLeft[tag]! - tlp.payloadBytes);
    if (left > 0) return;
    const read = this.tagRead[tag]!;
    this.tagRead[tag] = undefined;
    this.freeTags.push(tag);
    this.tagLevel.add(atPs, -1);
    if (--read.pending === 0) read.transfer.onDone?.(read.transfer, read.startPs, atPs);
    this.pump();
  }

  private notACompletion(tlp: Tlp): never {
    throw new Error(`${this.params.name}: a ${tlp.kind === TlpKind.MWr ? "MWr" : "MRd"} reached a DMA engine, which has no BAR memory to serve it`);
  }

  private queue(index: number): DmaQueue {
    let queue = this.queueIndex.get(index);
    if (queue === undefined) {
      queue = new DmaQueue();
      this.queueIndex.set(index, queue);
      this.queues.push(queue);
    }
    return queue;
  }

  /** Issues as many TLPs as queue space, tags and the rate allow, queues taking turns. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const queues = this.queues;
      let idle = 0;
      while (idle < queues.length) {
        const queue = queues[this.turn]!;
        if (++this.turn === queues.length) this.turn = 0;
        const blocked = this.issueOne(queue);
        if (blocked === Blocked.none) idle = 0;
        else if (blocked === Blocked.rate) break;
        else idle++;
      }
    } finally {
      this.pumping = false;
    }
  }

  private readonly onSpace = [0, 1, 2].map((cls) => (): void => {
    this.waitingForSpace[cls] = false;
    this.pump();
  });

  private waitForSpace(cls: FcClass): number {
    if (!this.waitingForSpace[cls]) {
      this.waitingForSpace[cls] = true;
      this.tx.whenSpace(cls, this.onSpace[cls]!);
    }
    return cls;
  }

  /** Issues the next TLP of `queue`; returns Blocked.none, or why it could not. */
  private issueOne(queue: DmaQueue): number {
    let transfer = queue.current;
    if (transfer === undefined) {
      transfer = queue.transfers.length > 0 ? queue.transfers.shift() : queue.source?.();
      if (transfer === undefined) return Blocked.empty;
      queue.current = transfer;
      queue.cursor = transfer.address;
      queue.read = transfer.op === "read" ? { transfer, startPs: NaN, pending: 1 } : undefined;
    }
    if (this.tlpIntervalPs > 0 && this.rateLimited()) return Blocked.rate;
    const { mps, mrrs, requester, ecrc, atc } = this.params;
    const end = transfer.address + transfer.bytes;
    const address = queue.cursor;
    const first = address === transfer.address;
    if (transfer.op === "write") {
      if (!this.tx.hasSpace(FcClass.P)) return this.waitForSpace(FcClass.P);
      if (atc !== undefined && !this.translated(atc, address)) return Blocked.translation;
      const pieceEnd = nextRequestEnd(address, end, mps);
      if (first) queue.startPs = this.sim.now;
      queue.cursor = pieceEnd;
      this.stats.writeTlps++;
      this.stats.bytesWritten += pieceEnd - address;
      if (pieceEnd === end) queue.current = undefined;
      this.bookIssueSlot();
      const tlp = memoryWrite(address, pieceEnd - address, requester, transfer, ecrc);
      tlp.translated = atc !== undefined;
      this.tx.offer(tlp);
      if (pieceEnd === end) transfer.onDone?.(transfer, queue.startPs, this.sim.now);
      return Blocked.none;
    }
    if (this.freeTags.length === 0) return Blocked.tags; // a completion will free one and pump again
    if (!this.tx.hasSpace(FcClass.NP)) return this.waitForSpace(FcClass.NP);
    if (atc !== undefined && !this.translated(atc, address)) return Blocked.translation;
    const pieceEnd = nextRequestEnd(address, end, mrrs);
    const tag = this.freeTags.pop()!;
    this.tagLevel.add(this.sim.now, 1);
    const read = queue.read!;
    if (first) read.startPs = this.sim.now;
    this.tagBytesLeft[tag] = pieceEnd - address;
    this.tagEnd[tag] = pieceEnd;
    this.tagRead[tag] = read;
    read.pending++;
    queue.cursor = pieceEnd;
    this.stats.readTlps++;
    if (this.tagsInUse > this.stats.maxTagsInUse) this.stats.maxTagsInUse = this.tagsInUse;
    if (pieceEnd === end) {
      queue.current = undefined;
      queue.read = undefined;
      if (--read.pending === 0) transfer.onDone?.(transfer, read.startPs, this.sim.now);
    }
    this.bookIssueSlot();
    const tlp = memoryRead(address, pieceEnd - address, requester, tag, read, ecrc);
    tlp.translated = atc !== undefined;
    this.tx.offer(tlp);
    return Blocked.none;
  }

  /**
   * ATS: true when the page of `address` is in the device's translation cache. Otherwise sends a
   * Translation Request for it (one at a time, holding a tag) and returns false; the engine
   * resumes when the Translation Completion arrives.
   */
  private translated(atc: TranslationCache, address: number): boolean {
    const page = atc.pageOf(address);
    if (this.translatingPage === page) return false;
    if (atc.lookup(page)) return true;
    if (this.translatingPage >= 0 || this.freeTags.length === 0) return false;
    if (!this.tx.hasSpace(FcClass.NP)) {
      this.waitForSpace(FcClass.NP);
      return false;
    }
    const tag = this.freeTags.pop()!;
    this.tagLevel.add(this.sim.now, 1);
    this.tagTranslation[tag] = true;
    this.translatingPage = page;
    this.tx.offer(translationRequest(address, this.params.requester, tag, null));
    return false;
  }

  private bookIssueSlot(): void {
    if (this.tlpIntervalPs === 0) return;
    const now = this.sim.now;
    this.nextIssueExact = (this.nextIssueExact > now - this.tlpIntervalPs ? this.nextIssueExact : now) + this.tlpIntervalPs;
  }

  /** True (and a wake-up scheduled) when the engine's TLP rate does not allow a TLP yet. */
  private rateLimited(): boolean {
    if (this.nextIssueExact <= this.sim.now) return false;
    if (!this.rateWaitPending) {
      this.rateWaitPending = true;
      this.sim.at(Math.ceil(this.nextIssueExact), () => {
        this.rateWaitPending = false;
        this.pump();
      });
    }
    return true;
  }
}
