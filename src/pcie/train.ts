/**
 * A train: TLPs a link direction has put on the wire in advance, back to back, because nothing
 * could come between them (see link-direction.ts). Each waits here, still holding its egress queue
 * slot and counted as not yet sent, until its start has passed in the event order: the end of the
 * TLP before it, at that one's time and place. Nothing runs at those moments unless asked for
 * (`mark`): the direction settles the train lazily, whenever anyone looks.
 */
import { Fifo } from "../sim/fifo.js";
import type { Tlp } from "./tlp.js";

export class Train {
  private readonly tlps = new Fifo<Tlp>();
  // Beside each TLP: the time and place of its start, and whether an event is queued there.
  private readonly startTimes = new Fifo<number>();
  private readonly startPlaces = new Fifo<number>();
  private readonly marks = new Fifo<boolean>();
  /** Data credits of the TLPs not yet started, per class. */
  readonly heldData = [0, 0, 0];

  get length(): number {
    return this.tlps.length;
  }

  /** Adds `tlp`, to start at `startPs` in place `startPlace` of the event order. */
  push(tlp: Tlp, startPs: number, startPlace: number): void {
    this.tlps.push(tlp);
    this.startTimes.push(startPs);
    this.startPlaces.push(startPlace);
    this.marks.push(false);
    this.heldData[tlp.kind]! += tlp.dataCredits;
  }

  /** Start time and place of the `i`-th TLP (0 the next to start). */
  startPs(i: number): number {
    return this.startTimes.get(i);
  }
  startPlace(i: number): number {
    return this.startPlaces.get(i);
  }
  tlp(i: number): Tlp {
    return this.tlps.get(i);
  }

  /** Marks the `i`-th TLP's start as having an event; false if it already had. */
  mark(i: number): boolean {
    if (this.marks.get(i)) return false;
    this.marks.set(i, true);
    return true;
  }

  /** Removes and returns the next TLP to start. */
  shift(): Tlp {
    this.startTimes.shift();
    this.startPlaces.shift();
    this.marks.shift();
    const tlp = this.tlps.shift();
    this.heldData[tlp.kind]! -= tlp.dataCredits;
    return tlp;
  }
}
