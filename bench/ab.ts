/**
 * Two builds of p2psim timed on one model case, in the same processes, taking turns:
 *
 *   node dist/bench/ab.js <buildA> <buildB> [case] [MiB] [rounds]
 *
 * where each build is a compiled `dist` folder copied somewhere inside the repo (so that its
 * imports find `node_modules`), e.g. `npm run build && cp -r dist .ab/before`, then the change,
 * `npm run build && cp -r dist .ab/after`. Case: same-switch-p2p (default), host-bridge-p2p or
 * bounce (bench/cases.ts), MiB moved per run (default 256); or twin, the engine alone (the SimPy
 * twin model of bench/twin.ts, 64 tokens, 16 servers, as `npm run bench` runs it; MiB ignored).
 * Rounds per process: default 6.
 *
 * Why: this machine runs a process at one of two speeds about 1.5x apart and drifts by 40 % over
 * minutes (docs/design.md, "Speed"), so two processes, one per build, can disagree by more than
 * the change being measured. In one process both builds see the same speed. Which one loads and
 * runs first can still favour either by a few per cent, so two processes run, one in each order,
 * and the estimate is the geometric mean of the two ratios. Resolution: the same build against a
 * copy of itself read 0.91-1.02 over five tries (256 MiB, 6 rounds), since which functions V8
 * inlines where can differ from process to process; trust differences above about 10 %, or repeat.
 *
 * Both builds share the process's V8 settings (src/sim/jit.ts sets one as the first build loads):
 * this compares code, not V8 flags; time a flag with separate processes (`bench/case.ts`).
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CaseResult, ModelCase } from "./cases.js";
import type { TwinResult } from "./twin.js";

type RunCase = (kind: ModelCase, bytes: number) => CaseResult;
type RunTwin = (tokens: number, servers: number, untilPs: number) => TwinResult;

const CASES: readonly string[] = ["same-switch-p2p", "host-bridge-p2p", "bounce", "twin"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** In a child: loads `first` then `second`, warms both, and alternates them; prints their times as JSON. */
async function child(first: string, second: string, kind: ModelCase | "twin", bytes: number, rounds: number): Promise<void> {
  const load = async (build: string): Promise<() => { events: number; wallMs: number }> => {
    if (kind === "twin") {
      const { runTwin } = (await import(pathToFileURL(resolve(build, "bench/twin.js")).href)) as { runTwin: RunTwin };
      return () => runTwin(64, 16, 50_000_000);
    }
    const { runCase } = (await import(pathToFileURL(resolve(build, "bench/cases.js")).href)) as { runCase: RunCase };
    return () => runCase(kind, bytes);
  };
  const runs = [await load(first), await load(second)];
  const events = runs.map((run) => run().events);
  const wallMs: number[][] = [[], []];
  for (let round = 0; round < rounds; round++) for (let i = 0; i < 2; i++) wallMs[i]!.push(runs[i]!().wallMs);
  console.log(JSON.stringify({ events, wallMs }));
}

function compare(buildA: string, buildB: string, kind: ModelCase | "twin", mib: number, rounds: number): void {
  const self = new URL(import.meta.url).pathname;
  const order = (first: string, second: string): { events: number[]; wallMs: number[][] } => {
    const run = spawnSync(process.execPath, [self, "--child", first, second, kind, String(mib), String(rounds)], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`bench/ab.js: the run of ${first} then ${second} failed:\n${run.stderr}`);
    return JSON.parse(run.stdout) as { events: number[]; wallMs: number[][] };
  };
  const ab = order(buildA, buildB);
  const ba = order(buildB, buildA);
  const aFirst = { a: median(ab.wallMs[0]!), b: median(ab.wallMs[1]!) };
  const bFirst = { a: median(ba.wallMs[1]!), b: median(ba.wallMs[0]!) };
  const ratio = Math.sqrt((aFirst.a / aFirst.b) * (bFirst.a / bFirst.b));
  console.log(`${kind}${kind === "twin" ? "" : `, ${mib} MiB`}, ${rounds} rounds per order; events A ${ab.events[0]}, B ${ab.events[1]}`);
  console.log(`A first: A ${aFirst.a.toFixed(0)} ms, B ${aFirst.b.toFixed(0)} ms (medians), A/B ${(aFirst.a / aFirst.b).toFixed(3)}`);
  console.log(`B first: A ${bFirst.a.toFixed(0)} ms, B ${bFirst.b.toFixed(0)} ms (medians), A/B ${(bFirst.a / bFirst.b).toFixed(3)}`);
  console.log(`A/B, order bias cancelled: ${ratio.toFixed(3)} (above 1: B is faster)`);
}

const args = process.argv.slice(2);
if (args[0] === "--child") {
  await child(args[1]!, args[2]!, args[3] as ModelCase | "twin", Number(args[4]) * 1024 * 1024, Number(args[5]));
} else {
  const [buildA, buildB, kind = "same-switch-p2p", mib = "256", rounds = "6"] = args;
  if (buildA === undefined || buildB === undefined || !CASES.includes(kind) || !(Number(mib) > 0) || !(Number(rounds) >= 1)) {
    console.error("usage: node dist/bench/ab.js <buildA> <buildB> [same-switch-p2p|host-bridge-p2p|bounce|twin] [MiB] [rounds]");
    process.exit(2);
  }
  compare(buildA, buildB, kind as ModelCase | "twin", Number(mib), Number(rounds));
}
