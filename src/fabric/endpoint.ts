/**
 * A PCIe endpoint on one link: its DMA engine (requests out, completions in) and, optionally, BAR
 * memory that peers target (an NVMe CMB, a GPU BAR): a FIFO server with a bandwidth and a read
 * latency, answering reads through a completer on the endpoint's own link.
 */
import type { Simulator } from "../sim/simulator.js";
import type { Link, LinkDirection, TlpReceiver } from "../pcie/link.js";
import { TlpKind, type Tlp } from "../pcie/tlp.js";
import type { RcbSize } from "../pcie/spec.js";
import { DmaEngine, delivered, type DmaEngineParams, type DmaTransfer } from "./dma-engine.js";
import { Server } from "./server.js";
import { lognormalByMeanP99 } from "../sim/distribution.js";
import { double } from "../sim/double.js";
import { Completer } from "./completer.js";
import { TranslationCache } from "./translation-cache.js";

export interface BarParams {
  /** Bus address of the BAR's first byte. */
  base: number;
  sizeBytes: number;
  /** Read latency (the mean when `latencyP99Ps` is set). */
  latencyPs: number;
  /** 99th percentile of the read latency: each access then draws a lognormal latency. */
  latencyP99Ps?: number;
  bandwidthGBps: number;
}

/** The DMA engine's parameters (but its ATS cache, built from `ats`), and the endpoint's own. */
export interface EndpointParams extends Omit<DmaEngineParams, "atc"> {
  rcb: RcbSize;
  bar?: BarParams;
  /** ATS: a translation cache of `entries` pages of `pageBytes` (the host IOMMU's page size). */
  ats?: { entries: number; pageBytes: number };
}

export class Endpoint implements TlpReceiver {
  readonly dma: DmaEngine;
  /** BAR traffic: bytes written by peers, bytes read by peers. */
  barBytesWritten = double(0);
  barBytesRead = double(0);
  /** Probe: called for every write into the BAR as it arrives. */
  onBarWrite: ((bytes: number, timePs: number, tlp: Tlp) => void) | undefined = undefined;

  /** The BAR memory as a server (read by the probes), when the device has one. */
  readonly barServer: Server | undefined = undefined;
  private readonly completer: Completer | undefined = undefined;

  constructor(
    private readonly sim: Simulator,
    readonly params: EndpointParams,
    /** The link to this endpoint's parent. */
    readonly link: Link,
    /** Off, every arrival has its own event: the results are identical, only slower (kept for tests). */
    options: { lateArrivals?: boolean } = {},
  ) {
    if (options.lateArrivals === false) link.down.receiver = this;
    else link.down.attach(this, { onlyBooks: (tlp) => this.onlyBooks(tlp) });
    const atc = params.ats
      ? new TranslationCache({ entries: params.ats.entries, ways: params.ats.entries, pageBytes: params.ats.pageBytes, name: `${params.name}.atc` })
      : undefined;
    const { rcb: _rcb, bar: _bar, ats: _ats, ...dma } = params;
    this.dma = new DmaEngine(sim, { ...dma, ...(atc ? { atc } : {}) }, link.up);
    if (params.bar) {
      const { bandwidthGBps, latencyPs, latencyP99Ps } = params.bar;
      const latency = latencyP99Ps !== undefined ? { latency: lognormalByMeanP99(latencyPs, latencyP99Ps, sim.random.stream(`bar/${params.name}`)) } : {};
      this.barServer = new Server({ bandwidthGBps, latencyPs, ...latency });
      this.completer = new Completer(sim, { name: params.name, mps: params.mps, rcb: params.rcb, ecrc: params.ecrc ?? false });
    }
  }

  /** True when `address` falls in this endpoint's BAR. */
  owns(address: number): boolean {
    const bar = this.params.bar;
    return bar !== undefined && address >= bar.base && address < bar.base + bar.sizeBytes;
  }

  /**
   * True when an arrival only books time, credits and bytes, and what it belongs to acts only at its
   * last piece: a write into the BAR that does not end its transfer, or a completion that does not
   * end its read (see DmaEngine.completionActs). Reads of the BAR (they answer at once) and watched
   * writes (`onBarWrite`) act.
   */
  onlyBooks(tlp: Tlp): boolean {
    if (tlp.kind === TlpKind.CplD) return !this.dma.completionActs(tlp);
    if (tlp.kind !== TlpKind.MWr || this.onBarWrite !== undefined || !this.owns(tlp.address)) return false;
    const transfer = tlp.context as DmaTransfer | null | undefined;
    return typeof transfer?.address === "number" && tlp.address + tlp.payloadBytes < transfer.address + transfer.bytes;
  }

  receive(tlp: Tlp, from: LinkDirection, atPs: number): void {
    if (tlp.kind === TlpKind.CplD) return this.dma.receive(tlp, from, atPs);
    const server = this.barServer;
    if (server === undefined || !this.owns(tlp.address)) this.outsideBar(tlp);
    if (tlp.kind === TlpKind.MWr) {
      this.write(tlp, from, atPs);
    } else {
      const ready = server.take(tlp.lengthBytes, atPs);
      from.release(tlp, server.lastStartPs);
      this.barBytesRead += tlp.lengthBytes;
      this.completer!.complete(tlp, ready, from.reverse);
    }
  }

  private outsideBar(tlp: Tlp): never {
    throw new Error(`${this.params.name}: a request for address 0x${tlp.address.toString(16)} reached it, outside its BAR`);
  }

  /** A write into the BAR that arrived at `atPs` (now, or earlier when handed over late). */
  private write(tlp: Tlp, from: LinkDirection, atPs: number): void {
    const server = this.barServer!;
    server.take(tlp.payloadBytes, atPs);
    from.release(tlp, server.lastEndPs);
    this.barBytesWritten += tlp.payloadBytes;
    this.onBarWrite?.(tlp.payloadBytes, atPs, tlp);
    delivered(tlp, server.lastEndPs);
  }
}
