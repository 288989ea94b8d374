/**
 * Events that come due in the order they are added (a fixed delay after each's cause: a
 * translation hit, a bypass), run exactly as `Simulator.at` would run them, each in the place in
 * the event order it took when added (`Simulator.reserve`), while only the first is queued: it
 * queues the next as it runs. The same events run in the same order; the pending set holds one
 * entry for all of them instead of one each.
 */
import type { Simulator } from "./simulator.js";
import type { Action } from "./event-queue.js";
import { double } from "./double.js";

export class OrderedEvents {
  // A ring of actions and their due times and places, oldest at `head`.
  private actions: (Action | undefined)[] = new Array<Action | undefined>(16);
  private keys = new Float64Array(32);
  private head = 0;
  private count = 0;
  private lastPs = double(0);

  constructor(private readonly sim: Simulator) {}

  /** Number of events not yet run. */
  get length(): number {
    return this.count;
  }

  /** Runs `action` at `timePs` (an integer, not before now nor before the time of the last one added). */
  add(timePs: number, action: Action): void {
    if (!(timePs >= this.lastPs && timePs >= this.sim.now) || Math.floor(timePs) !== timePs) this.refuse(timePs);
    this.lastPs = timePs;
    const place = this.sim.reserve();
    if (this.count === this.actions.length) this.grow();
    const slot = (this.head + this.count) & (this.actions.length - 1);
    this.actions[slot] = action;
    this.keys[2 * slot] = timePs;
    this.keys[2 * slot + 1] = place;
    if (++this.count === 1) this.sim.atReserved(timePs, place, this.onDue);
  }

  private refuse(timePs: number): never {
    if (timePs < this.lastPs) throw new Error(`an ordered event at ${timePs} ps, before the one added last (${this.lastPs} ps)`);
    throw new Error(`an ordered event at ${timePs} ps, which is not an integer time at or after now (${this.sim.now} ps)`);
  }

  private readonly onDue = (): void => {
    const head = this.head;
    const action = this.actions[head]!;
    this.actions[head] = undefined;
    this.head = (head + 1) & (this.actions.length - 1);
    if (--this.count > 0) this.sim.atReserved(this.keys[2 * this.head]!, this.keys[2 * this.head + 1]!, this.onDue);
    action();
  };

  private grow(): void {
    const capacity = this.actions.length * 2;
    const actions = new Array<Action | undefined>(capacity);
    const keys = new Float64Array(2 * capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & (this.actions.length - 1);
      actions[i] = this.actions[from];
      keys[2 * i] = this.keys[2 * from]!;
      keys[2 * i + 1] = this.keys[2 * from + 1]!;
    }
    this.actions = actions;
    this.keys = keys;
    this.head = 0;
  }
}
