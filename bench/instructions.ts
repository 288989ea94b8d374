/**
 * `npm run bench:instructions -- [--case same-switch-p2p] [build ...]`: instructions per TLP of a
 * saturated model case (or of one link direction alone, `--case hop`; or per event of the engine
 * alone, `--case twin`, the bench's twin model between 10 and 50 us), counted under Valgrind (Debian's `valgrind`, cachegrind without cache
 * simulation) instead of timed, so that two builds can be compared on a machine whose speed
 * drifts by 40 % and switches between two speeds 1.5x apart (docs/design.md, "Speed").
 *
 * A build is a compiled tree (a copy of `dist/`; default: this checkout's `dist/`). Each runs the
 * case twice in fresh processes, at two sizes (`SIZES`), with V8 on one thread (`--single-threaded`,
 * so compiling happens on the counted thread, in the same order every time) and in its predictable
 * mode with fixed seeds (`--predictable`, `--hash-seed`, `--random-seed`: the one-hop case then
 * counts the same to 0.1 %, where it drifted by 0.3-0.6 % without them); the difference of the
 * two counts over the difference in TLPs is the steady-state cost of one 256 B TLP, start-up
 * cancelling out. Both sizes are past V8's warm-up (the functions tiered up to optimized code):
 * counted from 16 MiB instead, the difference still held the warm-up and read 9-25 % high, by a
 * different share per case (docs/design.md, "Counting instructions instead of timing"). The same
 * build counted twice agrees to within 0.5 % side by side (a model case; about 1 % across runs hours
 * apart), so trust a change of 1 % or more. Instructions are not time (a cache miss costs more than an add),
 * so confirm a large gain in wall time with alternating runs of `node dist/bench/case.js model`.
 * Two builds run side by side, one per core; a model case takes 1-5 minutes under Valgrind.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MiB } from "../src/sim/units.js";
import type { ModelCase } from "./cases.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/**
 * The bench's model cases; `hop`: one link direction alone (bench/hop.ts), as many TLPs as the bytes
 * make; `twin`: the engine alone, the bench's twin model (bench/twin.ts), counted per event.
 */
type Case = ModelCase | "hop" | "twin";
const CASES: Case[] = ["same-switch-p2p", "host-bridge-p2p", "bounce", "hop", "twin"];
const TLP_BYTES = 256;
/**
 * Bytes moved in the two counted runs of each case, both past warm-up: the difference between the
 * smaller and a size four times larger changed by under 1 % (same-switch 5620 and 5557 instructions
 * per TLP from 144 to 512 and from 512 to 1024 MiB). One link direction alone does a tenth of a
 * model case's work per TLP, so it needs ten times the TLPs to warm up.
 */
const SIZES: Record<ModelCase | "hop", [number, number]> = {
  "same-switch-p2p": [144 * MiB, 512 * MiB],
  "host-bridge-p2p": [144 * MiB, 512 * MiB],
  bounce: [144 * MiB, 512 * MiB],
  hop: [576 * MiB, 1728 * MiB],
};
/** The twin as the bench runs it (64 tokens, 16 servers), for 10 and 50 us of simulated time. */
const TWIN = { tokens: 64, servers: 16, smallPs: 10_000_000, largePs: 50_000_000 };

/**
 * Instructions the whole process retires running `modelCase` of `bytes` (the twin: for `bytes` ps)
 * from `build` once, cold, and the events the run reports.
 */
async function count(build: string, modelCase: Case, bytes: number): Promise<{ instructions: number; events: number }> {
  const measurement =
    modelCase === "hop" ? ["hop", String(bytes / TLP_BYTES)]
    : modelCase === "twin" ? ["twin", String(TWIN.tokens), String(TWIN.servers), String(bytes)]
    : ["model", modelCase, String(bytes)];
  const args = ["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", process.execPath, "--single-threaded", "--predictable", "--hash-seed=1", "--random-seed=1", join(build, "bench/case.js"), ...measurement, "0"];
  const { stdout, stderr } = await run("valgrind", args, { maxBuffer: 1 << 24 });
  const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (refs === null) throw new Error(`valgrind printed no instruction count for ${build}:\n${stderr}`);
  return { instructions: Number(refs[1]!.replaceAll(",", "")), events: (JSON.parse(stdout) as { events: number }).events };
}

/** Steady-state instructions per 256 B TLP (per event for the twin): the difference of two counts over the difference in units. */
async function perUnit(build: string, modelCase: Case): Promise<number> {
  if (modelCase === "twin") {
    const small = await count(build, modelCase, TWIN.smallPs);
    const large = await count(build, modelCase, TWIN.largePs);
    return (large.instructions - small.instructions) / (large.events - small.events);
  }
  const [smallBytes, largeBytes] = SIZES[modelCase];
  const small = await count(build, modelCase, smallBytes);
  const large = await count(build, modelCase, largeBytes);
  return (large.instructions - small.instructions) / ((largeBytes - smallBytes) / TLP_BYTES);
}

const argv = process.argv.slice(2);
let modelCase: Case = "same-switch-p2p";
const caseAt = argv.indexOf("--case");
if (caseAt >= 0) {
  const named = argv.splice(caseAt, 2)[1] as Case;
  if (!CASES.includes(named)) throw new Error(`--case: one of ${CASES.join(", ")}`);
  modelCase = named;
}
const builds = (argv.length > 0 ? argv : [join(ROOT, "dist")]).map((b) => resolve(b));
for (const build of builds) {
  if (!existsSync(join(build, "bench/case.js"))) throw new Error(`${build}: not a compiled tree (no bench/case.js); copy dist/ after npm run build`);
}
try {
  await run("valgrind", ["--version"]);
} catch {
  throw new Error("valgrind is not installed (Debian: apt-get install valgrind)");
}
console.log(
  modelCase === "twin"
    ? `twin: instructions per event, steady state (counts at ${TWIN.smallPs / 1e6} and ${TWIN.largePs / 1e6} us of simulated time)`
    : `${modelCase}: instructions per ${TLP_BYTES} B TLP, steady state (counts at ${SIZES[modelCase][0] / MiB} and ${SIZES[modelCase][1] / MiB} MiB)`,
);
for (let i = 0; i < builds.length; i += 2) {
  const pair = builds.slice(i, i + 2);
  const counts = await Promise.all(pair.map((b) => perUnit(b, modelCase)));
  pair.forEach((b, j) => console.log(`${Math.round(counts[j]!)}  ${b}`));
}
