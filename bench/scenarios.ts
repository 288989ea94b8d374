/**
 * A scenario of the library run several times in one fresh process: the first run is cold (the
 * JIT has not seen the model yet: what a user's `p2psim run` pays), the later ones warm (what each
 * point of a sweep costs once a worker has run a few). Building the run from the loaded scenario
 * is timed with it; loading the file is not.
 */
import { openScenario, run } from "../src/run/library.js";

export interface ScenarioTiming {
  scenario: string;
  /** The first run in the process, ms. */
  coldMs: number;
  /** Median of the later runs, ms. */
  warmMs: number;
  /** Events over all variants of one run (every run gives the same). */
  events: number;
  /** Simulated time over all variants of one run, ps. */
  simulatedPs: number;
}

export function timeScenario(file: string, warmRuns: number): ScenarioTiming {
  const times: number[] = [];
  let events = 0;
  let simulatedPs = 0;
  for (let i = 0; i <= warmRuns; i++) {
    const loaded = openScenario(file);
    const started = performance.now();
    const { summary } = run(loaded);
    times.push(performance.now() - started);
    events = summary.variants.reduce((sum, v) => sum + v.events, 0);
    simulatedPs = summary.variants.reduce((sum, v) => sum + Math.round(v.simulatedNs * 1000), 0);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  const name = file.split("/").pop()!;
  return { scenario: name, coldMs: times[0]!, warmMs: warm.length > 0 ? warm[warm.length >> 1]! : NaN, events, simulatedPs };
}
