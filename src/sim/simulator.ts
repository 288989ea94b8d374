/**
 * The discrete-event kernel: a clock, a pending-event set and three verbs (`now`,
 * `at`/`schedule`, `run`), in the spirit of SimPy, plus the one thing the link's trains and late
 * arrivals need: a place in the event order taken now for an event that may never be queued
 * (`reserve`, `atReserved`, `hasRun`). Outside the model, two hooks for those who watch a run:
 * `watch` (a sampler reading probes at window boundaries, adding no events) and `pending` with
 * `run({ maxEvents })` (a watchdog running the same events in slices). Events are plain closures; nothing in the model uses
 * promises, whose order is not simulated time. One `Simulator` per run and no module-level state,
 * so runs can go to worker threads. (docs/design.md, "The engine's verbs", says why no more.)
 */
import { EventQueue, type Action } from "./event-queue.js";
import { RandomStreams } from "./random.js";
import { Probes } from "./probe.js";
import { double } from "./double.js";

export interface RunOptions {
  /** Stop before the first event later than this time (ps); the clock is then set to it. */
  until?: number;
  /**
   * Return after this many events (the clock stays at the last one run), so a caller can look
   * at progress and limits between slices; running again continues exactly where it stopped.
   */
  maxEvents?: number;
}

export class Simulator {
  private readonly queue = new EventQueue();
  private clock = double(0);
  /** Place (sequence number) of the event running or last run at `clock`; -1 when none has. */
  private placeNow = double(-1);
  private executed = 0;
  /** Seeded random streams, one per component name. */
  readonly random: RandomStreams;
  /** What the run's resources register to be measured (see probe.ts). */
  readonly probes = new Probes();
  private watchPs = Infinity;
  /** True while `run` is executing events. */
  private running = false;
  private watcher: ((timePs: number) => number) | undefined = undefined;

  constructor(seed: number | string = 1) {
    this.random = new RandomStreams(seed);
  }

  /** Current simulated time in picoseconds. */
  get now(): number {
    return this.clock;
  }

  /** Number of events waiting: a watchdog's way to tell a finished run from one cut at `until`. */
  get pending(): number {
    return this.queue.size;
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
    if (!(timePs >= this.clock) || Math.floor(timePs) !== timePs) this.notAt(timePs);
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
    if (this.hasRun(timePs, place) || Math.floor(timePs) !== timePs) this.notAtReserved(timePs, place);
    this.queue.pushReserved(timePs, place, action);
  }

  private notAtReserved(timePs: number, place: number): never {
    throw new Error(`scheduling at ${timePs} ps in place ${place}, which is not an integer time still to come (now ${this.clock} ps)`);
  }

  /** True when an event at `timePs` in place `place` would already have run (or be running now). */
  hasRun(timePs: number, place: number): boolean {
    return timePs < this.clock || (timePs === this.clock && place <= this.placeNow);
  }

  /** Runs `action` `delayPs` picoseconds from now (a non-negative integer). */
  schedule(delayPs: number, action: Action): void {
    const timePs = this.clock + delayPs;
    if (!(timePs >= this.clock) || Math.floor(timePs) !== timePs) this.notAt(timePs);
    this.queue.push(timePs, action);
  }

  /** The error for a time `at` or `schedule` cannot take (kept out of them, so they stay small enough to inline). */
  private notAt(timePs: number): never {
    throw new Error(`scheduling at ${timePs} ps, which is not an integer time at or after now (${this.clock} ps)`);
  }

  /**
   * Calls `watcher(t)` at simulated time `firstPs`, then at each time it returns (later each time),
   * each call before any event at or after `t` runs: a sampler reads the probes there. It runs
   * inside `run`, adds no events and changes nothing else; it stops when the events do. Set it
   * before `run`: an event may not (it throws).
   */
  watch(firstPs: number, watcher: (timePs: number) => number): void {
    // The loop run without a watcher (`runAll`) would never call one an event set.
    if (this.running) throw new Error("Simulator.watch: call it before run, not from an event");
    this.watchPs = firstPs;
    this.watcher = watcher;
  }

  /**
   * Executes events in `(time, seq)` order until none are left or the next event lies after
   * `until`. Returns the number of events executed by this call.
   */
  run(options: RunOptions = {}): number {
    const until = options.until ?? Infinity;
    const start = this.executed;
    this.running = true;
    try {
      // Nothing watching and no limit on events (the usual run outside the CLI): the loop with
      // nothing else in it, 2.6 % fewer instructions per event on the twin model.
      if (options.maxEvents === undefined && this.watcher === undefined) this.runAll(until);
      else this.runWatched(until, start + (options.maxEvents ?? Infinity));
    } finally {
      this.running = false;
    }
    return this.executed - start;
  }

  private runAll(until: number): void {
    const queue = this.queue;
    for (;;) {
      const action = queue.takeDue(until); // held at the heap's root while it runs (see EventQueue)
      if (action === undefined) break;
      this.clock = queue.poppedTime;
      this.placeNow = queue.poppedSeq;
      this.executed++;
      action();
    }
    this.finish(until);
  }

  /** `run` with a watcher or an event limit (`last`: the count of events executed at which to return). */
  private runWatched(until: number, last: number): void {
    const queue = this.queue;
    for (;;) {
      if (this.executed >= last) {
        queue.settle();
        return;
      }
      const action = queue.takeDue(until);
      if (action === undefined) break;
      const time = queue.poppedTime;
      // The watcher sees the clock at its own time, before any event there: a train's start that
      // falls before it has happened (hasRun), as it would have as an event of its own.
      while (time >= this.watchPs) {
        this.clock = this.watchPs;
        this.placeNow = -1;
        this.watchPs = this.watcher!(this.watchPs);
      }
      this.clock = time;
      this.placeNow = queue.poppedSeq;
      this.executed++;
      action();
    }
    this.finish(until);
  }

  /** After the last event up to `until`: the clock moves on to `until` (if finite). */
  private finish(until: number): void {
    this.queue.settle();
    if (until !== Infinity && until > this.clock) {
      this.clock = until;
      this.placeNow = -1;
    }
  }
}
