/**
 * The classic "hold" model of event-set benchmarks: a steady heap of N pending events; each event,
 * when it runs, schedules one more at now + a pseudo-random delay (schedule + dispatch per event).
 */
import { Simulator } from "../src/sim/simulator.js";

export interface HoldResult {
  pending: number;
  events: number;
  wallMs: number;
}

export function holdModel(pending: number, events: number): HoldResult {
  const sim = new Simulator();
  const random = sim.random.stream("hold");
  const delays = new Float64Array(4096);
  for (let i = 0; i < delays.length; i++) delays[i] = 1 + Math.floor(random.next() * 2 * pending);
  let k = 0;
  let left = events;
  const hold = (): void => {
    if (--left > 0) sim.schedule(delays[k++ & 4095]!, hold);
  };
  // Once `events` have run, no more are scheduled: the run ends after the pending ones drain.
  for (let i = 0; i < pending; i++) sim.at(delays[i & 4095]!, hold);
  const started = performance.now();
  sim.run();
  return { pending, events: sim.events, wallMs: performance.now() - started };
}
