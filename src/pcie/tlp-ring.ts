/**
 * A first-in first-out ring of TLPs with three numbers beside each (interleaved in one
 * `Float64Array`, so they stay unboxed and share one index): what the link keeps about a TLP
 * without writing on it (order stamp and places in the event order in the egress queues; times,
 * places and marks in flight and in trains).
 */
import type { Tlp } from "./tlp.js";

export class TlpRing {
  private tlps: (Tlp | undefined)[] = new Array<Tlp | undefined>(16);
  private numbers = new Float64Array(48);
  private head = 0;
  private mask = 15;
  length = 0;

  push(tlp: Tlp, a: number, b: number, c: number): void {
    if (this.length === this.tlps.length) this.grow();
    const slot = (this.head + this.length) & this.mask;
    this.tlps[slot] = tlp;
    const n = this.numbers;
    n[3 * slot] = a;
    n[3 * slot + 1] = b;
    n[3 * slot + 2] = c;
    this.length++;
  }

  /** The `i`-th oldest TLP (0 the oldest); call only with `i < length`. */
  tlp(i: number): Tlp {
    return this.tlps[(this.head + i) & this.mask]!;
  }
  /** Its first, second and third numbers. */
  a(i: number): number {
    return this.numbers[3 * ((this.head + i) & this.mask)]!;
  }
  b(i: number): number {
    return this.numbers[3 * ((this.head + i) & this.mask) + 1]!;
  }
  c(i: number): number {
    return this.numbers[3 * ((this.head + i) & this.mask) + 2]!;
  }
  setC(i: number, value: number): void {
    this.numbers[3 * ((this.head + i) & this.mask) + 2] = value;
  }

  /** Removes and returns the oldest TLP (read its numbers first); call only when not empty. */
  shift(): Tlp {
    const tlp = this.tlps[this.head]!;
    this.tlps[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return tlp;
  }

  private grow(): void {
    const capacity = this.tlps.length * 2;
    const tlps = new Array<Tlp | undefined>(capacity);
    const numbers = new Float64Array(3 * capacity);
    for (let i = 0; i < this.length; i++) {
      const from = (this.head + i) & this.mask;
      tlps[i] = this.tlps[from];
      numbers.set(this.numbers.subarray(3 * from, 3 * from + 3), 3 * i);
    }
    this.tlps = tlps;
    this.numbers = numbers;
    this.head = 0;
    this.mask = capacity - 1;
  }
}
