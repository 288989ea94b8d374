/**
 * One growth measurement in its own process, so peak memory is this case's alone:
 * `node dist/bench/growth-case.js <case> <bytes>` prints the case result and the process's peak
 * resident memory (KiB) as one JSON line.
 */
import { runCase, type ModelCase } from "./cases.js";

const [kind, bytes] = process.argv.slice(2);
const result = runCase(kind as ModelCase, Number(bytes));
console.log(JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS }));
