/**
 * The receiving side of a switch or root port: TLPs wait here, holding the link's credits, until
 * their owner says they may go (after cut-through latency, after IOMMU translation) and the
 * outlet the owner routes them to has room. One FIFO per flow-control class, so a blocked posted
 * write does not hold up completions (and vice versa); within a class, head-of-line blocking, as
 * in a switch without virtual output queues. Credits return when the outlet takes the TLP.
 */
import { Fifo } from "../sim/fifo.js";
import { double } from "../sim/double.js";
import type { LinkDirection, TlpReceiver } from "../pcie/link.js";
import type { FcClass, Tlp } from "../pcie/tlp.js";
import type { TlpOutlet } from "./outlet.js";

export interface IngressOwner {
  /**
   * A TLP has fully arrived at `port` at `atPs` (now, or earlier for an owner whose in-order stage
   * took it; see ArrivalTraits). Call `port.ready(tlp)` when it may be forwarded.
   */
  admit(tlp: Tlp, port: IngressPort, atPs: number): void;
  /** Where the head TLP goes next. */
  route(tlp: Tlp, port: IngressPort): TlpOutlet;
}

export class IngressPort implements TlpReceiver {
  /** TLPs forwarded, and their payload bytes. */
  forwardedTlps = 0;
  forwardedBytes = double(0);

  private readonly waiting = [new Fifo<Tlp>(), new Fifo<Tlp>(), new Fifo<Tlp>()];
  private readonly blocked = [false, false, false];
  private readonly forwarding = [false, false, false];
  private readonly retry: Array<() => void>;

  constructor(
    readonly name: string,
    private readonly owner: IngressOwner,
    /** Index of this port in its owner (0 is the upstream port of a switch). */
    readonly index: number,
    /** The link direction this port receives from. */
    readonly from: LinkDirection,
  ) {
    this.retry = [0, 1, 2].map((cls) => () => {
      this.blocked[cls] = false;
      this.forward(cls as FcClass);
    });
  }

  receive(tlp: Tlp, _from: LinkDirection, atPs: number): void {
    this.owner.admit(tlp, this, atPs);
  }

  /** The owner lets `tlp` go: it joins its class queue and leaves when its outlet has room. */
  ready(tlp: Tlp): void {
    const cls = tlp.kind;
    const queue = this.waiting[cls]!;
    if (queue.length === 0 && !this.blocked[cls] && !this.forwarding[cls]) {
      // Nothing ahead of it: it leaves at once if its outlet has room (what `forward` would do).
      const outlet = this.owner.route(tlp, this);
      if (outlet.hasSpace(cls)) return this.send(tlp, outlet);
    }
    queue.push(tlp);
    if (!this.blocked[cls]) this.forward(cls);
  }

  /** TLPs waiting in this port, all classes. */
  get queuedTlps(): number {
    return this.waiting[0]!.length + this.waiting[1]!.length + this.waiting[2]!.length;
  }

  private forward(cls: FcClass): void {
    if (this.forwarding[cls]) return; // the loop below is already running and will see new heads
    this.forwarding[cls] = true;
    const queue = this.waiting[cls]!;
    while (queue.length > 0) {
      const tlp = queue.peek()!;
      const outlet = this.owner.route(tlp, this);
      if (!outlet.hasSpace(cls)) {
        this.blocked[cls] = true;
        outlet.whenSpace(cls, this.retry[cls]!);
        break;
      }
      queue.shift();
      this.send(tlp, outlet);
    }
    this.forwarding[cls] = false;
  }

  private send(tlp: Tlp, outlet: TlpOutlet): void {
    this.forwardedTlps++;
    this.forwardedBytes += tlp.payloadBytes;
    const releaseAt = outlet.push(tlp);
    this.from.release(tlp, releaseAt);
  }
}
