/**
 * The discrete-event kernel: a clock, a pending-event set and three verbs (`now`,
 * `at`/`schedule`, `run`), in the spirit of SimPy, plus the one thing the link's trains and late
 * arrivals need: a place in the event order taken now for an event that may never be queued
 * (`reserve`, `atReserved`, `hasRun`). Events are plain closures; nothing in the model uses
 * promises, whose order is not simulated time. One `Simulator` per run and no module-level state,
 * so runs can go to worker threads. (docs/design.md, "The engine's verbs", says why no more.)
 */
import { EventQueue, type Action } from "./event-queue.js";
import { RandomStreams } from "./random.js";

export interface RunOptions {
  /** Stop before the first event later than this time (ps); the clock is then set to it. */
  until?: number;
}

export class Simulator {
  private readonly queue = new EventQueue();
  private clock = 0;
  /** Place (sequence number) of the event running or last run at `clock`; -1 when none has. */
  private placeNow = -1;
  private executed = 0;
  /** Seeded random streams, one per component name. */
  readonly random: RandomStreams;

  constructor(seed: number | string = 1) {
    this.random = new RandomStreams(seed);
  }

  /** Current simulated time in picoseconds. */
  get now(): number {
    return this.clock;
  }

  /** Number of events executed so far. */
  get events(): number {
    return this.executed;
  }

  /**
   * Runs `action` at absolute time `timePs` (an integer, not before `now`). Events at equal
   * times run in the order they were scheduled.
   */
  at(timePs: number, action: Action): void {
    if (!(timePs >= this.clock) || Math.floor(timePs) !== timePs) {
      throw new Error(`scheduling at ${timePs} ps, which is not an integer time at or after now (${this.clock} ps)`);
    }
    this.queue.push(timePs, action);
  }

  /**
   * A place in the order of events queued now, for an event that may turn out not to be needed
   * (say, a transmitter's end-of-transmission when nothing waits to go next). Later,
   * `atReserved(timePs, place, action)` queues it exactly where `at(timePs, action)` would have
   * put it now; `hasRun(timePs, place)` tells whether that moment is already past.
   */
  reserve(): number {
    return this.queue.reserve();
  }

  /** Queues `action` at `timePs` in a place from `reserve` (each place used at most once). */
  atReserved(timePs: number, place: number, action: Action): void {
    if (this.hasRun(timePs, place) || Math.floor(timePs) !== timePs) {
      throw new Error(`scheduling at ${timePs} ps in place ${place}, which is not an integer time still to come (now ${this.clock} ps)`);
    }
    this.queue.pushReserved(timePs, place, action);
  }

  /** True when an event at `timePs` in place `place` would already have run (or be running now). */
  hasRun(timePs: number, place: number): boolean {
    return timePs < this.clock || (timePs === this.clock && place <= this.placeNow);
  }

  /** Runs `action` `delayPs` picoseconds from now (a non-negative integer). */
  schedule(delayPs: number, action: Action): void {
    this.at(this.clock + delayPs, action);
  }

  /**
   * Executes events in `(time, seq)` order until none are left or the next event lies after
   * `until`. Returns the number of events executed by this call.
   */
  run(options: RunOptions = {}): number {
    const until = options.until ?? Infinity;
    const queue = this.queue;
    const start = this.executed;
    for (;;) {
      const action = queue.popDue(until);
      if (action === undefined) break;
      this.clock = queue.poppedTime;
      this.placeNow = queue.poppedSeq;
      this.executed++;
      action();
    }
    if (until !== Infinity && until > this.clock) {
      this.clock = until;
      this.placeNow = -1;
    }
    return this.executed - start;
  }
}
