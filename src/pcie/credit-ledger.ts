/**
 * The transmitter's side of credit-based flow control for one link direction (PCIe Base Spec r5.0
 * section 2.6): the credits in hand per class, the receiver's occupancy they stand for, and the
 * UpdateFCs on their way back.
 *
 * A receiver frees a TLP's buffer at some time; its credits reach the transmitter one UpdateFC
 * later (link latency plus one DLLP's serialization). Returns are kept in time order and applied
 * when the transmitter next looks (`applyDue`), so an unblocked stream costs no events for credits;
 * only a transmitter that is blocked asks for the time of the next return (`nextReturnPs`) to wake.
 * A class advertised as infinite keeps no returns.
 */
import { classLimits, type CreditLimits } from "./credits.js";
import type { FcClass } from "./tlp.js";

export class CreditLedger {
  private readonly headers = new Float64Array(3);
  private readonly data = new Float64Array(3);
  private readonly headerLimit = new Float64Array(3);
  private readonly dataLimit = new Float64Array(3);
  private readonly occupancyHeaders = new Float64Array(3);
  private readonly occupancyData = new Float64Array(3);
  /** Largest receiver buffer occupancy seen, per class: [headers, data credits]. */
  readonly maxOccupancy: Array<[number, number]> = [[0, 0], [0, 0], [0, 0]];
  // Pending returns, in time order: a ring of parallel typed arrays, `count` of them from `head`.
  private times = new Float64Array(64);
  private classes = new Uint8Array(64);
  private amounts = new Float64Array(64);
  private mask = 63;
  private head = 0;
  private count = 0;
  /** Time of the latest return booked (returns after it go at the end of the ring). */
  private lastReturnPs = -Infinity;

  constructor(
    limits: CreditLimits,
    /** From a release to the credits being back at the transmitter, ps (an UpdateFC's trip). */
    private readonly returnPs: number,
  ) {
    classLimits(limits).forEach(([h, d], cls) => {
      this.headers[cls] = this.headerLimit[cls] = h;
      this.data[cls] = this.dataLimit[cls] = d;
    });
  }

  /** True when one TLP of class `cls` carrying `dataCredits` may be sent now. */
  covers(cls: number, dataCredits: number): boolean {
    return this.headers[cls]! >= 1 && this.data[cls]! >= dataCredits;
  }

  /** Spends the credits of one TLP (call only when `covers`). */
  spend(cls: number, dataCredits: number): void {
    this.headers[cls]! -= 1;
    this.data[cls]! -= dataCredits;
  }

  /** The TLP now sits in the receiver's buffer (for occupancy and `maxOccupancy`). */
  occupy(cls: number, dataCredits: number): void {
    const h = ++this.occupancyHeaders[cls]!;
    const d = (this.occupancyData[cls]! += dataCredits);
    const max = this.maxOccupancy[cls]!;
    if (h > max[0]) max[0] = h;
    if (d > max[1]) max[1] = d;
  }

  /**
   * The receiver frees a TLP's buffer at `atPs` (not before `nowPs`) and books its UpdateFC;
   * false for a class with infinite credits (nothing to wait for).
   */
  free(cls: number, dataCredits: number, atPs: number, nowPs: number): boolean {
    this.occupancyHeaders[cls]! -= 1;
    this.occupancyData[cls]! -= dataCredits;
    if (this.headerLimit[cls] === Infinity) return false;
    const time = Math.ceil(atPs > nowPs ? atPs : nowPs) + this.returnPs;
    const count = this.count;
    if (count <= this.mask && time >= this.lastReturnPs) {
      // The usual case, in time order: at the end.
      const slot = (this.head + count) & this.mask;
      this.times[slot] = time;
      this.classes[slot] = cls;
      this.amounts[slot] = dataCredits;
      this.count = count + 1;
      this.lastReturnPs = time;
    } else this.insert(cls, dataCredits, time);
    return true;
  }

  /** Books a return at `time` in time order, growing the ring if it is full. */
  private insert(cls: number, dataCredits: number, time: number): void {
    if (time > this.lastReturnPs) this.lastReturnPs = time;
    if (this.count === this.times.length) this.grow();
    const { times, classes, amounts, mask, head } = this;
    // Keep time order (a later release may carry an earlier time than a FIFO server's future one).
    let i = this.count;
    while (i > 0 && times[(head + i - 1) & mask]! > time) {
      const from = (head + i - 1) & mask;
      const to = (head + i) & mask;
      times[to] = times[from]!;
      classes[to] = classes[from]!;
      amounts[to] = amounts[from]!;
      i--;
    }
    const slot = (head + i) & mask;
    times[slot] = time;
    classes[slot] = cls;
    amounts[slot] = dataCredits;
    this.count++;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const classes = new Uint8Array(capacity);
    const amounts = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & this.mask;
      times[i] = this.times[from]!;
      classes[i] = this.classes[from]!;
      amounts[i] = this.amounts[from]!;
    }
    this.times = times;
    this.classes = classes;
    this.amounts = amounts;
    this.mask = capacity - 1;
    this.head = 0;
  }

  /** True when some return is still on its way. */
  get returning(): boolean {
    return this.count > 0;
  }

  /** Time of the earliest return on its way (call only when `returning`). */
  get nextReturnPs(): number {
    return this.times[this.head]!;
  }

  /** Applies every return due by `nowPs`. */
  applyDue(nowPs: number): void {
    const { times, classes, amounts, mask } = this;
    let head = this.head;
    let count = this.count;
    while (count > 0 && times[head]! <= nowPs) {
      const cls = classes[head]!;
      this.headers[cls]! += 1;
      this.data[cls]! += amounts[head]!;
      head = (head + 1) & mask;
      count--;
    }
    this.head = head;
    this.count = count;
  }

  /**
   * Credits of class `cls` spent and not yet released, as `[headers, data]`: TLPs in flight or held
   * by the receiver (an UpdateFC on its way counts as released). For a class advertised as
   * infinite, what the receiver holds.
   */
  outstanding(cls: FcClass): [number, number] {
    if (this.headerLimit[cls] === Infinity) return [this.occupancyHeaders[cls]!, this.occupancyData[cls]!];
    let headers = this.headerLimit[cls]! - this.headers[cls]!;
    let data = this.dataLimit[cls]! - this.data[cls]!;
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) & this.mask;
      if (this.classes[slot] !== cls) continue;
      headers -= 1;
      data -= this.amounts[slot]!;
    }
    return [headers, data];
  }
}
