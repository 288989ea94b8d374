/**
 * One benchmark measurement in a process of its own, so that no other section's code has warmed
 * (or polluted) the JIT's feedback, and peak memory is this measurement's alone:
 *
 *   node dist/bench/case.js hold <pending> <events> <repeats>
 *   node dist/bench/case.js twin <tokens> <servers> <untilPs> <repeats>
 *   node dist/bench/case.js model <case> <bytes> <repeats>
 *   node dist/bench/case.js hop <tlps> <repeats>             (one link direction alone)
 *   node dist/bench/case.js validate <nodes> <repeats>
 *   node dist/bench/case.js scenario <file> <warm runs>   (the first run cold, then warm runs)
 *
 * Runs once to warm up, then `repeats` times (0: a single cold run, as for the growth table), and
 * prints the median run as one JSON line with the process's peak resident memory (KiB) and the
 * time that run spent in garbage collection (`gcMs`: V8's GC pauses on this thread, from
 * `PerformanceObserver` "gc" entries; a run whose objects outlive minor GCs shows here first).
 */
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { holdModel } from "./hold.js";
import { runTwin } from "./twin.js";
import { runCase, type ModelCase } from "./cases.js";
import { runHop } from "./hop.js";
import { validateFabric } from "./validate.js";
import { timeScenario } from "./scenarios.js";

const [what, ...args] = process.argv.slice(2);
const numbers = args.map(Number);

const gcPauses: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ["gc"] });

/** The GC pauses between `fromMs` and `toMs` (performance.now()), ms. Entries arrive after the run: await a turn first. */
function gcMsBetween(fromMs: number, toMs: number): number {
  return gcPauses.filter((e) => e.startTime >= fromMs && e.startTime < toMs).reduce((sum, e) => sum + e.duration, 0);
}

async function timed<T extends { wallMs: number }>(repeats: number, run: () => T): Promise<T & { gcMs: number }> {
  const once = (): { sample: T; fromMs: number; toMs: number } => {
    const fromMs = performance.now();
    const sample = run();
    return { sample, fromMs, toMs: performance.now() };
  };
  if (repeats > 0) once();
  const samples = Array.from({ length: Math.max(1, repeats) }, once).sort((a, b) => a.sample.wallMs - b.sample.wallMs);
  const median = samples[Math.floor(samples.length / 2)]!;
  // The observer's entries come in later turns of the event loop: wait until no more arrive.
  for (let seen = -1; seen !== gcPauses.length; ) {
    seen = gcPauses.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  gcObserver.disconnect();
  return { ...median.sample, gcMs: gcMsBetween(median.fromMs, median.toMs) };
}

let result: object;
if (what === "hold") result = await timed(numbers[2]!, () => holdModel(numbers[0]!, numbers[1]!));
else if (what === "twin") result = await timed(numbers[3]!, () => runTwin(numbers[0]!, numbers[1]!, numbers[2]!));
else if (what === "model") result = await timed(numbers[2]!, () => runCase(args[0] as ModelCase, numbers[1]!));
else if (what === "hop") result = await timed(numbers[1]!, () => runHop(numbers[0]!));
else if (what === "validate") result = await timed(numbers[1]!, () => validateFabric(numbers[0]!));
else if (what === "scenario") result = timeScenario(args[0]!, numbers[1]!);
else throw new Error(`bench/case.js: unknown measurement '${what}' (hold, twin, model, hop, validate or scenario)`);
console.log(JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS }));
