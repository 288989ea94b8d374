/**
 * Host memory behind a root port, minimal: one FIFO memory channel with a bandwidth and an access
 * latency, acting as the completer for reads and the sink for writes.
 *
 * - An MWr occupies the channel for payload / bandwidth; its credits return when the channel has
 *   taken it.
 * - An MRd occupies the channel for length / bandwidth; its data is ready `latency` after that, and
 *   the completer then sends CplD TLPs of at most `completionBytes` (default MPS), cut at RCB, on
 *   the link direction the request came from. Its NP credit returns when the channel takes it.
 * - Completions wait in a queue per port (bounded by the NP credits the port advertises), so a
 *   slow port never blocks another.
 *
 * The channel is a FIFO server whose next free time is known, so taking a TLP costs no event; reads
 * become ready in order, so one pending event (for the oldest) serves them all.
 */
import type { Simulator } from "../sim/simulator.js";
import { Fifo } from "../sim/fifo.js";
import { psPerByteAtGBps } from "../sim/units.js";
import type { LinkDirection, TlpReceiver } from "../pcie/link.js";
import { FcClass, TlpKind, completion, nextCompletionEnd, type Tlp } from "../pcie/tlp.js";
import type { PayloadSize, RcbSize } from "../pcie/spec.js";

export interface HostMemoryParams {
  name: string;
  /** Channel bandwidth, GB/s (1e9 bytes/s). */
  bandwidthGBps: number;
  /** Read access latency, ps (root port to DRAM and back to the port, excluding the channel time). */
  latencyPs: number;
  /** MPS of the root port (the largest completion payload). */
  mps: PayloadSize;
  /** Read completion boundary of the root port. */
  rcb: RcbSize;
  /** Largest completion payload the completer chooses (e.g. 64 on some Intel CPUs); default MPS. */
  completionBytes?: number;
  ecrc?: boolean;
}

export interface HostMemoryStats {
  bytesWritten: number;
  bytesRead: number;
  writeTlps: number;
  readRequests: number;
  completionTlps: number;
}

interface PendingRead {
  request: Tlp;
  port: CompletionPort;
  /** When the data is ready to send, ps. */
  readyPs: number;
  /** Address of the next byte to send. */
  cursor: number;
}

class CompletionPort {
  readonly reads = new Fifo<PendingRead>();
  waiting = false;
  constructor(readonly tx: LinkDirection) {}
}

export class HostMemory implements TlpReceiver {
  readonly stats: HostMemoryStats = { bytesWritten: 0, bytesRead: 0, writeTlps: 0, readRequests: 0, completionTlps: 0 };
  /** Probe: called for every write's payload as it arrives. */
  onWriteData: ((bytes: number, timePs: number) => void) | undefined;

  private readonly psPerByte: number;
  private readonly maxCompletion: number;
  private channelFree = 0;
  private readonly ports = new Map<LinkDirection, CompletionPort>();
  /** Reads in the memory channel, in order of their data-ready time. */
  private readonly inChannel = new Fifo<PendingRead>();

  constructor(
    private readonly sim: Simulator,
    readonly params: HostMemoryParams,
  ) {
    this.psPerByte = psPerByteAtGBps(params.bandwidthGBps);
    this.maxCompletion = Math.min(params.mps, params.completionBytes ?? params.mps);
  }

  /** Time (ps, fractional) when the memory channel is next free. */
  get channelFreePs(): number {
    return this.channelFree;
  }

  receive(tlp: Tlp, from: LinkDirection): void {
    const now = this.sim.now;
    const start = this.channelFree > now ? this.channelFree : now;
    if (tlp.kind === TlpKind.MWr) {
      this.channelFree = start + tlp.payloadBytes * this.psPerByte;
      from.release(tlp, this.channelFree);
      this.stats.writeTlps++;
      this.stats.bytesWritten += tlp.payloadBytes;
      this.onWriteData?.(tlp.payloadBytes, now);
    } else if (tlp.kind === TlpKind.MRd) {
      this.channelFree = start + tlp.lengthBytes * this.psPerByte;
      from.release(tlp, start);
      this.stats.readRequests++;
      this.stats.bytesRead += tlp.lengthBytes;
      // The channel is FIFO and the latency fixed, so reads become ready in arrival order.
      const readyPs = Math.ceil(this.channelFree) + this.params.latencyPs;
      this.inChannel.push({ request: tlp, port: this.portFor(from.reverse), readyPs, cursor: tlp.address });
      if (this.inChannel.length === 1) this.sim.at(readyPs, this.onReady);
    } else {
      throw new Error(`${this.params.name}: a completion reached host memory, which issues no requests`);
    }
  }

  /** Moves every read whose data is ready to its port's completion queue. */
  private readonly onReady = (): void => {
    const now = this.sim.now;
    const reads = this.inChannel;
    while (reads.length > 0 && reads.peek()!.readyPs <= now) {
      const read = reads.shift();
      read.port.reads.push(read);
      this.sendCompletions(read.port);
    }
    if (reads.length > 0) this.sim.at(reads.peek()!.readyPs, this.onReady);
  };

  private portFor(tx: LinkDirection): CompletionPort {
    let port = this.ports.get(tx);
    if (port === undefined) {
      port = new CompletionPort(tx);
      this.ports.set(tx, port);
    }
    return port;
  }

  private sendCompletions(port: CompletionPort): void {
    const { rcb, ecrc } = this.params;
    const tx = port.tx;
    while (port.reads.length > 0) {
      if (!tx.hasSpace(FcClass.Cpl)) {
        if (!port.waiting) {
          port.waiting = true;
          tx.whenSpace(FcClass.Cpl, () => {
            port.waiting = false;
            this.sendCompletions(port);
          });
        }
        return;
      }
      const pending = port.reads.peek()!;
      const request = pending.request;
      const end = request.address + request.lengthBytes;
      const pieceEnd = nextCompletionEnd(pending.cursor, end, this.maxCompletion, rcb);
      const cpl = completion(pending.cursor, pieceEnd - pending.cursor, request.requester, request.tag, request.context, ecrc);
      pending.cursor = pieceEnd;
      if (pieceEnd === end) port.reads.shift();
      this.stats.completionTlps++;
      tx.offer(cpl);
    }
  }
}
