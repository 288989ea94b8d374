/**
 * A PCIe endpoint on one link: its DMA engine (requests out, completions in) and, optionally, BAR
 * memory that peers target (an NVMe CMB, a GPU BAR): a FIFO server with a bandwidth and a read
 * latency, answering reads through a completer on the endpoint's own link.
 */
import type { Simulator } from "../sim/simulator.js";
import type { Link, LinkDirection, TlpReceiver } from "../pcie/link.js";
import { TlpKind, type Tlp } from "../pcie/tlp.js";
import type { RcbSize } from "../pcie/spec.js";
import { DmaEngine, delivered, type DmaEngineParams } from "./dma-engine.js";
import { Server } from "./server.js";
import { Completer } from "./completer.js";
import { TranslationCache } from "./translation-cache.js";

export interface BarParams {
  /** Bus address of the BAR's first byte. */
  base: number;
  sizeBytes: number;
  latencyPs: number;
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
  barBytesWritten = 0;
  barBytesRead = 0;
  /** Probe: called for every write into the BAR as it arrives. */
  onBarWrite: ((bytes: number, timePs: number, tlp: Tlp) => void) | undefined;

  private readonly barServer: Server | undefined;
  private readonly completer: Completer | undefined;

  constructor(
    private readonly sim: Simulator,
    readonly params: EndpointParams,
    /** The link to this endpoint's parent. */
    readonly link: Link,
  ) {
    link.down.receiver = this;
    const atc = params.ats
      ? new TranslationCache({ entries: params.ats.entries, ways: params.ats.entries, pageBytes: params.ats.pageBytes, name: `${params.name}.atc` })
      : undefined;
    const { rcb: _rcb, bar: _bar, ats: _ats, ...dma } = params;
    this.dma = new DmaEngine(sim, { ...dma, ...(atc ? { atc } : {}) }, link.up);
    if (params.bar) {
      this.barServer = new Server({ bandwidthGBps: params.bar.bandwidthGBps, latencyPs: params.bar.latencyPs });
      this.completer = new Completer(sim, { name: params.name, mps: params.mps, rcb: params.rcb, ecrc: params.ecrc ?? false });
    }
  }

  /** True when `address` falls in this endpoint's BAR. */
  owns(address: number): boolean {
    const bar = this.params.bar;
    return bar !== undefined && address >= bar.base && address < bar.base + bar.sizeBytes;
  }

  receive(tlp: Tlp, from: LinkDirection): void {
    if (tlp.kind === TlpKind.CplD) return this.dma.receive(tlp, from);
    const server = this.barServer;
    if (server === undefined || !this.owns(tlp.address)) {
      throw new Error(`${this.params.name}: a request for address 0x${tlp.address.toString(16)} reached it, outside its BAR`);
    }
    const now = this.sim.now;
    if (tlp.kind === TlpKind.MWr) {
      server.take(tlp.payloadBytes, now);
      from.release(tlp, server.lastEndPs);
      this.barBytesWritten += tlp.payloadBytes;
      this.onBarWrite?.(tlp.payloadBytes, now, tlp);
      delivered(tlp, server.lastEndPs);
    } else {
      const ready = server.take(tlp.lengthBytes, now);
      from.release(tlp, server.lastStartPs);
      this.barBytesRead += tlp.lengthBytes;
      this.completer!.complete(tlp, ready, from.reverse);
    }
  }
}
