/**
 * The completer side of memory reads: once a read's data is ready, it is returned as CplD TLPs of
 * at most `completionBytes` (default MPS), every one but the last ending on an RCB boundary
 * (PCIe Base Spec r5.0 section 2.3.1.1), carrying the request's requester ID and tag. Completions
 * are made one at a time, only when the outlet has room, so a long read holds no queue of TLPs.
 * Host memory, BAR memory and the root complex all answer reads through one of these.
 */
import type { Simulator } from "../sim/simulator.js";
import { Fifo } from "../sim/fifo.js";
import { DelayLine } from "../sim/delay-line.js";
import { FcClass, completion, nextCompletionEnd, type Tlp } from "../pcie/tlp.js";
import type { PayloadSize, RcbSize } from "../pcie/spec.js";
import type { TlpOutlet } from "./outlet.js";

export interface CompleterParams {
  name: string;
  /** MPS of the port the completions leave by (the largest completion payload). */
  mps: PayloadSize;
  rcb: RcbSize;
  /** Largest completion payload the completer chooses (e.g. 64 on some Intel CPUs); default MPS. */
  completionBytes?: number;
  ecrc?: boolean;
}

interface PendingRead {
  request: Tlp;
  cursor: number;
}

/** Completions waiting for one outlet, in the order their data became ready. */
class CompletionQueue {
  readonly reads = new Fifo<PendingRead>();
  readonly due: DelayLine<PendingRead>;
  waiting = false;
  constructor(
    sim: Simulator,
    readonly outlet: TlpOutlet,
    send: (queue: CompletionQueue) => void,
  ) {
    this.due = new DelayLine<PendingRead>(sim, (read) => {
      this.reads.push(read);
      send(this);
    });
  }
}

export class Completer {
  /** Completions sent. */
  completionTlps = 0;
  private readonly maxPayload: number;
  private readonly queues = new Map<TlpOutlet, CompletionQueue>();

  constructor(
    private readonly sim: Simulator,
    readonly params: CompleterParams,
  ) {
    this.maxPayload = Math.min(params.mps, params.completionBytes ?? params.mps);
  }

  /**
   * Returns the data of read `request` through `outlet` from `readyPs` on. Reads for one outlet
   * should be given in order of their ready times (a later one given an earlier time waits).
   */
  complete(request: Tlp, readyPs: number, outlet: TlpOutlet): void {
    let queue = this.queues.get(outlet);
    if (queue === undefined) {
      queue = new CompletionQueue(this.sim, outlet, this.send);
      this.queues.set(outlet, queue);
    }
    queue.due.add({ request, cursor: request.address }, readyPs);
  }

  private readonly send = (queue: CompletionQueue): void => {
    const { rcb, ecrc } = this.params;
    const outlet = queue.outlet;
    while (queue.reads.length > 0) {
      if (!outlet.hasSpace(FcClass.Cpl)) {
        if (!queue.waiting) {
          queue.waiting = true;
          outlet.whenSpace(FcClass.Cpl, () => {
            queue.waiting = false;
            this.send(queue);
          });
        }
        return;
      }
      const read = queue.reads.peek()!;
      const request = read.request;
      const end = request.address + request.lengthBytes;
      const pieceEnd = nextCompletionEnd(read.cursor, end, this.maxPayload, rcb);
      const cpl = completion(read.cursor, pieceEnd - read.cursor, request.requester, request.tag, request.context, ecrc === true);
      read.cursor = pieceEnd;
      if (pieceEnd === end) queue.reads.shift();
      this.completionTlps++;
      outlet.push(cpl);
    }
  };
}
