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
 * prints the median run as one JSON line with the process's peak resident memory (KiB).
 */
import { holdModel } from "./hold.js";
import { runTwin } from "./twin.js";
import { runCase, type ModelCase } from "./cases.js";
import { runHop } from "./hop.js";
import { validateFabric } from "./validate.js";
import { timeScenario } from "./scenarios.js";

const [what, ...args] = process.argv.slice(2);
const numbers = args.map(Number);

function timed<T extends { wallMs: number }>(repeats: number, run: () => T): T {
  if (repeats === 0) return run();
  run();
  const samples = Array.from({ length: repeats }, run).sort((a, b) => a.wallMs - b.wallMs);
  return samples[Math.floor(repeats / 2)]!;
}

let result: object;
if (what === "hold") result = timed(numbers[2]!, () => holdModel(numbers[0]!, numbers[1]!));
else if (what === "twin") result = timed(numbers[3]!, () => runTwin(numbers[0]!, numbers[1]!, numbers[2]!));
else if (what === "model") result = timed(numbers[2]!, () => runCase(args[0] as ModelCase, numbers[1]!));
else if (what === "hop") result = timed(numbers[1]!, () => runHop(numbers[0]!));
else if (what === "validate") result = timed(numbers[1]!, () => validateFabric(numbers[0]!));
else if (what === "scenario") result = timeScenario(args[0]!, numbers[1]!);
else throw new Error(`bench/case.js: unknown measurement '${what}' (hold, twin, model, hop, validate or scenario)`);
console.log(JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS }));
