/**
 * Host memory behind one root port, minimal: one FIFO memory channel with a bandwidth and an
 * access latency, the completer for reads and the sink for writes. (The full root complex, with
 * its fabric, IOMMU and P2P engine, is `RootComplex`; this is what `p2psim bandwidth` uses.)
 *
 * - An MWr occupies the channel for payload / bandwidth; its credits return when it is written.
 * - An MRd occupies the channel for length / bandwidth and its data is ready `latency` later; its
 *   NP credit returns when the channel takes it. The completions go back on the link direction the
 *   request came from.
 * Taking a TLP costs no event (the channel knows when it is next free); reads become ready in
 * order, so one pending event serves them all.
 */
import type { Simulator } from "../sim/simulator.js";
import { double } from "../sim/double.js";
import type { LinkDirection, TlpReceiver } from "../pcie/link.js";
import { TlpKind, type Tlp } from "../pcie/tlp.js";
import type { PayloadSize, RcbSize } from "../pcie/spec.js";
import { Server } from "./server.js";
import { Completer } from "./completer.js";

export interface HostMemoryParams {
  name: string;
  /** Channel bandwidth, GB/s (1e9 bytes/s). */
  bandwidthGBps: number;
  /** Read access latency, ps (after the channel time). */
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

export class HostMemory implements TlpReceiver {
  private readonly counts = { bytesWritten: double(0), bytesRead: double(0), writeTlps: 0, readRequests: 0 };
  /** Probe: called for every write's payload as it arrives. */
  onWriteData: ((bytes: number, timePs: number) => void) | undefined = undefined;

  private readonly channel: Server;
  private readonly completer: Completer;

  constructor(
    private readonly sim: Simulator,
    readonly params: HostMemoryParams,
  ) {
    this.channel = new Server({ bandwidthGBps: params.bandwidthGBps, latencyPs: params.latencyPs });
    this.completer = new Completer(sim, params);
  }

  get stats(): HostMemoryStats {
    return { ...this.counts, completionTlps: this.completer.completionTlps };
  }

  receive(tlp: Tlp, from: LinkDirection): void {
    const now = this.sim.now;
    const stats = this.counts;
    if (tlp.kind === TlpKind.MWr) {
      this.channel.take(tlp.payloadBytes, now);
      from.release(tlp, this.channel.lastEndPs);
      stats.writeTlps++;
      stats.bytesWritten += tlp.payloadBytes;
      this.onWriteData?.(tlp.payloadBytes, now);
    } else if (tlp.kind === TlpKind.MRd) {
      const ready = this.channel.take(tlp.lengthBytes, now);
      from.release(tlp, this.channel.lastStartPs);
      stats.readRequests++;
      stats.bytesRead += tlp.lengthBytes;
      this.completer.complete(tlp, ready, from.reverse);
    } else {
      throw new Error(`${this.params.name}: a completion reached host memory, which issues no requests`);
    }
  }
}
