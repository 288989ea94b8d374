/**
 * A train: TLPs a link direction has put on the wire in advance, back to back, because nothing
 * could come between them (see link-direction.ts). Each waits here, still holding its egress queue
 * slot and counted as not yet sent, until its start has passed in the event order: the end of the
 * TLP before it, at that one's time and place. Nothing runs at those moments unless asked for
 * (`mark`): the direction settles the train lazily, whenever anyone looks.
 */
import type { Tlp } from "./tlp.js";
import { TlpRing } from "./tlp-ring.js";

export class Train {
  /** Each TLP with the time and place of its start, and 1 when an event is queued there. */
  private readonly tlps = new TlpRing();
  /** Data credits of the TLPs not yet started, per class. */
  readonly heldData = [0, 0, 0];
  /** Start time of the next TLP to start, ps; Infinity when the train is empty (a one-compare check for whoever settles it). */
  nextStartPs = Infinity;

  get length(): number {
    return this.tlps.length;
  }

  /** Adds `tlp`, to start at `startPs` in place `startPlace` of the event order. */
  push(tlp: Tlp, startPs: number, startPlace: number): void {
    this.tlps.push(tlp, startPs, startPlace, 0);
    this.heldData[tlp.kind]! += tlp.dataCredits;
    if (this.tlps.length === 1) this.nextStartPs = startPs;
  }

  /** Start time and place of the `i`-th TLP (0 the next to start), and the TLP. */
  startPs(i: number): number {
    return this.tlps.a(i);
  }
  startPlace(i: number): number {
    return this.tlps.b(i);
  }
  tlp(i: number): Tlp {
    return this.tlps.tlp(i);
  }

  /** Marks the `i`-th TLP's start as having an event; false if it already had. */
  mark(i: number): boolean {
    if (this.tlps.c(i) === 1) return false;
    this.tlps.setC(i, 1);
    return true;
  }

  /** Removes and returns the next TLP to start. */
  shift(): Tlp {
    const tlp = this.tlps.shift();
    this.heldData[tlp.kind]! -= tlp.dataCredits;
    this.nextStartPs = this.tlps.length > 0 ? this.tlps.a(0) : Infinity;
    return tlp;
  }
}
